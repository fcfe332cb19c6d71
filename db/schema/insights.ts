// The brand dashboard's aggregates (issue 16, docs/decisions/021-listening-and-search.md). Kept by
// the `insights` consumer of the event log (jobs/insights.server.ts), per challenge and per UTC hour
// or day, with the brand repeated so a brand's figures read one index range; the dashboard reads
// only these tables, never the raw ones. Unique visitors are counted apart, per challenge per day,
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

/** Who did something (an idea, a vote, a comment) in a challenge on a day: the funnel's participants. */
export const insightActors = pgTable(
  'insight_actors',
  {
    challengeId: challengeId(),
    brandId: brandId(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.day, t.userId] }),
    index('insight_actors_brand_idx').on(t.brandId, t.day, t.userId),
  ],
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
