// "My relationships" (/me, issue 14 item 1): one card per brand with the person's real numbers
// there, the points the ledger gave them on it, the engagement of the SQL function and the consent
// they gave; the summary (reputation, level, badges, rewards, interests); nobody else's data.
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { challenges, comments, events, ideas, pointEntries, votes } from '../../../db/schema';
import { awardBadge } from '#app/domain/badges/commands.server';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import { testClock } from '#app/domain/core/clock';
import { brandCardsOf, myRelationships, summaryOf } from '#app/domain/crm/relationships.server';
import { awardChallenge, shortlistIdea } from '#app/domain/judging/commands.server';
import { levelOf } from '#app/domain/reputation/rules';
import { castVote } from '#app/domain/votes/commands.server';
import { backfillCommunity } from '../../../jobs/community.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';

const db = useTestDatabase();

const DAY = 86_400_000;

/** The documented formula (docs/decisions/017), in JavaScript, to check the SQL function against. */
function engagement(
  c: { ideas: number; votes: number; comments: number; shortlists: number; wins: number },
  daysIdle: number,
) {
  const w = 5 * c.ideas + 2 * c.comments + c.votes + 8 * c.shortlists + 15 * c.wins;
  return Math.round(100 * (1 - Math.exp(-w / 30)) * 0.5 ** (daysIdle / 60));
}

async function world() {
  const clock = testClock('2026-04-01T10:00:00Z');
  const owner = await makeUser(db());
  const ana = await makeUser(db());
  const ben = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const quiet = await makeBrand(db(), owner);
  const untouched = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const quietChallenge = await makeChallenge(db(), owner, { brandId: quiet.id, stage: 'open' });

  const a1 = await makeIdea(db(), ana, challenge.id, { tags: 'water, refill', clock });
  const a2 = await makeIdea(db(), ana, challenge.id, { tags: 'water', clock });
  const b1 = await makeIdea(db(), ben, challenge.id, { tags: 'bottles, water', clock });
  await castVote(db(), { actor: ana, ideaId: b1.id, value: 1, clock });
  await castVote(db(), { actor: ben, ideaId: a1.id, value: 1, clock });
  await castVote(db(), { actor: ben, ideaId: a2.id, value: 1, clock });
  await addComment(db(), {
    actor: ana,
    ideaId: b1.id,
    comment: { body: 'Good one', parentId: null },
    clock,
  });
  const gone = await addComment(db(), {
    actor: ana,
    ideaId: b1.id,
    comment: { body: 'Oops', parentId: null },
    clock,
  });
  await deleteComment(db(), { actor: ana, commentId: gone.id, ideaId: b1.id, clock });
  // An hour later, on the quiet brand, Ana only votes, and answers its question with `profile`.
  clock.advance(3_600_000);
  const q1 = await makeIdea(db(), ben, quietChallenge.id, { tags: 'solar', clock });
  await castVote(db(), { actor: ana, ideaId: q1.id, value: 1, clock });
  await setConsent(db(), { actor: ana, brandId: quiet.id, level: 'profile', clock });
  // The untouched brand: a consent answer and nothing else.
  await setConsent(db(), { actor: ana, brandId: untouched.id, level: 'activity', clock });

  // Review and award a1 on the main brand.
  clock.advance(DAY);
  await db()
    .update(challenges)
    .set({ stage: 'review', prizes: [{ points: 200, item: '' }], rewardPoints: 200 })
    .where(eq(challenges.id, challenge.id));
  await shortlistIdea(db(), { actor: owner, ideaId: a1.id, clock });
  await awardChallenge(db(), {
    actor: owner,
    challengeId: challenge.id,
    winners: [{ rank: 1, ideaId: a1.id }],
    clock,
  });
  await backfillCommunity(db());
  return { clock, owner, ana, ben, brand, quiet, untouched, challenge, a1, a2, b1 };
}

