// The brand dashboard's figures (issue 16) for a period, a brand and optionally one of its
// challenges: read ONLY from the aggregates the `insights` consumer keeps (db/schema/insights.ts),
// plus challenges for their titles and users for the identity of influential participants. No raw
// table (ideas, votes, comments, events) is scanned per request, so the cost depends on the
// period and the number of challenges, not on how many ideas there are. Long periods read few rows:
// sums come from the monthly rollups with the days at the edges added or taken away (period.ts
// periodPlan), the series from one row per challenge and day, and distinct participants are the
// linked active days whose next day is after the period — one per person (decision 021).
//
// Times are UTC: a day is a UTC day, the heat map's hours are UTC hours.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../db/schema/columns';
import { brandMaySee } from '#app/domain/consent/policy';
import { CONSENT_LEVELS } from '#app/domain/consent/schema';
import type { InsightsScope } from './access.server';
import {
  addDays,
  periodDays,
  periodParts,
  periodPlan,
  previousPeriod,
  WEEKLY_AFTER_DAYS,
  weekOf,
} from './period';
import type {
  ActivityDay,
  HeatCell,
  Influencer,
  InsightTable,
  Insights,
  InsightsPeriod,
  SentimentDay,
  TopChallenge,
  TopTerm,
  TrendingTag,
} from './types';

export type InsightsQuery = {
  /** The brand, as `openInsights` checked the viewer may read it (access.server.ts). */
  scope: InsightsScope;
  /**
   * One challenge of the brand; all of them when absent. Every statement is also limited to the
   * scope's brand, so a challenge of another brand reads nothing.
   */
  challengeId?: number;
  period: InsightsPeriod;
};

export const TOP_TERMS = 15;
export const TOP_TAGS = 10;
export const TOP_INFLUENCERS = 10;
export const TOP_CHALLENGES = 10;

/**
 * The consent levels at which a brand may see who a person is (their handle; at `profile` their
 * name too): the consent policy's own rule, turned into the list the query compares with, so the
 * dashboard and the community view decide identity the same way (decision 017).
 */
const IDENTITY_LEVELS = CONSENT_LEVELS.filter((level) => brandMaySee(level, 'activity'));
const NAME_LEVELS = CONSENT_LEVELS.filter((level) => brandMaySee(level, 'profile'));
const levelList = (levels: readonly string[]) =>
  sql.join(
    levels.map((l) => sql`${l}::consent_level`),
    sql`, `,
  );

/** The rows of the brand (or its one challenge), as a condition on an aggregate aliased `t`. */
function scopeOf(q: InsightsQuery): SQL {
  return q.challengeId === undefined
    ? sql`t.brand_id = ${q.scope.brandId}`
    : sql`t.brand_id = ${q.scope.brandId} and t.challenge_id = ${q.challengeId}`;
}

const between = (column: string, span: InsightsPeriod) =>
  sql`${sql.raw(column)} between ${span.from}::date and ${span.to}::date`;
const dayRange = (period: InsightsPeriod) => between('t.day', period);
const hourRange = (period: InsightsPeriod) =>
  sql`t.hour >= ${`${period.from}T00:00:00Z`}::timestamptz and t.hour < ${`${addDays(period.to, 1)}T00:00:00Z`}::timestamptz`;

const n = (value: unknown) => Number(value ?? 0);

/** Runs one of the dashboard's statements (an index range of a few hundred rows at most). */
async function statement<T>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/**
 * Runs one of the dashboard's aggregates over thousands of rows (terms, tags, influencers) in a
 * transaction of its own that plans it without parallel workers: the statements run side by side
 * (loadInsights), and starting workers for them cost more than it saved — a Gather Merge of the
 * influencers' aggregate waited ~500 ms for its workers on a busy two-core machine, against under
 * 100 ms without (decision 021).
 */
