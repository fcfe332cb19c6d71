// The job runner: leases, retries with back-off, parking, dedupe keys, and one run per job.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { rowsOf, type Database } from '../../../db/client.server';
import { jobs } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { retryDelayMs } from '../../../jobs/backoff';
import { JobRunner, defineJob, enqueue } from '../../../jobs/runner.server';
import { createTestDatabase } from '../../support/database';
import { openAnotherProcess } from '../../support/processes';

let database: Database & { name: string };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const quiet = { error: () => {}, warn: () => {} };
const backoff = { baseMs: 1_000, maxMs: 60_000 };

async function jobRow(id: number | null) {
  const [row] = await database.db
    .select()
    .from(jobs)
    .where(eq(jobs.id, id ?? -1));
  return row!;
}

describe('retryDelayMs', () => {
  it('doubles with each attempt up to the maximum, half of it random', () => {
    expect(retryDelayMs(1, backoff, () => 0)).toBe(500);
    expect(retryDelayMs(1, backoff, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, backoff, () => 1)).toBe(4_000);
    expect(retryDelayMs(30, backoff, () => 1)).toBe(60_000);
  });
});

describe('jobs', () => {
  it('runs a job once and marks it done', async () => {
    const clock = testClock('2026-03-01T10:00:00Z');
    const seen: unknown[] = [];
    const greet = defineJob({
      name: 'test.greet',
      schema: z.object({ who: z.string() }),
      async handle(payload) {
        seen.push(payload);
      },
    });
    const runner = new JobRunner({ db: database.db, definitions: [greet], clock, log: quiet });
    const id = await enqueue(database.db, { name: 'test.greet', payload: { who: 'Ana' } }, clock);
    expect(await runner.poke()).toBe(1);
    expect(await runner.poke()).toBe(0);
    expect(seen).toEqual([{ who: 'Ana' }]);
    expect(await jobRow(id)).toMatchObject({
      status: 'done',
      attempts: 1,
      lockedBy: null,
      finishedAt: clock.now(),
    });
  });

  it('waits for runAt', async () => {
    const clock = testClock('2026-03-01T10:00:00Z');
    let runs = 0;
    const later = defineJob({
      name: 'test.later',
      schema: z.object({}),
      async handle() {
        runs++;
      },
    });
    const runner = new JobRunner({ db: database.db, definitions: [later], clock, log: quiet });
    await enqueue(
      database.db,
      { name: 'test.later', runAt: new Date('2026-03-01T11:00:00Z') },
      clock,
    );
    expect(await runner.poke()).toBe(0);
    clock.set('2026-03-01T11:00:00Z');
    expect(await runner.poke()).toBe(1);
    expect(runs).toBe(1);
  });

  it('retries a failing job with back-off, then parks it with its error, while others run', async () => {
    const clock = testClock('2026-03-02T10:00:00Z');
    let attempts = 0;
    const flaky = defineJob({
      name: 'test.flaky',
      schema: z.object({}),
      async handle() {
        attempts++;
        throw new Error(`The mail server said no (${attempts}).`);
      },
    });
    const fine: string[] = [];
    const steady = defineJob({
      name: 'test.steady',
      schema: z.object({ n: z.number() }),
      async handle({ n }) {
        fine.push(`steady ${n}`);
      },
    });
    const runner = new JobRunner({
      db: database.db,
      definitions: [flaky, steady],
      clock,
      backoff,
      log: quiet,
    });
    const id = await enqueue(database.db, { name: 'test.flaky', maxAttempts: 3 }, clock);
    await enqueue(database.db, { name: 'test.steady', payload: { n: 1 } }, clock);
    expect(await runner.poke()).toBe(2);

    // Attempt 1 failed: back in the queue, its error kept, due within the first back-off step.
    let row = await jobRow(id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'The mail server said no (1).',
      lockedBy: null,
    });
    const wait = row.runAt.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThanOrEqual(1_000);

    // Not due yet; another job still runs meanwhile.
    await enqueue(database.db, { name: 'test.steady', payload: { n: 2 } }, clock);
    expect(await runner.poke()).toBe(1);
    expect(attempts).toBe(1);

    clock.advance(1_000);
    expect(await runner.poke()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    const secondWait = row.runAt.getTime() - clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(1_000);
    expect(secondWait).toBeLessThanOrEqual(2_000);

    clock.advance(2_000);
    expect(await runner.poke()).toBe(1);
    expect(await jobRow(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'The mail server said no (3).',
      finishedAt: clock.now(),
    });

    // Parked for good: time passing does not run it again.
    clock.advance(24 * 60 * 60_000);
    expect(await runner.poke()).toBe(0);
    expect(attempts).toBe(3);
    expect(fine).toEqual(['steady 1', 'steady 2']);
  });

  it('parks a job whose payload fails its schema, without running it', async () => {
    const clock = testClock('2026-03-03T10:00:00Z');
    const handle = vi.fn(async () => {});
    const strict = defineJob({
      name: 'test.strict',
      schema: z.object({ challengeId: z.number().int().positive() }),
      handle,
    });
    const runner = new JobRunner({ db: database.db, definitions: [strict], clock, log: quiet });
    const id = await enqueue(
      database.db,
      { name: 'test.strict', payload: { challengeId: 'seven' } },
      clock,
    );
    expect(await runner.poke()).toBe(1);
    expect(handle).not.toHaveBeenCalled();
    const row = await jobRow(id);
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^Invalid payload: challengeId: Expected number/);
  });

  it('keeps one live job per dedupe key', async () => {
    const clock = testClock('2026-03-04T10:00:00Z');
    const handle = vi.fn(async () => {});
    const once = defineJob({ name: 'test.once', schema: z.object({}), handle });
    const first = await enqueue(database.db, { name: 'test.once', dedupeKey: 'once:1' }, clock);
    const second = await enqueue(database.db, { name: 'test.once', dedupeKey: 'once:1' }, clock);
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    const rows = await database.db.select().from(jobs).where(eq(jobs.dedupeKey, 'once:1'));
    expect(rows).toHaveLength(1);

    // Once it has run, the key is free again.
    const runner = new JobRunner({ db: database.db, definitions: [once], clock, log: quiet });
    await runner.poke();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(await enqueue(database.db, { name: 'test.once', dedupeKey: 'once:1' }, clock)).toEqual(
      expect.any(Number),
    );
  });

  it('enqueued in a transaction that rolls back, the job does not exist', async () => {
    const clock = testClock('2026-03-04T12:00:00Z');
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(tx, { name: 'test.rolled-back', dedupeKey: 'rolled-back' }, clock);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    const rows = await database.db.select().from(jobs).where(eq(jobs.name, 'test.rolled-back'));
    expect(rows).toEqual([]);
  });

  it('reclaims a job whose lease ran out (its process crashed) and runs it again', async () => {
    const clock = testClock('2026-03-05T10:00:00Z');
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    const crashy = (runner: string) =>
      defineJob({
        name: 'test.crashy',
        schema: z.object({}),
        async handle() {
          runs.push(runner);
          if (runner === 'a') await stuck; // "a" hangs, as if its process had died mid-job
        },
      });
    const a = new JobRunner({
      db: database.db,
      definitions: [crashy('a')],
      clock,
      leaseMs: 60_000,
      id: 'a',
      log: quiet,
    });
    const b = new JobRunner({
      db: database.db,
      definitions: [crashy('b')],
      clock,
      leaseMs: 60_000,
      id: 'b',
      log: quiet,
    });
    const id = await enqueue(database.db, { name: 'test.crashy' }, clock);
    const aDone = a.poke();
    await vi.waitFor(async () => expect((await jobRow(id)).lockedBy).toBe('a'));

    // While the lease holds, no one else takes it.
    expect(await b.poke()).toBe(0);

    clock.advance(60_001);
    expect(await b.poke()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });

    // The old runner coming back to life does not undo the work of the one that took over.
    release();
    await aDone;
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(runs).toEqual(['a', 'b']);
  });

  it('keeps a recurring job scheduled, once however many runners start', async () => {
    const clock = testClock('2026-03-06T10:00:00Z');
    let runs = 0;
    const tick = defineJob({
      name: 'test.tick',
      schema: z.object({}),
      everyMs: 60_000,
      async handle() {
        runs++;
      },
    });
    const make = () =>
      new JobRunner({ db: database.db, definitions: [tick], clock, pollMs: 3_600_000, log: quiet });
    const [one, two] = [make(), make()];
    await one.start();
    await two.start();
    await one.poke();
    await two.poke();
    expect(runs).toBe(1);
    clock.advance(60_000);
    await two.poke();
    await one.poke();
    expect(runs).toBe(2);
    const live = await database.db
      .select()
      .from(jobs)
      .where(sql`${jobs.name} = 'test.tick' and ${jobs.status} = 'pending'`);
    expect(live).toHaveLength(1);
    await one.stop();
    await two.stop();
  });

  it('wakes on NOTIFY when a job is enqueued', async () => {
    const ran = vi.fn(async () => {});
    const wake = defineJob({ name: 'test.wake', schema: z.object({}), handle: ran });
    const runner = new JobRunner({
      db: database.db,
      definitions: [wake],
      listen: database.listen,
      pollMs: 3_600_000, // so only the notification can wake it
      log: quiet,
    });
    await runner.start();
    await enqueue(database.db, { name: 'test.wake' });
    await vi.waitFor(() => expect(ran).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    await runner.stop();
  });
});

