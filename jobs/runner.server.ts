// Background jobs kept in the `jobs` table (docs/decisions/008-jobs-and-consumers.md). A runner
// claims one due job at a time under a lease, runs its handler and marks it done; a throw is
// retried with back-off and, out of attempts, parked as failed with its error. Woken by NOTIFY on
// enqueue, with polling as the fallback, so a lost notification only delays a job.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Db } from '../db/client.server';
import { jobs, type Job } from '../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { retryDelayMs, type Backoff } from './backoff';

export const JOBS_CHANNEL = 'cocrea_jobs';

export type JobContext = { db: Db; clock: Clock; job: Job };

export type JobDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> = {
  name: string;
  /** The payload is checked against this before the handler runs; a payload that fails is parked. */
  schema: S;
  handle(payload: z.infer<S>, context: JobContext): Promise<void>;
  /** Attempts before the job is parked as failed (default 5). */
  maxAttempts?: number;
  /**
   * Makes the job recurring: the runner keeps one pending copy (dedupe key `every:<name>`), and
   * each run, whether done or parked, schedules the next this many milliseconds later.
   */
  everyMs?: number;
};

/** Keeps the payload type of each definition (an identity function for inference). */
export function defineJob<S extends z.ZodTypeAny>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export type NewJob = {
  name: string;
  payload?: unknown;
  runAt?: Date;
  /** While a job with this key is pending or running, enqueueing another with it does nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
};

/**
 * Adds a job; pass a transaction to have it exist only if the caller's work commits. Returns its
 * id, or null when a live job already holds the dedupe key. The NOTIFY is sent at commit.
 */
export async function enqueue(
  db: Db,
  job: NewJob,
  clock: Clock = systemClock,
): Promise<number | null> {
  const [row] = await db
    .insert(jobs)
    .values({
      name: job.name,
      payload: job.payload ?? {},
      runAt: job.runAt ?? clock.now(),
      dedupeKey: job.dedupeKey ?? null,
      maxAttempts: job.maxAttempts ?? 5,
    })
    // The only unique index that can conflict is the dedupe key of live jobs.
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  if (!row) return null;
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${job.name})`);
  return row.id;
}

export type JobRunnerOptions = {
  db: Db;
  definitions: readonly JobDefinition[];
  /** LISTEN for enqueues (Database.listen); without it the runner only polls. */
  listen?: Database['listen'];
  clock?: Clock;
  /** Written to locked_by; unique per runner by default. */
  id?: string;
  /** The fallback poll (default 5 s). */
  pollMs?: number;
  /** How long a claimed job belongs to this runner before another may take it (default 5 min). */
  leaseMs?: number;
  backoff?: Backoff;
  log?: Pick<Console, 'error' | 'warn'>;
};

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export class JobRunner {
  readonly id: string;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoff: Backoff;
  private readonly log: Pick<Console, 'error' | 'warn'>;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly options: JobRunnerOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.id = options.id ?? `runner-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.pollMs = options.pollMs ?? 5_000;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.backoff = options.backoff ?? { baseMs: 5_000, maxMs: 60 * 60_000 };
    this.log = options.log ?? console;
    for (const definition of options.definitions) {
      if (this.definitions.has(definition.name))
        throw new Error(`Job "${definition.name}" is defined twice.`);
      this.definitions.set(definition.name, definition);
    }
  }

  async start() {
    await this.scheduleRecurring();
    if (this.options.listen)
      this.stopListening = await this.options.listen(JOBS_CHANNEL, () => void this.poke());
    this.timer = setInterval(() => void this.poke(), this.pollMs);
    this.timer.unref();
    void this.poke();
  }

  /** Stops claiming; the job in hand finishes, waited for at most `timeoutMs`. */
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

  /**
   * Runs due jobs until none is left; calls arriving meanwhile fold into one more pass. Resolves
   * with the number of jobs this pass handled (tests call it directly instead of waiting).
   */
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
          while (!this.stopped && (await this.runOne())) handled++;
        } while (this.again && !this.stopped);
      } catch (error) {
        this.log.error('jobs: claiming a job failed; will retry', error);
      } finally {
        this.running = null;
      }
      return handled;
    })();
    return this.running;
  }

  /** Keeps one pending copy of each recurring job; the dedupe key makes this safe to repeat. */
  private async scheduleRecurring() {
    for (const definition of this.definitions.values()) {
      if (definition.everyMs === undefined) continue;
      await enqueue(
        this.db,
        { name: definition.name, dedupeKey: `every:${definition.name}` },
        this.clock,
      );
    }
  }

  /** Claims and runs one due job; false when there was none. */
  private async runOne(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    const definition = this.definitions.get(job.name)!;
    if (job.attempts > job.maxAttempts) {
      // Only an expired lease gets here: the job keeps taking its process down, so stop retrying.
      await this.finish(job, definition, 'failed', 'Its lease ran out on every attempt.');
      return true;
    }
    const parsed = definition.schema.safeParse(job.payload);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
        .join('; ');
      await this.finish(job, definition, 'failed', `Invalid payload: ${problems}`);
      return true;
    }
    try {
      await definition.handle(parsed.data, { db: this.db, clock: this.clock, job });
    } catch (error) {
      this.log.error(`jobs: ${job.name} #${job.id} failed (attempt ${job.attempts})`, error);
      if (job.attempts >= job.maxAttempts) {
        await this.finish(job, definition, 'failed', describe(error));
      } else {
        await this.retryLater(job, describe(error));
      }
      return true;
    }
    await this.finish(job, definition, 'done', null);
    return true;
  }

  /**
   * One statement, so one short transaction: the oldest due job (or one whose lease ran out) that
   * no one else is claiming right now, marked running under this runner's lease.
   */
  private async claim(): Promise<Job | null> {
    const now = this.clock.now();
    const due = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.name, [...this.definitions.keys()]),
          or(
            and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
            and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)),
          ),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [job] = await this.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: this.id,
        lockedUntil: new Date(now.getTime() + this.leaseMs),
      })
      .where(eq(jobs.id, sql`(${due})`))
      .returning();
    return job ?? null;
  }

  private async retryLater(job: Job, error: string) {
    const runAt = new Date(this.clock.now().getTime() + retryDelayMs(job.attempts, this.backoff));
    await this.db
      .update(jobs)
      .set({ status: 'pending', runAt, lastError: error, lockedBy: null, lockedUntil: null })
      .where(this.stillMine(job));
  }

  private async finish(
    job: Job,
    definition: JobDefinition,
    status: 'done' | 'failed',
    error: string | null,
  ) {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(jobs)
        .set({
          status,
          finishedAt: now,
          lockedBy: null,
          lockedUntil: null,
          ...(error === null ? {} : { lastError: error }),
        })
        .where(this.stillMine(job))
        .returning({ id: jobs.id });
      if (!row) {
        this.log.warn(`jobs: ${job.name} #${job.id} outlived its lease; another runner has it`);
        return;
      }
      if (definition.everyMs !== undefined && job.dedupeKey === `every:${definition.name}`) {
        await enqueue(
          tx,
          {
            name: definition.name,
            dedupeKey: job.dedupeKey,
            runAt: new Date(now.getTime() + definition.everyMs),
          },
          this.clock,
        );
      }
    });
  }

  /** A runner whose lease ran out must not overwrite the runner that took the job over. */
  private stillMine(job: Job) {
    return and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.lockedBy, this.id));
  }
}
