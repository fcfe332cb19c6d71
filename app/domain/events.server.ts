// The event log: every state change others may see appends one row here, inside the change's transaction.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.server';
import { events } from '../../db/schema';

export type EventType =
  | 'user.joined'
  | 'brand.created'
  | 'brand.member_added'
  | 'brand.member_removed'
  | 'challenge.created'
  | 'challenge.updated'
  | 'challenge.stage_changed'
  | 'idea.created'
  | 'idea.updated'
  | 'idea.withdrawn'
  | 'vote.cast'
  | 'vote.changed'
  | 'vote.withdrawn'
  | 'comment.created'
  | 'comment.updated'
  | 'comment.deleted';

export type NewEvent = {
  type: EventType;
  actorId: string | null;
  brandId?: number | null;
  challengeId?: number | null;
  ideaId?: number | null;
  commentId?: number | null;
  subjectUserId?: string | null;
  payload?: Record<string, unknown>;
};

export async function appendEvent(tx: Db, event: NewEvent) {
  const [row] = await tx.insert(events).values(event).returning({ id: events.id });
  return row!.id;
}

export async function eventsForIdea(db: Db, ideaId: number, afterId = 0) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.ideaId, ideaId), gt(events.id, afterId)))
    .orderBy(asc(events.id));
}

export async function eventsAfter(db: Db, afterId: number, limit = 500) {
  return db.select().from(events).where(gt(events.id, afterId)).orderBy(asc(events.id)).limit(limit);
}
