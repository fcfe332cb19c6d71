// After-commit consumers: each event handled once per consumer, across runners and restarts.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EVENTS_CHANNEL,
  HORIZON_ONLY,
  rowsOf,
  type Database,
  type Db,
} from '../../../db/client.server';
import { consumerCursors, events, type Event } from '../../../db/schema';
import { appendEvent } from '#app/domain/events/log.server';
import { ConsumerRunner, type Consumer } from '../../../jobs/consumers.server';
import { createTestDatabase } from '../../support/database';
import { openAnotherProcess } from '../../support/processes';

let database: Database & { name: string };
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(
    sql`create table consumed (consumer text not null, event_id bigint not null, runner text)`,
  );
});
afterAll(async () => {
  await database?.close();
});

const quiet = { error: () => {} };

/** Appends `n` events as a command would (the test type is never published). */
async function appendTestEvents(n: number, payload: Record<string, unknown> = {}) {
  const rows = await database.db
    .insert(events)
    .values(Array.from({ length: n }, () => ({ type: 'test.happened', actorId: null, payload })))
    .returning({ id: events.id });
  return rows.map((r) => r.id);
}

/** A consumer that records what it handled in the `consumed` table, inside the batch's transaction. */
function recorder(name: string, runner: string, fail?: (event: Event) => boolean): Consumer {
  return {
    name,
    async handle(tx: Db, event: Event) {
      if (fail?.(event)) throw new Error(`Cannot digest event ${event.id}.`);
      await tx.execute(sql`insert into consumed values (${name}, ${event.id}, ${runner})`);
    },
  };
}

async function handledBy(consumer: string) {
  const result = await database.db.execute(
    sql`select event_id::int as id, count(*)::int as times from consumed where consumer = ${consumer} group by event_id order by event_id`,
  );
  return rowsOf<{ id: number; times: number }>(result);
}

async function txidOf(eventId: number) {
  const [row] = await database.db
    .select({ txid: events.txid })
    .from(events)
    .where(eq(events.id, eventId));
  return row!.txid;
}

async function cursorOf(name: string) {
  const [row] = await database.db
    .select()
    .from(consumerCursors)
    .where(eq(consumerCursors.name, name));
  return row!;
}

