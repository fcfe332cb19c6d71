// The brand dashboard's figures (issue 16) for a period, a brand and optionally one of its
// challenges: read ONLY from the aggregates the `insights` consumer keeps (db/schema/insights.ts),
// plus challenges for their titles and users for the identity of influential participants. No raw
// table (ideas, votes, comments, events) is scanned per request, so the cost depends on the
// period and the number of challenges, not on how many ideas there are.
//
// Times are UTC: a day is a UTC day, the heat map's hours are UTC hours.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../db/schema/columns';
import type { Actor } from '#app/domain/core/actor';
import { forbidden, notFound, unauthorized } from '#app/domain/core/errors';
import { memberRole } from '#app/domain/brands/queries.server';
import { brandMaySee } from '#app/domain/consent/policy';
import { CONSENT_LEVELS } from '#app/domain/consent/schema';
import { addDays, previousPeriod } from './period';
import { canSeeInsights } from './policy';
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
  brandId: number;
  /** One challenge of the brand; all of them when absent. */
  challengeId?: number;
  period: InsightsPeriod;
  viewer: Actor | null | undefined;
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

/** Checks who asks and what: a member of the brand, a challenge of that brand. */
async function authorize(db: Db, q: InsightsQuery): Promise<void> {
  if (!q.viewer) throw unauthorized();
  const [brand] = rowsOf<{ id: number }>(
    await db.execute(sql`select id from brands where id = ${q.brandId}`),
  );
  if (!brand) throw notFound('errors.notFound.brand');
  const role = await memberRole(db, q.viewer.id, q.brandId);
  if (!canSeeInsights({ actor: q.viewer, memberRole: role }))
    throw forbidden('insights.errors.notMember');
  if (q.challengeId !== undefined) {
    const [challenge] = rowsOf<{ id: number }>(
      await db.execute(
        sql`select id from challenges where id = ${q.challengeId} and brand_id = ${q.brandId}`,
      ),
    );
    if (!challenge) throw notFound('errors.notFound.challenge');
  }
}

/** The rows of the brand (or its one challenge), as a condition on an aggregate aliased `t`. */
function scopeOf(q: InsightsQuery): SQL {
  return q.challengeId === undefined
    ? sql`t.brand_id = ${q.brandId}`
    : sql`t.brand_id = ${q.brandId} and t.challenge_id = ${q.challengeId}`;
}

const dayRange = (period: InsightsPeriod) =>
  sql`t.day between ${period.from}::date and ${period.to}::date`;
const hourRange = (period: InsightsPeriod) =>
  sql`t.hour >= ${`${period.from}T00:00:00Z`}::timestamptz and t.hour < ${`${addDays(period.to, 1)}T00:00:00Z`}::timestamptz`;

const n = (value: unknown) => Number(value ?? 0);

type HourRow = {
  kind: 'day' | 'cell' | 'all';
  day: string | null;
  dow: number | null;
  hod: number | null;
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
    hours: hoursSql(q),
    participants: participantsSql(q),
    visitors: visitorsSql(q),
    terms: termsSql(q),
    tags: tagsSql(q),
    influencers: influencersSql(q),
    challenges: challengesSql(q),
  };
}

async function hourRows(db: Db, q: InsightsQuery): Promise<HourRow[]> {
  return rowsOf<HourRow>(await db.execute(hoursSql(q)));
}

function hoursSql(q: InsightsQuery): SQL {
  // One pass, three groupings: per day (activity, sentiment), per hour of the week (the heat map,
  // UTC, Monday = 0) and the whole period (the funnel) — about 560 rows for a year, whatever the
  // number of challenges.
  return sql`
      select
        case when grouping(h.day) = 0 then 'day' when grouping(h.dow) = 0 then 'cell' else 'all' end as kind,
        h.day::text as day, h.dow, h.hod,
        sum(h.ideas)::int as ideas, sum(h.votes)::int as votes, sum(h.comments)::int as comments,
        sum(h.positive)::int as positive, sum(h.neutral)::int as neutral,
        sum(h.negative)::int as negative, sum(h.shortlisted)::int as shortlisted,
        sum(h.winners)::int as winners
      from (
        select (t.hour at time zone 'UTC')::date as day,
          extract(isodow from t.hour at time zone 'UTC')::int - 1 as dow,
          extract(hour from t.hour at time zone 'UTC')::int as hod, t.*
        from insight_hours t
        where ${scopeOf(q)} and ${hourRange(q.period)}
      ) h
      group by grouping sets ((h.day), (h.dow, h.hod), ())`;
}

