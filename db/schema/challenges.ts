import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, GIN_PENDING, searchVector, updatedAt } from './columns';
import { users } from './users';
import { brands } from './brands';

export const challengeStage = pgEnum('challenge_stage', [
  'draft',
  'open',
  'voting',
  'review',
  'awarded',
  'archived',
]);

/**
 * Where a stage comes in the /challenges list, highest first (open 5 … archived 1). A CASE rather
 * than array_position, so the list's index can hold it; the query uses this same expression.
 */
export const stageListRank = (stage: AnyPgColumn) =>
  sql`(case ${stage} when 'open' then 5 when 'voting' then 4 when 'review' then 3 when 'awarded' then 2 else 1 end)`;

export type JudgingCriterion = { name: string; weight: number };
/** One rank's prize: its share of the pool in points and, optionally, a described item. */
export type RankPrize = { points: number; item: string };

export const challenges = pgTable(
  'challenges',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    brief: text('brief').notNull(),
    briefHtml: text('brief_html'),
    briefExcerpt: text('brief_excerpt'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text('language').notNull().default('en'),
    /** Full-text search (issue 16): title over brief, in the challenge's language. */
    searchVector: searchVector(sql`"language"`, sql`"title"`, sql`"brief"`),
    rewardDescription: text('reward_description').notNull().default(''),
    rewardPoints: integer('reward_points').notNull().default(0),
    criteria: jsonb('criteria').$type<JudgingCriterion[]>().notNull().default([]),
    /** The pool split by rank (first place first); its points sum to rewardPoints. */
    prizes: jsonb('prizes').$type<RankPrize[]>().notNull().default([]),
    stage: challengeStage('stage').notNull().default('draft'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    votingAt: timestamp('voting_at', { withTimezone: true }),
    reviewAt: timestamp('review_at', { withTimezone: true }),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    maxIdeasPerUser: smallint('max_ideas_per_user').notNull().default(3),
    /**
     * Its public ideas (published, shortlisted, winner), kept by triggers on ideas in the writing
     * transaction (migration 0008), so no page counts them.
     */
    ideaCount: integer('idea_count').notNull().default(0),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('challenges_stage_idx').on(t.stage, t.stageChangedAt),
    // The /challenges list's order (keyset pages): open first, then voting, review, awarded,
    // archived; the latest stage move first within each.
    index('challenges_list_idx')
      .on(stageListRank(t.stage), t.stageChangedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.stage} <> 'draft'`),
    index('challenges_brand_idx').on(
      t.brandId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('challenges_tags_idx').using('gin', t.tags),
    index('challenges_search_idx').using('gin', t.searchVector).with(GIN_PENDING),
    index('challenges_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')).with(GIN_PENDING),
    check('challenges_title_length', sql`char_length(${t.title}) between 5 and 120`),
    check('challenges_reward_points_nonnegative', sql`${t.rewardPoints} >= 0`),
    check('challenges_max_ideas_range', sql`${t.maxIdeasPerUser} between 1 and 50`),
    check('challenges_language', sql`${t.language} in ('en', 'es', 'it')`),
    check('challenges_idea_count_nonnegative', sql`${t.ideaCount} >= 0`),
  ],
);
export type Challenge = typeof challenges.$inferSelect;
export type ChallengeStage = (typeof challengeStage.enumValues)[number];
