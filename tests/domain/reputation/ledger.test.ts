// The reputation ledger and its rules (PRODUCT.md "Reputation, trust, rewards"): each rule's
// entries, the daily cap from votes, reversals, and the ledger as append-only.
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, pointEntries, reputationDaily, reputationTotals } from '../../../db/schema';
import { testClock, type TestClock } from '#app/domain/core/clock';
import { appendEvent, type EventType } from '#app/domain/events/log.server';
import { addEntry, reverseEntry } from '#app/domain/reputation/ledger.server';
import { reputationOf, reputationsOf } from '#app/domain/reputation/queries.server';
import { castVote } from '#app/domain/votes/commands.server';
import { sqlStateOfRefused } from '../../support/assertions';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import {
  cacheMismatches,
  giveReputation,
  malformedEntries,
  makeOpposer,
} from '../../support/reputation';
import { UNIQUE_VIOLATION } from '#app/domain/core/pg-errors.server';

const db = useTestDatabase();

const DAY = '2026-03-02';
const startClock = () => testClock(`${DAY}T10:00:00.000Z`);

async function world(clock: TestClock = startClock()) {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 5 });
  const idea = await makeIdea(db(), author, challenge.id, { clock });
  return { owner, author, challenge, idea, clock };
}
type World = Awaited<ReturnType<typeof world>>;

const entriesOf = (userId: string) =>
  db()
    .select()
    .from(pointEntries)
    .where(eq(pointEntries.userId, userId))
    .orderBy(asc(pointEntries.id));

async function totalOf(userId: string) {
  const [row] = await db()
    .select({ points: reputationTotals.points })
    .from(reputationTotals)
    .where(eq(reputationTotals.userId, userId));
  return row?.points ?? 0;
}

async function voteGain(userId: string, day = DAY) {
  const [row] = await db()
    .select({ voteGain: reputationDaily.voteGain })
    .from(reputationDaily)
    .where(and(eq(reputationDaily.userId, userId), eq(reputationDaily.day, day)));
  return row?.voteGain ?? 0;
}

/** A judging or moderation event as J's commands (or moderation) append it, with its reactions. */
function judgingEvent(
  w: World,
  type: EventType,
  payload: Record<string, unknown> = {},
  extra: { commentId?: number } = {},
) {
  return db().transaction((tx) =>
    appendEvent(tx, {
      type,
      actorId: w.owner.id,
      brandId: w.challenge.brandId,
      challengeId: w.challenge.id,
      ideaId: w.idea.id,
      subjectUserId: w.author.id,
      payload,
      at: w.clock.now(),
      ...extra,
    }),
  );
}

const links = (w: World) => ({
  brandId: w.challenge.brandId,
  challengeId: w.challenge.id,
  ideaId: w.idea.id,
});

async function expectExact() {
  expect(await cacheMismatches(db())).toEqual([]);
  expect(await malformedEntries(db())).toEqual([]);
}

