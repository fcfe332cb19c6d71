// Catching up from a last seen position: a subscription with `since` replays exactly the room's
// missed events in order (or asks for a refetch past MAX_REPLAY), a reconnecting client loses
// nothing and sees nothing twice, and events committed during a replay follow it, once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { events, ideas as ideaRows } from '../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { logHorizon } from '#app/domain/events/log.server';
import { castVote } from '#app/domain/votes/commands.server';
import { type VoteValue } from '#app/domain/votes/schema';
import { MAX_REPLAY, comparePosition, formatPosition } from '#app/live/protocol';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { makeOpposer } from '../support/reputation';
import {
  assertInLogOrder,
  inLogOrder,
  lastLogPosition,
  roomEventIds,
  sleep,
  startLiveServer,
  useLiveServer,
  type LiveServer,
} from '../support/live';

const live = useLiveServer();

/**
 * Known bug (realtime/io.server.ts, 'subscribe'): the replay reads the log up to "now" and the held
 * live messages are filtered against the newest event, neither against what this process's pump has
 * published. An event committed before the pump publishes it is replayed and then published again
 * (a duplicate, out of order), and an event of a room joined earlier that the pump publishes during
 * another room's replay is dropped (lost). The assertions wrapped in `knownBug` show it
 * deterministically and must fail until then; set this to true once it is fixed.
 */
const REPLAY_RACE_FIXED = true;

/** Runs an assertion of the spec that the known bug breaks: until it is fixed, it must fail. */
function knownBug(check: () => void) {
  if (REPLAY_RACE_FIXED) return check();
  expect(
    check,
    'this now passes: the replay bug looks fixed, set REPLAY_RACE_FIXED = true',
  ).toThrow();
}

/** The ids in order of first arrival (what a client that ignores repeats would keep). */
const firstArrivals = (ids: number[]) => [...new Set(ids)];

async function openChallengeWithIdeas(n: number) {
  const db = live().db;
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const challenge = await makeChallenge(db, owner, {
    stage: 'open',
    maxIdeasPerUser: Math.max(3, n),
  });
  const ideas = [];
  for (let i = 0; i < n; i++) ideas.push(await makeIdea(db, author, challenge.id));
  return { owner, author, challenge, ideas };
}

/** Waits until nothing more arrives: the pump drained and a short quiet period passed. */
async function settle() {
  await live().poke();
  await sleep(250);
}