/** What Ana really did on a brand, counted from the source tables. */
async function counted(userId: string, brandId: number) {
  const onBrand = sql`${ideas.challengeId} in (select id from challenges where brand_id = ${brandId})`;
  const [i] = await db()
    .select({ n: count() })
    .from(ideas)
    .where(and(eq(ideas.authorId, userId), onBrand));
  const [v] = await db()
    .select({ n: count() })
    .from(votes)
    .innerJoin(ideas, eq(ideas.id, votes.ideaId))
    .where(and(eq(votes.userId, userId), onBrand));
  const [c] = await db()
    .select({ n: count() })
    .from(comments)
    .innerJoin(ideas, eq(ideas.id, comments.ideaId))
    .where(and(eq(comments.authorId, userId), isNull(comments.deletedAt), onBrand));
  const [p] = rowsOf<{ points: number }>(
    await db().execute(
      sql`select coalesce(sum(points), 0)::int as points from ${pointEntries}
        where user_id = ${userId} and brand_id = ${brandId}`,
    ),
  );
  return { ideas: i!.n, votes: v!.n, comments: c!.n, points: Number(p!.points) };
}

describe('the brand cards', () => {
  it('show the real numbers of each brand, the points earned there and the engagement', async () => {
    const w = await world();
    const now = w.clock.now();
    const cards = await brandCardsOf(db(), w.ana.id, now);
    // Most recently active first, then the brand with a consent answer only.
    expect(cards.map((c) => c.slug)).toEqual([w.quiet.slug, w.brand.slug, w.untouched.slug]);
    const [quiet, main] = cards;
    const real = await counted(w.ana.id, w.brand.id);
    expect(real).toEqual({ ideas: 2, votes: 1, comments: 1, points: 345 });
    expect(main).toMatchObject({
      name: w.brand.name,
      activity: { ideas: 2, votes: 1, comments: 1, shortlists: 1, wins: 1 },
      // +10 +10 from Ben's supports, +25 shortlisted, +100 winner, +200 reward.
      points: 345,
    });
    expect(main!.activity!.lastActiveAt).toEqual(new Date('2026-04-01T10:00:00Z'));
    // The formula of the decision record, as the SQL function computes it, idle for 25 hours:
    // w = 5·2 ideas + 2·1 comment + 1 vote + 8·1 shortlisted + 15·1 win = 36.
    const a = main!.activity!;
    const idle = (at: Date) => (at.getTime() - a.lastActiveAt.getTime()) / DAY;
    expect(idle(now)).toBeCloseTo(25 / 24);
    expect(a.engagement).toBe(engagement(a, idle(now)));
    expect(a.engagement).toBe(Math.round(100 * (1 - Math.exp(-36 / 30)) * 0.5 ** (25 / 24 / 60)));
    const at = new Date(now.getTime() + 119 * DAY);
    const later = (await brandCardsOf(db(), w.ana.id, at)).find((c) => c.slug === w.brand.slug);
    expect(later!.activity!.engagement).toBe(engagement(a, idle(at)));
    expect(later!.activity!.engagement).toBeLessThan(a.engagement / 3);

    expect(quiet).toMatchObject({
      activity: { ideas: 0, votes: 1, comments: 0, shortlists: 0, wins: 0 },
      points: 0,
      consent: { level: 'profile', answered: true },
    });
    expect(quiet!.activity!.engagement).toBe(engagement(quiet!.activity!, 1));
  });

  it('show the consent given to each brand, and the default where none was given', async () => {
    const w = await world();
    const cards = await brandCardsOf(db(), w.ana.id, w.clock.now());
    const bySlug = new Map(cards.map((c) => [c.slug, c]));
    expect(bySlug.get(w.brand.slug)!.consent).toEqual({
      level: 'none',
      answered: false,
      updatedAt: null,
    });
    expect(bySlug.get(w.untouched.slug)).toMatchObject({
      activity: null,
      points: 0,
      consent: { level: 'activity', answered: true },
    });
    await setConsent(db(), { actor: w.ana, brandId: w.brand.id, level: 'activity' });
    await setConsent(db(), { actor: w.ana, brandId: w.quiet.id, level: 'none' });
    const after = new Map(
      (await brandCardsOf(db(), w.ana.id, w.clock.now())).map((c) => [c.slug, c.consent.level]),
    );
    expect(after.get(w.brand.slug)).toBe('activity');
    expect(after.get(w.quiet.slug)).toBe('none');
  });

  it('are the person’s own only: nobody else’s brands, numbers or consents', async () => {
    const w = await world();
    const ben = await brandCardsOf(db(), w.ben.id, w.clock.now());
    expect(ben.map((c) => c.slug)).toEqual([w.quiet.slug, w.brand.slug]);
    expect(ben[1]!.activity).toMatchObject({ ideas: 1, votes: 2, comments: 0 });
    expect(ben.every((c) => c.consent.answered === false)).toBe(true);
    const nobody = await makeUser(db());
    expect(await brandCardsOf(db(), nobody.id, w.clock.now())).toEqual([]);
  });
});