describe('the rules', () => {
  it('support received: +10 to the author, caused by the voter, linked to what earned it, at the clock’s time', async () => {
    const w = await world();
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 1, clock: w.clock });
    const [entry] = await entriesOf(w.author.id);
    expect(entry).toMatchObject({
      rule: 'supportReceived',
      nominal: 10,
      points: 10,
      fromVotes: 1,
      day: DAY,
      reversesId: null,
      causeUserId: voter.id,
      ...links(w),
    });
    expect(entry!.createdAt.toISOString()).toBe(`${DAY}T10:00:00.000Z`);
    const [event] = await db().select().from(events).where(eq(events.id, entry!.eventId));
    expect(event).toMatchObject({ type: 'vote.cast', actorId: voter.id, ideaId: w.idea.id });
    // A voter who supports gives, and pays, nothing.
    expect(await entriesOf(voter.id)).toEqual([]);
    expect(await totalOf(w.author.id)).toBe(10);
    await expectExact();
  });

  it('oppose: −2 to the author, caused by the voter, and −1 to the voter', async () => {
    const w = await world();
    const voter = await makeOpposer(db());
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: -1, clock: w.clock });
    expect(await entriesOf(w.author.id)).toMatchObject([
      { rule: 'opposeReceived', nominal: -2, points: -2, causeUserId: voter.id, ...links(w) },
    ]);
    const voterEntries = await entriesOf(voter.id);
    expect(voterEntries.at(-1)).toMatchObject({
      rule: 'opposeCast',
      nominal: -1,
      points: -1,
      fromVotes: 1,
      causeUserId: null,
      ...links(w),
    });
    expect(await totalOf(w.author.id)).toBe(-2);
    expect(await totalOf(voter.id)).toBe(225 - 1);
    await expectExact();
  });

  it('changing support to oppose reverses the support exactly and applies the oppose; and back', async () => {
    const w = await world();
    const voter = await makeOpposer(db());
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 1, clock: w.clock });
    w.clock.advance(60_000);
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: -1, clock: w.clock });
    const [support, reversal, oppose] = await entriesOf(w.author.id);
    expect(reversal).toMatchObject({
      rule: 'supportReceived',
      nominal: -10,
      points: -10,
      reversesId: support!.id,
      causeUserId: voter.id,
      day: DAY,
    });
    expect(oppose).toMatchObject({ rule: 'opposeReceived', points: -2, reversesId: null });
    expect(await totalOf(w.author.id)).toBe(-2);
    expect(await totalOf(voter.id)).toBe(224);

    w.clock.advance(60_000);
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 1, clock: w.clock });
    expect(await totalOf(w.author.id)).toBe(10);
    expect(await totalOf(voter.id)).toBe(225);
    expect((await entriesOf(w.author.id)).map((e) => [e.rule, e.points])).toEqual([
      ['supportReceived', 10],
      ['supportReceived', -10],
      ['opposeReceived', -2],
      ['opposeReceived', 2],
      ['supportReceived', 10],
    ]);
    await expectExact();
  });

  it('withdrawing a vote reverses what it gave, and nothing more', async () => {
    const w = await world();
    const [supporter, opposer] = [await makeUser(db()), await makeOpposer(db())];
    await castVote(db(), { actor: supporter, ideaId: w.idea.id, value: 1, clock: w.clock });
    await castVote(db(), { actor: opposer, ideaId: w.idea.id, value: -1, clock: w.clock });
    await castVote(db(), { actor: supporter, ideaId: w.idea.id, value: 0, clock: w.clock });
    expect(await totalOf(w.author.id)).toBe(-2);
    await castVote(db(), { actor: opposer, ideaId: w.idea.id, value: 0, clock: w.clock });
    expect(await totalOf(w.author.id)).toBe(0);
    expect(await totalOf(opposer.id)).toBe(225);
    expect(await reputationOf(db(), w.author.id)).toBe(1);
    await expectExact();
  });

  it('builds-on: +5 to the original’s author, caused by the builder; nothing for building on your own idea', async () => {
    const w = await world();
    const builder = await makeUser(db());
    const built = await makeIdea(db(), builder, w.challenge.id, {
      buildsOnId: w.idea.id,
      clock: w.clock,
    });
    expect(await entriesOf(w.author.id)).toMatchObject([
      {
        rule: 'builtOn',
        nominal: 5,
        points: 5,
        fromVotes: 0,
        causeUserId: builder.id,
        ideaId: built.id,
        challengeId: w.challenge.id,
        brandId: w.challenge.brandId,
      },
    ]);
    await makeIdea(db(), w.author, w.challenge.id, { buildsOnId: w.idea.id, clock: w.clock });
    await makeIdea(db(), builder, w.challenge.id, { clock: w.clock });
    expect(await totalOf(w.author.id)).toBe(5);
    expect(await entriesOf(builder.id)).toEqual([]);
    await expectExact();
  });

  it('shortlisted: +25 while shortlisted, taken back when unshortlisted, given once', async () => {
    const w = await world();
    await judgingEvent(w, 'idea.shortlisted', { status: 'shortlisted' });
    expect(await entriesOf(w.author.id)).toMatchObject([
      {
        rule: 'shortlisted',
        nominal: 25,
        points: 25,
        fromVotes: 0,
        causeUserId: null,
        ...links(w),
      },
    ]);
    await judgingEvent(w, 'idea.shortlisted', { status: 'shortlisted' });
    expect(await totalOf(w.author.id)).toBe(25);
    await judgingEvent(w, 'idea.unshortlisted', { status: 'published' });
    expect(await totalOf(w.author.id)).toBe(0);
    await judgingEvent(w, 'idea.unshortlisted', { status: 'published' });
    expect(await totalOf(w.author.id)).toBe(0);
    await judgingEvent(w, 'idea.shortlisted', { status: 'shortlisted' });
    expect(await totalOf(w.author.id)).toBe(25);
    await expectExact();
  });

  it('a win: +100 and the reward’s points, both linked to the reward; revoking takes both back, once', async () => {
    const w = await world();
    await judgingEvent(w, 'reward.granted', { rewardId: 7001, rank: 1, points: 300, prize: '' });
    expect(await entriesOf(w.author.id)).toMatchObject([
      { rule: 'winner', nominal: 100, points: 100, rewardId: 7001, fromVotes: 0, ...links(w) },
      { rule: 'reward', nominal: 300, points: 300, rewardId: 7001, fromVotes: 0, ...links(w) },
    ]);
    expect(await totalOf(w.author.id)).toBe(400);
    await judgingEvent(w, 'reward.revoked', { rewardId: 7001, note: 'Not eligible.' });
    expect(await totalOf(w.author.id)).toBe(0);
    const after = await entriesOf(w.author.id);
    expect(after.slice(2).map((e) => [e.rule, e.points, e.reversesId])).toEqual([
      ['winner', -100, after[0]!.id],
      ['reward', -300, after[1]!.id],
    ]);
    // Revoking again finds nothing left to take back.
    await judgingEvent(w, 'reward.revoked', { rewardId: 7001, note: 'Again.' });
    expect(await entriesOf(w.author.id)).toHaveLength(4);
    await expectExact();
  });

  it('a win with a prize but no points gives the +100 only', async () => {
    const w = await world();
    await judgingEvent(w, 'reward.granted', {
      rewardId: 7002,
      rank: 2,
      points: 0,
      prize: 'A visit',
    });
    expect((await entriesOf(w.author.id)).map((e) => [e.rule, e.points])).toEqual([
      ['winner', 100],
    ]);
  });

  it('refuses a reward of negative or fractional points, writing nothing', async () => {
    const w = await world();
    for (const points of [-5, 2.5, '10'])
      await expect(
        judgingEvent(w, 'reward.granted', { rewardId: 7003, rank: 1, points, prize: '' }),
      ).rejects.toThrow(/points/);
    expect(await entriesOf(w.author.id)).toEqual([]);
    await expect(
      db().transaction(async (tx) => {
        const eventId = await appendEvent(tx, {
          type: 'user.joined',
          actorId: null,
          at: w.clock.now(),
        });
        await addEntry(tx, {
          userId: w.author.id,
          rule: 'reward',
          nominal: -1,
          event: { id: eventId, createdAt: w.clock.now() },
        });
      }),
    ).rejects.toThrow(/whole number/);
    await expect(
      db().transaction(async (tx) => {
        const eventId = await appendEvent(tx, {
          type: 'user.joined',
          actorId: null,
          at: w.clock.now(),
        });
        await addEntry(tx, {
          userId: w.author.id,
          rule: 'shortlisted',
          nominal: 500,
          event: { id: eventId, createdAt: w.clock.now() },
        });
      }),
    ).rejects.toThrow(/worth 25/);
    expect(await entriesOf(w.author.id)).toEqual([]);
  });

  it('content hidden on an upheld flag: −50 to its author; reputation never shows below 1', async () => {
    const w = await world();
    await judgingEvent(w, 'content.hidden', { kind: 'idea' });
    expect(await entriesOf(w.author.id)).toMatchObject([
      { rule: 'hidden', nominal: -50, points: -50, ...links(w) },
    ]);
    expect(await totalOf(w.author.id)).toBe(-50);
    expect(await reputationOf(db(), w.author.id)).toBe(1);
    const rich = await makeUser(db());
    await giveReputation(db(), rich.id, 40);
    const nobody = await makeUser(db());
    expect(await reputationsOf(db(), [w.author.id, rich.id, nobody.id])).toEqual(
      new Map([
        [w.author.id, 1],
        [rich.id, 40],
        [nobody.id, 1],
      ]),
    );
    expect(await reputationOf(db(), nobody.id)).toBe(1);
    await expectExact();
  });
});

