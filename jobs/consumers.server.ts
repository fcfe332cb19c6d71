// After-commit consumers of the event log (docs/decisions/008-jobs-and-consumers.md): derived views
// such as badges, analytics or search read the log behind a stored cursor. Each batch runs in one
// transaction that locks the consumer's cursor row, handles the events and moves the cursor, so
// each event is handled exactly once per consumer, across processes and restarts.
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.server';
import { consumerCursors, events, type Event } from '../db/schema';
import { retryDelayMs, type Backoff } from './backoff';

export type Consumer = {
  /** The key of its cursor: renaming a consumer starts it again from the beginning of the log. */
  name: string;
  /** Runs inside the batch's transaction; a throw rolls the whole batch back. */
  handle(tx: Db, event: Event): Promise<void>;
};

export type ConsumerRunnerOptions = {
  db: Db;
  consumers: readonly Consumer[];
  /** LISTEN for new events (Database.listen); without it the runner only polls. */
  listen?: Database['listen'];
  pollMs?: number;
  batchSize?: number;
  backoff?: Backoff;
  log?: Pick<Console, 'error'>;
};

/** What one batch did: handled events, found nothing new, or found another process at work. */
export type BatchResult = { handled: number; busy: boolean };

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export class ConsumerRunner {
  private readonly db: Db;
  private readonly consumers: Map<string, Consumer>;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly backoff: Backoff;
  private readonly log: Pick<Console, 'error'>;
  /** Per consumer: failures in a row and the earliest time to try again (in this process). */
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.db = options.db;
    this.consumers = new Map();
    for (const consumer of options.consumers) {
      if (this.consumers.has(consumer.name))
        throw new Error(`Consumer "${consumer.name}" is declared twice.`);
      this.consumers.set(consumer.name, consumer);
    }
    this.pollMs = options.pollMs ?? 5_000;
    this.batchSize = options.batchSize ?? 100;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 5 * 60_000 };
    this.log = options.log ?? console;
  }

  async start() {
    // A new consumer starts at the beginning of the log, so a derived view covers all history.
    if (this.consumers.size) {
      await this.db
        .insert(consumerCursors)
        .values([...this.consumers.keys()].map((name) => ({ name })))
        .onConflictDoNothing();
    }
    // The trigger of migration 0003 NOTIFYs this channel on every committed event.
    if (this.options.listen)
      this.stopListening = await this.options.listen('cocrea_events', () => void this.poke());
    this.timer = setInterval(() => void this.poke(), this.pollMs);
    this.timer.unref();
    void this.poke();
  }

  /** Stops taking batches; the batch in hand finishes, waited for at most `timeoutMs`. */
  async stop(timeoutMs = 10_000) {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.stopListening?.().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running?.catch(() => 0),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Catches every consumer up; resolves with the number of events handled (summed over consumers). */
  poke(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let handled = 0;
      try {
        do {
          this.again = false;
          for (const consumer of this.consumers.values()) {
            handled += await this.catchUp(consumer);
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      return handled;
    })();
    return this.running;
  }

  private async catchUp(consumer: Consumer): Promise<number> {
    const failure = this.failures.get(consumer.name);
    if (failure && Date.now() < failure.retryAt) return 0;
    let handled = 0;
    while (!this.stopped) {
      let result: BatchResult;
      try {
        result = await this.runBatch(consumer);
      } catch (error) {
        // A poison event stalls its consumer (with the error in consumer_cursors.last_error)
        // rather than being skipped: a derived view silently missing an event is worse.
        const count = (failure?.count ?? 0) + 1;
        this.failures.set(consumer.name, {
          count,
          retryAt: Date.now() + retryDelayMs(count, this.backoff),
        });
        this.log.error(`consumers: ${consumer.name} failed (${count} in a row); will retry`, error);
        await this.db
          .update(consumerCursors)
          .set({ lastError: describe(error), updatedAt: new Date() })
          .where(eq(consumerCursors.name, consumer.name))
          .catch(() => {});
        return handled;
      }
      this.failures.delete(consumer.name);
      handled += result.handled;
      if (result.busy || result.handled < this.batchSize) return handled;
    }
    return handled;
  }

  /**
   * One batch in one transaction. The cursor row is locked with SKIP LOCKED: if another process
   * holds it, that process is already catching this consumer up, and this one leaves it alone.
   */
  async runBatch(consumer: Consumer): Promise<BatchResult> {
    return this.db.transaction(async (tx) => {
      const [cursor] = await tx
        .select({ lastEventId: consumerCursors.lastEventId })
        .from(consumerCursors)
        .where(eq(consumerCursors.name, consumer.name))
        .for('update', { skipLocked: true });
      if (!cursor) return { handled: 0, busy: true };
      const batch = await tx
        .select()
        .from(events)
        .where(gt(events.id, cursor.lastEventId))
        .orderBy(asc(events.id))
        .limit(this.batchSize);
      if (!batch.length) return { handled: 0, busy: false };
      for (const event of batch) await consumer.handle(tx, event);
      await tx
        .update(consumerCursors)
        .set({ lastEventId: batch[batch.length - 1]!.id, lastError: null, updatedAt: sql`now()` })
        .where(eq(consumerCursors.name, consumer.name));
      return { handled: batch.length, busy: false };
    });
  }
}
