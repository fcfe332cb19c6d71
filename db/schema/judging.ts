import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { users } from './users';
import { challenges } from './challenges';
import { ideas } from './ideas';

/** People told of a challenge's stage moves and results. */
export const challengeFollows = pgTable(
  'challenge_follows',
  {
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.userId] }),
    index('challenge_follows_user_idx').on(t.userId),
  ],
);

/**
 * One judge's scorecard for one idea in review: a 1–5 score per criterion of the challenge (in the
 * challenge's criteria order). Drafts until submitted; `weighted` (1–5) is fixed at submission.
 */
export const scorecards = pgTable(
  'scorecards',
  {
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    judgeId: text('judge_id')
      .notNull()
      .references(() => users.id),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    scores: jsonb('scores').$type<number[]>().notNull(),
    weighted: real('weighted'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.judgeId] }),
    index('scorecards_challenge_idx').on(t.challengeId, t.judgeId),
    check('scorecards_weighted_range', sql`${t.weighted} is null or ${t.weighted} between 1 and 5`),
  ],
);
export type Scorecard = typeof scorecards.$inferSelect;

export const rewardStatus = pgEnum('reward_status', ['pending', 'fulfilled', 'revoked']);

/** What a winning idea earned: its rank, its share of the pool in points and a described prize. */
export const rewards = pgTable(
  'rewards',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    rank: smallint('rank').notNull(),
    points: integer('points').notNull().default(0),
    prize: text('prize').notNull().default(''),
    status: rewardStatus('status').notNull().default('pending'),
    note: text('note').notNull().default(''),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rewards_challenge_rank_key').on(t.challengeId, t.rank),
    uniqueIndex('rewards_idea_key').on(t.ideaId),
    index('rewards_user_idx').on(t.userId, t.createdAt.desc()),
    check('rewards_points_nonnegative', sql`${t.points} >= 0`),
    check('rewards_rank_range', sql`${t.rank} between 1 and 10`),
  ],
);
export type Reward = typeof rewards.$inferSelect;
export type RewardStatus = (typeof rewardStatus.enumValues)[number];