describe('the daily cap of 200 points from votes', () => {
  /** `n` fresh voters each supporting the world's idea, at the world's clock. */
  async function supporters(w: World, n: number) {
    const voters: TestUser[] = [];
    for (let i = 0; i < n; i++) {
      const voter = await makeUser(db());
      await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 1, clock: w.clock });
      voters.push(voter);
    }
    return voters;
  }

  it('the 21st support of a UTC day gives 0, recorded with its worth of 10', async () => {
    const w = await world();
    await supporters(w, 21);
    const entries = await entriesOf(w.author.id);
    expect(entries.slice(0, 20).every((e) => e.points === 10 && e.nominal === 10)).toBe(true);
    expect(entries[20]).toMatchObject({ rule: 'supportReceived', nominal: 10, points: 0 });
    expect(await totalOf(w.author.id)).toBe(200);
    expect(await voteGain(w.author.id)).toBe(200);
    await expectExact();
  });

  it('a reversal of a capped entry takes back exactly what it gave; a full one frees its room', async () => {
    const w = await world();
    const voters = await supporters(w, 21);
    await castVote(db(), { actor: voters[20]!, ideaId: w.idea.id, value: 0, clock: w.clock });
    expect((await entriesOf(w.author.id)).at(-1)).toMatchObject({ nominal: -10, points: 0 });
    expect(await totalOf(w.author.id)).toBe(200);
    await castVote(db(), { actor: voters[0]!, ideaId: w.idea.id, value: 0, clock: w.clock });
    expect(await totalOf(w.author.id)).toBe(190);
    expect(await voteGain(w.author.id)).toBe(190);
    // The room the withdrawal freed is given to the next support, and no more.
    await supporters(w, 2);
    expect((await entriesOf(w.author.id)).slice(-2).map((e) => e.points)).toEqual([10, 0]);
    expect(await totalOf(w.author.id)).toBe(200);
    await expectExact();
  });

  it('applies losses in full at the cap', async () => {
    const w = await world();
    await supporters(w, 20);
    await castVote(db(), {
      actor: await makeOpposer(db()),
      ideaId: w.idea.id,
      value: -1,
      clock: w.clock,
    });
    expect(await totalOf(w.author.id)).toBe(198);
    // A loss does not reopen the day's room for gains (vote_gain counts gains only).
    expect(await voteGain(w.author.id)).toBe(200);
    await supporters(w, 1);
    expect(await totalOf(w.author.id)).toBe(198);
  });

  it('starts again the next UTC day; a reversal counts toward its entry’s day', async () => {
    const w = await world();
    const voters = await supporters(w, 21);
    w.clock.set('2026-03-02T23:59:59.000Z');
    await supporters(w, 1);
    expect(await totalOf(w.author.id)).toBe(200);
    w.clock.set('2026-03-03T00:00:00.000Z');
    await supporters(w, 1);
    expect(await totalOf(w.author.id)).toBe(210);
    expect(await voteGain(w.author.id, '2026-03-03')).toBe(10);
    // Withdrawing yesterday's support takes back from yesterday, not from today's room.
    await castVote(db(), { actor: voters[0]!, ideaId: w.idea.id, value: 0, clock: w.clock });
    expect((await entriesOf(w.author.id)).at(-1)).toMatchObject({ day: DAY, points: -10 });
    expect(await voteGain(w.author.id, DAY)).toBe(190);
    expect(await voteGain(w.author.id, '2026-03-03')).toBe(10);
    expect(await totalOf(w.author.id)).toBe(200);
    await expectExact();
  });

  it('exempts shortlists, wins and rewards', async () => {
    const w = await world();
    await supporters(w, 20);
    await judgingEvent(w, 'idea.shortlisted', { status: 'shortlisted' });
    await judgingEvent(w, 'reward.granted', { rewardId: 7004, rank: 1, points: 250, prize: '' });
    expect(await totalOf(w.author.id)).toBe(200 + 25 + 100 + 250);
    expect(await voteGain(w.author.id)).toBe(200);
    const exempt = (await entriesOf(w.author.id)).slice(-3);
    expect(exempt.map((e) => [e.rule, e.points, e.fromVotes])).toEqual([
      ['shortlisted', 25, 0],
      ['winner', 100, 0],
      ['reward', 250, 0],
    ]);
    await expectExact();
  });
});

