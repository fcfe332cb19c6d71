// Badges: earned by the after-commit badge consumer, once each, dated by the event that earned them
// (counted as of that event, also when old history is replayed), notified only when recent.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../../db/client.server';
import { events, notifications, userBadges } from '../../../db/schema';
import { BADGES, BADGE_KEYS, BADGE_TIERS, badgeEventTypes } from '#app/domain/badges/catalog';
import { MEASURE_IMPLEMENTATIONS } from '#app/domain/badges/measures.server';
import { addComment } from '#app/domain/comments/commands.server';
import { testClock, type Clock } from '#app/domain/core/clock';
import { addEntry } from '#app/domain/reputation/ledger.server';
import { castVote } from '#app/domain/votes/commands.server';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { backfillBadges, badgesConsumer } from '../../../jobs/badges.server';
import { createTestDatabase } from '../../support/database';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { openAnotherProcess } from '../../support/processes';

let database: Database & { name: string };
const db = (): Db => database.db;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const DAY = 86_400_000;
const quiet = { error: () => {} };

/** Runs the badge consumer over whatever the log holds now, as the server would. */
async function catchUp(clock?: Clock) {
  return backfillBadges(db(), { clock });
}

async function badgesOf(user: TestUser) {
  return db()
    .select()
    .from(userBadges)
    .where(eq(userBadges.userId, user.id))
    .orderBy(userBadges.badge);
}

async function badgeRow(user: TestUser, badge: string) {
  const [row] = await db()
    .select()
    .from(userBadges)
    .where(and(eq(userBadges.userId, user.id), eq(userBadges.badge, badge)));
  return row ?? null;
}

async function earnedEvents(user: TestUser, badge: string) {
  return db()
    .select()
    .from(events)
    .where(
      and(
        eq(events.type, 'badge.earned'),
        eq(events.subjectUserId, user.id),
        sql`${events.payload}->>'badge' = ${badge}`,
      ),
    );
}

async function badgeNotifications(user: TestUser) {
  return db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'badge')));
}

/** Appends raw events, as the judging commands would, without their reactions. */
async function rawEvents(
  rows: {
    type: string;
    actorId?: string | null;
    subjectUserId?: string | null;
    ideaId?: number | null;
    payload?: Record<string, unknown>;
    at?: Date;
  }[],
) {
  const inserted = await db()
    .insert(events)
    .values(
      rows.map((r) => ({
        type: r.type,
        actorId: r.actorId ?? null,
        subjectUserId: r.subjectUserId ?? null,
        ideaId: r.ideaId ?? null,
        payload: r.payload ?? {},
        createdAt: r.at ?? new Date(),
      })),
    )
    .returning();
  return inserted;
}

async function openChallenge(clock?: Clock) {
  const owner = await makeUser(db());
  return makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 50, clock });
}

describe('the badge catalog', () => {
  it('has at least 12 badges in bronze, silver and gold, each earned by some event', () => {
    expect(BADGE_KEYS.length).toBeGreaterThanOrEqual(12);
    for (const tier of BADGE_TIERS)
      expect(BADGE_KEYS.some((k) => BADGES[k].tier === tier)).toBe(true);
    for (const key of BADGE_KEYS) {
      const types = badgeEventTypes(key);
      expect(types === 'any' || types.length > 0).toBe(true);
      expect(BADGES[key].threshold).toBeGreaterThan(0);
    }
  });
});

