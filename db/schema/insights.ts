// The brand dashboard's aggregates (issue 16, docs/decisions/021-listening-and-search.md). Kept by
// the `insights` consumer of the event log (jobs/insights.server.ts), per challenge and per UTC hour
// or day, with the brand repeated so a brand's figures read one index range, and rolled up per
// calendar month for long periods (the months inside a period are read from the rollups, the days at
// its edges from the day rows); the dashboard reads only these tables, never the raw ones. Unique visitors are counted apart, per challenge per day,
// from a salted daily hash that is thrown away with its salt when the day is over.
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';
import { challenges } from './challenges';
import { users } from './users';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const challengeId = () =>
  integer('challenge_id')
    .notNull()
    .references(() => challenges.id);
const brandId = () =>
  integer('brand_id')
    .notNull()
    .references(() => brands.id);
const count = (name: string) => integer(name).notNull().default(0);

/**
 * What happened in a challenge in one hour (UTC): the activity series, the funnel's ideas, votes,
 * shortlisted and winners, the sentiment of what was written, and the hour-of-week heat map.
 */
export const insightHours = pgTable(
  'insight_hours',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    /** The hour, truncated (UTC). */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    ideas: count('ideas'),
    /** Votes cast (a first vote, support or oppose). */
    votes: count('votes'),
    comments: count('comments'),
    /** Ideas and comments written in the hour, by sentiment. */
    positive: count('positive'),
    neutral: count('neutral'),
    negative: count('negative'),
    shortlisted: count('shortlisted'),
    winners: count('winners'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.hour] }),
    index('insight_hours_brand_idx').on(t.brandId, t.hour),
  ],
);

/**
 * Who did something (an idea, a vote, a comment) in a challenge on a day: the funnel's participants.
 * Each row links to the same person's previous and next active day in the challenge ('-infinity' /
 * 'infinity' when there is none), so the distinct people of a period are the rows in it whose next
 * day is after it — one per person, counted on an index range (decision 021).
 */
export const insightActors = pgTable(
  'insight_actors',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    previousDay: date('previous_day', { mode: 'string' }).notNull().default('-infinity'),
    nextDay: date('next_day', { mode: 'string' }).notNull().default('infinity'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day, t.userId] }),
    index('insight_actors_person_idx').on(t.challengeId, t.userId, t.day),
    index('insight_actors_last_idx').on(t.challengeId, t.nextDay, t.day),
  ],
);

/** The same per brand (a person active in two challenges on a day is one row), linked the same way. */
export const insightBrandActors = pgTable(
  'insight_brand_actors',
  {
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    previousDay: date('previous_day', { mode: 'string' }).notNull().default('-infinity'),
    nextDay: date('next_day', { mode: 'string' }).notNull().default('infinity'),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.day, t.userId] }),
    index('insight_brand_actors_person_idx').on(t.brandId, t.userId, t.day),
    index('insight_brand_actors_last_idx').on(t.brandId, t.nextDay, t.day),
  ],
);

/** insight_hours per UTC day: the activity and sentiment series, the funnel and the top challenges. */
export const insightDays = pgTable(
  'insight_days',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    ideas: count('ideas'),
    votes: count('votes'),
    comments: count('comments'),
    positive: count('positive'),
    neutral: count('neutral'),
    negative: count('negative'),
    shortlisted: count('shortlisted'),
    winners: count('winners'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day] }),
    index('insight_days_brand_idx').on(t.brandId, t.day),
  ],
);

/**
 * insight_hours per calendar month (UTC, `month` its first day) and hour of the week (dow 0 =
 * Monday, hour 0–23): the heat map's full months; the days at a period's edges come from the hours.
 */
export const insightHeatMonths = pgTable(
  'insight_heat_months',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    month: date('month', { mode: 'string' }).notNull(),
    dow: integer('dow').notNull(),
    hour: integer('hour').notNull(),
    /** Ideas, votes and comments. */
    actions: count('actions'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.month, t.dow, t.hour] }),
    index('insight_heat_months_brand_idx').on(t.brandId, t.month),
  ],
);

