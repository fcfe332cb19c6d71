// Site-wide counts for the home page.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';

export type SiteStats = { challenges: number; ideas: number; votes: number; people: number };

/**
 * How long a process serves the counts it read before reading them again. They are not kept in a
 * row: a row every vote updated would make all votes of the site wait for each other. Counting votes
 * and people grows with the data, so it happens at most once per 30 s per process, and the page
 * does not wait for it (the last counts are served while new ones are read).
 */
export const SITE_STATS_TTL_MS = 30_000;

type Cached = { readAt: number; stats: Promise<SiteStats>; refreshing: boolean };
/** Per database handle, so two databases in one process (tests) never share counts. */
const cache = new WeakMap<Db, Cached>();

async function countSite(db: Db): Promise<SiteStats> {
  const result = await db.execute(sql`
    select
      (select count(*)::int from challenges where stage <> 'draft') as challenges,
      (select coalesce(sum(idea_count), 0)::int from challenges where stage <> 'draft') as ideas,
      (select count(*)::int from votes) as votes,
      (select count(*)::int from users where deleted_at is null) as people`);
  const [row] = rowsOf<SiteStats>(result);
  return row ?? { challenges: 0, ideas: 0, votes: 0, people: 0 };
}

/** The site's counts, at most 30 s old (per process): challenges, public ideas, votes, people. */
export async function siteStats(db: Db, now = Date.now()): Promise<SiteStats> {
  const cached = cache.get(db);
  if (!cached) {
    const entry: Cached = { readAt: now, stats: countSite(db), refreshing: false };
    cache.set(db, entry);
    // A failed first read is not kept: the next request tries again.
    entry.stats.catch(() => cache.get(db) === entry && cache.delete(db));
    return entry.stats;
  }
  if (now - cached.readAt >= SITE_STATS_TTL_MS && !cached.refreshing) {
    cached.refreshing = true;
    countSite(db).then(
      (stats) =>
        cache.set(db, { readAt: Date.now(), stats: Promise.resolve(stats), refreshing: false }),
      // Keep serving the last counts; the next request after the TTL tries again.
      () => (cached.refreshing = false),
    );
  }
  return cached.stats;
}
