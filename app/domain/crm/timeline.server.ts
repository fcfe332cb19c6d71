// The participant's timeline on /me (issue 14 item 1): everything they did and everything that
// happened to them, from the event log — the events where they are the actor or the subject — with
// what the ledger gave them for each (point entries of that event and that person).
//
// One page is read in three indexed steps: the ids (the union of a backward scan of
// events_actor_idx (actor_id, id) and one of events_subject_idx (subject_user_id, id), each
// stopped at the page size, then ordered and cut again), the details of those ids, and the ledger
// sums of those ids. Pages are keyed by event id, so reading page 100 costs what page 1 does and
// no entry is skipped or shown twice however many are added meanwhile.
//
// Privacy follows the notifications (app/domain/notifications/queries.server.ts): votes are secret,
// so a vote received never names its voter; comments and builds-on received name their author;
// shortlists, awards and moderation name nobody. An idea no longer public (hidden, withdrawn,
// merged) is named only to its author, as on the points history (app/domain/reputation/history).
// Intents (issue 17) are private: the author's own intents are named to them, and an intent a
// brand dealt with is named to the brand member who acted only while they are still its member;
// the brand side's sentences never name the author.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rowsOf, type Db } from '../../../db/client.server';
import {
  brandMembers,
  brands,
  challenges,
  comments,
  events,
  ideas,
  intents,
  pointEntries,
  users,
} from '../../../db/schema';
import type { EventType } from '#app/domain/events/registry';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import {
  TIMELINE_PAGE_SIZE,
  type TimelineItem,
  type TimelineKey,
  type TimelineKind,
} from './timeline';

export type { TimelineItem };

type Role = 'actor' | 'subject';

/**
 * Which events reach the timeline, for which part the person played, under which filter kinds.
 * `buildsOn`: only (true) or never (false) an idea that builds on another; `fromBrand`: only
 * (true) or never (false) a message written on a brand's side of an intent's thread. Types not
 * listed here
 * never show: the brand's housekeeping (edits of a challenge, saved community segments), the
 * system's own bookkeeping (`community.changed`), a deleted account (its owner no longer sees this
 * page) and `idea.status_changed` (reserved, appended by nothing yet).
 */
