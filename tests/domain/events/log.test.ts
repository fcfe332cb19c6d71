import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, type Database } from '../../../db/client.server';
import { events, votes } from '../../../db/schema';
import {
  appendEvent,
  eventsAfter,
  eventsForIdea,
  logHorizon,
  readLog,
} from '#app/domain/events/log.server';
import { pgErrorCode } from '#app/domain/core/pg-errors.server';
import { castVote } from '#app/domain/votes/commands.server';
import { comparePosition, formatPosition, type Position } from '#app/live/protocol';
import { createTestDatabase, useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { canOppose } from '../../support/reputation';
import { eventsSince, lastEventId, snapshot } from '../../support/assertions';

const db = useTestDatabase();

/** The log positions of events, by id. */
async function positionsOf(ids: number[]): Promise<Map<number, Position>> {
  const rows = await db()
    .select({ id: events.id, txid: events.txid })
    .from(events)
    .where(inArray(events.id, ids));
  return new Map(rows.map((r) => [r.id, formatPosition(r)]));
}

async function openIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  return { challenge, idea: await makeIdea(db(), author, challenge.id) };
}

describe('appendEvent', () => {
  it('appends rows with increasing ids, an empty payload by default and the given time', async () => {
    const user = await makeUser(db());
    const at = new Date('2026-03-01T10:00:00Z');
    const first = await appendEvent(db(), { type: 'user.joined', actorId: user.id, at });
    const second = await appendEvent(db(), {
      type: 'user.joined',
      actorId: user.id,
      payload: { note: 'again' },
      at,
    });
    expect(second).toBeGreaterThan(first);
    const rows = await eventsSince(db(), first - 1);
    expect(rows.map((r) => [r.id, r.type, r.payload, r.createdAt])).toEqual([
      [first, 'user.joined', {}, at],
      [second, 'user.joined', { note: 'again' }, at],
    ]);
  });

  it('disappears with the transaction it was written in when that transaction fails', async () => {
    const before = await lastEventId(db());
    await expect(
      db().transaction(async (tx) => {
        await appendEvent(tx, { type: 'user.joined', actorId: null, at: new Date() });
        throw new Error('something later failed');
      }),
    ).rejects.toThrow('something later failed');
    expect(await eventsSince(db(), before)).toEqual([]);
  });

  it('rolls back together with the change it describes when a caller’s transaction fails', async () => {
    const { idea } = await openIdea();
    const voter = await makeUser(db());
    const before = await snapshot(db());
    await expect(
      db().transaction(async (tx) => {
        await castVote(tx, { actor: voter, ideaId: idea.id, value: 1 });
        throw new Error('caller gave up');
      }),
    ).rejects.toThrow('caller gave up');
    expect(await snapshot(db())).toEqual(before);
    expect(await db().select().from(votes).where(eq(votes.ideaId, idea.id))).toEqual([]);
  });
});

describe('logHorizon', () => {
  it('comes after every committed event and before every later one', async () => {
    const user = await makeUser(db());
    const before = await appendEvent(db(), {
      type: 'user.joined',
      actorId: user.id,
      at: new Date(),
    });
    const horizon = await logHorizon(db());
    const later = await db().transaction((tx) =>
      appendEvent(tx, { type: 'user.joined', actorId: user.id, at: new Date() }),
    );
    const positions = await positionsOf([before, later]);
    expect(comparePosition(positions.get(before)!, horizon)).toBeLessThan(0);
    expect(comparePosition(positions.get(later)!, horizon)).toBeGreaterThan(0);
    expect((await eventsAfter(db(), horizon)).map((e) => e.id)).toEqual([later]);
  });
});

describe('readLog', () => {
  it('reads in (transaction, id) order, and a transaction’s events together in id order', async () => {
    const user = await makeUser(db());
    const horizon = await logHorizon(db());
    const ids = await db().transaction(async (tx) => {
      const first = await appendEvent(tx, {
        type: 'user.joined',
        actorId: user.id,
        at: new Date(),
      });
      const second = await appendEvent(tx, {
        type: 'user.joined',
        actorId: user.id,
        at: new Date(),
      });
      return [first, second];
    });
    const read = await readLog(db(), horizon);
    expect(read.events.map((e) => e.id)).toEqual(ids);
    expect(new Set(read.events.map((e) => e.txid)).size).toBe(1);
    expect(read.waiting).toBe(false);
    // Nothing is final beyond the horizon it gives, so a reader may move its cursor there.
    expect(comparePosition(read.horizon, formatPosition(read.events[1]!))).toBeGreaterThan(0);
    expect((await readLog(db(), read.horizon)).events).toEqual([]);
  });
});