const participantsSql = (q: InsightsQuery) => sql`
      select count(*)::int as n from (
        select distinct t.user_id from insight_actors t
        where ${scopeOf(q)} and ${dayRange(q.period)}
      ) d`;

async function participants(db: Db, q: InsightsQuery): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(participantsSql(q)));
  return n(row?.n);
}

const visitorsSql = (q: InsightsQuery) => sql`
      select coalesce(sum(t.visitors), 0)::int as n from insight_visitor_days t
      where ${scopeOf(q)} and ${dayRange(q.period)}`;

async function visitors(db: Db, q: InsightsQuery): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(visitorsSql(q)));
  return n(row?.n);
}

// The top stems first, by their uses alone (a hash aggregate); then, for those 45 at most, the word
// of the latest day they were written, read through the (brand, day) index from the period's end —
// carrying every row's word through the aggregate cost twice as much at 100,000 ideas.
const termsSql = (q: InsightsQuery) => sql`
      with ranked as (
        select s.*, row_number() over (partition by s.language
          order by s.uses desc, s.stem collate "C") as rank
        from (
          select t.language, t.stem, sum(t.uses)::int as uses
          from insight_terms t
          where ${scopeOf(q)} and ${dayRange(q.period)}
          group by t.language, t.stem
        ) s
      )
      select r.language, r.uses,
        (select t.word from insight_terms t
          where ${scopeOf(q)} and ${dayRange(q.period)}
            and t.language = r.language and t.stem = r.stem
          order by t.day desc, t.challenge_id desc
          limit 1) as word
      from ranked r
      where r.rank <= ${TOP_TERMS}
      order by r.language, r.rank`;

async function terms(db: Db, q: InsightsQuery): Promise<Record<ContentLanguage, TopTerm[]>> {
  const rows = rowsOf<{ language: ContentLanguage; word: string; uses: number }>(
    await db.execute(termsSql(q)),
  );
  const out = Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, [] as TopTerm[]])) as Record<
    ContentLanguage,
    TopTerm[]
  >;
  for (const r of rows) out[r.language]?.push({ word: r.word, uses: n(r.uses) });
  return out;
}

function tagsSql(q: InsightsQuery): SQL {
  const before = previousPeriod(q.period);
  return sql`
      select * from (
      select t.tag,
        coalesce(sum(t.ideas) filter (where t.day >= ${q.period.from}::date), 0)::int as ideas,
        coalesce(sum(t.votes) filter (where t.day >= ${q.period.from}::date), 0)::int as votes,
        coalesce(sum(t.ideas) filter (where t.day < ${q.period.from}::date), 0)::int as previous_ideas,
        coalesce(sum(t.votes) filter (where t.day < ${q.period.from}::date), 0)::int as previous_votes
      from insight_tags t
      where ${scopeOf(q)} and ${dayRange({ from: before.from, to: q.period.to })}
      group by t.tag
      ) s
      where s.ideas + s.votes > 0
      order by s.ideas + s.votes desc, s.ideas desc, s.tag collate "C"
      limit ${TOP_TAGS}`;
}

async function tags(db: Db, q: InsightsQuery): Promise<TrendingTag[]> {
  const rows = rowsOf<{
    tag: string;
    ideas: number;
    votes: number;
    previous_ideas: number;
    previous_votes: number;
  }>(await db.execute(tagsSql(q)));
  return rows.map((r) => ({
    tag: r.tag,
    ideas: n(r.ideas),
    votes: n(r.votes),
    previousIdeas: n(r.previous_ideas),
    previousVotes: n(r.previous_votes),
  }));
}

