// Notifications: what a person is told about (votes and comments on their ideas, replies, mentions,
// ideas built on theirs). Written by in-transaction reactions to the event that causes them
// (app/domain/events/reactions.server.ts), so a notification commits with its event or not at all.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { notifications, users, type Event, type NotificationKind } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';

export type NotificationDraft = { userId: string; kind: NotificationKind };

/**
 * Writes one notification per recipient (the first kind wins), never to the actor themself. They
 * point at the event that caused them and carry its time. The actor is null for what the schedule
 * did (a stage move by date).
 */
export async function notify(
  tx: Db,
  event: Pick<Event, 'id' | 'createdAt'>,
  cause: { actorId: string | null; ideaId?: number | null; commentId?: number | null },
  recipients: NotificationDraft[],
) {
  const seen = new Set<string>(cause.actorId ? [cause.actorId] : []);
  const rows = [];
  for (const r of recipients) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    rows.push({
      userId: r.userId,
      eventId: event.id,
      kind: r.kind,
      actorId: cause.actorId,
      ideaId: cause.ideaId ?? null,
      commentId: cause.commentId ?? null,
      createdAt: event.createdAt,
    });
  }
  if (rows.length) await tx.insert(notifications).values(rows);
  return rows.length;
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
