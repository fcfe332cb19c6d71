// Recomputes the dashboard's aggregates from the raw tables, in SQL: a repair, and the way bulk
// data that wrote no events (bench/generate.ts) gets its aggregates. The rules are the consumer's
// (aggregates.server.ts), read from what the tables keep:
// - ideas and comments (every status, deleted and hidden too: history is not un-counted) at their
//   created_at, with their sentiment (null: neutral) and their words;
// - votes: the vote rows at created_at (a first vote); their voters take part at created_at and,
//   for a changed vote, at updated_at; a support counts for the idea's author at updated_at (when
//   it became a support);
// - shortlisted: the audit log's `idea.shortlisted` entries; winners: the rewards;
// - builds: ideas building on another author's idea, at their created_at;
// - terms: the words of ideas and comments that are not hidden by moderation now;
// - the days, heat maps and monthly rollups summed from the rows above, the active days linked.
// What the tables no longer hold cannot be rebuilt: a withdrawn vote (its row is gone: the consumer
// counted it as cast, and its support as won then lost), a vote that went support → oppose →
// support (one support at its last change), votes moved by a merge (counted on the idea they are
// on now). Unique visitors are not rebuilt: their hashes are gone by design.
//
// It replaces the consumer's rows and moves the consumer's cursor to the log's horizon in one
// repeatable-read transaction holding the consumer's lock, so the consumer carries on from there
// without counting twice what the rebuild read. Exact when nothing writes meanwhile (a repair in a
// quiet moment, a benchmark); an event committed during the rebuild by a transaction newer than the
// horizon may be counted twice.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { logHorizon } from '#app/domain/events/log.server';
import { parsePosition, type Position } from '#app/domain/events/position';
import { termsOf } from './aggregates.server';

/** The key of the consumers' advisory locks (jobs/consumers.server.ts). */
const CONSUMER_LOCK = 7_240_003;
const INSIGHTS_CONSUMER = 'insights';

