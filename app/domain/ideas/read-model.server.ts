// What pages read instead of computing per request: each idea's trending score, stored and indexed,
// and each challenge's count of public ideas (kept by triggers, migration 0008).
//
// The score is Fider's formula as of a given time (the SQL function idea_trending_score), so it
// decays while nothing happens. Two updaters keep it fresh (jobs/trending.server.ts):
// - the trending consumer of the event log recomputes the idea a vote, comment or idea event names;
// - the decay job recomputes, every few minutes, every public idea with activity (its creation, a
//   vote, a comment, an edit: last_activity_at) in the last 8 days, and any idea whose stored score
//   still counts activity (>= 0) although it has been quiet for longer (the job did not run for a
//   while). An idea quiet for more than 8 days has no vote or comment in the 7-day window, so its
//   score is −1/(hours since posted + 2)^1.4: within 0.0008 of zero, below every idea with activity
//   in the window, and only creeping towards zero. It was last recomputed after its activity left
//   the window and is left there: between two ideas with no vote or comment in the window the
//   stored order can differ from the formula's (both far down any trending list); an idea with
//   one is always above them.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { ideas, isPublicIdea } from '../../../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';

const HOUR_MS = 3_600_000;
/** Votes and comments count for this long (168 hours, whatever the session's time zone). */
export const TRENDING_WINDOW_MS = 7 * 24 * HOUR_MS;
/** How far back activity makes the decay job recompute an idea: the window and a day's margin. */
export const DECAY_HORIZON_MS = 8 * 24 * HOUR_MS;

const at = (time: Date) => sql`${time.toISOString()}::timestamptz`;
/** A timestamptz as UTC text to the microsecond, which sorts as the times do. */
const utcText = (value: SQL) =>
  sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The score of an idea posted at `now` with nothing on it yet, for its insert: it starts where the
 * consumer would put it, rather than at 0 above every quiet idea until the consumer runs.
 */
export const newIdeaScore = (now: Date) =>
  sql<number>`idea_trending_score(0, 0, ${at(now)}, ${at(now)})`;

/**
 * Recomputes the score as of `now` of the ideas `target` selects (a query of `id, created_at` from
 * ideas), in one statement: the formula (idea_trending_score) over the target's recent votes and
 * comments. Every updater goes through here. Returns the ids it updated when `returning` is set.
 */
async function refreshTrendingScores(
  db: Db,
  now: Date,
  target: SQL,
  options: { returning?: SQL } = {},
) {
  const since = at(new Date(now.getTime() - TRENDING_WINDOW_MS));
  const result = await db.execute(sql`
    with target as (${target}),
    recent_votes as (
      select v.idea_id, count(*) as n from votes v join target t on t.id = v.idea_id
      where v.updated_at > ${since} group by v.idea_id),
    recent_comments as (
      select c.idea_id, count(*) as n from comments c join target t on t.id = c.idea_id
      where c.deleted_at is null and c.created_at > ${since} group by c.idea_id)
    update ideas set trending_score =
      idea_trending_score(coalesce(rv.n, 0), coalesce(rc.n, 0), t.created_at, ${at(now)})
    from target t
    left join recent_votes rv on rv.idea_id = t.id
    left join recent_comments rc on rc.idea_id = t.id
    where ideas.id = t.id
    ${options.returning ? sql`returning ${options.returning}` : sql``}`);
  return result;
}

/** The trending consumer's step: the scores of the ideas a batch named, as of `now`, in one statement. */
export async function refreshIdeaScores(db: Db, ideaIds: readonly number[], now: Date) {
  if (!ideaIds.length) return;
  const ids = sql.join(
    ideaIds.map((id) => sql`${id}`),
    sql`, `,
  );
  await refreshTrendingScores(db, now, sql`select id, created_at from ideas where id in (${ids})`);
}

