// "My relationships" (/me, issue 14 item 1): the participant's own view of the CRM — their
// reputation, badges, rewards and interests, one card per brand they took part with (what they did
// there, the points it earned them, their engagement and the consent they gave it), and their
// timeline. Only ever the person's own data: every function takes their id from the session.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandParticipants, brands, reputationBrandTotals } from '../../../db/schema';
import { badgesOfUser } from '#app/domain/badges/queries.server';
import { brandsOf } from '#app/domain/brands/queries.server';
import { consentsOf } from '#app/domain/consent/queries.server';
import { DEFAULT_CONSENT } from '#app/domain/consent/policy';
import type { ConsentLevel } from '#app/domain/consent/schema';
import { rewardsOfUser } from '#app/domain/judging/queries.server';
import { reputationOf } from '#app/domain/reputation/queries.server';
import { levelOf } from '#app/domain/reputation/rules';
import { engagementSql, interestsOf, type Interest } from './interests.server';
import type { TimelineQuery } from './timeline';
import { timelineOf, type TimelinePage } from './timeline.server';

export type BrandCard = {
  brandId: number;
  slug: string;
  name: string;
  /** What they did on the brand's challenges (brand_participants); null when nothing stands now. */
  activity: {
    ideas: number;
    votes: number;
    comments: number;
    shortlists: number;
    wins: number;
    firstActiveAt: Date;
    lastActiveAt: Date;
    /** 0–100, the SQL function brand_engagement (docs/decisions/017). */
    engagement: number;
  } | null;
  /** Their ledger sum on the brand (reputation_brand_totals). */
  points: number;
  /** What the brand may see; `answered` false while they were never asked (the default applies). */
  consent: { level: ConsentLevel; answered: boolean; updatedAt: Date | null };
};

/**
 * One card per brand the person took part with (a brand_participants row) or answered the consent
 * question for: most recently active first, then brands with a consent only, by name.
 */
export async function brandCardsOf(db: Db, userId: string, now: Date): Promise<BrandCard[]> {
  const active = await db
    .select({
      brandId: brands.id,
      slug: brands.slug,
      name: brands.name,
      ideas: brandParticipants.ideas,
      votes: brandParticipants.votes,
      comments: brandParticipants.comments,
      shortlists: brandParticipants.shortlists,
      wins: brandParticipants.wins,
      firstActiveAt: brandParticipants.firstActiveAt,
      lastActiveAt: brandParticipants.lastActiveAt,
      engagement: engagementSql(
        {
          ideas: brandParticipants.ideas,
          votes: brandParticipants.votes,
          comments: brandParticipants.comments,
          shortlists: brandParticipants.shortlists,
          wins: brandParticipants.wins,
          lastActiveAt: brandParticipants.lastActiveAt,
        },
        now,
      ),
    })
    .from(brandParticipants)
    .innerJoin(brands, eq(brands.id, brandParticipants.brandId))
    .where(eq(brandParticipants.userId, userId))
    .orderBy(desc(brandParticipants.lastActiveAt), brands.name);
  const consents = await consentsOf(db, userId);
  const brandIds = [
    ...new Set([...active.map((a) => a.brandId), ...consents.map((c) => c.brandId)]),
  ];
  const totals = brandIds.length
    ? await db
        .select({ brandId: reputationBrandTotals.brandId, points: reputationBrandTotals.points })
        .from(reputationBrandTotals)
        .where(
          and(
            eq(reputationBrandTotals.userId, userId),
            inArray(reputationBrandTotals.brandId, brandIds),
          ),
        )
    : [];
  const pointsOf = new Map(totals.map((t) => [t.brandId, t.points]));
  const consentOf = new Map(consents.map((c) => [c.brandId, c]));
  const consent = (brandId: number): BrandCard['consent'] => {
    const c = consentOf.get(brandId);
    return c
      ? { level: c.level, answered: true, updatedAt: c.updatedAt }
      : { level: DEFAULT_CONSENT, answered: false, updatedAt: null };
  };
  const cards: BrandCard[] = active.map(({ brandId, slug, name, engagement, ...counts }) => ({
    brandId,
    slug,
    name,
    activity: { ...counts, engagement: Number(engagement) },
    points: pointsOf.get(brandId) ?? 0,
    consent: consent(brandId),
  }));
  const seen = new Set(cards.map((c) => c.brandId));
  const consentOnly = consents
    .filter((c) => !seen.has(c.brandId))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c): BrandCard => ({
      brandId: c.brandId,
      slug: c.slug,
      name: c.name,
      activity: null,
      points: pointsOf.get(c.brandId) ?? 0,
      consent: consent(c.brandId),
    }));
  return [...cards, ...consentOnly];
}

/** Reputation and level, the badges earned (newest first), rewards won and the top interests. */
export async function summaryOf(db: Db, userId: string, now: Date) {
  const reputation = await reputationOf(db, userId);
  const badges = await badgesOfUser(db, userId);
  const rewards = await rewardsOfUser(db, userId);
  const interests: Interest[] = (await interestsOf(db, [userId], { now })).get(userId) ?? [];
  return {
    reputation: { reputation, ...levelOf(reputation) },
    badges: badges
      .filter((b): b is typeof b & { earnedAt: Date } => b.earnedAt !== null)
      .sort((a, b) => b.earnedAt.getTime() - a.earnedAt.getTime()),
    badgeCount: badges.length,
    rewards,
    interests,
  };
}

export type MyRelationships =
  | { status: 'unknownBrand' }
  | {
      status: 'ok';
      summary: Awaited<ReturnType<typeof summaryOf>>;
      brands: BrandCard[];
      /** The brands the timeline can be filtered by: their cards, and the brands they work for. */
      filterBrands: { slug: string; name: string }[];
      timeline: TimelinePage;
    };

/**
 * Everything /me shows the person `userId`, with one page of their timeline as `query` asks
 * (already parsed by timelineQuerySchema). A brand filter naming a brand that is not among theirs
 * is `unknownBrand` (the page answers 400), whether or not such a brand exists.
 */
export async function myRelationships(
  db: Db,
  { userId, now, query }: { userId: string; now: Date; query: TimelineQuery },
): Promise<MyRelationships> {
  const cards = await brandCardsOf(db, userId, now);
  const member = await brandsOf(db, userId);
  const filterBrands = [
    ...new Map(
      [...cards, ...member].map((b) => [
        b.slug,
        { slug: b.slug, name: b.name, id: 'brandId' in b ? b.brandId : b.id },
      ]),
    ).values(),
  ].sort((a, b) => a.name.localeCompare(b.name));
  const brand =
    query.brand === undefined ? undefined : filterBrands.find((b) => b.slug === query.brand);
  if (query.brand !== undefined && !brand) return { status: 'unknownBrand' };
  const timeline = await timelineOf(db, {
    userId,
    kind: query.kind,
    brandId: brand?.id,
    after: query.after,
  });
  return {
    status: 'ok',
    summary: await summaryOf(db, userId, now),
    brands: cards,
    filterBrands: filterBrands.map(({ slug, name }) => ({ slug, name })),
    timeline,
  };
}