describe('the badge consumer', () => {
  it('awards the first idea once, with its date, one event and one notification', async () => {
    const author = await makeUser(db());
    const challenge = await openChallenge();
    const first = await makeIdea(db(), author, challenge.id);
    await makeIdea(db(), author, challenge.id);
    await catchUp();
    await makeIdea(db(), author, challenge.id);
    await catchUp();
    const row = await badgeRow(author, 'firstIdea');
    expect(row?.earnedAt.getTime()).toBe(first.createdAt.getTime());
    expect(await earnedEvents(author, 'firstIdea')).toHaveLength(1);
    const notes = await badgeNotifications(author);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.eventId).toBe((await earnedEvents(author, 'firstIdea'))[0]!.id);
    expect(await badgeRow(author, 'tenIdeas')).toBeNull();
  });

  it('dates a badge by the event that earned it when old history is replayed, silently', async () => {
    const clock = testClock(new Date(Date.now() - 20 * DAY));
    const author = await makeUser(db());
    const challenge = await openChallenge(clock);
    const first = await makeIdea(db(), author, challenge.id, { clock });
    clock.advance(5 * DAY);
    const ideas = [];
    for (let i = 0; i < 9; i++) {
      clock.advance(60_000);
      ideas.push(await makeIdea(db(), author, challenge.id, { clock }));
    }
    await catchUp();
    expect((await badgeRow(author, 'firstIdea'))?.earnedAt.getTime()).toBe(
      first.createdAt.getTime(),
    );
    // The tenth idea earned it, not the day the consumer read them all.
    expect((await badgeRow(author, 'tenIdeas'))?.earnedAt.getTime()).toBe(
      ideas[8]!.createdAt.getTime(),
    );
    expect(await badgeNotifications(author)).toHaveLength(0);
    expect(await earnedEvents(author, 'tenIdeas')).toHaveLength(1);
  });

  it('awards first support and 25 supporters to the author, at the vote that reached them', async () => {
    const author = await makeUser(db());
    const challenge = await openChallenge();
    const idea = await makeIdea(db(), author, challenge.id);
    let last: Date | null = null;
    for (let i = 0; i < 25; i++) {
      const voter = await makeUser(db());
      await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
      if (i === 24) {
        const [e] = await db()
          .select()
          .from(events)
          .where(and(eq(events.actorId, voter.id), eq(events.type, 'vote.cast')));
        last = e!.createdAt;
      }
    }
    await catchUp();
    expect(await badgeRow(author, 'firstSupport')).not.toBeNull();
    expect((await badgeRow(author, 'supporters25'))?.earnedAt.getTime()).toBe(last!.getTime());
    expect(await badgeRow(author, 'supporters100')).toBeNull();
  });

  it('counts votes cast on distinct ideas: 100 of them earn the badge, voting again does not', async () => {
    const voter = await makeUser(db());
    const other = await makeUser(db());
    const t0 = Date.now() - 60_000;
    await rawEvents(
      Array.from({ length: 99 }, (_, i) => ({
        type: 'vote.cast',
        actorId: voter.id,
        ideaId: 1_000_000 + i,
        at: new Date(t0 + i),
      })),
    );
    // The same idea again (cast, withdrawn, cast) is not a new vote.
    await rawEvents([
      { type: 'vote.cast', actorId: voter.id, ideaId: 1_000_000, at: new Date(t0 + 100) },
    ]);
    await catchUp();
    expect(await badgeRow(voter, 'firstVote')).not.toBeNull();
    expect(await badgeRow(voter, 'hundredVotes')).toBeNull();
    const [hundredth] = await rawEvents([
      { type: 'vote.cast', actorId: voter.id, ideaId: 2_000_000, at: new Date(t0 + 200) },
    ]);
    await catchUp();
    expect((await badgeRow(voter, 'hundredVotes'))?.eventId).toBe(hundredth!.id);
    expect(await badgeRow(other, 'firstVote')).toBeNull();
  });

  it('credits builds-on by others five times, not building on oneself', async () => {
    const author = await makeUser(db());
    const challenge = await openChallenge();
    const idea = await makeIdea(db(), author, challenge.id);
    await makeIdea(db(), author, challenge.id, { buildsOnId: idea.id });
    for (let i = 0; i < 4; i++)
      await makeIdea(db(), await makeUser(db()), challenge.id, { buildsOnId: idea.id });
    await catchUp();
    expect(await badgeRow(author, 'builtOn5')).toBeNull();
    const fifth = await makeIdea(db(), await makeUser(db()), challenge.id, { buildsOnId: idea.id });
    await catchUp();
    expect((await badgeRow(author, 'builtOn5'))?.earnedAt.getTime()).toBe(
      fifth.createdAt.getTime(),
    );
  });

  it('awards a comment with 10 replies from others to its author, and ten comments to the writer', async () => {
    const author = await makeUser(db());
    const writer = await makeUser(db());
    const challenge = await openChallenge();
    const idea = await makeIdea(db(), author, challenge.id);
    const parent = await addComment(db(), {
      actor: writer,
      ideaId: idea.id,
      comment: { body: 'What about recycled glass?', parentId: null },
    });
    // The writer's own replies do not count.
    for (let i = 0; i < 3; i++)
      await addComment(db(), {
        actor: writer,
        ideaId: idea.id,
        comment: { body: `Also ${i}`, parentId: parent.id },
      });
    for (let i = 0; i < 9; i++)
      await addComment(db(), {
        actor: await makeUser(db()),
        ideaId: idea.id,
        comment: { body: `Reply ${i}`, parentId: parent.id },
      });
    await catchUp();
    expect(await badgeRow(writer, 'tenReplies')).toBeNull();
    await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Thanks, all of you!', parentId: parent.id },
    });
    for (let i = 0; i < 6; i++)
      await addComment(db(), {
        actor: writer,
        ideaId: idea.id,
        comment: { body: `More ${i}`, parentId: null },
      });
    await catchUp();
    expect(await badgeRow(writer, 'tenReplies')).not.toBeNull();
    expect(await badgeRow(writer, 'tenComments')).not.toBeNull();
    expect(await badgeRow(author, 'tenReplies')).toBeNull();
  });

  it('awards a streak of 7 consecutive active UTC days, and not one with a gap', async () => {
    const steady = await makeUser(db());
    const gappy = await makeUser(db());
    const start = Date.UTC(2025, 0, 6, 23, 0);
    await rawEvents(
      [0, 1, 2, 3, 4, 5, 6].map((d) => ({
        type: 'comment.created',
        actorId: steady.id,
        at: new Date(start + d * DAY),
      })),
    );
    await rawEvents(
      [0, 1, 2, 4, 5, 6, 7].map((d) => ({
        type: 'comment.created',
        actorId: gappy.id,
        at: new Date(start + d * DAY),
      })),
    );
    await catchUp();
    expect((await badgeRow(steady, 'streak7'))?.earnedAt.toISOString()).toBe(
      new Date(start + 6 * DAY).toISOString(),
    );
    expect(await badgeRow(gappy, 'streak7')).toBeNull();
  });

  it('awards the first shortlist, the first win and three wins still held', async () => {
    const winner = await makeUser(db());
    const t0 = Date.now() - 10_000;
    await rawEvents([
      { type: 'idea.shortlisted', subjectUserId: winner.id, at: new Date(t0) },
      {
        type: 'reward.granted',
        subjectUserId: winner.id,
        payload: { rewardId: 9001 },
        at: new Date(t0 + 1),
      },
      {
        type: 'reward.granted',
        subjectUserId: winner.id,
        payload: { rewardId: 9002 },
        at: new Date(t0 + 2),
      },
      {
        type: 'reward.revoked',
        subjectUserId: winner.id,
        payload: { rewardId: 9002 },
        at: new Date(t0 + 3),
      },
      {
        type: 'reward.granted',
        subjectUserId: winner.id,
        payload: { rewardId: 9003 },
        at: new Date(t0 + 4),
      },
    ]);
    await catchUp();
    expect(await badgeRow(winner, 'firstShortlist')).not.toBeNull();
    expect(await badgeRow(winner, 'firstWin')).not.toBeNull();
    // The revoked reward does not count: two wins held.
    expect(await badgeRow(winner, 'threeWins')).toBeNull();
    const [third] = await rawEvents([
      {
        type: 'reward.granted',
        subjectUserId: winner.id,
        payload: { rewardId: 9004 },
        at: new Date(t0 + 5),
      },
    ]);
    await catchUp();
    expect((await badgeRow(winner, 'threeWins'))?.eventId).toBe(third!.id);
  });

  it('awards reputation badges from the ledger as of the event', async () => {
    const person = await makeUser(db());
    await db().transaction(async (tx) => {
      const [event] = await tx
        .insert(events)
        .values({ type: 'reward.granted', subjectUserId: person.id, payload: { rewardId: 9100 } })
        .returning();
      await addEntry(tx, { userId: person.id, rule: 'reward', nominal: 130, event: event! });
    });
    await catchUp();
    expect(await badgeRow(person, 'trusted')).not.toBeNull();
    expect(await badgeRow(person, 'reputation1000')).toBeNull();
  });

  it('measures a recent event’s reputation from the total back, as the ledger’s sum up to it', async () => {
    const person = await makeUser(db());
    const now = Date.now();
    // Entries a minute ago, at the event's time and after it (the consumer running behind).
    const at = [now - 60_000, now - 30_000, now - 10_000, now - 5_000];
    const worth = [40, 30, 25, 50];
    const written: (typeof events.$inferSelect)[] = [];
    for (const [i, time] of at.entries()) {
      await db().transaction(async (tx) => {
        const [event] = await tx
          .insert(events)
          .values({
            type: 'reward.granted',
            subjectUserId: person.id,
            payload: { rewardId: 9200 + i },
            createdAt: new Date(time),
          })
          .returning();
        await addEntry(tx, {
          userId: person.id,
          rule: 'reward',
          nominal: worth[i]!,
          event: event!,
        });
        written.push(event!);
      });
    }
    const { reputation } = MEASURE_IMPLEMENTATIONS;
    // As of the second event: 40 + 30 of the 145 there are now (reputationOf: at least 1).
    expect(await reputation.value(db(), person.id, written[1]!)).toBe(70);
    // An old event is summed from the start: the same answer for the same ledger up to it.
    const old = { ...written[1]!, createdAt: new Date(now - 2 * 60 * 60_000) };
    expect(await reputation.value(db(), person.id, old)).toBe(1);
    expect(await reputation.value(db(), person.id, written[3]!)).toBe(145);
    // The consumer, as of each event, earns "trusted" (125) with the last one only.
    await catchUp();
    expect((await badgeRow(person, 'trusted'))?.eventId).toBe(written[3]!.id);
  });

  it('replaying the whole log again (a renamed consumer, a second backfill) adds nothing', async () => {
    const before = await db()
      .select()
      .from(userBadges)
      .orderBy(userBadges.userId, userBadges.badge);
    const eventsBefore = await db().$count(events, eq(events.type, 'badge.earned'));
    const notesBefore = await db().$count(notifications, eq(notifications.kind, 'badge'));
    const replay = new ConsumerRunner({
      db: db(),
      consumers: [{ ...badgesConsumer(), name: 'badges-replay' }],
      pollMs: 3_600_000,
      log: quiet,
    });
    await replay.start();
    await replay.poke();
    await replay.stop();
    await catchUp();
    expect(before.length).toBeGreaterThan(0);
    expect(
      await db().select().from(userBadges).orderBy(userBadges.userId, userBadges.badge),
    ).toEqual(before);
    expect(await db().$count(events, eq(events.type, 'badge.earned'))).toBe(eventsBefore);
    expect(await db().$count(notifications, eq(notifications.kind, 'badge'))).toBe(notesBefore);
  });

  it('two runners (two processes on PostgreSQL) at once write one row and one event', async () => {
    const author = await makeUser(db());
    const challenge = await openChallenge();
    await makeIdea(db(), author, challenge.id);
    const other = openAnotherProcess(database);
    const make = (on: Db, name: string) =>
      new ConsumerRunner({
        db: on,
        consumers: [{ ...badgesConsumer(), name }],
        batchSize: 3,
        pollMs: 3_600_000,
        log: quiet,
      });
    // The same consumer twice, and a second consumer replaying the same log beside them.
    const runners = [
      make(db(), 'badges'),
      make(other?.db ?? db(), 'badges'),
      make(other?.db ?? db(), 'badges-twin'),
    ];
    try {
      await Promise.all(runners.map((r) => r.start()));
      await Promise.all(runners.flatMap((r) => [r.poke(), r.poke()]));
      await Promise.all(runners.map((r) => r.poke()));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await other?.close();
    }
    expect((await badgesOf(author)).map((b) => b.badge)).toContain('firstIdea');
    expect(await earnedEvents(author, 'firstIdea')).toHaveLength(1);
    expect(await badgeNotifications(author)).toHaveLength(1);
  });
});
