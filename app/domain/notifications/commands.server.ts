// Notifications: what a person is told about (votes and comments on their ideas, replies, mentions,
// ideas built on theirs). Written by in-transaction reactions to the event that causes them
// (app/domain/events/reactions.server.ts), so a notification commits with its event or not at all.
// Each recipient's preferences decide (docs/decisions/019): no row for a topic that is off, a row
// marked for the email digest for a topic that goes there.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { notifications, users, type Event, type NotificationKind } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { DEFAULT_CHANNEL, TOPIC_OF_KIND } from './preferences';

export type NotificationDraft = { userId: string; kind: NotificationKind };

/**
 * Writes at most one notification per recipient, never to the actor themself, and only of a kind
 * whose topic the recipient has not turned off (no preference: the topic's default), and never to
 * a deleted account. Recipients
 * come in order of precedence: a person named twice (the parent comment's author who also wrote
 * the idea) gets the first kind they want to hear about. One statement, since it runs on the vote
 * path: the recipients as a VALUES list joined to their preferences. The rows point at the event
 * that caused them and carry its time; `digest` says they also go in the person's email digest.
 * The actor is null for what the schedule did (a stage move by date). Returns how many were written.
 */
export async function notify(
  tx: Db,
  event: Pick<Event, 'id' | 'createdAt'>,
  cause: {
    actorId: string | null;
    ideaId?: number | null;
    commentId?: number | null;
    /** The intent it is about (issue 17). */
    intentId?: number | null;
  },
  recipients: NotificationDraft[],
): Promise<number> {
  const drafts = recipients.filter((r) => r.userId !== cause.actorId);
  if (!drafts.length) return 0;
  const values = sql.join(
    drafts.map((r, i) => {
      const topic = TOPIC_OF_KIND[r.kind];
      return sql`(${i}::int, ${r.userId}::text, ${r.kind}::notification_kind, ${topic}::notification_topic, ${DEFAULT_CHANNEL[topic]}::notification_channel)`;
    }),
    sql`, `,
  );
  const inserted = rowsOf<{ id: number }>(
    await tx.execute(sql`
      insert into notifications
        (user_id, event_id, kind, actor_id, idea_id, comment_id, intent_id, created_at, digest)
      select distinct on (r.user_id)
             r.user_id, ${event.id}::bigint, r.kind, ${cause.actorId}::text,
             ${cause.ideaId ?? null}::int, ${cause.commentId ?? null}::int,
             ${cause.intentId ?? null}::int,
             ${event.createdAt.toISOString()}::timestamptz,
             coalesce(p.channel, r.fallback) = 'digest'
      from (values ${values}) as r(ord, user_id, kind, topic, fallback)
      join users u on u.id = r.user_id and u.deleted_at is null
      left join notification_preferences p on p.user_id = r.user_id and p.topic = r.topic
      where coalesce(p.channel, r.fallback) <> 'off'
      order by r.user_id, r.ord
      returning id`),
  );
  return inserted.length;
}

export async function usersByHandles(tx: Db, handles: string[]) {
  if (!handles.length) return [];
  return tx
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(inArray(sql`lower(${users.handle})`, handles));
}

/** Marks the reader's notifications read (all, or up to a given id). Only their own rows. */
export async function markRead(
  db: Db,
  { userId, upToId, ...input }: { userId: string; upToId?: number } & Timed,
) {
  const updated = await db
    .update(notifications)
    .set({ readAt: nowFrom(input) })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        upToId ? sql`${notifications.id} <= ${upToId}` : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return updated.length;
}
