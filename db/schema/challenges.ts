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
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
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

export type JudgingCriterion = { name: string; weight: number };

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
    rewardDescription: text('reward_description').notNull().default(''),
    rewardPoints: integer('reward_points').notNull().default(0),
    criteria: jsonb('criteria').$type<JudgingCriterion[]>().notNull().default([]),
    stage: challengeStage('stage').notNull().default('draft'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    votingAt: timestamp('voting_at', { withTimezone: true }),
    reviewAt: timestamp('review_at', { withTimezone: true }),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    maxIdeasPerUser: smallint('max_ideas_per_user').notNull().default(3),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('challenges_stage_idx').on(t.stage, t.stageChangedAt),
    index('challenges_brand_idx').on(t.brandId, t.createdAt),
    index('challenges_tags_idx').using('gin', t.tags),
    check('challenges_title_length', sql`char_length(${t.title}) between 5 and 120`),
    check('challenges_reward_points_nonnegative', sql`${t.rewardPoints} >= 0`),
    check('challenges_max_ideas_range', sql`${t.maxIdeasPerUser} between 1 and 50`),
    check('challenges_language', sql`${t.language} in ('en', 'es', 'it')`),
  ],
);
export type Challenge = typeof challenges.$inferSelect;
export type ChallengeStage = (typeof challengeStage.enumValues)[number];
