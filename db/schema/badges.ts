import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Badges earned, once each per person (the key), by the badge consumer (jobs/badges.server.ts). */
export const userBadges = pgTable(
  'user_badges',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** A key of BADGES (app/domain/badges/catalog.ts). */
    badge: text('badge').notNull(),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
    /** The event that earned it, when one did (a backfill may find none). */
    eventId: bigint('event_id', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.badge] }),
    index('user_badges_recent_idx').on(t.userId, t.earnedAt.desc()),
  ],
);
export type UserBadge = typeof userBadges.$inferSelect;