async function aggregate<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('max_parallel_workers_per_gather', '0', true)`);
    return rowsOf<T>(await tx.execute(query));
  });
}

/**
 * The rows of a period from a day table and its monthly rollup, for sums: the months of the
 * period's plan from `months`, the days it adds from `days`, and the days it takes away from `days`
 * with their `values` negated (period.ts periodPlan), as one UNION ALL of `keys` (SQL over the
 * alias `t`) and `values` (column names). Summed per key, they are the period's figures.
 */
function fromPlan(
  q: InsightsQuery,
  period: InsightsPeriod,
  tables: { days: string; months: string },
  keys: SQL,
  values: string[],
): SQL {
  const { months, plus, minus } = periodPlan(period);
  const columns = (sign: '' | '-') =>
    sql.raw(values.map((v) => `${sign}t.${v} as ${v}`).join(', '));
  const days = (spans: InsightsPeriod[], sign: '' | '-') =>
    sql`select ${keys}, ${columns(sign)} from ${sql.raw(tables.days)} t
      where ${scopeOf(q)} and (${sql.join(
        spans.map((span) => dayRange(span)),
        sql` or `,
      )})`;
  const parts: SQL[] = [];
  if (months)
    parts.push(sql`select ${keys}, ${columns('')} from ${sql.raw(tables.months)} t
      where ${scopeOf(q)} and ${between('t.month', months)}`);
  if (plus.length) parts.push(days(plus, ''));
  if (minus.length) parts.push(days(minus, '-'));
  return sql.join(parts, sql` union all `);
}

type DayRow = {
  day: string | null;
  ideas: number;
  votes: number;
  comments: number;
  positive: number;
  neutral: number;
  negative: number;
  shortlisted: number;
  winners: number;
};

/**
 * The dashboard's statements, one per figure, for a checked query (bench/insights.ts EXPLAINs them).
 */
export function insightStatements(q: InsightsQuery): Record<string, SQL> {
  return {
    days: daysSql(q),
    heat: heatSql(q),
    participants: participantsSql(q),
    visitors: visitorsSql(q),
    terms: termsSql(q),
    tags: tagsSql(q),
    influencers: influencersSql(q),
    challenges: challengesSql(q),
  };
}

// Per day (activity, sentiment) and the whole period (the funnel): at most 366 rows per challenge.
const daysSql = (q: InsightsQuery) => sql`
      select t.day::text as day,
        sum(t.ideas)::int as ideas, sum(t.votes)::int as votes, sum(t.comments)::int as comments,
        sum(t.positive)::int as positive, sum(t.neutral)::int as neutral,
        sum(t.negative)::int as negative, sum(t.shortlisted)::int as shortlisted,
        sum(t.winners)::int as winners
      from insight_days t
      where ${scopeOf(q)} and ${dayRange(q.period)}
      group by grouping sets ((t.day), ())`;

async function dayRows(db: Db, q: InsightsQuery): Promise<DayRow[]> {
  return await statement<DayRow>(db, daysSql(q));
}

/**
 * The hour-of-week heat map (UTC, Monday = 0): the months of the period's plan from the monthly
 * cells (the brand's own, at most 168 a month, or the challenge's), the days it adds or takes away
 * from the hours.
 */
function heatSql(q: InsightsQuery): SQL {
  const { months, plus, minus } = periodPlan(q.period);
  const hours = (span: InsightsPeriod, sign: '' | '-') => sql`
      select extract(isodow from t.hour at time zone 'UTC')::int - 1 as dow,
        extract(hour from t.hour at time zone 'UTC')::int as hod,
        ${sql.raw(sign)}(t.ideas + t.votes + t.comments) as actions
      from insight_hours t
      where ${scopeOf(q)} and ${hourRange(span)}`;
  const parts: SQL[] = [
    ...plus.map((span) => hours(span, '')),
    ...minus.map((span) => hours(span, '-')),
  ];
  if (months)
    parts.push(
      q.challengeId === undefined
        ? sql`
      select t.dow, t.hour as hod, t.actions from insight_brand_heat_months t
      where t.brand_id = ${q.scope.brandId} and ${between('t.month', months)}`
        : sql`
      select t.dow, t.hour as hod, t.actions from insight_heat_months t
      where ${scopeOf(q)} and ${between('t.month', months)}`,
    );
  return sql`
      select h.dow, h.hod, sum(h.actions)::int as actions
      from (${sql.join(parts, sql` union all `)}) h
      group by h.dow, h.hod`;
}

async function heatRows(db: Db, q: InsightsQuery) {
  return await statement<{ dow: number; hod: number; actions: number }>(db, heatSql(q));
}

/**
 * Distinct people who took part in the period: each person's active days are linked, so the rows in
 * the period whose next active day is after it are one per person. For a period ending today that
 * is read from the (scope, next_day) index: one row per person who ever took part, whatever the
 * length of the period.
 */
const distinctActors = (
  table: 'insight_actors' | 'insight_brand_actors',
  scope: SQL,
  period: InsightsPeriod,
) => sql`
      select count(*)::int as n from ${sql.raw(table)} t
      where ${scope} and ${dayRange(period)} and t.next_day > ${period.to}::date`;

const participantsSql = (q: InsightsQuery) =>
  q.challengeId === undefined
    ? distinctActors('insight_brand_actors', sql`t.brand_id = ${q.scope.brandId}`, q.period)
    : distinctActors('insight_actors', scopeOf(q), q.period);

async function participants(db: Db, q: InsightsQuery): Promise<number> {
  const [row] = await statement<{ n: number }>(db, participantsSql(q));
  return n(row?.n);
}

const visitorsSql = (q: InsightsQuery) => sql`
      select coalesce(sum(t.visitors), 0)::int as n from insight_visitor_days t
      where ${scopeOf(q)} and ${dayRange(q.period)}`;

async function visitors(db: Db, q: InsightsQuery): Promise<number> {
  const [row] = await statement<{ n: number }>(db, visitorsSql(q));
  return n(row?.n);
}

const TERM_TABLES = { days: 'insight_terms', months: 'insight_term_months' };

// The top stems first, by their uses alone (a hash aggregate over the period's plan); then, for
// those 45 at most, the word written last in the period: from the days after its whole months,
// else its last whole month, else the days before — each read through the (brand, day or month)
// index from the end, stopping at the first row of the stem.
function termsSql(q: InsightsQuery): SQL {
  const { months, days } = periodParts(q.period);
  const wordFrom = (table: string, column: string, range: SQL) => sql`(select t.word
          from ${sql.raw(table)} t
          where ${scopeOf(q)} and ${range} and t.language = r.language and t.stem = r.stem
          order by ${sql.raw(`t.${column}`)} desc, t.challenge_id desc
          limit 1)`;
  // Latest first: the last edge (if it is after the months), the months, the first edge.
  const sources: SQL[] = [];
  const after = days.filter((span) => !months || span.from > months.to);
  const before = days.filter((span) => months && span.to < months.from);
  for (const span of after) sources.push(wordFrom('insight_terms', 'day', dayRange(span)));
  if (months) sources.push(wordFrom('insight_term_months', 'month', between('t.month', months)));
  for (const span of before) sources.push(wordFrom('insight_terms', 'day', dayRange(span)));
  return sql`
      with ranked as (
        select s.*, row_number() over (partition by s.language
          order by s.uses desc, s.stem collate "C") as rank
        from (
          select p.language, p.stem, sum(p.uses)::int as uses
          from (${fromPlan(q, q.period, TERM_TABLES, sql`t.language, t.stem`, ['uses'])}) p
          group by p.language, p.stem
          having sum(p.uses) > 0
        ) s
      )
      select r.language, r.uses, coalesce(${sql.join(sources, sql`, `)}) as word
      from ranked r
      where r.rank <= ${TOP_TERMS}
      order by r.language, r.rank`;
}

async function terms(db: Db, q: InsightsQuery): Promise<Record<ContentLanguage, TopTerm[]>> {
  const rows = await aggregate<{ language: ContentLanguage; word: string; uses: number }>(
    db,
    termsSql(q),
  );
  const out = Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, [] as TopTerm[]])) as Record<
    ContentLanguage,
    TopTerm[]
  >;
  for (const r of rows) out[r.language]?.push({ word: r.word, uses: n(r.uses) });
  return out;
}

const TAG_TABLES = { days: 'insight_tags', months: 'insight_tag_months' };

// Ranked by ideas and votes together (what the chart draws), then ideas.
function tagsSql(q: InsightsQuery): SQL {
  const before = previousPeriod(q.period);
  const part = (period: InsightsPeriod, current: boolean) =>
    fromPlan(q, period, TAG_TABLES, sql`t.tag, ${sql.raw(String(current))} as current`, [
      'ideas',
      'votes',
    ]);
  return sql`
      select * from (
      select p.tag,
        coalesce(sum(p.ideas) filter (where p.current), 0)::int as ideas,
        coalesce(sum(p.votes) filter (where p.current), 0)::int as votes,
        coalesce(sum(p.ideas) filter (where not p.current), 0)::int as previous_ideas,
        coalesce(sum(p.votes) filter (where not p.current), 0)::int as previous_votes
      from (${part(q.period, true)} union all ${part(before, false)}) p
      group by p.tag
      ) s
      where s.ideas + s.votes > 0
      order by s.ideas + s.votes desc, s.ideas desc, s.tag collate "C"
      limit ${TOP_TAGS}`;
}

async function tags(db: Db, q: InsightsQuery): Promise<TrendingTag[]> {
  const rows = await aggregate<{
    tag: string;
    ideas: number;
    votes: number;
    previous_ideas: number;
    previous_votes: number;
  }>(db, tagsSql(q));
  return rows.map((r) => ({
    tag: r.tag,
    ideas: n(r.ideas),
    votes: n(r.votes),
    previousIdeas: n(r.previous_ideas),
    previousVotes: n(r.previous_votes),
  }));
}

const INFLUENCE_TABLES = { days: 'insight_influence', months: 'insight_influence_months' };

// Identity only where this brand's consent row allows it, and never for a deleted account: the
// join decides per request, so a consent withdrawn holds from the next read.
const influencersSql = (q: InsightsQuery) => sql`
      with top as (
        select p.user_id, sum(p.supporters)::int as supporters, sum(p.builds)::int as builds
        from (${fromPlan(q, q.period, INFLUENCE_TABLES, sql`t.user_id`, ['supporters', 'builds'])}) p
        group by p.user_id
        having sum(p.supporters) + sum(p.builds) > 0
        order by sum(p.supporters) + sum(p.builds) desc, sum(p.supporters) desc, p.user_id
        limit ${TOP_INFLUENCERS}
      )
      select
        case when c.level in (${levelList(IDENTITY_LEVELS)}) and u.deleted_at is null
          then u.handle end as handle,
        case when c.level in (${levelList(IDENTITY_LEVELS)}) and u.deleted_at is null
          then case when c.level in (${levelList(NAME_LEVELS)}) then u.display_name else u.handle end
        end as display_name,
        top.supporters, top.builds
      from top
      join users u on u.id = top.user_id
      left join brand_consents c on c.user_id = top.user_id and c.brand_id = ${q.scope.brandId}
      order by top.supporters + top.builds desc, top.supporters desc, top.user_id`;

async function influencers(db: Db, q: InsightsQuery): Promise<Influencer[]> {
  const rows = await aggregate<{
    handle: string | null;
    display_name: string | null;
    supporters: number;
    builds: number;
  }>(db, influencersSql(q));
  return rows.map((r) => ({
    person:
      r.handle === null ? null : { handle: r.handle, displayName: r.display_name ?? r.handle },
    supporters: n(r.supporters),
    builds: n(r.builds),
  }));
}

// The challenges with ideas, votes or comments in the period, ranked on insight_days first; the
// distinct participants are then counted for those ten only, each on its linked active days.
const challengesSql = (q: InsightsQuery) => sql`
      with activity as (
        select t.challenge_id, sum(t.ideas)::int as ideas, sum(t.votes)::int as votes,
          sum(t.comments)::int as comments
        from insight_days t
        where ${scopeOf(q)} and ${dayRange(q.period)}
        group by t.challenge_id
        having sum(t.ideas + t.votes + t.comments) > 0
      ),
      top as (
        select ch.id, ch.slug, ch.title, ch.language, a.ideas, a.votes, a.comments
        from activity a join challenges ch on ch.id = a.challenge_id
        order by a.ideas desc, a.votes desc, a.comments desc, ch.id
        limit ${TOP_CHALLENGES}
      )
      select top.slug, top.title, top.language, top.ideas, top.votes, top.comments,
        (${distinctActors('insight_actors', sql`t.challenge_id = top.id`, q.period)}) as participants
      from top
      order by top.ideas desc, top.votes desc, top.comments desc, top.id`;

async function topChallenges(db: Db, q: InsightsQuery): Promise<TopChallenge[]> {
  const rows = await statement<{
    slug: string;
    title: string;
    language: ContentLanguage;
    ideas: number;
    votes: number;
    comments: number;
    participants: number;
  }>(db, challengesSql(q));
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    language: r.language,
    ideas: n(r.ideas),
    votes: n(r.votes),
    comments: n(r.comments),
    participants: n(r.participants),
  }));
}

/** Every day of the period, oldest first. */
function daysOf(period: InsightsPeriod): string[] {
  const out: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) out.push(day);
  return out;
}

/**
 * The sentiment of each day, or over a long period (more than WEEKLY_AFTER_DAYS days) of each week,
 * Monday to Sunday, named by its first day in the period (the first week may start later than its
 * Monday).
 */
function sentimentSeries(
  period: InsightsPeriod,
  days: SentimentDay[],
): { step: 'day' | 'week'; days: SentimentDay[] } {
  if (periodDays(period) <= WEEKLY_AFTER_DAYS) return { step: 'day', days };
  const weeks = new Map<string, SentimentDay>();
  for (const d of days) {
    const start = weekOf(d.day) < period.from ? period.from : weekOf(d.day);
    const week = weeks.get(start);
    if (!week) weeks.set(start, { ...d, day: start });
    else {
      week.positive += d.positive;
      week.neutral += d.neutral;
      week.negative += d.negative;
    }
  }
  return { step: 'week', days: [...weeks.values()] };
}

/**
 * The dashboard of a brand (or one of its challenges) for a period, for a scope `openInsights`
 * made: who may read it was checked there, once for the request, and is not checked again.
 */
export async function loadInsights(db: Db, q: InsightsQuery): Promise<Insights> {
  const [
    dayList,
    heatList,
    participantCount,
    visitorCount,
    termLists,
    tagList,
    people,
    challengeList,
  ] = await Promise.all([
    dayRows(db, q),
    heatRows(db, q),
    participants(db, q),
    visitors(db, q),
    terms(db, q),
    tags(db, q),
    influencers(db, q),
    topChallenges(db, q),
  ]);

  const days = daysOf(q.period);
  const activity = new Map<string, ActivityDay>(
    days.map((day) => [day, { day, ideas: 0, votes: 0, comments: 0 }]),
  );
  const sentimentDays = new Map<string, SentimentDay>(
    days.map((day) => [day, { day, positive: 0, neutral: 0, negative: 0 }]),
  );
  const heat: HeatCell[] = [];
  for (let dow = 0; dow < 7; dow++)
    for (let hour = 0; hour < 24; hour++) heat.push({ dow, hour, actions: 0 });
  for (const row of heatList) {
    const cell = heat[n(row.dow) * 24 + n(row.hod)];
    if (cell) cell.actions = n(row.actions);
  }
  const totals = { ideas: 0, votes: 0, shortlisted: 0, winners: 0 };
  const share = { positive: 0, neutral: 0, negative: 0 };
  for (const row of dayList) {
    if (row.day === null) {
      totals.ideas = n(row.ideas);
      totals.votes = n(row.votes);
      totals.shortlisted = n(row.shortlisted);
      totals.winners = n(row.winners);
      share.positive = n(row.positive);
      share.neutral = n(row.neutral);
      share.negative = n(row.negative);
      continue;
    }
    const a = activity.get(row.day);
    const s = sentimentDays.get(row.day);
    if (!a || !s) continue;
    a.ideas = n(row.ideas);
    a.votes = n(row.votes);
    a.comments = n(row.comments);
    s.positive = n(row.positive);
    s.neutral = n(row.neutral);
    s.negative = n(row.negative);
  }

  return {
    period: q.period,
    funnel: {
      visitors: visitorCount,
      participants: participantCount,
      ideas: totals.ideas,
      votes: totals.votes,
      shortlisted: totals.shortlisted,
      winners: totals.winners,
    },
    activity: [...activity.values()],
    sentiment: { share, ...sentimentSeries(q.period, [...sentimentDays.values()]) },
    terms: termLists,
    tags: tagList,
    influencers: people,
    heatmap: heat,
    challenges: challengeList,
  };
}

/** One table of the dashboard for a CSV file: a header row, then one row per entry. */
export type InsightRows = (string | number)[][];

/**
 * A table of the dashboard as rows for a CSV export: column names (stable, in English, for
 * spreadsheets and scripts; the CSV writes them in the reader's language, csv.server.ts) then
 * values, for a scope `openInsights` made. A person who did not
 * consent has empty handle and name (the page shows "a participant").
 */
export async function insightRows(
  db: Db,
  q: InsightsQuery,
  table: InsightTable,
): Promise<InsightRows> {
  const insights = await loadInsights(db, q);
  switch (table) {
    case 'funnel': {
      const f = insights.funnel;
      return [
        ['stage', 'count'],
        ['visitors', f.visitors],
        ['participants', f.participants],
        ['ideas', f.ideas],
        ['votes', f.votes],
        ['shortlisted', f.shortlisted],
        ['winners', f.winners],
      ];
    }
    case 'activity':
      return [
        ['day', 'ideas', 'votes', 'comments'],
        ...insights.activity.map((d) => [d.day, d.ideas, d.votes, d.comments]),
      ];
    case 'sentiment':
      return [
        [insights.sentiment.step === 'week' ? 'week' : 'day', 'positive', 'neutral', 'negative'],
        ...insights.sentiment.days.map((d) => [d.day, d.positive, d.neutral, d.negative]),
      ];
    case 'terms':
      return [
        ['language', 'word', 'uses'],
        ...CONTENT_LANGUAGES.flatMap((language) =>
          insights.terms[language].map((t) => [language, t.word, t.uses]),
        ),
      ];
    case 'tags':
      return [
        ['tag', 'ideas', 'votes', 'previous_ideas', 'previous_votes'],
        ...insights.tags.map((t) => [t.tag, t.ideas, t.votes, t.previousIdeas, t.previousVotes]),
      ];
    case 'influencers':
      return [
        ['handle', 'display_name', 'supporters', 'builds'],
        ...insights.influencers.map((i) => [
          i.person?.handle ?? '',
          i.person?.displayName ?? '',
          i.supporters,
          i.builds,
        ]),
      ];
    case 'heatmap':
      return [
        ['day_of_week', 'hour_utc', 'actions'],
        ...insights.heatmap.map((c) => [c.dow, c.hour, c.actions]),
      ];
    case 'challenges':
      return [
        ['slug', 'title', 'language', 'ideas', 'votes', 'comments', 'participants'],
        ...insights.challenges.map((c) => [
          c.slug,
          c.title,
          c.language,
          c.ideas,
          c.votes,
          c.comments,
          c.participants,
        ]),
      ];
  }
}
