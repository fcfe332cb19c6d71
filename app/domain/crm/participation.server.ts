// The community read model, brand_participants (docs/decisions/017-crm-interests-engagement.md):
// per brand, everyone who took part in its challenges and what they did there. The `community`
// consumer of the event log (jobs/community.server.ts) collects the (brand, person) pairs a batch
// of events touches and recomputes those rows from the source tables in one statement at the end
// of the batch, so a row is exact as of the last event handled, however the events were ordered.
// This module holds no consent: brand-side reads go through app/domain/community/access.server.ts.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import type { Event } from '../../../db/schema';

export type ParticipantKey = { brandId: number; userId: string };

/** Events whose actor or subject may have started, changed or ended taking part in a brand. */
const CHANGES_PARTICIPATION = /^(idea|vote|comment|reward|content)\./;

/** The (brand, person) pairs an event touches: its actor and its subject, on its brand. */
export function participantsOf(
  event: Pick<Event, 'type' | 'brandId' | 'actorId' | 'subjectUserId'>,
): ParticipantKey[] {
  if (event.brandId === null || !CHANGES_PARTICIPATION.test(event.type)) return [];
  const people = new Set([event.actorId, event.subjectUserId].filter((id): id is string => !!id));
  return [...people].map((userId) => ({ brandId: event.brandId!, userId }));
}

const PUBLIC = sql`('published', 'shortlisted', 'winner')`;

/**
 * The statement that computes participant rows, from the source tables, for the pairs `pairs`
 * selects (a query of `brand_id, user_id`), writes them (insert or update) and deletes the rows of
 * pairs that no longer did anything there (every idea withdrawn, every vote and comment gone).
 */
function recompute(pairs: SQL) {
  return sql`
    WITH pairs AS (${pairs}),
    stats AS (
      SELECT p.brand_id, p.user_id,
        coalesce(i.ideas, 0) AS ideas, coalesce(i.shortlists, 0) AS shortlists,
        coalesce(v.votes, 0) AS votes, coalesce(c.comments, 0) AS comments,
        coalesce(r.wins, 0) AS wins,
        least(i.first_at, v.first_at, c.first_at) AS first_at,
        greatest(i.last_at, v.last_at, c.last_at) AS last_at
      FROM pairs p
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status IN ${PUBLIC})::int AS ideas,
               count(*) FILTER (WHERE x.status IN ('shortlisted', 'winner'))::int AS shortlists,
               min(x.created_at) FILTER (WHERE x.status IN ${PUBLIC}) AS first_at,
               max(x.created_at) FILTER (WHERE x.status IN ${PUBLIC}) AS last_at
        FROM ideas x JOIN challenges ch ON ch.id = x.challenge_id
        WHERE x.author_id = p.user_id AND ch.brand_id = p.brand_id
      ) i ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS votes, min(x.created_at) AS first_at, max(x.updated_at) AS last_at
        FROM votes x JOIN ideas xi ON xi.id = x.idea_id JOIN challenges ch ON ch.id = xi.challenge_id
        WHERE x.user_id = p.user_id AND ch.brand_id = p.brand_id AND xi.status IN ${PUBLIC}
      ) v ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS comments, min(x.created_at) AS first_at, max(x.created_at) AS last_at
        FROM comments x JOIN ideas xi ON xi.id = x.idea_id JOIN challenges ch ON ch.id = xi.challenge_id
        WHERE x.author_id = p.user_id AND ch.brand_id = p.brand_id AND x.deleted_at IS NULL
          AND xi.status IN ${PUBLIC}
      ) c ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS wins FROM rewards x JOIN challenges ch ON ch.id = x.challenge_id
        WHERE x.user_id = p.user_id AND ch.brand_id = p.brand_id AND x.status <> 'revoked'
      ) r ON true
    ),
    gone AS (
      DELETE FROM brand_participants bp USING stats s
      WHERE bp.brand_id = s.brand_id AND bp.user_id = s.user_id AND s.first_at IS NULL
      RETURNING bp.brand_id, bp.user_id
    ),
    kept AS (
      INSERT INTO brand_participants AS bp
        (brand_id, user_id, ideas, votes, comments, shortlists, wins, first_active_at,
         last_active_at, updated_at)
      SELECT brand_id, user_id, ideas, votes, comments, shortlists, wins, first_at, last_at, now()
      FROM stats WHERE first_at IS NOT NULL
      ORDER BY brand_id, user_id
      ON CONFLICT (brand_id, user_id) DO UPDATE SET
        ideas = excluded.ideas, votes = excluded.votes, comments = excluded.comments,
        shortlists = excluded.shortlists, wins = excluded.wins,
        first_active_at = excluded.first_active_at, last_active_at = excluded.last_active_at,
        updated_at = excluded.updated_at
      RETURNING bp.brand_id, bp.user_id, (xmax = 0) AS inserted
    )
    SELECT brand_id, user_id, inserted FROM kept
    UNION ALL SELECT brand_id, user_id, NULL FROM gone`;
}