describe('consumers', () => {
  it('handles each event once across two runners and after a restart', async () => {
    const before = await appendTestEvents(12);
    // Two "processes" on PostgreSQL; two runners on one handle on PGlite.
    const other = openAnotherProcess(database);
    const make = (db: Db, runner: string) =>
      new ConsumerRunner({
        db,
        consumers: [recorder('digest', runner)],
        batchSize: 5,
        pollMs: 3_600_000,
        log: quiet,
      });
    const a = make(database.db, 'a');
    const b = make(other?.db ?? database.db, 'b');
    try {
      await Promise.all([a.start(), b.start()]);
      await Promise.all([a.poke(), b.poke(), a.poke(), b.poke()]);
      let handled = await handledBy('digest');
      expect(handled.map((r) => r.id)).toEqual(expect.arrayContaining(before));
      expect(handled.every((r) => r.times === 1)).toBe(true);
      await a.stop();
      await b.stop();

      // A restart: a new runner resumes after its cursor and handles only what is new.
      const after = await appendTestEvents(3);
      const restarted = make(database.db, 'c');
      await restarted.start();
      await restarted.poke();
      handled = await handledBy('digest');
      expect(handled.map((r) => r.id)).toEqual(expect.arrayContaining([...before, ...after]));
      expect(handled.every((r) => r.times === 1)).toBe(true);
      expect((await cursorOf('digest')).lastEventId).toBe(after[after.length - 1]);
      // The cursor is the last event's position: its transaction's id with its id.
      expect((await cursorOf('digest')).lastTxid).toBe(await txidOf(after[after.length - 1]!));
      await restarted.stop();
    } finally {
      await other?.close();
    }
  });

  it('rolls back a batch whose handler throws and keeps the cursor and the error', async () => {
    const ids = await appendTestEvents(4);
    const poison = ids[2]!;
    let broken = true;
    const runner = new ConsumerRunner({
      db: database.db,
      consumers: [recorder('fragile', 'a', (e) => broken && e.id === poison)],
      pollMs: 3_600_000,
      backoff: { baseMs: 20, maxMs: 40 },
      log: quiet,
    });
    await runner.start();
    await runner.poke();
    const stalled = await cursorOf('fragile');
    // Everything before the poison event was in the same batch, so none of it counts as handled.
    expect(stalled.lastEventId).toBeLessThan(ids[0]!);
    expect(stalled.lastError).toBe(`Cannot digest event ${poison}.`);
    expect((await handledBy('fragile')).map((r) => r.id)).not.toContain(ids[0]);

    // Fixed (a new release, say): the retry after the back-off handles everything, once.
    broken = false;
    await vi.waitFor(async () => {
      await runner.poke();
      expect((await cursorOf('fragile')).lastEventId).toBe(ids[3]);
    });
    expect((await cursorOf('fragile')).lastError).toBeNull();
    const handled = await handledBy('fragile');
    expect(handled.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    expect(handled.every((r) => r.times === 1)).toBe(true);
    await runner.stop();
  });

  it('runs a consumer’s finish once per batch, after its events and in its transaction', async () => {
    const ids = await appendTestEvents(3);
    let failFinish = true;
    const seen: number[][] = [];
    const gathering: Consumer = {
      name: 'gathering',
      async handle(tx, event) {
        await tx.execute(sql`insert into consumed values ('gathering', ${event.id}, 'a')`);
      },
      async finish(tx) {
        const rows = rowsOf<{ id: number }>(
          await tx.execute(
            sql`select event_id::int as id from consumed where consumer = 'gathering' order by event_id`,
          ),
        );
        seen.push(rows.map((r) => r.id));
        if (failFinish) throw new Error('Cannot write the summary.');
      },
    };
    const runner = new ConsumerRunner({
      db: database.db,
      consumers: [gathering],
      pollMs: 3_600_000,
      backoff: { baseMs: 20, maxMs: 40 },
      log: quiet,
    });
    await runner.start();
    await runner.poke();
    // finish saw the batch's own writes, and its failure undid them and kept the cursor.
    expect(seen[0]).toEqual(expect.arrayContaining(ids));
    expect((await cursorOf('gathering')).lastError).toBe('Cannot write the summary.');
    expect(await handledBy('gathering')).toEqual([]);

    failFinish = false;
    await vi.waitFor(async () => {
      await runner.poke();
      expect((await cursorOf('gathering')).lastEventId).toBe(ids[2]);
    });
    expect((await handledBy('gathering')).map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    await runner.stop();
  });

  it('is woken after each commit of events, with no poll: by its own process, and by another’s NOTIFY', async () => {
    const other = openAnotherProcess(database);
    const runner = new ConsumerRunner({
      db: database.db,
      consumers: [recorder('listener', 'a')],
      listen: database.listen,
      pollMs: 3_600_000, // so only a wake-up can move it
      log: quiet,
    });
    try {
      await runner.start();
      // Another process on PostgreSQL (its NOTIFY after commit); this one on PGlite.
      for (const writer of [other ?? database, database]) {
        const id = await writer.db.transaction((tx) =>
          appendEvent(tx, { type: 'user.joined', actorId: null, at: new Date() }),
        );
        await vi.waitFor(async () => expect((await cursorOf('listener')).lastEventId).toBe(id), {
          timeout: 5_000,
        });
      }
    } finally {
      await runner.stop();
      await other?.close();
    }
  });

  it('makes one batch of the commits of a moment, and is not woken again by its own batches', async () => {
    const batches: number[][] = [];
    let current: number[] = [];
    const counting: Consumer = {
      name: 'settling',
      async handle(_tx, event) {
        current.push(event.id);
      },
      async finish() {
        batches.push(current);
        current = [];
      },
    };
    // Only this test's events: the cursor starts past everything appended so far.
    const start = await appendTestEvents(1);
    await database.db
      .insert(consumerCursors)
      .values({ name: 'settling', lastTxid: await txidOf(start[0]!), lastEventId: start[0]! });
    const wakes: string[] = [];
    const stopHearing = await database.listen(EVENTS_CHANNEL, (payload) => wakes.push(payload));
    const runner = new ConsumerRunner({
      db: database.db,
      consumers: [counting],
      listen: database.listen,
      pollMs: 3_600_000,
      settleMs: 300,
      log: quiet,
    });
    try {
      const runBatch = vi.spyOn(runner, 'runBatch');
      await runner.start();
      await vi.waitFor(() => expect(runner['running']).toBeNull());
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          await database.db.transaction((tx) =>
            appendEvent(tx, { type: 'user.joined', actorId: null, at: new Date() }),
          ),
        );
      }
      await vi.waitFor(() => expect(batches.flat()).toEqual(ids), { timeout: 5_000 });
      // Five commits within the settling time: one batch.
      expect(batches).toEqual([ids]);
      // The batch's commit told the readers only that the log's horizon moved.
      await vi.waitFor(() => expect(wakes.at(-1)).toBe(HORIZON_ONLY));
      // …which starts no further pass.
      await vi.waitFor(() => expect(runner['running']).toBeNull());
      const passes = runBatch.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(runBatch.mock.calls.length).toBe(passes);
      expect(batches).toHaveLength(1);
    } finally {
      await runner.stop();
      await stopHearing();
    }
  });

  it('refuses a consumer declared twice', () => {
    expect(
      () =>
        new ConsumerRunner({
          db: database.db,
          consumers: [recorder('twice', 'a'), recorder('twice', 'a')],
        }),
    ).toThrow('Consumer "twice" is declared twice.');
  });
});