describe('replay from a last seen position', () => {
  it('subscribing with since = X replays exactly the room’s events after X, in order, and nothing of other rooms', async () => {
    const db = live().db;
    const first = await openChallengeWithIdeas(2);
    const second = await openChallengeWithIdeas(1);
    const [i1, i2] = first.ideas as [(typeof first.ideas)[number], (typeof first.ideas)[number]];
    const i3 = second.ideas[0]!;
    const voters = await Promise.all([makeUser(db), makeOpposer(db), makeUser(db)]);
    const x = await logHorizon(db);
    await castVote(db, { actor: voters[0]!, ideaId: i1.id, value: 1 });
    await castVote(db, { actor: voters[0]!, ideaId: i3.id, value: 1 });
    await addComment(db, {
      actor: voters[1]!,
      ideaId: i2.id,
      comment: { body: 'Nice one.', parentId: null },
    });
    await castVote(db, { actor: voters[1]!, ideaId: i1.id, value: -1 });
    await castVote(db, { actor: voters[2]!, ideaId: i2.id, value: 1 });
    await castVote(db, { actor: voters[0]!, ideaId: i1.id, value: 0 });
    await addComment(db, {
      actor: voters[2]!,
      ideaId: i1.id,
      comment: { body: 'Agreed.', parentId: null },
    });
    await castVote(db, { actor: voters[1]!, ideaId: i3.id, value: -1 });
    await settle();

    const ideaClient = await live().connect();
    const ideaReply = await ideaClient.subscribeOk([{ room: `idea:${i1.id}`, since: x }]);
    expect(ideaReply).toMatchObject({ joined: [`idea:${i1.id}`], refetch: [] });
    // Replayed up to what the pump had published: everything in the log by now.
    expect(comparePosition(ideaReply.cursor, await lastLogPosition(db))).toBeGreaterThan(0);
    const ideaExpected = await roomEventIds(db, `idea:${i1.id}`, x);
    expect(ideaExpected).toHaveLength(4);
    await ideaClient.waitForMessages(ideaExpected.length, 3000);
    await settle();
    expect(ideaClient.ids()).toEqual(ideaExpected);
    expect(ideaClient.liveEvents()).toHaveLength(ideaExpected.length);
    expect(ideaClient.liveEvents().every((m) => m.ideaId === i1.id)).toBe(true);
    expect(ideaClient.messages.map((m) => m.type)).toEqual([
      'vote.cast',
      'vote.cast',
      'vote.withdrawn',
      'comment.created',
    ]);

    const challengeClient = await live().connect();
    await challengeClient.subscribeOk([{ room: `challenge:${first.challenge.id}`, since: x }]);
    const challengeExpected = await roomEventIds(db, `challenge:${first.challenge.id}`, x);
    expect(challengeExpected).toHaveLength(6);
    await challengeClient.waitForMessages(challengeExpected.length, 3000);
    await settle();
    expect(challengeClient.ids()).toEqual(challengeExpected);
    expect(challengeClient.liveEvents()).toHaveLength(challengeExpected.length);
    expect(challengeClient.liveEvents().every((m) => m.challengeId === first.challenge.id)).toBe(
      true,
    );

    // Two overlapping rooms in one subscription: the union, in log order, each event once.
    const both = await live().connect();
    await both.subscribeOk([
      { room: `idea:${i1.id}`, since: x },
      { room: `challenge:${first.challenge.id}`, since: x },
      { room: `idea:${i3.id}`, since: x },
    ]);
    const union = await inLogOrder(db, [
      ...challengeExpected,
      ...(await roomEventIds(db, `idea:${i3.id}`, x)),
    ]);
    await both.waitForMessages(union.length, 3000);
    await settle();
    expect(both.ids()).toEqual(union);

    // since = the log's horizon now: nothing to replay.
    const upToDate = await live().connect();
    await upToDate.subscribeOk([
      { room: `challenge:${first.challenge.id}`, since: await logHorizon(db) },
    ]);
    await settle();
    expect(upToDate.messages).toEqual([]);
  });

  it(`lists a room under refetch instead of replaying more than ${MAX_REPLAY} missed events`, async () => {
    const db = live().db;
    const { challenge, ideas } = await openChallengeWithIdeas(2);
    const [busy, quiet] = ideas as [(typeof ideas)[number], (typeof ideas)[number]];
    const x = await logHorizon(db);
    // MAX_REPLAY + 1 events of one idea, written straight to the log (fast), then one of another.
    const rows = Array.from({ length: MAX_REPLAY + 1 }, (_, i) => ({
      type: 'idea.updated',
      actorId: null,
      challengeId: challenge.id,
      ideaId: busy.id,
      payload: { n: i },
    }));
    const inserted = await db
      .insert(events)
      .values(rows)
      .returning({ id: events.id, txid: events.txid });
    const quietVoter = await makeUser(db);
    await castVote(db, { actor: quietVoter, ideaId: quiet.id, value: 1 });
    await settle();

    const client = await live().connect();
    const reply = await client.subscribeOk([
      { room: `idea:${busy.id}`, since: x },
      { room: `idea:${quiet.id}`, since: x },
    ]);
    expect(reply).toMatchObject({
      joined: [`idea:${busy.id}`, `idea:${quiet.id}`],
      refetch: [`idea:${busy.id}`],
    });
    const quietExpected = await roomEventIds(db, `idea:${quiet.id}`, x);
    expect(quietExpected).toHaveLength(1);
    await client.waitForMessages(1, 3000);
    await settle();
    expect(client.ids()).toEqual(quietExpected);

    // Exactly MAX_REPLAY missed events are still replayed, in order.
    const exact = await live().connect();
    const exactReply = await exact.subscribeOk([
      { room: `idea:${busy.id}`, since: formatPosition(inserted[0]!) },
    ]);
    expect(exactReply).toMatchObject({ refetch: [] });
    await exact.waitForMessages(MAX_REPLAY, 15_000);
    await settle();
    expect(exact.ids()).toEqual(inserted.slice(1).map((r) => r.id));
  });

  it('a client that disconnects, misses 20 changes and reconnects with its last position gets exactly those 20, in order', async () => {
    const db = live().db;
    const { challenge, ideas, author } = await openChallengeWithIdeas(1);
    const idea = ideas[0]!;
    const voters: TestUser[] = [];
    for (let i = 0; i < 5; i++) voters.push(await makeOpposer(db));
    const rooms = [
      { room: `challenge:${challenge.id}` as const, since: await logHorizon(db) },
      { room: `idea:${idea.id}` as const, since: await logHorizon(db) },
    ];
    const first = await live().connect();
    await first.subscribeOk(rooms);
    await castVote(db, { actor: voters[0]!, ideaId: idea.id, value: 1 });
    const [seen] = await first.waitForMessages(1, 3000);
    first.close();
    await sleep(50);

    // 20 changes while away: votes cast, changed and withdrawn, and comments.
    const vote = (v: number, value: VoteValue) =>
      castVote(db, { actor: voters[v]!, ideaId: idea.id, value });
    const comment = (body: string) =>
      addComment(db, { actor: author, ideaId: idea.id, comment: { body, parentId: null } });
    const changes: (() => Promise<unknown>)[] = [
      () => vote(1, 1),
      () => vote(2, -1),
      () => comment('One'),
      () => vote(0, 0),
      () => vote(3, 1),
      () => vote(1, -1),
      () => comment('Two'),
      () => vote(2, 0),
      () => vote(4, 1),
      () => vote(0, 1),
      () => comment('Three'),
      () => vote(3, 0),
      () => vote(1, 0),
      () => vote(2, 1),
      () => comment('Four'),
      () => vote(4, -1),
      () => vote(0, -1),
      () => vote(3, -1),
      () => comment('Five'),
      () => vote(4, 0),
    ];
    for (const change of changes) await change();
    const missed = await roomEventIds(db, `challenge:${challenge.id}`, seen!.position);
    expect(missed).toHaveLength(20);
    await settle();

    const back = await live().connect();
    await back.subscribeOk(rooms.map((r) => ({ ...r, since: seen!.position })));
    await back.waitForMessages(20, 3000);
    await settle();
    expect(back.ids()).toEqual(missed);
    // The last counts replayed are the idea's current counts.
    const lastVote = back
      .liveEvents()
      .filter((m) => m.type.startsWith('vote.'))
      .at(-1)!;
    const [row] = await db
      .select({ supportCount: ideaRows.supportCount, opposeCount: ideaRows.opposeCount })
      .from(ideaRows)
      .where(eq(ideaRows.id, idea.id));
    expect(row).toEqual({ supportCount: 1, opposeCount: 2 });
    expect(lastVote.data).toMatchObject(row!);
  });

  it('events committed while a replay is being sent are delivered after it, once, in order', async () => {
    const db = live().db;
    const { challenge, ideas } = await openChallengeWithIdeas(3);
    const voters: TestUser[] = [];
    for (let i = 0; i < 8; i++) voters.push(await makeOpposer(db));
    const room = `challenge:${challenge.id}` as const;

    // Several rounds, each: a backlog of missed events, then a subscription racing fresh votes.
    for (let round = 0; round < 4; round++) {
      const x = await logHorizon(db);
      const value: VoteValue = round % 2 ? 0 : 1;
      for (const v of voters.slice(0, 4))
        await castVote(db, { actor: v, ideaId: ideas[0]!.id, value });
      const client = await live().connect();
      const racing = (async () => {
        for (const [i, v] of voters.entries()) {
          await castVote(db, {
            actor: v,
            ideaId: ideas[1 + (i % 2)]!.id,
            value: round % 2 ? 0 : i % 2 ? 1 : -1,
          });
          if (i % 3 === 0) await sleep(1);
        }
      })();
      const reply = await client.subscribeOk([{ room, since: x }]);
      await racing;
      const expected = await roomEventIds(db, room, x);
      expect(expected).toHaveLength(12);
      await client.waitForMessages(expected.length, 5000).catch(() => undefined);
      await settle();
      const ids = client.ids();
      const what = `round ${round}: cursor ${reply.cursor}, received ${JSON.stringify(ids)}`;
      // Complete and in order (nothing lost, nothing late arriving before an earlier id)…
      expect(firstArrivals(ids), what).toEqual(expected);
      // …and once: see REPLAY_RACE_FIXED (the duplicate case is shown deterministically below).
      if (REPLAY_RACE_FIXED) {
        expect(ids, what).toEqual(expected);
        assertInLogOrder(client.positions());
      }
      client.close();
    }
  });
});