describe('the summary', () => {
  it('gives reputation and level, badges earned, rewards and the top interests', async () => {
    const w = await world();
    const [created] = await db().select().from(events).where(eq(events.ideaId, w.a1.id)).limit(1);
    await db().transaction((tx) =>
      awardBadge(tx, { userId: w.ana.id, badge: 'firstIdea', event: created!, now: w.clock.now() }),
    );
    const summary = await summaryOf(db(), w.ana.id, w.clock.now());
    expect(summary.reputation).toEqual({ reputation: 345, ...levelOf(345) });
    expect(summary.reputation.level).toBe(3);
    expect(summary.badges.map((b) => b.key)).toEqual(['firstIdea']);
    expect(summary.badgeCount).toBeGreaterThan(1);
    expect(summary.rewards).toHaveLength(1);
    expect(summary.rewards[0]).toMatchObject({ rank: 1, ideaId: w.a1.id, points: 200 });
    // water 3 + 3 + 2 + 1, refill 3, bottles 2 + 1, solar 2 (all about as old).
    const tags = summary.interests.map((i) => i.tag);
    expect(tags[0]).toBe('water');
    expect(tags.slice(1, 3).sort()).toEqual(['bottles', 'refill']);
    expect(tags[3]).toBe('solar');
    const nobody = await makeUser(db());
    expect(await summaryOf(db(), nobody.id, w.clock.now())).toMatchObject({
      reputation: { reputation: 1, level: 1 },
      badges: [],
      rewards: [],
      interests: [],
    });
  });
});

describe('myRelationships', () => {
  it('offers the person’s brands (cards and brands they work for) to filter the timeline by', async () => {
    const w = await world();
    const ana = await myRelationships(db(), { userId: w.ana.id, now: w.clock.now(), query: {} });
    if (ana.status !== 'ok') throw new Error('expected a page');
    expect(ana.filterBrands.map((b) => b.slug).sort()).toEqual(
      [w.brand.slug, w.quiet.slug, w.untouched.slug].sort(),
    );
    const owner = await myRelationships(db(), {
      userId: w.owner.id,
      now: w.clock.now(),
      query: { brand: w.quiet.slug, kind: 'brandWork' },
    });
    if (owner.status !== 'ok') throw new Error('expected a page');
    expect(owner.brands).toEqual([]);
    expect(owner.filterBrands).toHaveLength(3);
    expect(owner.timeline.items.map((i) => i.key)).toEqual(['challengeCreated', 'brandCreated']);
  });

  it('refuses a brand filter that is not one of the person’s, whether or not it exists', async () => {
    const w = await world();
    const stranger = await makeUser(db());
    const elsewhere = await makeBrand(db(), stranger);
    for (const brand of [elsewhere.slug, 'no-such-brand'])
      expect(
        await myRelationships(db(), { userId: w.ana.id, now: w.clock.now(), query: { brand } }),
      ).toEqual({ status: 'unknownBrand' });
  });
});