const AGGREGATES = [
  'insight_hours',
  'insight_days',
  'insight_heat_months',
  'insight_brand_heat_months',
  'insight_actors',
  'insight_brand_actors',
  'insight_terms',
  'insight_term_months',
  'insight_hidden_texts',
  'insight_tags',
  'insight_tag_months',
  'insight_influence',
  'insight_influence_months',
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rebuilds every aggregate but the visitors; resolves with the position the consumer resumes at. */
export async function rebuildInsights(db: Db): Promise<{ horizon: Position }> {
  for (let attempt = 0; ; attempt++) {
    const horizon = await db.transaction(
      async (tx) => {
        // The first statement fixes the snapshot: the lock is only tried, since waiting for a
        // batch in this snapshot would leave its writes out of sight.
        const [lock] = rowsOf<{ held: boolean }>(
          await tx.execute(
            sql`select pg_try_advisory_xact_lock(${CONSUMER_LOCK}, hashtext(${INSIGHTS_CONSUMER})) as held`,
          ),
        );
        if (!lock?.held) return null;
        // A repair reads every idea and comment: longer than the statement timeout that guards
        // the site's requests (db/client.server.ts), and only this transaction is exempted.
        await tx.execute(sql`set local statement_timeout = 0`);
        const horizon = await logHorizon(tx);
        for (const table of AGGREGATES) await tx.execute(sql.raw(`delete from ${table}`));
        await rebuildHours(tx);
        await rebuildActors(tx);
        await rebuildTags(tx);
        await rebuildInfluence(tx);
        await rebuildTerms(tx);
        await rebuildRollups(tx);
        const { txid, id } = parsePosition(horizon);
        await tx.execute(sql`
          insert into consumer_cursors (name, last_txid, last_event_id, updated_at)
          values (${INSIGHTS_CONSUMER}, ${txid}, ${id}, now())
          on conflict (name) do update set last_txid = excluded.last_txid,
            last_event_id = excluded.last_event_id, last_error = null, updated_at = now()`);
        return horizon;
      },
      { isolationLevel: 'repeatable read' },
    );
    if (horizon !== null) return { horizon };
    // A consumer batch is running: it is short; try again when it is done.
    if (attempt >= 600) throw new Error('rebuildInsights: the insights consumer stays busy');
    await sleep(50);
  }
}

async function rebuildHours(tx: Db) {
  await tx.execute(sql`
    with facts as (
      select i.challenge_id, date_trunc('hour', i.created_at, 'UTC') as hour,
        1 as ideas, 0 as votes, 0 as comments,
        (coalesce(i.sentiment, 0) = 1)::int as positive, (coalesce(i.sentiment, 0) = 0)::int as neutral,
        (coalesce(i.sentiment, 0) = -1)::int as negative, 0 as shortlisted, 0 as winners
      from ideas i
      union all
      select i.challenge_id, date_trunc('hour', c.created_at, 'UTC'), 0, 0, 1,
        (coalesce(c.sentiment, 0) = 1)::int, (coalesce(c.sentiment, 0) = 0)::int,
        (coalesce(c.sentiment, 0) = -1)::int, 0, 0
      from comments c join ideas i on i.id = c.idea_id
      union all
      select i.challenge_id, date_trunc('hour', v.created_at, 'UTC'), 0, 1, 0, 0, 0, 0, 0, 0
      from votes v join ideas i on i.id = v.idea_id
      union all
      select a.challenge_id, date_trunc('hour', a.at, 'UTC'), 0, 0, 0, 0, 0, 0, 1, 0
      from audit_log a where a.action = 'idea.shortlisted' and a.challenge_id is not null
      union all
      select r.challenge_id, date_trunc('hour', r.created_at, 'UTC'), 0, 0, 0, 0, 0, 0, 0, 1
      from rewards r
    )
    insert into insight_hours (challenge_id, brand_id, hour, ideas, votes, comments, positive,
      neutral, negative, shortlisted, winners)
    select f.challenge_id, ch.brand_id, f.hour, sum(f.ideas), sum(f.votes), sum(f.comments),
      sum(f.positive), sum(f.neutral), sum(f.negative), sum(f.shortlisted), sum(f.winners)
    from facts f join challenges ch on ch.id = f.challenge_id
    group by f.challenge_id, ch.brand_id, f.hour`);
}

const utcDay = (column: string) => sql.raw(`(${column} at time zone 'UTC')::date`);

async function rebuildActors(tx: Db) {
  await tx.execute(sql`
    with acts as (
      select i.challenge_id, ${utcDay('i.created_at')} as day, i.author_id as user_id from ideas i
      union
      select i.challenge_id, ${utcDay('v.created_at')}, v.user_id
      from votes v join ideas i on i.id = v.idea_id
      union
      select i.challenge_id, ${utcDay('v.updated_at')}, v.user_id
      from votes v join ideas i on i.id = v.idea_id
      union
      select i.challenge_id, ${utcDay('c.created_at')}, c.author_id
      from comments c join ideas i on i.id = c.idea_id
    )
    insert into insight_actors (challenge_id, brand_id, day, user_id, previous_day, next_day)
    select a.challenge_id, ch.brand_id, a.day, a.user_id,
      coalesce(lag(a.day) over w, '-infinity'::date), coalesce(lead(a.day) over w, 'infinity'::date)
    from acts a join challenges ch on ch.id = a.challenge_id
    window w as (partition by a.challenge_id, a.user_id order by a.day)`);
  await tx.execute(sql`
    insert into insight_brand_actors (brand_id, day, user_id, previous_day, next_day)
    select brand_id, day, user_id,
      coalesce(lag(day) over w, '-infinity'::date), coalesce(lead(day) over w, 'infinity'::date)
    from (select distinct brand_id, day, user_id from insight_actors) a
    window w as (partition by brand_id, user_id order by day)`);
}

async function rebuildTags(tx: Db) {
  await tx.execute(sql`
    with uses as (
      select i.challenge_id, ${utcDay('i.created_at')} as day, tag, 1 as ideas, 0 as votes
      from ideas i cross join lateral (select distinct unnest(i.tags) as tag) t
      union all
      select i.challenge_id, ${utcDay('v.created_at')}, tag, 0, 1
      from votes v join ideas i on i.id = v.idea_id
      cross join lateral (select distinct unnest(i.tags) as tag) t
    )
    insert into insight_tags (challenge_id, brand_id, day, tag, ideas, votes)
    select u.challenge_id, ch.brand_id, u.day, u.tag, sum(u.ideas), sum(u.votes)
    from uses u join challenges ch on ch.id = u.challenge_id
    group by u.challenge_id, ch.brand_id, u.day, u.tag`);
}

async function rebuildInfluence(tx: Db) {
  await tx.execute(sql`
    with credits as (
      select i.challenge_id, ${utcDay('v.updated_at')} as day, i.author_id as user_id,
        1 as supporters, 0 as builds
      from votes v join ideas i on i.id = v.idea_id
      where v.value = 1
      union all
      select i.challenge_id, ${utcDay('i.created_at')}, b.author_id, 0, 1
      from ideas i join ideas b on b.id = i.builds_on_id
      where b.author_id <> i.author_id
    )
    insert into insight_influence (challenge_id, brand_id, day, user_id, supporters, builds)
    select c.challenge_id, ch.brand_id, c.day, c.user_id, sum(c.supporters), sum(c.builds)
    from credits c join challenges ch on ch.id = c.challenge_id
    group by c.challenge_id, ch.brand_id, c.day, c.user_id`);
}

async function rebuildTerms(tx: Db) {
  await tx.execute(sql`
    with texts as (
      select i.challenge_id, ${utcDay('i.created_at')} as day, i.language,
        i.title || ' ' || i.body as text, i.created_at, 0 as kind, i.id
      from ideas i
      where i.status <> 'hidden'
      union all
      select i.challenge_id, ${utcDay('c.created_at')}, c.language, c.body, c.created_at, 1, c.id
      from comments c join ideas i on i.id = c.idea_id
      where c.hidden_at is null
    ),
    words as (
      select t.challenge_id, t.day, t.language, w.stem, w.word, t.created_at, t.kind, t.id, w.n
      from texts t cross join lateral ${termsOf(sql`content_search_config(t.language)`, sql`t.text`)} w
    )
    insert into insight_terms (challenge_id, brand_id, day, language, stem, word, uses)
    select w.challenge_id, ch.brand_id, w.day, w.language, w.stem,
      (array_agg(w.word order by w.created_at desc, w.kind desc, w.id desc, w.n desc))[1],
      count(*)
    from words w join challenges ch on ch.id = w.challenge_id
    group by w.challenge_id, ch.brand_id, w.day, w.language, w.stem`);
}

/**
 * What the consumer keeps beside the day rows, from them: insight_days and the heat maps from the
 * hours, the monthly rollups from the days, and the texts whose words are out of the terms.
 */
async function rebuildRollups(tx: Db) {
  await tx.execute(sql`
    insert into insight_days (challenge_id, brand_id, day, ideas, votes, comments, positive,
      neutral, negative, shortlisted, winners)
    select challenge_id, min(brand_id), ${utcDay('hour')}, sum(ideas), sum(votes), sum(comments),
      sum(positive), sum(neutral), sum(negative), sum(shortlisted), sum(winners)
    from insight_hours
    group by challenge_id, ${utcDay('hour')}`);
  await tx.execute(sql`
    insert into insight_heat_months (challenge_id, brand_id, month, dow, hour, actions)
    select challenge_id, min(brand_id), date_trunc('month', hour at time zone 'UTC')::date,
      extract(isodow from hour at time zone 'UTC')::int - 1,
      extract(hour from hour at time zone 'UTC')::int, sum(ideas + votes + comments)
    from insight_hours
    group by 1, 3, 4, 5
    having sum(ideas + votes + comments) <> 0`);
  await tx.execute(sql`
    insert into insight_brand_heat_months (brand_id, month, dow, hour, actions)
    select brand_id, month, dow, hour, sum(actions)
    from insight_heat_months
    group by 1, 2, 3, 4`);
  await tx.execute(sql`
    insert into insight_tag_months (challenge_id, brand_id, month, tag, ideas, votes)
    select challenge_id, min(brand_id), date_trunc('month', day)::date, tag, sum(ideas), sum(votes)
    from insight_tags
    group by 1, 3, 4`);
  await tx.execute(sql`
    insert into insight_influence_months (challenge_id, brand_id, month, user_id, supporters, builds)
    select challenge_id, min(brand_id), date_trunc('month', day)::date, user_id, sum(supporters),
      sum(builds)
    from insight_influence
    group by 1, 3, 4`);
  await tx.execute(sql`
    insert into insight_term_months (challenge_id, brand_id, month, language, stem, word, uses)
    select challenge_id, min(brand_id), date_trunc('month', day)::date, language, stem,
      (array_agg(word order by day desc))[1], sum(uses)
    from insight_terms
    group by 1, 3, 4, 5`);
  await tx.execute(sql`
    insert into insight_hidden_texts (kind, item_id)
    select 'idea', id from ideas where status = 'hidden'
    union all
    select 'comment', id from comments where hidden_at is not null`);
}