describe('while this process’s pump lags behind the log', () => {
  let lagging: LiveServer;
  beforeAll(async () => {
    lagging = await startLiveServer({ database: live().database, lagging: true });
    // Drain the log as soon as a subscription joins an idea room, i.e. while its replay runs.
    lagging.realtime.io.of('/').adapter.on('join-room', (room: string) => {
      if (room.startsWith('idea:')) void lagging.poke();
    });
  });
  afterAll(async () => {
    await lagging?.close();
  });

  it('an event replayed to a subscriber is not sent to it again when the pump publishes it', async () => {
    const db = live().db;
    const { challenge, ideas } = await openChallengeWithIdeas(1);
    const voter = await makeUser(db);
    const room = `challenge:${challenge.id}` as const;
    await lagging.poke(); // caught up before anyone subscribes
    const x = await logHorizon(db);
    const present = await lagging.connect();
    await present.subscribeOk([{ room, since: x }]);

    await castVote(db, { actor: voter, ideaId: ideas[0]!.id, value: 1 }); // committed; this process has not published it yet
    const arriving = await lagging.connect();
    await arriving.subscribeOk([{ room, since: x }]);
    await lagging.poke();
    await sleep(250);
    const expected = await roomEventIds(db, room, x);
    expect(expected).toHaveLength(1);
    expect(present.ids()).toEqual(expected);
    knownBug(() => expect(arriving.ids()).toEqual(expected)); // today: [id, id]
  });

  it('a room joined earlier loses no event while another room is being subscribed', async () => {
    const db = live().db;
    const first = await openChallengeWithIdeas(1);
    const second = await openChallengeWithIdeas(5);
    const voter = await makeUser(db);
    const room = `challenge:${first.challenge.id}` as const;
    await lagging.poke(); // caught up before anyone subscribes
    const x = await logHorizon(db);
    const client = await lagging.connect();
    await client.subscribeOk([{ room, since: x }]);

    for (let attempt = 0; attempt < 3; attempt++) {
      await castVote(db, { actor: voter, ideaId: first.ideas[0]!.id, value: attempt % 2 ? 0 : 1 }); // in the room already joined
      const after = await logHorizon(db);
      // Subscribing to other rooms: the pump publishes the vote while this replay runs.
      await client.subscribeOk(
        second.ideas.map((idea) => ({ room: `idea:${idea.id}` as const, since: after })),
      );
      await client.unsubscribe(second.ideas.map((idea) => `idea:${idea.id}` as const));
      await lagging.poke();
      await sleep(100);
    }
    await sleep(200);
    const expected = await roomEventIds(db, room, x);
    expect(expected).toHaveLength(3);
    knownBug(() => expect(client.ids()).toEqual(expected)); // today: the votes are missing
  });
});
