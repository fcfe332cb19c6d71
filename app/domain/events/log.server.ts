// The event log: every state change others may see appends one row here, inside the change's transaction.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { events } from '../../../db/schema';
import type { EventType } from './registry';
import { reactionsFor } from './reactions.server';

export type { EventType };

export type NewEvent = {
  type: EventType;
  actorId: string | null;
  brandId?: number | null;
  challengeId?: number | null;
  ideaId?: number | null;
  commentId?: number | null;
  subjectUserId?: string | null;
  payload?: Record<string, unknown>;
  /** When it happened: the command's one `now`, stored as the event's created_at. */
  at: Date;
};

/** Any fixed number: the key of the lock that orders event appends (see appendEvent). */
const EVENT_APPEND_LOCK = 7_240_001;

/**
 * Appends one event inside the caller's transaction. Appends are serialised by a transaction-level
 * advisory lock held until commit, so ids become visible in increasing order: a reader that has
 * seen id N never later finds a committed event below N (the live layer relies on this). Call it
 * as the last write of a transaction, so the lock is held only for the commit.
 *
 * The reactions declared for the event's type (app/domain/events/reactions.server.ts) run right after the
 * insert, in the same transaction: what they write is exact, and a reaction that fails undoes the
 * whole command, event included.
 */
export async function appendEvent(tx: Db, { at, ...event }: NewEvent) {
  await tx.execute(sql`select pg_advisory_xact_lock(${EVENT_APPEND_LOCK})`);
  const [row] = await tx
    .insert(events)
    .values({ ...event, createdAt: at })
    .returning();
  for (const react of reactionsFor(event.type)) await react(tx, row!);
  return row!.id;
}

/** The newest event id: pages read it before their data, so live updates resume from there. */
export async function latestEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string>`coalesce(max(${events.id}), 0)` }).from(events);
  return Number(row?.id ?? 0);
}

export async function eventsForIdea(db: Db, ideaId: number, afterId = 0) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.ideaId, ideaId), gt(events.id, afterId)))
    .orderBy(asc(events.id));
}

export async function eventsAfter(db: Db, afterId: number, limit = 500) {
  return db
    .select()
    .from(events)
    .where(gt(events.id, afterId))
    .orderBy(asc(events.id))
    .limit(limit);
}
