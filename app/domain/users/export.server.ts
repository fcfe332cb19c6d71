// "Download my data": one JSON document with everything about one person, written as a stream of
// text chunks. Every table is read a page at a time (keyset pagination on a key unique within the
// person's rows), so a large account never sits in memory whole.
//
// Privacy: only the person's own rows, and nothing naming someone else's private data — votes are
// secret, so who voted on their ideas (an event's actor, a notification's actor, a ledger entry's
// cause) is left out; nobody else's email is ever selected. Intents (issue 17): their intents, the
// offers brands made on them (as from the brand: which member wrote one is the brand's business)
// and the thread messages they wrote; no event or notification about an intent names who acted on
// the other side (a brand member for the author, the author for a brand member).
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { rowsOf } from '../../../db/client.server';
import {
  brandMembers,
  brands,
  challengeFollows,
  digestSends,
  mailSettings,
  notificationPreferences,
  challenges,
  comments,
  events,
  ideas,
  intentBrands,
  intentMessages,
  intentOffers,
  intents,
  notifications,
  pointEntries,
  reputationTotals,
  rewards,
  scorecards,
  userBadges,
  users,
  votes,
} from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { notFound } from '#app/domain/core/errors';
import { reputationOf } from '#app/domain/reputation/rules';

export const EXPORT_FORMAT = 'cocrea-export/1';
export const EXPORT_PAGE_SIZE = 500;

/** Ledger rules caused by a vote: their cause is the (secret) voter. */
const VOTE_RULES = new Set(['supportReceived', 'opposeReceived']);
/** Notification kinds caused by a vote. */
const VOTE_KINDS = new Set(['vote', 'oppose']);
/** Notification kinds about intents: between the author and a brand, neither names the other's people. */
const INTENT_KINDS = new Set(['offer', 'offer_answer', 'intent_message', 'intent_expired']);
/** Event types between an intent's author and a brand (app/domain/intents/events.ts). */
const isIntentEvent = (type: string) => type.startsWith('intent.') || type.startsWith('offer.');

export type ExportOptions = Timed & { pageSize?: number };

/** Loads up to `limit` rows after the key of the last row read (none: from the start). */
type Page<R extends K, K> = (after: K | undefined, limit: number) => Promise<R[]>;

/** Reads a section a page at a time: each page starts after the last row of the previous one. */
async function* pages<R extends K, K>(load: Page<R, K>, size: number): AsyncGenerator<R[]> {
  let after: K | undefined;
  for (;;) {
    const rows = await load(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1];
  }
}

/** `"name":[…]` written one page per chunk. */
async function* arraySection<R extends K, K>(
  name: string,
  load: Page<R, K>,
  size: number,
  shape: (row: R) => unknown,
): AsyncGenerator<string> {
  yield `,${JSON.stringify(name)}:[`;
  let first = true;
  for await (const rows of pages(load, size)) {
    yield (first ? '' : ',') + rows.map((r) => JSON.stringify(shape(r))).join(',');
    first = false;
  }
  yield ']';
}

const after = (cond: SQL | undefined, keyset: SQL | undefined) =>
  keyset ? and(cond, keyset) : cond;

/**
 * The person's data as JSON text chunks forming one document. Resolves once the account is found
 * (a missing account is a NotFound before anything is sent); the chunks are read as they are pulled.
 */