const SHOWN: readonly {
  type: EventType;
  role: Role;
  kinds: readonly TimelineKind[];
  buildsOn?: boolean;
  fromBrand?: boolean;
}[] = [
  { type: 'user.joined', role: 'actor', kinds: ['other'] },
  { type: 'idea.created', role: 'actor', kinds: ['ideas'], buildsOn: false },
  { type: 'idea.created', role: 'actor', kinds: ['ideas', 'buildsOn'], buildsOn: true },
  { type: 'idea.updated', role: 'actor', kinds: ['ideas'] },
  { type: 'idea.withdrawn', role: 'actor', kinds: ['ideas'] },
  { type: 'vote.cast', role: 'actor', kinds: ['votes'] },
  { type: 'vote.changed', role: 'actor', kinds: ['votes'] },
  { type: 'vote.withdrawn', role: 'actor', kinds: ['votes'] },
  { type: 'comment.created', role: 'actor', kinds: ['comments'] },
  { type: 'comment.updated', role: 'actor', kinds: ['comments'] },
  { type: 'comment.deleted', role: 'actor', kinds: ['comments'] },
  { type: 'challenge.followed', role: 'actor', kinds: ['other'] },
  { type: 'challenge.unfollowed', role: 'actor', kinds: ['other'] },
  { type: 'consent.changed', role: 'actor', kinds: ['consent'] },
  // Work for a brand the person is a member of.
  { type: 'brand.created', role: 'actor', kinds: ['brandWork'] },
  { type: 'brand.member_added', role: 'actor', kinds: ['brandWork'] },
  { type: 'brand.member_removed', role: 'actor', kinds: ['brandWork'] },
  { type: 'challenge.created', role: 'actor', kinds: ['brandWork'] },
  { type: 'challenge.stage_changed', role: 'actor', kinds: ['brandWork'] },
  { type: 'scorecard.submitted', role: 'actor', kinds: ['brandWork'] },
  { type: 'idea.shortlisted', role: 'actor', kinds: ['brandWork'] },
  { type: 'idea.unshortlisted', role: 'actor', kinds: ['brandWork'] },
  { type: 'reward.granted', role: 'actor', kinds: ['brandWork'] },
  { type: 'reward.fulfilled', role: 'actor', kinds: ['brandWork'] },
  { type: 'reward.revoked', role: 'actor', kinds: ['brandWork'] },
  { type: 'offer.made', role: 'actor', kinds: ['brandWork'] },
  { type: 'offer.updated', role: 'actor', kinds: ['brandWork'] },
  { type: 'offer.withdrawn', role: 'actor', kinds: ['brandWork'] },
  { type: 'intent.message_sent', role: 'actor', kinds: ['brandWork'], fromBrand: true },
  // The person's own intents: what they did (the author is each intent event's subject too).
  { type: 'intent.published', role: 'actor', kinds: ['intents'] },
  { type: 'intent.closed', role: 'actor', kinds: ['intents'] },
  { type: 'offer.accepted', role: 'actor', kinds: ['intents'] },
  { type: 'offer.declined', role: 'actor', kinds: ['intents'] },
  { type: 'intent.message_sent', role: 'actor', kinds: ['intents'], fromBrand: false },
  // What others (or the system) did that concerns the person.
  { type: 'idea.created', role: 'subject', kinds: ['buildsOn'], buildsOn: true },
  { type: 'vote.cast', role: 'subject', kinds: ['votes'] },
  { type: 'vote.changed', role: 'subject', kinds: ['votes'] },
  { type: 'vote.withdrawn', role: 'subject', kinds: ['votes'] },
  { type: 'comment.created', role: 'subject', kinds: ['comments'] },
  { type: 'idea.shortlisted', role: 'subject', kinds: ['shortlists'] },
  { type: 'idea.unshortlisted', role: 'subject', kinds: ['shortlists'] },
  { type: 'reward.granted', role: 'subject', kinds: ['rewards'] },
  { type: 'reward.fulfilled', role: 'subject', kinds: ['rewards'] },
  { type: 'reward.revoked', role: 'subject', kinds: ['rewards'] },
  { type: 'badge.earned', role: 'subject', kinds: ['badges'] },
  { type: 'content.hidden', role: 'subject', kinds: ['moderation'] },
  { type: 'brand.member_added', role: 'subject', kinds: ['brandWork'] },
  { type: 'brand.member_removed', role: 'subject', kinds: ['brandWork'] },
  // What brands did about the person's intents, and the expiry job.
  { type: 'intent.expired', role: 'subject', kinds: ['intents'] },
  { type: 'offer.made', role: 'subject', kinds: ['intents'] },
  { type: 'offer.updated', role: 'subject', kinds: ['intents'] },
  { type: 'offer.withdrawn', role: 'subject', kinds: ['intents'] },
  { type: 'intent.message_sent', role: 'subject', kinds: ['intents'], fromBrand: true },
];

const BUILDS_ON = sql`(${events.payload}->>'buildsOnId') is not null`;
/** A message of an intent's thread written on the brand's side (its payload says so). */
const FROM_BRAND = sql`coalesce((${events.payload}->'fromBrand') = 'true'::jsonb, false)`;

/** The variant a rule asks for, as `condition:value`, or null for every event of its type. */
function variantOf(rule: { buildsOn?: boolean; fromBrand?: boolean }): string | null {
  if (rule.buildsOn !== undefined) return `buildsOn:${rule.buildsOn}`;
  if (rule.fromBrand !== undefined) return `fromBrand:${rule.fromBrand}`;
  return null;
}

const VARIANT_SQL: Record<string, SQL> = {
  'buildsOn:true': BUILDS_ON,
  'buildsOn:false': sql`not ${BUILDS_ON}`,
  'fromBrand:true': FROM_BRAND,
  'fromBrand:false': sql`not ${FROM_BRAND}`,
};