describe('stopping', () => {
  it('finishes the job in hand, claims no more, and gives up waiting after the timeout', async () => {
    const clock = testClock('2026-03-07T10:00:00Z');
    let release!: () => void;
    const slow = defineJob({
      name: 'test.slow',
      schema: z.object({}),
      async handle() {
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const runner = new JobRunner({ db: database.db, definitions: [slow], clock, log: quiet });
    const first = await enqueue(database.db, { name: 'test.slow' }, clock);
    const second = await enqueue(database.db, { name: 'test.slow' }, clock);
    void runner.poke();
    await vi.waitFor(async () => expect((await jobRow(first)).status).toBe('running'));

    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false); // still waiting for the job in hand
    release();
    await stopping;
    expect(await jobRow(first)).toMatchObject({ status: 'done' });
    expect(await jobRow(second)).toMatchObject({ status: 'pending', attempts: 0 });

    // A job that never ends does not hold shutdown beyond the timeout.
    const stuck = new JobRunner({ db: database.db, definitions: [slow], clock, log: quiet });
    void stuck.poke();
    await vi.waitFor(async () => expect((await jobRow(second)).status).toBe('running'));
    await stuck.stop(50);
    release();
  });
});

describe('two processes', () => {
  it('race for 50 jobs and each job runs exactly once', async (context) => {
    const other = openAnotherProcess(database);
    if (!other) {
      console.info(
        'Skipped on PGlite: one process owns the database (set DATABASE_URL to run it).',
      );
      context.skip();
      return;
    }
    try {
      await database.db.execute(sql`create table job_runs (job_id bigint not null, runner text)`);
      const counted = (runner: string) =>
        defineJob({
          name: 'test.count',
          schema: z.object({}),
          async handle(_payload, { db, job }) {
            await db.execute(sql`insert into job_runs values (${job.id}, ${runner})`);
          },
        });
      for (let i = 0; i < 50; i++) await enqueue(database.db, { name: 'test.count' });
      const a = new JobRunner({ db: database.db, definitions: [counted('a')], log: quiet });
      const b = new JobRunner({ db: other.db, definitions: [counted('b')], log: quiet });
      const handled = await Promise.all([a.poke(), b.poke(), a.poke(), b.poke()]);
      expect(handled[0]! + handled[1]!).toBe(50);
      const result = await database.db.execute(
        sql`select count(*)::int as runs, count(distinct job_id)::int as jobs from job_runs`,
      );
      expect(rowsOf<{ runs: number; jobs: number }>(result)[0]).toEqual({
        runs: 50,
        jobs: 50,
      });
      const done = await database.db
        .select()
        .from(jobs)
        .where(sql`${jobs.name} = 'test.count' and ${jobs.status} = 'done'`);
      expect(done).toHaveLength(50);
    } finally {
      await other.close();
    }
  });
});
