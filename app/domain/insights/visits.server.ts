// Unique visitors of a challenge's page, per day, without keeping anything that identifies anyone
// (issue 16, the funnel's first step). A visit is hashed with the day's random salt —
// sha-256(salt ‖ challenge ‖ address ‖ browser) — and the hash kept only for the day, to tell a
// second visit from a first; the count survives in insight_visitor_days, the hashes and the salt
// are deleted once the day is over (`purgeVisits`, an hourly job). Without the salt a hash cannot
// be matched to an address even by trying every address, and the salt is never shown or logged.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isbot } from 'isbot';
import { rowsOf, type Db } from '../../../db/client.server';

export type Visit = {
  challengeId: number;
  brandId: number;
  ip: string;
  userAgent: string;
  now: Date;
};

/** Longer browser strings are cut (a crafted header must not cost more than a real one). */
const MAX_USER_AGENT = 512;
const MAX_IP = 64;

/**
 * Counts a visit of a challenge's page: one per visitor per challenge per UTC day. Returns whether
 * it was the visitor's first of the day. One statement: the day's salt (made on its first visit),
 * the hash kept if new, and the day's count raised only then.
 */
export async function recordVisit(db: Db, visit: Visit): Promise<boolean> {
  const first = await countVisit(db, visit);
  // Two first visits of the day at once: the one whose salt lost the race saw no salt in its
  // snapshot; run again, now that the winner's salt is committed.
  if (first.salted) return first.counted;
  return (await countVisit(db, visit)).counted;
}

async function countVisit(db: Db, visit: Visit): Promise<{ counted: boolean; salted: boolean }> {
  const day = visit.now.toISOString().slice(0, 10);
  const rows = rowsOf<{ counted: boolean; salted: boolean }>(
    await db.execute(sql`
      with made as (
        insert into visit_salts (day, salt) values (${day}::date, ${randomBytes(32)}::bytea)
        on conflict (day) do nothing
        returning salt
      ),
      salt as (
        select salt from made
        union all
        select salt from visit_salts where day = ${day}::date
        limit 1
      ),
      kept as (
        insert into visit_hashes (challenge_id, day, hash)
        select ${visit.challengeId}::int, ${day}::date,
          sha256(s.salt || convert_to(${`|${visit.challengeId}|${visit.ip.slice(0, MAX_IP)}|${visit.userAgent.slice(0, MAX_USER_AGENT)}`}::text, 'UTF8'))
        from salt s
        on conflict do nothing
        returning 1
      ),
      counted as (
        insert into insight_visitor_days as v (challenge_id, brand_id, day, visitors)
        select ${visit.challengeId}::int, ${visit.brandId}::int, ${day}::date, 1
        from kept
        on conflict (challenge_id, day) do update set visitors = v.visitors + 1
        returning 1
      )
      select exists (select 1 from counted) as counted, exists (select 1 from salt) as salted`),
  );
  return { counted: rows[0]?.counted === true, salted: rows[0]?.salted === true };
}

/** Deletes the visit hashes and salts of days before `now`'s UTC day: nothing of them is kept. */
export async function purgeVisits(db: Db, now: Date): Promise<{ hashes: number; salts: number }> {
  const today = now.toISOString().slice(0, 10);
  const [row] = rowsOf<{ hashes: number; salts: number }>(
    await db.execute(sql`
        with hashes as (delete from visit_hashes where day < ${today}::date returning 1),
          salts as (delete from visit_salts where day < ${today}::date returning 1)
        select (select count(*) from hashes)::int as hashes, (select count(*) from salts)::int as salts`),
  );
  return { hashes: Number(row?.hashes ?? 0), salts: Number(row?.salts ?? 0) };
}

/**
 * A challenge page was shown: counts the visit unless the browser is a crawler (isbot) or the
 * challenge is a draft (only its team sees it). Never throws: counting must not break the page, so
 * a failure is logged and the visit is lost.
 */
export async function countPageVisit(db: Db, visit: Visit & { stage: string }): Promise<void> {
  if (visit.stage === 'draft' || !visit.userAgent || isbot(visit.userAgent)) return;
  try {
    await recordVisit(db, visit);
  } catch (error) {
    console.error('insights: a challenge visit could not be counted', error);
  }
}
