// A person's interests (docs/decisions/017-crm-interests-engagement.md): the tags of the public ideas
// they wrote (weight 3), supported (2) and commented on (1 per live comment), each action's weight
// halved for every 90 days of its age, summed per tag. Computed on read from the source tables: it
// is asked for one person (/me) or one page of people (the community table), never for everyone.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';

export const INTEREST_WEIGHTS = { wrote: 3, supported: 2, commented: 1 } as const;
export const INTEREST_HALF_LIFE_DAYS = 90;
/** Tags shown per person. */
export const INTERESTS_SHOWN = 5;

export type Interest = { tag: string; score: number };

/**
 * The top interests of each of `userIds` as of `now` (at most `limit` each, strongest first, ties by
 * tag), optionally only from their actions on one brand's challenges. People with none are absent.
 */
export async function interestsOf(
  db: Db,
  userIds: readonly string[],
  { now, limit = INTERESTS_SHOWN, brandId }: { now: Date; limit?: number; brandId?: number },
): Promise<Map<string, Interest[]>> {
  const result = new Map<string, Interest[]>();
  if (!userIds.length) return result;
  const ids = sql.param([...new Set(userIds)]);
  const onBrand =
    brandId === undefined
      ? sql`true`
      : sql`i.challenge_id IN (SELECT id FROM challenges WHERE brand_id = ${brandId})`;
  const asOf = sql`${now.toISOString()}::timestamptz`;
  const rows = rowsOf<{ user_id: string; tag: string; score: number }>(
    await db.execute(sql`
      WITH acts AS (
        SELECT i.author_id AS user_id, i.tags, ${INTEREST_WEIGHTS.wrote}::float8 AS weight,
               i.created_at AS at
        FROM ideas i
        WHERE i.author_id = ANY(${ids}::text[]) AND i.status IN ('published', 'shortlisted', 'winner')
          AND ${onBrand}
        UNION ALL
        SELECT v.user_id, i.tags, ${INTEREST_WEIGHTS.supported}::float8, v.created_at
        FROM votes v JOIN ideas i ON i.id = v.idea_id
        WHERE v.user_id = ANY(${ids}::text[]) AND v.value = 1
          AND i.status IN ('published', 'shortlisted', 'winner') AND ${onBrand}
        UNION ALL
        SELECT c.author_id, i.tags, ${INTEREST_WEIGHTS.commented}::float8, c.created_at
        FROM comments c JOIN ideas i ON i.id = c.idea_id
        WHERE c.author_id = ANY(${ids}::text[]) AND c.deleted_at IS NULL
          AND i.status IN ('published', 'shortlisted', 'winner') AND ${onBrand}
      ),
      scored AS (
        SELECT user_id, tag,
          sum(weight * power(0.5, greatest(extract(epoch FROM ${asOf} - at), 0) / 86400
            / ${INTEREST_HALF_LIFE_DAYS})) AS score
        FROM acts, unnest(tags) AS tag
        GROUP BY user_id, tag
      ),
      ranked AS (
        SELECT user_id, tag, score,
          row_number() OVER (PARTITION BY user_id ORDER BY score DESC, tag) AS n
        FROM scored
      )
      SELECT user_id, tag, score FROM ranked WHERE n <= ${limit} ORDER BY user_id, n`),
  );
  for (const row of rows) {
    const list = result.get(row.user_id) ?? [];
    list.push({ tag: row.tag, score: Math.round(Number(row.score) * 100) / 100 });
    result.set(row.user_id, list);
  }
  return result;
}

/** The engagement formula (SQL function brand_engagement, migration 0011), for one set of counts. */
export const engagementSql = (
  p: {
    ideas: unknown;
    votes: unknown;
    comments: unknown;
    shortlists: unknown;
    wins: unknown;
    lastActiveAt: unknown;
  },
  now: Date,
) =>
  sql<number>`brand_engagement(${p.ideas}, ${p.votes}, ${p.comments}, ${p.shortlists}, ${p.wins}, ${p.lastActiveAt}, ${now.toISOString()}::timestamptz)`;