/** The same for the whole brand: at most 168 rows a month, however many challenges. */
export const insightBrandHeatMonths = pgTable(
  'insight_brand_heat_months',
  {
    brandId: brandId(),
    month: date('month', { mode: 'string' }).notNull(),
    dow: integer('dow').notNull(),
    hour: integer('hour').notNull(),
    actions: count('actions'),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.month, t.dow, t.hour] })],
);

/**
 * Words of the ideas and comments written on a day, per language: the stem (a lexeme of the search
 * vector, stop-words already out) and the most recent surface word shown for it.
 */
export const insightTerms = pgTable(
  'insight_terms',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    language: text('language').notNull(),
    stem: text('stem').notNull(),
    word: text('word').notNull(),
    uses: count('uses'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day, t.language, t.stem] }),
    index('insight_terms_brand_idx').on(t.brandId, t.day),
  ],
);

/** insight_terms per calendar month (`month` its first day): the full months of a long period. */
export const insightTermMonths = pgTable(
  'insight_term_months',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    month: date('month', { mode: 'string' }).notNull(),
    language: text('language').notNull(),
    stem: text('stem').notNull(),
    word: text('word').notNull(),
    uses: count('uses'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.month, t.language, t.stem] }),
    index('insight_term_months_brand_idx').on(t.brandId, t.month),
  ],
);

/**
 * Ideas and comments hidden by moderation whose words are taken out of the terms (kind 'idea' or
 * 'comment'); restoring one puts its words back and deletes its row.
 */
export const insightHiddenTexts = pgTable(
  'insight_hidden_texts',
  {
    kind: text('kind').notNull(),
    itemId: integer('item_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.itemId] })],
);

/** Per tag and day: ideas submitted with it and votes cast on ideas carrying it. */
export const insightTags = pgTable(
  'insight_tags',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    tag: text('tag').notNull(),
    ideas: count('ideas'),
    votes: count('votes'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day, t.tag] }),
    index('insight_tags_brand_idx').on(t.brandId, t.day),
  ],
);

/** insight_tags per calendar month (`month` its first day). */
export const insightTagMonths = pgTable(
  'insight_tag_months',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    month: date('month', { mode: 'string' }).notNull(),
    tag: text('tag').notNull(),
    ideas: count('ideas'),
    votes: count('votes'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.month, t.tag] }),
    index('insight_tag_months_brand_idx').on(t.brandId, t.month),
  ],
);

/**
 * Per author and day: supporters their ideas gained (net: a support withdrawn counts -1) and ideas
 * others built on theirs. The dashboard's most influential participants, shown only as consent allows.
 */
export const insightInfluence = pgTable(
  'insight_influence',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    supporters: count('supporters'),
    builds: count('builds'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day, t.userId] }),
    index('insight_influence_brand_idx').on(t.brandId, t.day),
  ],
);

/** insight_influence per calendar month (`month` its first day). */
export const insightInfluenceMonths = pgTable(
  'insight_influence_months',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    month: date('month', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    supporters: count('supporters'),
    builds: count('builds'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.month, t.userId] }),
    index('insight_influence_months_brand_idx').on(t.brandId, t.month),
  ],
);

/** Unique visitors of a challenge's page per day (the count survives; the hashes do not). */
export const insightVisitorDays = pgTable(
  'insight_visitor_days',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    visitors: count('visitors'),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day] }),
    index('insight_visitor_days_brand_idx').on(t.brandId, t.day),
    check('insight_visitor_days_nonnegative', sql`${t.visitors} >= 0`),
  ],
);

/**
 * Today's visitor hashes: sha-256 of the day's salt, the address and the browser, per challenge.
 * Deleted with the salt once the day is over (a job), so no visit can be traced back.
 */
export const visitHashes = pgTable(
  'visit_hashes',
  {
    challengeId: challengeId(),
    day: date('day', { mode: 'string' }).notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.day, t.hash] })],
);

/** One random salt per day, made on the day's first visit and deleted when the day is over. */
export const visitSalts = pgTable('visit_salts', {
  day: date('day', { mode: 'string' }).primaryKey(),
  salt: bytea('salt').notNull(),
});
