import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { users } from './users';
import { brands } from './brands';

/**
 * The community read model (docs/decisions/017-crm-interests-engagement.md): one row per person
 * who took part in a brand's challenges, with what they did there. Kept by the `community`
 * after-commit consumer, which recomputes a row from the source tables whenever an event touches
 * that person and brand, so it is exact as of the last event it handled. It holds no consent:
 * every brand-side read joins brand_consents (app/domain/community/access.server.ts).
 */
export const brandParticipants = pgTable(
  'brand_participants',
  {
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Public ideas they wrote on the brand's challenges. */
    ideas: integer('ideas').notNull().default(0),
    /** Votes (support or oppose) they hold on ideas of the brand's challenges. */
    votes: integer('votes').notNull().default(0),
    /** Live comments they wrote on ideas of the brand's challenges. */
    comments: integer('comments').notNull().default(0),
    /** Their ideas there that were shortlisted (winners included). */
    shortlists: integer('shortlists').notNull().default(0),
    /** Their ideas there that won a reward. */
    wins: integer('wins').notNull().default(0),
    firstActiveAt: timestamp('first_active_at', { withTimezone: true }).notNull(),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.userId] }),
    index('brand_participants_user_idx').on(t.userId),
    index('brand_participants_recent_idx').on(t.brandId, t.lastActiveAt.desc(), t.userId),
    index('brand_participants_first_idx').on(t.brandId, t.firstActiveAt.desc(), t.userId),
  ],
);
export type BrandParticipant = typeof brandParticipants.$inferSelect;

/** A brand's saved community filter, by name (the filter is validated by its zod schema on read). */
export const communitySegments = pgTable(
  'community_segments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    name: text('name').notNull(),
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('community_segments_brand_name_key').on(t.brandId, sql`lower(${t.name})`),
    check('community_segments_name_length', sql`char_length(${t.name}) between 1 and 60`),
  ],
);
export type CommunitySegment = typeof communitySegments.$inferSelect;

/**
 * Handles of deleted accounts, kept from reuse until `until` (30 days after the deletion), so
 * nobody can pick up a departed person's name while links and memories still point at it.
 */
export const handleReservations = pgTable('handle_reservations', {
  /** lower(handle). */
  handle: text('handle').primaryKey(),
  until: timestamp('until', { withTimezone: true }).notNull(),
});
