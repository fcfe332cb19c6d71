import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  real,
  smallint,
  pgEnum,
  pgTable,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, GIN_PENDING, searchVector, updatedAt } from './columns';
import { users } from './users';
import { challenges } from './challenges';

export const ideaStatus = pgEnum('idea_status', [
  'published',
  'hidden',
  'shortlisted',
  'winner',
  'merged',
  'withdrawn',
]);

/**
 * "The idea is public" (published, shortlisted or winner), with the statuses written out rather than
 * bound, so the planner matches the partial indexes below even in a prepared statement's generic plan.
 */
export const isPublicIdea = (status: AnyPgColumn) =>
  sql`${status} in ('published', 'shortlisted', 'winner')`;

export const ideas = pgTable(
  'ideas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html'),
    bodyExcerpt: text('body_excerpt'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    buildsOnId: integer('builds_on_id').references((): AnyPgColumn => ideas.id),
    status: ideaStatus('status').notNull().default('published'),
    /** Set with status 'merged': the original this duplicate was merged into (issue 15). */
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => ideas.id),
    /**
     * Set with status 'hidden': when, what it was before (restoring puts it back), and the
     * moderator's reason (null: hidden automatically by three flags, pending review).
     */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenFrom: ideaStatus('hidden_from'),
    hiddenReason: text('hidden_reason'),
    supportCount: integer('support_count').notNull().default(0),
    opposeCount: integer('oppose_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    /**
     * Fider's trending score at the time it was last computed (idea_trending_score(), migration
     * 0008): kept by the trending consumer and the decay job (jobs/trending.server.ts).
     */
    trendingScore: doublePrecision('trending_score').notNull().default(0),
    /**
     * Its language, detected from its text when written (app/domain/listening/language.ts), else
     * its challenge's: the `lang` attribute, its search configuration and its sentiment lexicon.
     */
    language: text('language').notNull().default('en'),
    /** Its sentiment when written (-1, 0, 1) and the lexicon's score; null: not analysed yet. */
    sentiment: smallint('sentiment'),
    sentimentScore: real('sentiment_score'),
    /** Full-text search (issue 16), generated in its own language. */
    searchVector: searchVector(sql`"language"`, sql`"title"`, sql`"body"`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One index per sort of a challenge's list and of the home page, in the sort's exact order, so
    // any page (keyset, app/domain/core/pagination.ts) reads only the rows it shows.
    index('ideas_challenge_top_idx')
      .on(
        t.challengeId,
        sql`(${t.supportCount} - ${t.opposeCount}) desc`,
        t.createdAt.desc().nullsFirst(),
        t.id.desc().nullsFirst(),
      )
      .where(isPublicIdea(t.status)),
    index('ideas_challenge_new_idx')
      .on(t.challengeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(isPublicIdea(t.status)),
    index('ideas_challenge_trending_idx')
      .on(t.challengeId, t.trendingScore.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(isPublicIdea(t.status)),
    index('ideas_trending_idx')
      .on(t.trendingScore.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(isPublicIdea(t.status)),
    // The community's tag filter (tags @> array[…]) and search by tag.
    index('ideas_tags_idx').using('gin', t.tags).with(GIN_PENDING),
    index('ideas_author_idx').on(
      t.authorId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('ideas_builds_on_idx').on(t.buildsOnId),
    index('ideas_search_idx').using('gin', t.searchVector).with(GIN_PENDING),
    index('ideas_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')).with(GIN_PENDING),
    index('ideas_activity_idx').on(t.lastActivityAt),
    index('ideas_merged_into_idx')
      .on(t.mergedIntoId)
      .where(sql`${t.mergedIntoId} is not null`),
    check(
      'ideas_merged_names_original',
      sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`,
    ),
    check(
      'ideas_hidden_whole',
      sql`(${t.status} = 'hidden') = (${t.hiddenAt} is not null) and (${t.hiddenAt} is null) = (${t.hiddenFrom} is null)`,
    ),
    check(
      'ideas_not_merged_into_itself',
      sql`${t.mergedIntoId} is null or ${t.mergedIntoId} <> ${t.id}`,
    ),
    check('ideas_language', sql`${t.language} in ('en', 'es', 'it')`),
    check('ideas_sentiment', sql`${t.sentiment} in (-1, 0, 1)`),
    check('ideas_title_length', sql`char_length(${t.title}) between 5 and 120`),
    check(
      'ideas_counts_nonnegative',
      sql`${t.supportCount} >= 0 and ${t.opposeCount} >= 0 and ${t.commentCount} >= 0`,
    ),
    check(
      'ideas_not_building_on_itself',
      sql`${t.buildsOnId} is null or ${t.buildsOnId} <> ${t.id}`,
    ),
  ],
);
export type Idea = typeof ideas.$inferSelect;
export type IdeaStatus = (typeof ideaStatus.enumValues)[number];
