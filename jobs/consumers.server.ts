// After-commit consumers of the event log (docs/decisions/008-jobs-and-consumers.md): derived views
// such as badges, analytics or search read the log behind a stored cursor, a position (last_txid,
// last_event_id) in the log (decision 013). Each batch runs in one transaction that holds the
// consumer's lock, handles the events and moves the cursor, so each event is handled exactly once
// per consumer, across processes and restarts.
import { eq, sql } from 'drizzle-orm';
import { LookAgain, readLog } from '#app/domain/events/log.server';
import { formatPosition } from '#app/domain/events/position';
import { EVENTS_CHANNEL, HORIZON_ONLY, rowsOf, type Database, type Db } from '../db/client.server';
import { wakeLogReadersAfterCommit } from '../db/commits.server';
import { consumerCursors, type Event } from '../db/schema';
import { retryDelayMs, type Backoff } from './backoff';

/** With a hash of the consumer's name, the key of the advisory lock of its batches. */
const CONSUMER_LOCK = 7_240_003;

export type Consumer = {
  /** The key of its cursor: renaming a consumer starts it again from the beginning of the log. */
  name: string;
  /** Runs inside the batch's transaction; a throw rolls the whole batch back. */
  handle(tx: Db, event: Event): Promise<void>;
  /**
   * Runs once after the batch's events, before its cursor moves, in the same transaction: where a
   * consumer writes what it gathered, so rows it updates stay locked only until the commit. It may
   * return a callback, run once the batch has committed (and never if it rolled back): where a
   * consumer tells others what the batch changed.
   */
  finish?(tx: Db): Promise<void | (() => void)>;
};

export type ConsumerRunnerOptions = {
  db: Db;
  consumers: readonly Consumer[];
  /** LISTEN for new events (Database.listen); without it the runner only polls. */
  listen?: Database['listen'];
  pollMs?: number;
  /**
   * How long a wake-up by new events waits before the consumers run (default 100 ms), so the
   * commits of that moment make one batch per consumer rather than one each: every batch costs
   * each consumer a transaction of about eight statements whatever it holds. `poke()` runs at once.
   */
  settleMs?: number;
  batchSize?: number;
  backoff?: Backoff;
  log?: Pick<Console, 'error'>;
};

/**
 * What one batch did: handled events, found nothing new, or found another process at work; and
 * whether events wait behind a transaction still running (see readLog).
 */
export type BatchResult = { handled: number; busy: boolean; waiting: boolean };

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export class ConsumerRunner {
  private readonly db: Db;
  private readonly consumers: Map<string, Consumer>;
  private readonly pollMs: number;
  private readonly settleMs: number;
  private settling: NodeJS.Timeout | null = null;
  private readonly batchSize: number;
  private readonly backoff: Backoff;
  private readonly log: Pick<Console, 'error'>;
  /** Per consumer: failures in a row and the earliest time to try again (in this process). */
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly lookAgain: LookAgain;
  /** The last pass found events waiting behind a running transaction. */
  private waiting = false;
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
    this.settleMs = options.settleMs ?? 100;
    this.batchSize = options.batchSize ?? 100;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 5 * 60_000 };
    this.log = options.log ?? console;
    this.lookAgain = new LookAgain(() => void this.poke(), Math.min(1000, this.pollMs));
  }

  async start() {
    // A new consumer starts at the beginning of the log, so a derived view covers all history.
    if (this.consumers.size) {
      await this.db
        .insert(consumerCursors)
        .values([...this.consumers.keys()].map((name) => ({ name })))
        .onConflictDoNothing();
    }
    // Every process NOTIFYs this channel after committing events (and wakes its own readers). A
    // commit that only held the log back (another batch) is no news here: a batch that found
    // events waiting behind a transaction looks again by itself (lookAgain).
    if (this.options.listen)
      this.stopListening = await this.options.listen(EVENTS_CHANNEL, (payload) => {
        if (payload !== HORIZON_ONLY) this.settle();
      });
    this.timer = setInterval(() => void this.poke(), this.pollMs);
    this.timer.unref();
    void this.poke();
  }

  /** Stops taking batches; the batch in hand finishes, waited for at most `timeoutMs`. */
  async stop(timeoutMs = 10_000) {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.settling) clearTimeout(this.settling);
    this.lookAgain.stop();
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

  /** Pokes after `settleMs`, once for every wake-up meanwhile. */
  private settle() {
    if (this.settling || this.stopped) return;
    this.settling = setTimeout(() => {
      this.settling = null;
      void this.poke();
    }, this.settleMs);
    this.settling.unref();
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
          this.waiting = false;
          for (const consumer of this.consumers.values()) {
            handled += await this.catchUp(consumer);
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
        // Events held behind a running transaction are released when it ends, and nothing wakes
        // the runner if it appended no event: look again soon by itself.
        if (!this.stopped) this.lookAgain.after(this.waiting, handled > 0);
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
      if (result.waiting) this.waiting = true;
      if (result.busy || result.handled < this.batchSize) return handled;
    }
    return handled;
  }

  /**
   * One batch in one transaction, under the consumer's advisory lock, tried without waiting: if
   * another process holds it, that process is already catching this consumer up, and this one
   * leaves it alone. A lock on the cursor row would do the same but give the transaction an id at
   * once, and readers of the log wait for every transaction with an id (decision 013): this one
   * takes an id only when its handlers or its cursor write, so a batch that finds nothing new
   * holds no one up.
   */
  async runBatch(consumer: Consumer): Promise<BatchResult> {
    let committed: (() => void) | undefined;
    const result = await this.db.transaction(async (tx): Promise<BatchResult> => {
      const [lock] = rowsOf<{ held: boolean }>(
        await tx.execute(
          sql`select pg_try_advisory_xact_lock(${CONSUMER_LOCK}, hashtext(${consumer.name})) as held`,
        ),
      );
      if (!lock?.held) return { handled: 0, busy: true, waiting: false };
      const [cursor] = await tx
        .select({ txid: consumerCursors.lastTxid, id: consumerCursors.lastEventId })
        .from(consumerCursors)
        .where(eq(consumerCursors.name, consumer.name));
      if (!cursor) return { handled: 0, busy: true, waiting: false };
      const { events: batch, waiting } = await readLog(tx, formatPosition(cursor), this.batchSize);
      if (!batch.length) return { handled: 0, busy: false, waiting };
      // Readers of the log (the live pump) wait for this transaction once it writes: tell them
      // when it has ended.
      wakeLogReadersAfterCommit(tx, 'horizon');
      for (const event of batch) await consumer.handle(tx, event);
      committed = (await consumer.finish?.(tx)) ?? undefined;
      const last = batch[batch.length - 1]!;
      await tx
        .update(consumerCursors)
        .set({
          lastTxid: last.txid,
          lastEventId: last.id,
          lastError: null,
          updatedAt: sql`now()`,
        })
        .where(eq(consumerCursors.name, consumer.name));
      return { handled: batch.length, busy: false, waiting };
    });
    if (committed) {
      try {
        committed();
      } catch (error) {
        this.log.error(`consumers: ${consumer.name}'s after-commit callback failed`, error);
      }
    }
    return result;
  }
}
