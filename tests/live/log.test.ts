// The event log behind the live layer: an event is written in the transaction of the change it
// describes (so a rolled-back change publishes nothing), committed changes reach subscribed clients
// with their counts, in log order, and the log itself cannot be rewritten.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, ideas } from '../../db/schema';
import { eventsAfter, logHorizon } from '#app/domain/events/log.server';
import { castVote } from '#app/domain/votes/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import type { LiveEvent } from '#app/live/protocol';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { makeOpposer } from '../support/reputation';
import { assertInLogOrder, roomEventIds, sleep, useLiveServer } from '../support/live';
import { pgErrorCode } from '#app/domain/core/pg-errors.server';

const live = useLiveServer();

async function openIdea() {
  const db = live().db;
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const challenge = await makeChallenge(db, owner, { stage: 'open' });
  const idea = await makeIdea(db, author, challenge.id);
  return { owner, author, challenge, idea };
}

describe('the event log and the live layer', () => {
  it('a change that rolls back after appending its event leaves no event and publishes nothing', async () => {
    const { db } = live();
    const { challenge, idea } = await openIdea();
    const voter = await makeUser(db);
    const before = await logHorizon(db);
    const client = await live().connect();
    await client.subscribeOk([
      { room: `idea:${idea.id}`, since: before },
      { room: `challenge:${challenge.id}`, since: before },
    ]);

    await expect(
      db.transaction(async (tx) => {
        const result = await castVote(tx, { actor: voter, ideaId: idea.id, value: 1 });
        expect(result.supportCount).toBe(1); // the vote and its event were written inside the transaction…
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');

    // …and are gone with it.
    expect(await eventsAfter(db, before)).toEqual([]);
    expect(
      await db
        .select()
        .from(events)
        .where(eq(events.ideaId, idea.id))
        .then((rows) => rows.map((r) => r.type)),
    ).toEqual(['idea.created']);
    const [row] = await db
      .select({ support: ideas.supportCount })
      .from(ideas)
      .where(eq(ideas.id, idea.id));
    expect(row!.support).toBe(0);
    await live().poke();
    await sleep(300);
    expect(client.messages).toEqual([]);
  });

  it('a committed vote reaches clients of the idea room and the challenge room once, with the new counts', async () => {
    const { db } = live();
    const { challenge, idea } = await openIdea();
    const [supporter, opponent] = [await makeUser(db), await makeOpposer(db)];
    const since = await logHorizon(db);
    const ideaClient = await live().connect();
    const challengeClient = await live().connect();
    const bothClient = await live().connect();
    await ideaClient.subscribeOk([{ room: `idea:${idea.id}`, since }]);
    await challengeClient.subscribeOk([{ room: `challenge:${challenge.id}`, since }]);
    await bothClient.subscribeOk([
      { room: `idea:${idea.id}`, since },
      { room: `challenge:${challenge.id}`, since },
    ]);

    await castVote(db, { actor: supporter, ideaId: idea.id, value: 1 });
    await castVote(db, { actor: opponent, ideaId: idea.id, value: -1 });
    // No poke: each commit wakes the pump.
    for (const client of [ideaClient, challengeClient, bothClient]) {
      const received = (await client.waitForMessages(2, 3000)) as LiveEvent[];
      expect(
        received.map((m) => ({
          type: m.type,
          ideaId: m.ideaId,
          challengeId: m.challengeId,
          data: m.data,
        })),
      ).toEqual([
        {
          type: 'vote.cast',
          ideaId: idea.id,
          challengeId: challenge.id,
          data: { from: 0, to: 1, supportCount: 1, opposeCount: 0 },
        },
        {
          type: 'vote.cast',
          ideaId: idea.id,
          challengeId: challenge.id,
          data: { from: 0, to: -1, supportCount: 1, opposeCount: 1 },
        },
      ]);
    }
    // The ids are the log's ids.
    const logged = await roomEventIds(db, `idea:${idea.id}`, since);
    expect(ideaClient.ids()).toEqual(logged);
    // A client in both rooms gets each event once.
    await live().poke();
    await sleep(200);
    expect(bothClient.messages).toHaveLength(2);
    expect(challengeClient.messages).toHaveLength(2);
  });

  it('delivers events in log order, each exactly once, matching the log', async () => {
    const { db } = live();
    const { challenge, idea, author } = await openIdea();
    const voters = await Promise.all(Array.from({ length: 6 }, () => makeOpposer(db)));
    const since = await logHorizon(db);
    const client = await live().connect();
    await client.subscribeOk([
      { room: `challenge:${challenge.id}`, since },
      { room: `idea:${idea.id}`, since },
    ]);

    // Concurrent votes (each locks the idea row) interleaved with comments.
    await Promise.all([
      ...voters.map((v, i) => castVote(db, { actor: v, ideaId: idea.id, value: i % 2 ? 1 : -1 })),
      addComment(db, {
        actor: author,
        ideaId: idea.id,
        comment: { body: 'Thanks for the votes!', parentId: null },
      }),
      addComment(db, {
        actor: voters[0]!,
        ideaId: idea.id,
        comment: { body: 'Happy to help.', parentId: null },
      }),
    ]);
    for (const v of voters.slice(0, 3)) await castVote(db, { actor: v, ideaId: idea.id, value: 0 });

    const expected = await roomEventIds(db, `challenge:${challenge.id}`, since);
    expect(expected).toHaveLength(11);
    await client.waitForMessages(expected.length, 5000);
    await live().poke();
    await sleep(200);
    assertInLogOrder(client.positions());
    expect(client.ids()).toEqual(expected);
    // The last counts published agree with the idea row.
    const [row] = await db
      .select({
        support: ideas.supportCount,
        oppose: ideas.opposeCount,
        comments: ideas.commentCount,
      })
      .from(ideas)
      .where(eq(ideas.id, idea.id));
    // The newest counts are those of the highest event id (each vote held the idea's row lock).
    const lastVote = client
      .liveEvents()
      .filter((m) => m.type.startsWith('vote.'))
      .reduce((a, b) => (b.id > a.id ? b : a));
    expect({ support: lastVote.data.supportCount, oppose: lastVote.data.opposeCount }).toEqual({
      support: row!.support,
      oppose: row!.oppose,
    });
    const lastComment = client
      .liveEvents()
      .filter((m) => m.type === 'comment.created')
      .reduce((a, b) => (b.id > a.id ? b : a));
    expect(lastComment.data.commentCount).toBe(row!.comments);
  });

  it('the events table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { db } = live();
    const { idea } = await openIdea();
    const [event] = await db.select().from(events).where(eq(events.ideaId, idea.id));
    const refused = async (write: () => Promise<unknown>) => {
      const error = await write().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, 'the database must refuse this write').not.toBeNull();
      return {
        code: pgErrorCode(error),
        message: String((error as { cause?: unknown }).cause ?? error),
      };
    };
    const update = await refused(() =>
      db.update(events).set({ type: 'idea.updated' }).where(eq(events.id, event!.id)),
    );
    expect(update).toMatchObject({
      code: 'P0001',
      message: expect.stringMatching(/append-only: UPDATE/),
    });
    const remove = await refused(() => db.delete(events).where(eq(events.id, event!.id)));
    expect(remove).toMatchObject({
      code: 'P0001',
      message: expect.stringMatching(/append-only: DELETE/),
    });
    const truncate = await refused(() => db.execute(sql`truncate events cascade`));
    expect(truncate).toMatchObject({
      code: 'P0001',
      message: expect.stringMatching(/append-only: TRUNCATE/),
    });
    const [after] = await db.select().from(events).where(eq(events.id, event!.id));
    expect(after).toEqual(event);
  });
});