describe('the ledger, as a last line of defence', () => {
  it('refuses to update or delete an entry', async () => {
    const w = await world();
    await castVote(db(), {
      actor: await makeUser(db()),
      ideaId: w.idea.id,
      value: 1,
      clock: w.clock,
    });
    const [entry] = await entriesOf(w.author.id);
    await expect(
      db().update(pointEntries).set({ points: 1000 }).where(eq(pointEntries.id, entry!.id)),
    ).rejects.toThrow();
    await expect(db().delete(pointEntries).where(eq(pointEntries.id, entry!.id))).rejects.toThrow();
    await expect(db().execute(sql`truncate point_entries`)).rejects.toThrow();
    expect(await entriesOf(w.author.id)).toEqual([entry]);
    expect(await totalOf(w.author.id)).toBe(10);
  });

  it('refuses to reverse an entry twice, or to reverse a reversal', async () => {
    const w = await world();
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 1, clock: w.clock });
    await castVote(db(), { actor: voter, ideaId: w.idea.id, value: 0, clock: w.clock });
    const [entry, reversal] = await entriesOf(w.author.id);
    const again = (which: typeof entry) =>
      db().transaction(async (tx) => {
        const eventId = await appendEvent(tx, {
          type: 'user.joined',
          actorId: null,
          at: w.clock.now(),
        });
        await reverseEntry(tx, which!, { id: eventId, createdAt: w.clock.now() });
      });
    expect(await sqlStateOfRefused(db(), () => again(entry))).toBe(UNIQUE_VIOLATION);
    await expect(again(reversal)).rejects.toThrow(/is a reversal/);
    expect(await entriesOf(w.author.id)).toHaveLength(2);
    expect(await totalOf(w.author.id)).toBe(0);
  });

  it('refuses an entry of an unknown rule or a negative reward, written directly', async () => {
    const w = await world();
    const eventId = await db().transaction((tx) =>
      appendEvent(tx, { type: 'user.joined', actorId: null, at: w.clock.now() }),
    );
    const row = { userId: w.author.id, nominal: 5, points: 5, day: DAY, eventId };
    await expect(
      db()
        .insert(pointEntries)
        .values({ ...row, rule: 'gift' }),
    ).rejects.toThrow();
    await expect(
      db()
        .insert(pointEntries)
        .values({ ...row, rule: 'reward', nominal: -5, points: -5 }),
    ).rejects.toThrow();
    expect(await entriesOf(w.author.id)).toEqual([]);
  });
});
