import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, GIN_PENDING, searchVector, updatedAt } from './columns';
import { users } from './users';
import { ideas } from './ideas';

export const comments = pgTable(
  'comments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    parentId: integer('parent_id').references((): AnyPgColumn => comments.id),
    body: text('body').notNull(),
    /**
     * Its language, detected from its text when written (app/domain/listening/language.ts), else
     * its idea's: the `lang` attribute, its search configuration and its sentiment lexicon.
     */
    language: text('language').notNull().default('en'),
    /** Its sentiment when written (-1, 0, 1) and the lexicon's score; null: not analysed yet. */
    sentiment: smallint('sentiment'),
    sentimentScore: real('sentiment_score'),
    /** Full-text search (issue 16), generated in its own language. */
    searchVector: searchVector(sql`"language"`, sql`''`, sql`"body"`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * Hidden by moderation (issue 15): only its author (and reviewers) see it, with the reason;
     * null reason: hidden automatically by three flags, pending review.
     */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    index('comments_idea_idx').on(t.ideaId, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    index('comments_author_idx').on(t.authorId, t.createdAt),
    index('comments_search_idx').using('gin', t.searchVector).with(GIN_PENDING),
    check('comments_language', sql`${t.language} in ('en', 'es', 'it')`),
    check('comments_sentiment', sql`${t.sentiment} in (-1, 0, 1)`),
    check('comments_body_length', sql`char_length(${t.body}) between 1 and 5000`),
  ],
);
export type Comment = typeof comments.$inferSelect;
