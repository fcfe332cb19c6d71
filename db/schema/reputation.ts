import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './users';
import { events } from './events';

/**
 * The reputation ledger: append-only (a trigger refuses UPDATE and DELETE, migration 0009). Every
 * entry is written by a reaction in the transaction of the event that caused it; a reversal is a
 * new entry pointing at the one it takes back (at most one reversal per entry), carrying minus
 * what that entry gave. `nominal` is what the rule is worth, `points` what it actually gave (less
 * past the daily vote cap), so a reversal takes back exactly what was given.
 *
 * The totals below are kept from it by a trigger in the same transaction (migration 0009).
 */
export const pointEntries = pgTable(
  'point_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** A key of RULES (app/domain/reputation/rules.ts) or 'reward'. */
    rule: text('rule').notNull(),
    nominal: integer('nominal').notNull(),
    points: integer('points').notNull(),
    /** Whether the daily vote cap applies to it (rules with fromVotes). */
    fromVotes: integer('from_votes').notNull().default(0),
    /** The UTC day it counts toward (the cap, the 30-day leaderboard): a reversal keeps its entry's. */
    day: date('day', { mode: 'string' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id),
    reversesId: bigint('reverses_id', { mode: 'number' }).references(
      (): AnyPgColumn => pointEntries.id,
    ),
    brandId: integer('brand_id'),
    challengeId: integer('challenge_id'),
    ideaId: integer('idea_id'),
    commentId: integer('comment_id'),
    rewardId: integer('reward_id'),
    /** Who caused it, when someone other than the owner did (the voter of a vote received). */
    causeUserId: text('cause_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('point_entries_reverses_key').on(t.reversesId),
    index('point_entries_user_idx').on(t.userId, t.id.desc()),
    // A person's entries after a time: the badge consumer's reputation as of a recent event.
    index('point_entries_user_time_idx').on(t.userId, t.createdAt),
    index('point_entries_open_idx').on(t.userId, t.rule, t.ideaId, t.causeUserId),
    index('point_entries_reward_idx').on(t.rewardId),
    check('point_entries_from_votes_flag', sql`${t.fromVotes} in (0, 1)`),
    check(
      'point_entries_rule',
      sql`${t.rule} in ('supportReceived', 'opposeReceived', 'opposeCast', 'builtOn', 'shortlisted', 'winner', 'hidden', 'reward')`,
    ),
    // A reward gives points, never takes them: only its reversal (a revocation) is negative.
    check(
      'point_entries_reward_nonnegative',
      sql`${t.rule} <> 'reward' or ${t.reversesId} is not null or ${t.nominal} >= 0`,
    ),
  ],
);
export type PointEntry = typeof pointEntries.$inferSelect;

/** Each person's ledger sum (reputation is max(1, points)); kept by the ledger trigger. */
export const reputationTotals = pgTable(
  'reputation_totals',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id),
    points: integer('points').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reputation_totals_rank_idx').on(t.points.desc(), t.userId)],
);

/** Each person's ledger sum per brand (entries naming a brand). */
export const reputationBrandTotals = pgTable(
  'reputation_brand_totals',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    brandId: integer('brand_id').notNull(),
    points: integer('points').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.brandId] }),
    index('reputation_brand_totals_rank_idx').on(t.brandId, t.points.desc(), t.userId),
  ],
);

/** Each person's ledger sum per challenge (entries naming a challenge). */
export const reputationChallengeTotals = pgTable(
  'reputation_challenge_totals',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    challengeId: integer('challenge_id').notNull(),
    points: integer('points').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.challengeId] }),
    index('reputation_challenge_totals_rank_idx').on(t.challengeId, t.points.desc(), t.userId),
  ],
);

/**
 * Each person's points per UTC day (the 30-day leaderboard), and `voteGain`: what vote rules gave
 * them that day net of reversals, which the daily cap reads (the row is locked while an entry is
 * written, so concurrent entries cannot both pass the cap).
 */
export const reputationDaily = pgTable(
  'reputation_daily',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    points: integer('points').notNull().default(0),
    voteGain: integer('vote_gain').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.day] }),
    index('reputation_daily_day_idx').on(t.day, t.userId),
  ],
);
