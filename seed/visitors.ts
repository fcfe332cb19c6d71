// The demo's page visits. A real site counts them as people open a challenge's page
// (app/domain/insights/visits.server.ts); the seeded history has no browsers, so the seed writes the
// per-day counts the dashboard's funnel starts from: every day a challenge was open to the public
// (from opening to archiving, or to today), about three visitors for everyone who took part that
// day, and a few who only looked. Deterministic (a hash of the challenge and the day), so every
// seed writes the same figures.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.server';

export async function seedVisitors(db: Db, now: Date) {
  const at = now.toISOString();
  await db.execute(sql`
    insert into insight_visitor_days (challenge_id, brand_id, day, visitors)
    select c.id, c.brand_id, d.day,
      3 * (select count(*) from insight_actors a where a.challenge_id = c.id and a.day = d.day)::int
        + 2 + abs(hashtext(c.id::text || '|' || d.day::text)) % 9
    from challenges c
    cross join lateral (
      select g::date as day
      from generate_series(
        (c.opens_at at time zone 'UTC')::date,
        (least(coalesce(c.archived_at, ${at}::timestamptz), ${at}::timestamptz) at time zone 'UTC')::date,
        interval '1 day'
      ) g
    ) d
    where c.stage <> 'draft' and c.opens_at is not null
    on conflict (challenge_id, day)
      do update set visitors = insight_visitor_days.visitors + excluded.visitors
  `);
}
