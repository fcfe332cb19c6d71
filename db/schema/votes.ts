import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { users } from './users';
import { ideas } from './ideas';

export const votes = pgTable(
  'votes',
  {
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    value: smallint('value').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.userId] }),
    index('votes_user_idx').on(t.userId, t.createdAt),
    index('votes_idea_recent_idx').on(t.ideaId, t.updatedAt),
    check('votes_value_is_plus_or_minus_one', sql`${t.value} in (-1, 1)`),
  ],
);
export type Vote = typeof votes.$inferSelect;
