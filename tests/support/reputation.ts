// Test-only: gives a person reputation through real ledger entries, so tests can reach a privilege
// (oppose at 125) without playing out the votes that would earn it. The entry is a 'reward' of the
// points (exempt from the daily cap), caused by a 'user.joined' event naming the person as its
// subject — a type nothing reacts to and no live room publishes. The totals follow by the ledger's
// trigger, as for any entry; nothing is written to the totals directly.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.server';
import { appendEvent } from '#app/domain/events/log.server';
import { addEntry } from '#app/domain/reputation/ledger.server';
import { PRIVILEGES } from '#app/domain/reputation/rules';
import { makeUser } from './factories';

export async function giveReputation(
  db: Db,
  userId: string,
  points: number,
  at: Date = new Date(),
): Promise<void> {
  if (!Number.isSafeInteger(points) || points <= 0)
    throw new Error(`giveReputation: a whole number of points above 0, not ${points}`);
  await db.transaction(async (tx) => {
    const eventId = await appendEvent(tx, {
      type: 'user.joined',
      actorId: null,
      subjectUserId: userId,
      payload: { test: 'giveReputation', points },
      at,
    });
    await addEntry(tx, {
      userId,
      rule: 'reward',
      nominal: points,
      event: { id: eventId, createdAt: at },
    });
  });
}

/**
 * Enough reputation to oppose, with room for 100 opposes (each costs the voter 1): tests of the
 * threshold itself give exact amounts with giveReputation.
 */
export const canOppose = (db: Db, userId: string, at?: Date) =>
  giveReputation(db, userId, PRIVILEGES.oppose + 100, at);

/** A fresh person who may oppose (tests/support/factories.ts makeUser, then canOppose). */
export async function makeOpposer(db: Db, overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(db, overrides);
  await canOppose(db, user.id);
  return user;
}

export type CacheMismatch = { cache: string; key: string; cached: number; summed: number };

/**
 * Every cache the ledger trigger keeps, compared with sums over point_entries: totals per person,
 * per person and brand, per person and challenge, per person and UTC day (points and vote_gain).
 * vote_gain is summed another way than the trigger counts it: what the day's gains from votes
 * still give, i.e. gains never reversed (a reversal carries its entry's day and cancels it).
 * Returns the mismatches (none when every cache is exact).
 */
export async function cacheMismatches(db: Db): Promise<CacheMismatch[]> {
  const rows = rowsOf<{ cache: string; key: string; cached: number; summed: number }>(
    await db.execute(sql`
      with sums as (
        select user_id, sum(points)::int as points from point_entries group by user_id
      ), brand_sums as (
        select user_id, brand_id, sum(points)::int as points from point_entries
        where brand_id is not null group by user_id, brand_id
      ), challenge_sums as (
        select user_id, challenge_id, sum(points)::int as points from point_entries
        where challenge_id is not null group by user_id, challenge_id
      ), day_sums as (
        select user_id, day, sum(points)::int as points,
          coalesce(sum(points) filter (where from_votes = 1 and reverses_id is null and points > 0
            and not exists (select 1 from point_entries r where r.reverses_id = e.id)), 0)::int as gain
        from point_entries e group by user_id, day
      )
      select 'totals' as cache, coalesce(t.user_id, s.user_id) as key,
        coalesce(t.points, 0) as cached, coalesce(s.points, 0) as summed
      from reputation_totals t full join sums s on s.user_id = t.user_id
      where coalesce(t.points, 0) <> coalesce(s.points, 0) or t.user_id is null
      union all
      select 'brand', coalesce(t.user_id, s.user_id) || '/' || coalesce(t.brand_id, s.brand_id),
        coalesce(t.points, 0), coalesce(s.points, 0)
      from reputation_brand_totals t full join brand_sums s
        on s.user_id = t.user_id and s.brand_id = t.brand_id
      where coalesce(t.points, 0) <> coalesce(s.points, 0) or t.user_id is null
      union all
      select 'challenge', coalesce(t.user_id, s.user_id) || '/' || coalesce(t.challenge_id, s.challenge_id),
        coalesce(t.points, 0), coalesce(s.points, 0)
      from reputation_challenge_totals t full join challenge_sums s
        on s.user_id = t.user_id and s.challenge_id = t.challenge_id
      where coalesce(t.points, 0) <> coalesce(s.points, 0) or t.user_id is null
      union all
      select 'daily points', coalesce(t.user_id, s.user_id) || '/' || coalesce(t.day, s.day)::text,
        coalesce(t.points, 0), coalesce(s.points, 0)
      from reputation_daily t full join day_sums s on s.user_id = t.user_id and s.day = t.day
      where coalesce(t.points, 0) <> coalesce(s.points, 0) or t.user_id is null
      union all
      select 'daily vote_gain', coalesce(t.user_id, s.user_id) || '/' || coalesce(t.day, s.day)::text,
        coalesce(t.vote_gain, 0), coalesce(s.gain, 0)
      from reputation_daily t full join day_sums s on s.user_id = t.user_id and s.day = t.day
      where coalesce(t.vote_gain, 0) <> coalesce(s.gain, 0) or t.user_id is null`),
  );
  return rows.map((r) => ({ ...r, cached: Number(r.cached), summed: Number(r.summed) }));
}

/**
 * Entries that break the ledger's own rules: a gain from votes giving more than its worth or
 * less than 0, an entry of a rule giving other than its worth, a reversal that is not the exact
 * opposite of its entry (worth, points, rule, day, person, links), a reversal of a reversal.
 */
export async function malformedEntries(db: Db) {
  return rowsOf<{ id: number; why: string }>(
    await db.execute(sql`
      select e.id, 'vote gain out of range' as why from point_entries e
      where e.reverses_id is null and e.from_votes = 1 and e.nominal > 0
        and (e.points < 0 or e.points > e.nominal)
      union all
      select e.id, 'gives other than its worth' from point_entries e
      where e.reverses_id is null and not (e.from_votes = 1 and e.nominal > 0) and e.points <> e.nominal
      union all
      select e.id, 'reversal differs from its entry' from point_entries e
      join point_entries o on o.id = e.reverses_id
      where e.points <> -o.points or e.nominal <> -o.nominal or e.rule <> o.rule or e.day <> o.day
        or e.user_id <> o.user_id or e.from_votes <> o.from_votes
        or e.idea_id is distinct from o.idea_id or e.reward_id is distinct from o.reward_id
        or e.cause_user_id is distinct from o.cause_user_id or o.reverses_id is not null`),
  );
}