export async function exportUserData(
  db: Db,
  userId: string,
  options: ExportOptions = {},
): Promise<AsyncIterable<string>> {
  const exportedAt = nowFrom(options);
  const size = Math.max(1, options.pageSize ?? EXPORT_PAGE_SIZE);
  const [profile] = await db
    .select({
      handle: users.handle,
      displayName: users.displayName,
      email: users.email,
      bio: users.bio,
      locale: users.locale,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!profile) throw notFound('errors.notFound.person');
  return generate(db, userId, { exportedAt, profile, size });
}

async function* generate(
  db: Db,
  me: string,
  { exportedAt, profile, size }: { exportedAt: Date; profile: object; size: number },
): AsyncGenerator<string> {
  yield `{"exportedAt":${JSON.stringify(exportedAt.toISOString())},"format":${JSON.stringify(EXPORT_FORMAT)}`;
  yield `,"profile":${JSON.stringify(profile)}`;

  yield* arraySection(
    'ideas',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: ideas.id,
          challengeId: ideas.challengeId,
          challengeTitle: challenges.title,
          title: ideas.title,
          body: ideas.body,
          tags: ideas.tags,
          status: ideas.status,
          buildsOnId: ideas.buildsOnId,
          supportCount: ideas.supportCount,
          opposeCount: ideas.opposeCount,
          commentCount: ideas.commentCount,
          createdAt: ideas.createdAt,
          updatedAt: ideas.updatedAt,
        })
        .from(ideas)
        .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
        .where(after(eq(ideas.authorId, me), last && gt(ideas.id, last.id)))
        .orderBy(asc(ideas.id))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'comments',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: comments.id,
          ideaId: comments.ideaId,
          parentId: comments.parentId,
          body: comments.body,
          createdAt: comments.createdAt,
          updatedAt: comments.updatedAt,
          deletedAt: comments.deletedAt,
        })
        .from(comments)
        .where(after(eq(comments.authorId, me), last && gt(comments.id, last.id)))
        .orderBy(asc(comments.id))
        .limit(limit),
    size,
    (r) => ({ ...r, deleted: r.deletedAt !== null }),
  );

  yield* arraySection(
    'votes',
    (last: { ideaId: number } | undefined, limit) =>
      db
        .select({
          ideaId: votes.ideaId,
          ideaTitle: ideas.title,
          value: votes.value,
          createdAt: votes.createdAt,
          updatedAt: votes.updatedAt,
        })
        .from(votes)
        .innerJoin(ideas, eq(ideas.id, votes.ideaId))
        .where(after(eq(votes.userId, me), last && gt(votes.ideaId, last.ideaId)))
        .orderBy(asc(votes.ideaId))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'ledger',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: pointEntries.id,
          rule: pointEntries.rule,
          nominal: pointEntries.nominal,
          points: pointEntries.points,
          day: pointEntries.day,
          eventId: pointEntries.eventId,
          reversesId: pointEntries.reversesId,
          brandId: pointEntries.brandId,
          challengeId: pointEntries.challengeId,
          ideaId: pointEntries.ideaId,
          commentId: pointEntries.commentId,
          rewardId: pointEntries.rewardId,
          causeUserId: pointEntries.causeUserId,
          createdAt: pointEntries.createdAt,
        })
        .from(pointEntries)
        .where(after(eq(pointEntries.userId, me), last && gt(pointEntries.id, last.id)))
        .orderBy(asc(pointEntries.id))
        .limit(limit),
    size,
    // Who voted is secret: a vote received names no voter.
    (r) => ({ ...r, causeUserId: VOTE_RULES.has(r.rule) ? null : r.causeUserId }),
  );

  const [total] = await db
    .select({ points: reputationTotals.points })
    .from(reputationTotals)
    .where(eq(reputationTotals.userId, me));
  const points = total?.points ?? 0;
  yield `,"reputation":${JSON.stringify({ points, reputation: reputationOf(points) })}`;

  yield* arraySection(
    'badges',
    (last: { badge: string } | undefined, limit) =>
      db
        .select({ badge: userBadges.badge, earnedAt: userBadges.earnedAt })
        .from(userBadges)
        .where(after(eq(userBadges.userId, me), last && gt(userBadges.badge, last.badge)))
        .orderBy(asc(userBadges.badge))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'rewards',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: rewards.id,
          challengeId: rewards.challengeId,
          ideaId: rewards.ideaId,
          rank: rewards.rank,
          points: rewards.points,
          prize: rewards.prize,
          status: rewards.status,
          note: rewards.note,
          decidedAt: rewards.decidedAt,
          createdAt: rewards.createdAt,
        })
        .from(rewards)
        .where(after(eq(rewards.userId, me), last && gt(rewards.id, last.id)))
        .orderBy(asc(rewards.id))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'follows',
    (last: { challengeId: number } | undefined, limit) =>
      db
        .select({
          challengeId: challengeFollows.challengeId,
          challengeTitle: challenges.title,
          createdAt: challengeFollows.createdAt,
        })
        .from(challengeFollows)
        .innerJoin(challenges, eq(challenges.id, challengeFollows.challengeId))
        .where(
          after(
            eq(challengeFollows.userId, me),
            last && gt(challengeFollows.challengeId, last.challengeId),
          ),
        )
        .orderBy(asc(challengeFollows.challengeId))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'scorecards',
    (last: { ideaId: number } | undefined, limit) =>
      db
        .select({
          ideaId: scorecards.ideaId,
          challengeId: scorecards.challengeId,
          scores: scorecards.scores,
          weighted: scorecards.weighted,
          submittedAt: scorecards.submittedAt,
          createdAt: scorecards.createdAt,
          updatedAt: scorecards.updatedAt,
        })
        .from(scorecards)
        .where(after(eq(scorecards.judgeId, me), last && gt(scorecards.ideaId, last.ideaId)))
        .orderBy(asc(scorecards.ideaId))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'brandMemberships',
    (last: { brandId: number } | undefined, limit) =>
      db
        .select({
          brandId: brandMembers.brandId,
          brandName: brands.name,
          brandSlug: brands.slug,
          role: brandMembers.role,
          createdAt: brandMembers.createdAt,
        })
        .from(brandMembers)
        .innerJoin(brands, eq(brands.id, brandMembers.brandId))
        .where(after(eq(brandMembers.userId, me), last && gt(brandMembers.brandId, last.brandId)))
        .orderBy(asc(brandMembers.brandId))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'notifications',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          eventId: notifications.eventId,
          actorId: notifications.actorId,
          ideaId: notifications.ideaId,
          commentId: notifications.commentId,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(after(eq(notifications.userId, me), last && gt(notifications.id, last.id)))
        .orderBy(asc(notifications.id))
        .limit(limit),
    size,
    (r) => ({
      ...r,
      actorId: VOTE_KINDS.has(r.kind) || INTENT_KINDS.has(r.kind) ? null : r.actorId,
      read: r.readAt !== null,
    }),
  );

  yield* arraySection(
    'notificationPreferences',
    (last: { topic: string } | undefined, limit) =>
      db
        .select({
          topic: notificationPreferences.topic,
          channel: notificationPreferences.channel,
          updatedAt: notificationPreferences.updatedAt,
        })
        .from(notificationPreferences)
        .where(
          after(
            eq(notificationPreferences.userId, me),
            last && sql`${notificationPreferences.topic}::text > ${last.topic}`,
          ),
        )
        .orderBy(sql`${notificationPreferences.topic}::text`)
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'mailSettings',
    (last: { userId: string } | undefined, limit) =>
      db
        .select({
          userId: mailSettings.userId,
          digestFrequency: mailSettings.digestFrequency,
          updatedAt: mailSettings.updatedAt,
        })
        .from(mailSettings)
        .where(after(eq(mailSettings.userId, me), last && gt(mailSettings.userId, last.userId)))
        .limit(limit),
    size,
    ({ userId: _, ...r }) => r,
  );

  yield* arraySection(
    'digestsSent',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: digestSends.id,
          frequency: digestSends.frequency,
          periodStart: digestSends.periodStart,
          periodEnd: digestSends.periodEnd,
          items: digestSends.items,
          sentAt: digestSends.sentAt,
        })
        .from(digestSends)
        .where(after(eq(digestSends.userId, me), last && gt(digestSends.id, last.id)))
        .orderBy(asc(digestSends.id))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'events',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: events.id,
          type: events.type,
          actorId: events.actorId,
          brandId: events.brandId,
          challengeId: events.challengeId,
          ideaId: events.ideaId,
          commentId: events.commentId,
          subjectUserId: events.subjectUserId,
          payload: events.payload,
          createdAt: events.createdAt,
        })
        .from(events)
        .where(
          after(
            or(eq(events.actorId, me), eq(events.subjectUserId, me)),
            last && gt(events.id, last.id),
          ),
        )
        .orderBy(asc(events.id))
        .limit(limit),
    size,
    // A vote on their idea by someone else, or a brand member's step on their intent: what
    // happened, never who did it. A brand member's own steps name the intent's author nowhere.
    (r) => {
      if (r.actorId !== me && (r.type.startsWith('vote.') || isIntentEvent(r.type)))
        return { ...r, actorId: null };
      if (r.actorId === me && r.subjectUserId !== me && isIntentEvent(r.type))
        return { ...r, subjectUserId: null };
      return r;
    },
  );

  yield* intentSections(db, me, size);

  yield* consentSection(db, me, size);
  yield '}';
}

