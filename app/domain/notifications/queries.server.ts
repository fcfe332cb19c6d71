import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.server';
import {
  brandConsents,
  brands,
  challenges,
  comments,
  events,
  ideas,
  intents,
  notifications,
  users,
  type NotificationKind,
} from '../../../db/schema';
import { PAGE_SIZE, pageOf } from '#app/domain/core/pagination';
import { shownHandle } from '#app/domain/users/shown.server';
import type { ModerationNote } from './keys';

export async function unreadCount(db: Db, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Votes are secret, even from the idea's author: these notifications say "someone". */
const ANONYMOUS_KINDS: ReadonlySet<NotificationKind> = new Set(['vote', 'oppose']);

/**
 * Notifications about intents (issue 17). They never name the member of a brand who acted (the
 * author sees the brand) nor the author beyond their consent to the brand (a brand member sees
 * "a participant", their handle, or with `profile` also their name): so their actor is not named,
 * in the query itself.
 */
export const INTENT_KINDS = ['offer', 'offer_answer', 'intent_message', 'intent_expired'] as const;
const INTENT_KINDS_SQL = sql.raw(`(${INTENT_KINDS.map((k) => `'${k}'`).join(', ')})`);

/** What step of an offer an intent notification is about, read from its event. */
export type IntentStep = 'made' | 'updated' | 'accepted' | 'declined' | 'other';

const intentAuthor = alias(users, 'intent_author');

/**
 * What a notification says, with who did what where, for the notifications page and the email
 * digest alike: the query to narrow (`where`, order, limit), and `shownItem` for each row it
 * returns, which keeps voters secret.
 */
export function notificationItems(db: Db) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      ideaId: notifications.ideaId,
      ideaTitle: ideas.title,
      commentId: notifications.commentId,
      commentBody: comments.body,
      commentDeleted: sql<boolean>`${comments.deletedAt} is not null`,
      // Null for a deleted account (then actorDeleted), as for nobody (a schedule's stage move).
      actorHandle: sql<
        string | null
      >`case when ${notifications.kind} in ${INTENT_KINDS_SQL} then null else ${shownHandle} end`,
      actorDeleted: sql<boolean>`case when ${notifications.kind} in ${INTENT_KINDS_SQL} then false
        else coalesce(${users.deletedAt} is not null, false) end`,
      // Stage moves and results name a challenge, not an idea; badges name the badge; rewards
      // their rank and points: all read from the event that caused the notification.
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
      stage: sql<string | null>`${events.payload}->>'to'`,
      badge: sql<string | null>`${events.payload}->>'badge'`,
      rank: sql<number | null>`(${events.payload}->>'rank')::int`,
      points: sql<number | null>`(${events.payload}->>'points')::int`,
      // What a moderation notification is about, from its event (notifications/keys.ts words it).
      moderation: sql<ModerationNote | null>`case when ${notifications.kind} = 'moderation' then
        case
          when ${events.type} = 'content.hidden' then 'hidden'
          when ${events.type} = 'content.restored' and ${events.subjectUserId} = ${notifications.userId} then 'restored'
          when ${events.type} in ('flags.dismissed', 'content.restored') then 'flagBanned'
          when ${events.type} = 'user.suspended' then 'suspended'
          when ${events.type} = 'user.unsuspended' then 'unsuspended'
          else 'other'
        end end`,
      until: sql<string | null>`${events.payload}->>'until'`,
      // Intents: which one, whether the reader is its author (else a member of the event's brand),
      // the brand, the offer's step, and the author as far as they consented to that brand.
      intentId: notifications.intentId,
      intentTitle: intents.title,
      intentForAuthor: sql<boolean>`coalesce(${intents.authorId} = ${notifications.userId}, false)`,
      brandName: brands.name,
      brandSlug: brands.slug,
      step: sql<IntentStep | null>`case when ${notifications.kind} in ${INTENT_KINDS_SQL} then
        case ${events.type}
          when 'offer.made' then 'made'
          when 'offer.updated' then 'updated'
          when 'offer.accepted' then 'accepted'
          when 'offer.declined' then 'declined'
          else 'other'
        end end`,
      participantHandle: sql<string | null>`case when ${notifications.kind} in ${INTENT_KINDS_SQL}
        and ${intents.authorId} <> ${notifications.userId}
        and ${brandConsents.level} in ('activity', 'profile')
        and ${intentAuthor.deletedAt} is null then ${intentAuthor.handle} end`,
      participantName: sql<string | null>`case when ${notifications.kind} in ${INTENT_KINDS_SQL}
        and ${intents.authorId} <> ${notifications.userId}
        and ${brandConsents.level} = 'profile'
        and ${intentAuthor.deletedAt} is null then ${intentAuthor.displayName} end`,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(ideas, eq(ideas.id, notifications.ideaId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(events, eq(events.id, notifications.eventId))
    .leftJoin(challenges, eq(challenges.id, events.challengeId))
    .leftJoin(intents, eq(intents.id, notifications.intentId))
    .leftJoin(brands, eq(brands.id, events.brandId))
    .leftJoin(intentAuthor, eq(intentAuthor.id, intents.authorId))
    .leftJoin(
      brandConsents,
      and(eq(brandConsents.userId, intents.authorId), eq(brandConsents.brandId, events.brandId)),
    )
    .$dynamic();
}

type NotificationItemRow = Awaited<ReturnType<typeof notificationItems>>[number];

/** A row of notificationItems as it may be shown: a voter is "someone". */
export function shownItem<R extends NotificationItemRow>(row: R): R {
  return ANONYMOUS_KINDS.has(row.kind) ? { ...row, actorHandle: null, actorDeleted: false } : row;
}

export async function listNotifications(db: Db, userId: string, page: number) {
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  const items = await notificationItems(db)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(items.map(shownItem), total, page);
}
