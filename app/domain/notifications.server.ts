// Notifications: what a person is told about (votes and comments on their ideas, replies, mentions,
// ideas built on theirs). Written by in-transaction reactions to the event that causes them
// (app/domain/reactions.server.ts), so a notification commits with its event or not at all.
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.server';
import { comments, ideas, notifications, users, type NotificationKind } from '../../db/schema';
import { PAGE_SIZE, pageOf } from './pagination';

export type NotificationDraft = { userId: string; kind: NotificationKind };

/** Writes one notification per recipient (the first kind wins), never to the actor themself. */
export async function notify(
  tx: Db,
  eventId: number,
  cause: { actorId: string; ideaId?: number | null; commentId?: number | null },
  recipients: NotificationDraft[],
) {
  const seen = new Set<string>([cause.actorId]);
  const rows = [];
  for (const r of recipients) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    rows.push({
      userId: r.userId,
      eventId,
      kind: r.kind,
      actorId: cause.actorId,
      ideaId: cause.ideaId ?? null,
      commentId: cause.commentId ?? null,
    });
  }
  if (rows.length) await tx.insert(notifications).values(rows);
  return rows.length;
}

const MENTION = /(?:^|[^\w@])@([A-Za-z0-9_]{3,30})\b/g;

/** Handles mentioned in a text as @handle (at most 10, case-insensitive). */
export function mentionedHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    handles.add(m[1]!.toLowerCase());
    if (handles.size >= 10) break;
  }
  return [...handles];
}

export async function usersByHandles(tx: Db, handles: string[]) {
  if (!handles.length) return [];
  return tx
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(inArray(sql`lower(${users.handle})`, handles));
}

export async function unreadCount(db: Db, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Votes are secret, even from the idea's author: these notifications say "someone". */
const ANONYMOUS_KINDS: ReadonlySet<NotificationKind> = new Set(['vote', 'oppose']);

export async function listNotifications(db: Db, userId: string, page: number) {
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  const items = await db
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
      actorHandle: users.handle,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(ideas, eq(ideas.id, notifications.ideaId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  const shown = items.map((n) => (ANONYMOUS_KINDS.has(n.kind) ? { ...n, actorHandle: null } : n));
  return pageOf(shown, total, page);
}

/** Marks the reader's notifications read (all, or up to a given id). Only their own rows. */
export async function markRead(db: Db, userId: string, upToId?: number) {
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
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