/** The person's intents, the offers brands made on them, and the thread messages they wrote. */
async function* intentSections(db: Db, me: string, size: number): AsyncGenerator<string> {
  yield* arraySection(
    'intents',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: intents.id,
          status: intents.status,
          title: intents.title,
          body: intents.body,
          language: intents.language,
          tags: intents.tags,
          place: intents.place,
          startsOn: intents.startsOn,
          endsOn: intents.endsOn,
          budgetMin: intents.budgetMin,
          budgetMax: intents.budgetMax,
          currency: intents.currency,
          audience: intents.audience,
          accepts: intents.accepts,
          contactEmail: intents.contactEmail,
          expiresAt: intents.expiresAt,
          publishedAt: intents.publishedAt,
          closedAt: intents.closedAt,
          createdAt: intents.createdAt,
          updatedAt: intents.updatedAt,
          // The brands they picked, when the audience is `picked`.
          pickedBrands: sql<{ id: number; name: string; slug: string }[]>`coalesce((
            select json_agg(json_build_object('id', b.id, 'name', b.name, 'slug', b.slug) order by b.id)
            from ${intentBrands} ib join ${brands} b on b.id = ib.brand_id
            where ib.intent_id = "intents"."id"), '[]'::json)`,
        })
        .from(intents)
        .where(after(eq(intents.authorId, me), last && gt(intents.id, last.id)))
        .orderBy(asc(intents.id))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'offersReceived',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: intentOffers.id,
          intentId: intentOffers.intentId,
          brandId: intentOffers.brandId,
          brandName: brands.name,
          brandSlug: brands.slug,
          status: intentOffers.status,
          body: intentOffers.body,
          conditions: intentOffers.conditions,
          price: intentOffers.price,
          currency: intentOffers.currency,
          benefit: intentOffers.benefit,
          validUntil: intentOffers.validUntil,
          declineReason: intentOffers.declineReason,
          answeredAt: intentOffers.answeredAt,
          createdAt: intentOffers.createdAt,
          updatedAt: intentOffers.updatedAt,
        })
        .from(intentOffers)
        .innerJoin(intents, eq(intents.id, intentOffers.intentId))
        .innerJoin(brands, eq(brands.id, intentOffers.brandId))
        .where(after(eq(intents.authorId, me), last && gt(intentOffers.id, last.id)))
        .orderBy(asc(intentOffers.id))
        .limit(limit),
    size,
    (r) => r,
  );

  yield* arraySection(
    'intentMessages',
    (last: { id: number } | undefined, limit) =>
      db
        .select({
          id: intentMessages.id,
          intentId: intentMessages.intentId,
          brandId: intentMessages.brandId,
          brandName: brands.name,
          fromBrand: intentMessages.fromBrand,
          body: intentMessages.body,
          createdAt: intentMessages.createdAt,
        })
        .from(intentMessages)
        .innerJoin(brands, eq(brands.id, intentMessages.brandId))
        .where(after(eq(intentMessages.senderId, me), last && gt(intentMessages.id, last.id)))
        .orderBy(asc(intentMessages.id))
        .limit(limit),
    size,
    (r) => r,
  );
}

type ConsentRow = { brand_id: number; consent: Record<string, unknown> };

/** Consents given to brands, when the consent table exists (it came with issue 14). */
async function* consentSection(db: Db, me: string, size: number): AsyncGenerator<string> {
  const [found] = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass('public.brand_consents') is not null as present`),
  );
  if (!found?.present) return;
  yield* arraySection(
    'consents',
    async (last: ConsentRow | undefined, limit) =>
      rowsOf<ConsentRow>(
        await db.execute(sql`
          select c.brand_id, to_jsonb(c) - 'user_id' || jsonb_build_object('brandName', b.name, 'brandSlug', b.slug) as consent
          from brand_consents c join brands b on b.id = c.brand_id
          where c.user_id = ${me} ${last ? sql`and c.brand_id > ${last.brand_id}` : sql``}
          order by c.brand_id
          limit ${limit}`),
      ),
    size,
    (r) => r.consent,
  );
}