/** The condition on type (and payload) for one role's scan, or null when nothing of it is asked. */
function typesFor(role: Role, kind: TimelineKind | undefined): SQL | null {
  const rules = SHOWN.filter((r) => r.role === role && (!kind || r.kinds.includes(kind)));
  if (!rules.length) return null;
  const byType = new Map<string, Set<string | null>>();
  for (const r of rules) {
    const variants = byType.get(r.type) ?? new Set();
    variants.add(variantOf(r));
    byType.set(r.type, variants);
  }
  const plain: string[] = [];
  const parts: SQL[] = [];
  for (const [type, variants] of byType) {
    // Every event of the type: no variant asked, or both sides of one.
    const both = [...variants].some(
      (v) => v?.endsWith(':true') && variants.has(v.replace(/:true$/, ':false')),
    );
    if (variants.has(null) || both) plain.push(type);
    else
      for (const v of variants) parts.push(sql`(${events.type} = ${type} and ${VARIANT_SQL[v!]!})`);
  }
  if (plain.length) parts.unshift(sql`${events.type} in ${plain}`);
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

export type TimelineFilter = {
  userId: string;
  kind?: TimelineKind;
  brandId?: number;
  /** The id of the last entry seen: the page starts with the next older one. */
  after?: number;
};

/**
 * The statement selecting the ids of one page (newest first, `limit` of them): the union of one
 * backward scan per role along its index, each with its own limit, then ordered and cut. The
 * subject's scan leaves out what the person did themselves (the actor's scan has it), so no event
 * comes twice. Exported for the test that reads its plan.
 */
export function timelineIdsSql({ userId, kind, brandId, after }: TimelineFilter, limit: number) {
  const common = (role: Role): SQL | null => {
    const types = typesFor(role, kind);
    if (!types) return null;
    const who =
      role === 'actor'
        ? sql`${events.actorId} = ${userId}`
        : sql`${events.subjectUserId} = ${userId} and ${events.actorId} is distinct from ${userId}`;
    const brand = brandId === undefined ? sql`` : sql` and ${events.brandId} = ${brandId}`;
    const before = after === undefined ? sql`` : sql` and ${events.id} < ${after}`;
    return sql`(select ${events.id} from ${events} where ${who} and ${types}${brand}${before}
      order by ${events.id} desc limit ${limit})`;
  };
  const scans = [common('actor'), common('subject')].filter((s): s is SQL => s !== null);
  return sql`select id from (${sql.join(scans, sql` union all `)}) page
    order by id desc limit ${limit}`;
}

export type TimelinePage = {
  items: TimelineItem[];
  /** The cursor of the next (older) page, or null at the end. */
  next: number | null;
  /** The page is the newest one. */
  first: boolean;
};

const EXCERPT_LENGTH = 140;

const original = alias(ideas, 'original');
const membership = alias(brandMembers, 'membership');
const actor = alias(users, 'actor');
const subject = alias(users, 'subject');

const isPublic = (status: string | null) =>
  status !== null && (PUBLIC_IDEA_STATUSES as readonly string[]).includes(status);

/** A small integer from a payload, or null. */
const intOf = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const strOf = (v: unknown) => (typeof v === 'string' ? v : null);

type Row = {
  id: number;
  type: string;
  actorId: string | null;
  payload: Record<string, unknown>;
  at: Date;
  ideaId: number | null;
  ideaTitle: string | null;
  ideaStatus: string | null;
  ideaAuthor: string | null;
  originalId: number | null;
  originalTitle: string | null;
  originalStatus: string | null;
  originalAuthor: string | null;
  challengeSlug: string | null;
  challengeTitle: string | null;
  challengeLanguage: string | null;
  brandSlug: string | null;
  brandName: string | null;
  actorHandle: string | null;
  actorExists: boolean;
  subjectHandle: string | null;
  subjectExists: boolean;
  commentBody: string | null;
  commentGone: boolean;
  intentId: number | null;
  intentTitle: string | null;
  intentAuthor: string | null;
  /** The person is a member of the event's brand now. */
  brandMember: boolean;
};

/** The sentence of an event, for the part the person played; null for one the timeline skips. */
function keyOf(row: Row, mine: boolean): TimelineKey | null {
  const p = row.payload;
  const to = intOf(p.to);
  const buildsOn = p.buildsOnId !== null && p.buildsOnId !== undefined;
  if (mine)
    switch (row.type) {
      case 'user.joined':
        return 'joined';
      case 'idea.created':
        return buildsOn ? 'ideaBuiltOn' : 'ideaCreated';
      case 'idea.updated':
        return 'ideaUpdated';
      case 'idea.withdrawn':
        return 'ideaWithdrawn';
      case 'vote.cast':
        return to === -1 ? 'opposed' : 'supported';
      case 'vote.changed':
        return to === -1 ? 'voteChangedToOppose' : 'voteChangedToSupport';
      case 'vote.withdrawn':
        return 'voteWithdrawn';
      case 'comment.created':
        return p.parentId ? 'replied' : 'commented';
      case 'comment.updated':
        return 'commentEdited';
      case 'comment.deleted':
        return 'commentDeleted';
      case 'challenge.followed':
        return 'followed';
      case 'challenge.unfollowed':
        return 'unfollowed';
      case 'consent.changed':
        return 'consentChanged';
      case 'brand.created':
        return 'brandCreated';
      case 'brand.member_added':
        return 'managerAdded';
      case 'brand.member_removed':
        return 'managerRemoved';
      case 'challenge.created':
        return 'challengeCreated';
      case 'challenge.stage_changed':
        return 'stageMoved';
      case 'scorecard.submitted':
        return 'scored';
      case 'idea.shortlisted':
        return 'shortlistedIdea';
      case 'idea.unshortlisted':
        return 'unshortlistedIdea';
      case 'reward.granted':
        return 'awarded';
      case 'reward.fulfilled':
        return 'rewardFulfilledBy';
      case 'reward.revoked':
        return 'rewardRevokedBy';
      case 'intent.published':
        return 'intentPublished';
      case 'intent.closed':
        return 'intentClosed';
      case 'offer.accepted':
        return 'offerAccepted';
      case 'offer.declined':
        return 'offerDeclined';
      case 'offer.made':
        return 'offerMade';
      case 'offer.updated':
        return 'offerUpdated';
      case 'offer.withdrawn':
        return 'offerWithdrawn';
      case 'intent.message_sent':
        return p.fromBrand === true ? 'brandMessageSent' : 'messageSent';
      default:
        return null;
    }
  switch (row.type) {
    case 'idea.created':
      return buildsOn ? 'builtOnYours' : null;
    case 'vote.cast':
      return to === -1 ? 'opposeReceived' : 'supportReceived';
    case 'vote.changed':
      return 'voteChangedReceived';
    case 'vote.withdrawn':
      return 'voteWithdrawnReceived';
    case 'comment.created':
      return p.parentId ? 'replyReceived' : 'commentReceived';
    case 'idea.shortlisted':
      return 'shortlisted';
    case 'idea.unshortlisted':
      return 'unshortlisted';
    case 'reward.granted':
      return 'won';
    case 'reward.fulfilled':
      return 'rewardFulfilled';
    case 'reward.revoked':
      return 'rewardRevoked';
    case 'badge.earned':
      return 'badgeEarned';
    case 'content.hidden':
      return p.kind === 'comment' ? 'commentHidden' : 'ideaHidden';
    case 'brand.member_added':
      return 'addedToTeam';
    case 'brand.member_removed':
      return 'removedFromTeam';
    case 'intent.expired':
      return 'intentExpired';
    case 'offer.made':
      return 'offerReceived';
    case 'offer.updated':
      return 'offerUpdatedReceived';
    case 'offer.withdrawn':
      return 'offerWithdrawnReceived';
    case 'intent.message_sent':
      return p.fromBrand === true ? 'messageReceived' : null;
    default:
      return null;
  }
}

/** Whom each sentence names besides the person: the author of what they received, or whom they answered. */
const NAMES_ACTOR: ReadonlySet<TimelineKey> = new Set([
  'builtOnYours',
  'commentReceived',
  'replyReceived',
]);
const NAMES_SUBJECT: ReadonlySet<TimelineKey> = new Set([
  'replied',
  'managerAdded',
  'managerRemoved',
]);
const SHOWS_EXCERPT: ReadonlySet<TimelineKey> = new Set([
  'commented',
  'replied',
  'commentEdited',
  'commentReceived',
  'replyReceived',
]);

function itemOf(row: Row, userId: string, points: Map<number, number>): TimelineItem | null {
  const mine = row.actorId === userId;
  const key = keyOf(row, mine);
  if (!key) return null;
  const ideaShown =
    row.ideaId !== null &&
    row.ideaTitle !== null &&
    (row.ideaAuthor === userId || isPublic(row.ideaStatus));
  const originalShown =
    row.originalId !== null &&
    row.originalTitle !== null &&
    (row.originalAuthor === userId || isPublic(row.originalStatus));
  const person = NAMES_ACTOR.has(key)
    ? row.actorExists
      ? { handle: row.actorHandle }
      : null
    : NAMES_SUBJECT.has(key) && row.subjectExists
      ? { handle: row.subjectHandle }
      : null;
  const p = row.payload;
  const excerpt =
    SHOWS_EXCERPT.has(key) && ideaShown && !row.commentGone && row.commentBody
      ? row.commentBody.length > EXCERPT_LENGTH
        ? `${row.commentBody.slice(0, EXCERPT_LENGTH).trimEnd()}…`
        : row.commentBody
      : null;
  return {
    id: row.id,
    at: row.at,
    key,
    idea: ideaShown ? { id: row.ideaId!, title: row.ideaTitle! } : null,
    ideaGone: row.ideaId !== null && !ideaShown,
    original: originalShown ? { id: row.originalId!, title: row.originalTitle! } : null,
    originalGone: row.originalId !== null && !originalShown,
    intent:
      row.intentId !== null &&
      row.intentTitle !== null &&
      (row.intentAuthor === userId || row.brandMember)
        ? { id: row.intentId, title: row.intentTitle }
        : null,
    challenge:
      row.challengeSlug && row.challengeTitle
        ? {
            slug: row.challengeSlug,
            title: row.challengeTitle,
            language: row.challengeLanguage ?? 'en',
          }
        : null,
    brand: row.brandSlug && row.brandName ? { slug: row.brandSlug, name: row.brandName } : null,
    person,
    stage: key === 'stageMoved' ? strOf(p.to) : null,
    from: key === 'consentChanged' ? strOf(p.from) : null,
    to: key === 'consentChanged' ? strOf(p.to) : null,
    rank: key === 'won' || key === 'awarded' ? intOf(p.rank) : null,
    badge: key === 'badgeEarned' ? strOf(p.badge) : null,
    points: points.get(row.id) ?? null,
    excerpt,
  };
}

/** The id an idea.created event builds on, read from its payload in SQL (null for any other). */
const buildsOnIdSql = sql<number | null>`case when ${events.type} = 'idea.created'
  and (${events.payload}->>'buildsOnId') ~ '^[0-9]{1,9}$'
  then (${events.payload}->>'buildsOnId')::int end`;

/** The intent an intent or offer event is about, read from its payload in SQL (null for others). */
const intentIdSql = sql<number | null>`case when (${events.payload}->>'intentId') ~ '^[0-9]{1,9}$'
  then (${events.payload}->>'intentId')::int end`;

/**
 * One page of the person's timeline, newest first: `TIMELINE_PAGE_SIZE` entries after the
 * cursor `after`, filtered by kind and brand.
 */
export async function timelineOf(
  db: Db,
  filter: TimelineFilter,
  size = TIMELINE_PAGE_SIZE,
): Promise<TimelinePage> {
  const { userId } = filter;
  const idRows = rowsOf<{ id: string | number }>(
    await db.execute(timelineIdsSql(filter, size + 1)),
  );
  const allIds = idRows.map((r) => Number(r.id));
  const ids = allIds.slice(0, size);
  const first = filter.after === undefined;
  if (!ids.length) return { items: [], next: null, first };

  const rows: Row[] = await db
    .select({
      id: events.id,
      type: events.type,
      actorId: events.actorId,
      payload: events.payload,
      at: events.createdAt,
      ideaId: ideas.id,
      ideaTitle: ideas.title,
      ideaStatus: ideas.status,
      ideaAuthor: ideas.authorId,
      originalId: original.id,
      originalTitle: original.title,
      originalStatus: original.status,
      originalAuthor: original.authorId,
      challengeSlug: challenges.slug,
      challengeTitle: challenges.title,
      challengeLanguage: challenges.language,
      brandSlug: brands.slug,
      brandName: brands.name,
      actorHandle: sql<
        string | null
      >`case when ${actor.deletedAt} is null then ${actor.handle} end`,
      actorExists: sql<boolean>`${actor.id} is not null`,
      subjectHandle: sql<
        string | null
      >`case when ${subject.deletedAt} is null then ${subject.handle} end`,
      subjectExists: sql<boolean>`${subject.id} is not null`,
      commentBody: comments.body,
      commentGone: sql<boolean>`coalesce(${comments.deletedAt} is not null, true)`,
      intentId: intents.id,
      intentTitle: intents.title,
      intentAuthor: intents.authorId,
      brandMember: sql<boolean>`${membership.userId} is not null`,
    })
    .from(events)
    .leftJoin(ideas, eq(ideas.id, events.ideaId))
    .leftJoin(original, eq(original.id, buildsOnIdSql))
    .leftJoin(challenges, eq(challenges.id, events.challengeId))
    .leftJoin(brands, eq(brands.id, events.brandId))
    .leftJoin(actor, eq(actor.id, events.actorId))
    .leftJoin(subject, eq(subject.id, events.subjectUserId))
    .leftJoin(comments, eq(comments.id, events.commentId))
    .leftJoin(intents, eq(intents.id, intentIdSql))
    .leftJoin(
      membership,
      and(eq(membership.brandId, events.brandId), eq(membership.userId, userId)),
    )
    .where(inArray(events.id, ids))
    .orderBy(desc(events.id));

  // What the ledger gave this person for these events (a vote changed takes back and gives).
  const sums = await db
    .select({
      eventId: pointEntries.eventId,
      points: sql<number>`sum(${pointEntries.points})::int`,
    })
    .from(pointEntries)
    .where(and(eq(pointEntries.userId, userId), inArray(pointEntries.eventId, ids)))
    .groupBy(pointEntries.eventId);
  const points = new Map(sums.map((s) => [Number(s.eventId), Number(s.points)]));

  const items = rows
    .map((row) => itemOf({ ...row, id: Number(row.id) }, userId, points))
    .filter((item): item is TimelineItem => item !== null);
  return { items, next: allIds.length > size ? ids.at(-1)! : null, first };
}
