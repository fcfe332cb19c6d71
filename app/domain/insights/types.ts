// What the brand dashboard shows (issue 16): the shape app/domain/insights/queries.server.ts returns
// and the route and charts render. Browser-safe. Days are ISO dates (yyyy-mm-dd, UTC).
import type { ContentLanguage } from '../../../db/schema/columns';

/** The period shown: both ends included. */
export type InsightsPeriod = { from: string; to: string };

export type Funnel = {
  /** Unique visitors of the challenges' pages, counted per challenge per day and summed. */
  visitors: number;
  /** Distinct people who submitted, voted or commented in the period. */
  participants: number;
  ideas: number;
  /** Votes cast (first votes, support or oppose). */
  votes: number;
  shortlisted: number;
  winners: number;
};

export type ActivityDay = { day: string; ideas: number; votes: number; comments: number };

export type SentimentCounts = { positive: number; neutral: number; negative: number };
export type SentimentDay = SentimentCounts & { day: string };

export type TopTerm = { word: string; uses: number };

export type TrendingTag = {
  tag: string;
  /** Ideas with the tag and votes on them, in the period and in the same length of time before. */
  ideas: number;
  votes: number;
  previousIdeas: number;
  previousVotes: number;
};

export type Influencer = {
  /** Null: the person did not consent to this brand seeing who they are ("a participant"). */
  person: { handle: string; displayName: string } | null;
  supporters: number;
  builds: number;
};

/** One cell of the hour-of-week heat map: day of week 0 = Monday … 6 = Sunday, hour 0–23 (UTC). */
export type HeatCell = { dow: number; hour: number; actions: number };

export type TopChallenge = {
  slug: string;
  title: string;
  language: ContentLanguage;
  ideas: number;
  votes: number;
  comments: number;
  participants: number;
};

export type Insights = {
  period: InsightsPeriod;
  funnel: Funnel;
  /** One entry per day of the period, zeros included, oldest first. */
  activity: ActivityDay[];
  /**
   * The share over the period, and the series: per day, or per week (Monday to Sunday, each named by
   * its first day in the period) when the period is longer than 90 days.
   */
  sentiment: { share: SentimentCounts; step: 'day' | 'week'; days: SentimentDay[] };
  /** Up to 15 terms per language, most used first; a language with no text has an empty list. */
  terms: Record<ContentLanguage, TopTerm[]>;
  /** Up to 10 tags, most ideas and votes together in the period first (what the chart draws). */
  tags: TrendingTag[];
  /** Up to 10 people, most supporters plus builds first. */
  influencers: Influencer[];
  /** All 168 cells (7 × 24), in order of dow then hour. */
  heatmap: HeatCell[];
  /** The brand's challenges with activity in the period, most ideas first (up to 10). */
  challenges: TopChallenge[];
};

/** The tables a CSV export can ask for, one per chart or table of the dashboard. */
export const INSIGHT_TABLES = [
  'funnel',
  'activity',
  'sentiment',
  'terms',
  'tags',
  'influencers',
  'heatmap',
  'challenges',
] as const;
export type InsightTable = (typeof INSIGHT_TABLES)[number];