/**
 * The decay job's work (the rule is at the top of this file), `batchSize` ideas per statement, each
 * its own short transaction. A row another writer holds is skipped rather than waited for: that
 * writer appends an event naming the idea, and the consumer recomputes it after. Returns how many
 * scores it recomputed.
 */
export async function refreshDecayingScores(db: Db, now: Date, batchSize = 500) {
  const horizon = at(new Date(now.getTime() - DECAY_HORIZON_MS));
  let refreshed = 0;
  // Recent activity, walked by (last_activity_at, id); an idea bumped meanwhile is simply met again.
  let after: { activity: string; id: number } | null = null;
  for (;;) {
    const from: SQL = after
      ? sql`(last_activity_at, id) > (${after.activity}::timestamptz, ${after.id}::integer)`
      : sql`last_activity_at >= ${horizon}`;
    const rows = rowsOf<{ id: number; activity: string }>(
      await refreshTrendingScores(
        db,
        now,
        sql`select id, created_at, last_activity_at from ideas
          where ${from} and last_activity_at >= ${horizon} and ${isPublicIdea(ideas.status)}
          order by last_activity_at, id limit ${batchSize}
          for no key update skip locked`,
        { returning: sql`ideas.id, ${utcText(sql`t.last_activity_at`)} as activity` },
      ),
    );
    refreshed += rows.length;
    if (rows.length < batchSize) break;
    // On from the batch's last row in (last_activity_at, id) order; UTC text sorts as time does.
    after = rows.reduce((last, row) =>
      row.activity > last.activity || (row.activity === last.activity && row.id > last.id)
        ? row
        : last,
    );
  }
  // Quiet for longer, yet still scored with activity: none unless the job missed runs. Walked down
  // the trending index from the top to 0, by (trending_score, id) as they were before the update.
  let below: { score: number; id: number } | null = null;
  for (;;) {
    const rows: { id: number; score: number }[] = rowsOf(
      await refreshTrendingScores(
        db,
        now,
        sql`select id, created_at, trending_score from ideas
          where trending_score >= 0 and last_activity_at < ${horizon}
            and ${isPublicIdea(ideas.status)}
            ${below ? sql`and (trending_score, id) < (${below.score}::double precision, ${below.id}::integer)` : sql``}
          order by trending_score desc, id desc limit ${batchSize}
          for no key update skip locked`,
        { returning: sql`ideas.id, t.trending_score as score` },
      ),
    );
    refreshed += rows.length;
    if (rows.length < batchSize) return refreshed;
    below = rows.reduce((last, row) =>
      row.score < last.score || (row.score === last.score && row.id < last.id) ? row : last,
    );
  }
}

/** Ideas per statement when rebuilding: keeps each statement short on a big database. */
const REBUILD_BATCH = 20_000;

/**
 * Recomputes every read model from the rows themselves, set-based: each challenge's idea_count and
 * every idea's trending score as of the clock's time. For after a bulk load that bypassed the
 * commands (bench/generate.ts), or to repair; the triggers and the trending job keep them after.
 */
export async function rebuildReadModels(db: Db, clock: Clock = systemClock) {
  const now = clock.now();
  await db.execute(sql`
    update challenges c set idea_count = coalesce(n.n, 0)
    from challenges c2
    left join (
      select challenge_id, count(*)::int as n from ideas where ${isPublicIdea(ideas.status)}
      group by challenge_id) n on n.challenge_id = c2.id
    where c.id = c2.id and c.idea_count is distinct from coalesce(n.n, 0)`);
  const [{ max } = { max: null }] = rowsOf<{ max: number | null }>(
    await db.execute(sql`select max(id) as max from ideas`),
  );
  for (let from = 0; max !== null && from <= max; from += REBUILD_BATCH) {
    await refreshTrendingScores(
      db,
      now,
      sql`select id, created_at from ideas where id > ${from} and id <= ${from + REBUILD_BATCH}`,
    );
  }
}