// Identity only where this brand's consent row allows it, and never for a deleted account: the
// join decides per request, so a consent withdrawn holds from the next read.
const influencersSql = (q: InsightsQuery) => sql`
      with top as (
        select t.user_id, sum(t.supporters)::int as supporters, sum(t.builds)::int as builds
        from insight_influence t
        where ${scopeOf(q)} and ${dayRange(q.period)}
        group by t.user_id
        having sum(t.supporters) + sum(t.builds) > 0
        order by sum(t.supporters) + sum(t.builds) desc, sum(t.supporters) desc, t.user_id
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
      left join brand_consents c on c.user_id = top.user_id and c.brand_id = ${q.brandId}
      order by top.supporters + top.builds desc, top.supporters desc, top.user_id`;

async function influencers(db: Db, q: InsightsQuery): Promise<Influencer[]> {
  const rows = rowsOf<{
    handle: string | null;
    display_name: string | null;
    supporters: number;
    builds: number;
  }>(await db.execute(influencersSql(q)));
  return rows.map((r) => ({
    person:
      r.handle === null ? null : { handle: r.handle, displayName: r.display_name ?? r.handle },
    supporters: n(r.supporters),
    builds: n(r.builds),
  }));
}

// The challenges with ideas, votes or comments in the period, ranked on insight_hours first; the
// distinct participants (the costly part) are then counted for those ten only.
const challengesSql = (q: InsightsQuery) => sql`
      with activity as (
        select t.challenge_id, sum(t.ideas)::int as ideas, sum(t.votes)::int as votes,
          sum(t.comments)::int as comments
        from insight_hours t
        where ${scopeOf(q)} and ${hourRange(q.period)}
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
        (select count(*) from (
          select distinct t.user_id from insight_actors t
          where t.challenge_id = top.id and ${dayRange(q.period)}
        ) d)::int as participants
      from top
      order by top.ideas desc, top.votes desc, top.comments desc, top.id`;

async function topChallenges(db: Db, q: InsightsQuery): Promise<TopChallenge[]> {
  const rows = rowsOf<{
    slug: string;
    title: string;
    language: ContentLanguage;
    ideas: number;
    votes: number;
    comments: number;
    participants: number;
  }>(await db.execute(challengesSql(q)));
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
 * The dashboard of a brand (or one of its challenges) for a period. A visitor is a 401, anyone
 * but the brand's team a 403, an unknown brand or a challenge of another brand a 404.
 */
export async function loadInsights(db: Db, q: InsightsQuery): Promise<Insights> {
  await authorize(db, q);
  const [hours, participantCount, visitorCount, termLists, tagList, people, challengeList] =
    await Promise.all([
      hourRows(db, q),
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
  const totals = { ideas: 0, votes: 0, shortlisted: 0, winners: 0 };
  const share = { positive: 0, neutral: 0, negative: 0 };
  for (const row of hours) {
    if (row.kind === 'all') {
      totals.ideas = n(row.ideas);
      totals.votes = n(row.votes);
      totals.shortlisted = n(row.shortlisted);
      totals.winners = n(row.winners);
      share.positive = n(row.positive);
      share.neutral = n(row.neutral);
      share.negative = n(row.negative);
    } else if (row.kind === 'cell') {
      const cell = heat[n(row.dow) * 24 + n(row.hod)];
      if (cell) cell.actions = n(row.ideas) + n(row.votes) + n(row.comments);
    } else {
      const a = activity.get(row.day ?? '');
      const s = sentimentDays.get(row.day ?? '');
      if (!a || !s) continue;
      a.ideas = n(row.ideas);
      a.votes = n(row.votes);
      a.comments = n(row.comments);
      s.positive = n(row.positive);
      s.neutral = n(row.neutral);
      s.negative = n(row.negative);
    }
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
    sentiment: { share, days: [...sentimentDays.values()] },
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
 * spreadsheets and scripts) then values. Same checks as `loadInsights`. A person who did not
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
        ['day', 'positive', 'neutral', 'negative'],
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
