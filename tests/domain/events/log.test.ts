import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, votes } from '../../../db/schema';
import {
  appendEvent,
  eventsAfter,
  eventsForIdea,
  latestEventId,
} from '#app/domain/events/log.server';
import { pgErrorCode } from '#app/domain/core/pg-errors.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { eventsSince, lastEventId, snapshot } from '../../support/assertions';

const db = useTestDatabase();

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

describe('latestEventId', () => {
  it('gives the id of the newest event, from which live updates resume', async () => {
    const user = await makeUser(db());
    const id = await appendEvent(db(), { type: 'user.joined', actorId: user.id, at: new Date() });
    expect(await latestEventId(db())).toBe(id);
    expect(await latestEventId(db())).toBe(await lastEventId(db()));
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
    const seen = all.at(-1)!.id;
    await castVote(db(), { actor: voters[1]!, ideaId: idea.id, value: -1 });
    await castVote(db(), { actor: voters[2]!, ideaId: idea.id, value: 1 });
    await castVote(db(), { actor: voters[0]!, ideaId: idea.id, value: 0 });
    const missed = await eventsForIdea(db(), idea.id, seen);
    expect(missed.map((e) => [e.type, e.actorId])).toEqual([
      ['vote.cast', voters[1]!.id],
      ['vote.cast', voters[2]!.id],
      ['vote.withdrawn', voters[0]!.id],
    ]);
    expect(missed.every((e) => e.ideaId === idea.id && e.id > seen)).toBe(true);
    expect(missed.map((e) => e.id)).toEqual([...missed.map((e) => e.id)].sort((a, b) => a - b));
  });
});

describe('eventsAfter', () => {
  it('returns every event after an id, oldest first, up to a limit', async () => {
    const start = await lastEventId(db());
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
    expect((await eventsAfter(db(), ids[2]!)).map((e) => e.id)).toEqual(ids.slice(3));
    expect(await eventsAfter(db(), ids[4]!)).toEqual([]);
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