describe('concurrent appends', () => {
  it('give every event its own id, and every one is kept', async () => {
    const user = await makeUser(db());
    const before = await lastEventId(db());
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().transaction((tx) =>
          appendEvent(tx, {
            type: 'user.joined',
            actorId: user.id,
            payload: { i },
            at: new Date(),
          }),
        ),
      ),
    );
    expect(new Set(ids).size).toBe(20);
    const written = await eventsSince(db(), before);
    expect(written.map((e) => e.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe('eventsForIdea', () => {
  it('returns the events of one idea after a given id, oldest first, for catching up after a reconnect', async () => {
    const { idea } = await openIdea();
    const other = await openIdea();
    const voters = await Promise.all([makeUser(db()), makeUser(db()), makeUser(db())]);
    await castVote(db(), { actor: voters[0]!, ideaId: idea.id, value: 1 });
    await castVote(db(), { actor: voters[0]!, ideaId: other.idea.id, value: 1 });
    const all = await eventsForIdea(db(), idea.id);
    expect(all.map((e) => e.type)).toEqual(['idea.created', 'vote.cast']);
    const seen = formatPosition(all.at(-1)!);
    await canOppose(db(), voters[1]!.id);
    await castVote(db(), { actor: voters[1]!, ideaId: idea.id, value: -1 });
    await castVote(db(), { actor: voters[2]!, ideaId: idea.id, value: 1 });
    await castVote(db(), { actor: voters[0]!, ideaId: idea.id, value: 0 });
    const missed = await eventsForIdea(db(), idea.id, seen);
    expect(missed.map((e) => [e.type, e.actorId])).toEqual([
      ['vote.cast', voters[1]!.id],
      ['vote.cast', voters[2]!.id],
      ['vote.withdrawn', voters[0]!.id],
    ]);
    expect(
      missed.every((e) => e.ideaId === idea.id && comparePosition(formatPosition(e), seen) > 0),
    ).toBe(true);
  });
});

describe('eventsAfter', () => {
  it('returns every event after a position, in log order, up to a limit', async () => {
    const start = await logHorizon(db());
    const user = await makeUser(db());
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await appendEvent(db(), {
          type: 'user.joined',
          actorId: user.id,
          payload: { i },
          at: new Date(),
        }),
      );
    expect((await eventsAfter(db(), start)).map((e) => e.id)).toEqual(ids);
    expect((await eventsAfter(db(), start, 2)).map((e) => e.id)).toEqual(ids.slice(0, 2));
    const positions = await positionsOf(ids);
    expect((await eventsAfter(db(), positions.get(ids[2]!))).map((e) => e.id)).toEqual(
      ids.slice(3),
    );
    expect(await eventsAfter(db(), positions.get(ids[4]!))).toEqual([]);
  });
});

describe('the event log is append-only', () => {
  /** The database's own message for a refused statement (drizzle wraps it as the error's cause). */
  async function refusal(statement: Promise<unknown>): Promise<string> {
    const error = await statement.then(
      () => {
        throw new Error('Expected the database to refuse this statement');
      },
      (e: unknown) => e,
    );
    const messages: string[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
      messages.push(String((e as Error).message));
    expect(pgErrorCode(error), messages.join(' | ')).toBe('P0001');
    return messages.join(' | ');
  }

  async function someEvent() {
    const user = await makeUser(db());
    return appendEvent(db(), {
      type: 'user.joined',
      actorId: user.id,
      payload: { original: true },
      at: new Date(),
    });
  }

  it('refuses a raw UPDATE', async () => {
    const id = await someEvent();
    const before = await snapshot(db());
    expect(
      await refusal(db().execute(sql`update events set type = 'vote.cast' where id = ${id}`)),
    ).toMatch(/events is append-only: UPDATE/);
    expect(
      await refusal(
        db()
          .update(events)
          .set({ payload: { original: false } })
          .where(eq(events.id, id)),
      ),
    ).toMatch(/append-only/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a raw DELETE', async () => {
    const id = await someEvent();
    const before = await snapshot(db());
    expect(await refusal(db().execute(sql`delete from events where id = ${id}`))).toMatch(
      /events is append-only: DELETE/,
    );
    expect(await refusal(db().delete(events))).toMatch(/append-only/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses TRUNCATE', async () => {
    await someEvent();
    const before = await snapshot(db());
    expect(await refusal(db().execute(sql`truncate events cascade`))).toMatch(
      /events is append-only: TRUNCATE/,
    );
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('waking the log’s readers', () => {
  let database: Database & { name: string };
  const wakes: string[] = [];
  let stop: () => Promise<void>;
  beforeAll(async () => {
    database = await createTestDatabase();
    stop = await database.listen(EVENTS_CHANNEL, (payload) => wakes.push(payload));
  });
  afterAll(async () => {
    await stop?.();
    await database?.close();
  });
  const append = (tx: Database['db']) =>
    appendEvent(tx, { type: 'user.joined', actorId: null, at: new Date() });

  it('wakes them once a transaction that appended events has committed, not before', async () => {
    wakes.length = 0;
    await database.db.transaction(async (tx) => {
      await append(tx);
      await append(tx);
      // A savepoint is part of the outer transaction: only the outer commit counts.
      await tx.transaction(async (inner) => append(inner));
      expect(wakes).toEqual([]);
    });
    expect(wakes).toHaveLength(1);
  });

  it('wakes nobody for a transaction that rolls back or appends nothing', async () => {
    wakes.length = 0;
    await expect(
      database.db.transaction(async (tx) => {
        await append(tx);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await database.db.transaction(async (tx) => tx.execute(sql`select 1`));
    expect(wakes).toEqual([]);
  });

  it('wakes them after an event appended outside a transaction', async () => {
    wakes.length = 0;
    await append(database.db);
    expect(wakes).toHaveLength(1);
  });
});
