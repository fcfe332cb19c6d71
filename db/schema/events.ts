import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/**
 * Append-only log of every state change others may see. Written in the same transaction as the
 * change; a trigger (migration 0001) refuses UPDATE and DELETE. No foreign keys, so history
 * outlives what it describes.
 *
 * Readers follow the log by (txid, id): `txid` is the writing transaction's id, and a reader takes
 * only events of transactions older than every transaction still running, so an event that
 * commits late is never skipped (decision 013).
 */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** pg_current_xact_id() of the transaction that appended it (xid8 fits a bigint). */
    txid: bigint('txid', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    brandId: integer('brand_id'),
    challengeId: integer('challenge_id'),
    ideaId: integer('idea_id'),
    commentId: integer('comment_id'),
    subjectUserId: text('subject_user_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_position_idx').on(t.txid, t.id),
    index('events_challenge_idx').on(t.challengeId, t.id),
    index('events_idea_idx').on(t.ideaId, t.id),
    index('events_actor_idx').on(t.actorId, t.id),
    index('events_subject_idx').on(t.subjectUserId, t.id),
    index('events_type_idx').on(t.type, t.id),
  ],
);
export type Event = typeof events.$inferSelect;