export type ParticipantChange = {
  brandId: number;
  userId: string;
  change: 'new' | 'updated' | 'gone';
};

/**
 * Recomputes the rows of the given pairs (each once, in key order so two batches lock rows in the
 * same order). Returns what changed: a person new to a brand's community, updated, or gone.
 */
export async function refreshParticipants(
  db: Db,
  pairs: readonly ParticipantKey[],
): Promise<ParticipantChange[]> {
  const unique = new Map(pairs.map((p) => [`${p.brandId}\u0000${p.userId}`, p]));
  if (!unique.size) return [];
  const sorted = [...unique.values()].sort(
    (a, b) => a.brandId - b.brandId || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
  const brandIds = sorted.map((p) => p.brandId);
  const userIds = sorted.map((p) => p.userId);
  const rows = rowsOf<{ brand_id: number; user_id: string; inserted: boolean | null }>(
    await db.execute(
      recompute(sql`
        SELECT DISTINCT brand_id, user_id
        FROM unnest(${sql.param(brandIds)}::int[], ${sql.param(userIds)}::text[])
          AS t(brand_id, user_id)`),
    ),
  );
  return rows.map((r) => ({
    brandId: Number(r.brand_id),
    userId: r.user_id,
    change: r.inserted === null ? 'gone' : r.inserted ? 'new' : 'updated',
  }));
}

/**
 * Rebuilds the read model from the source tables for every brand (or one), whatever the log says:
 * for data loaded in bulk without events (bench/generate.ts) and for repairs. Rows of people who
 * no longer did anything there are removed.
 */
export async function rebuildParticipants(db: Db, brandId?: number) {
  const brand = brandId === undefined ? sql`true` : sql`ch.brand_id = ${brandId}`;
  const stale = brandId === undefined ? sql`true` : sql`brand_id = ${brandId}`;
  const rows = rowsOf<{ inserted: boolean | null }>(
    await db.execute(
      recompute(sql`
        SELECT ch.brand_id, x.author_id AS user_id FROM ideas x
          JOIN challenges ch ON ch.id = x.challenge_id WHERE ${brand}
        UNION SELECT ch.brand_id, v.user_id FROM votes v JOIN ideas x ON x.id = v.idea_id
          JOIN challenges ch ON ch.id = x.challenge_id WHERE ${brand}
        UNION SELECT ch.brand_id, c.author_id FROM comments c JOIN ideas x ON x.id = c.idea_id
          JOIN challenges ch ON ch.id = x.challenge_id WHERE ${brand}
        UNION SELECT ch.brand_id, r.user_id FROM rewards r
          JOIN challenges ch ON ch.id = r.challenge_id WHERE ${brand}
        UNION SELECT brand_id, user_id FROM brand_participants WHERE ${stale}`),
    ),
  );
  return rows.length;
}
