// Site-wide counts for the home page.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';

/**
 * Public ideas of the challenge in the enclosing query (published, shortlisted or winners).
 * "challenges"."id" is written out: drizzle renders a column of a single-table select unqualified,
 * which inside this subquery would mean the idea's own id.
 */
export const publicIdeaCount = sql<number>`(select count(*)::int from ideas i where i.challenge_id = "challenges"."id" and i.status in ('published','shortlisted','winner'))`;

export async function siteStats(db: Db) {
  const result = await db.execute(sql`
    select
      (select count(*)::int from challenges where stage <> 'draft') as challenges,
      (select count(*)::int from ideas where status in ('published','shortlisted','winner')) as ideas,
      (select count(*)::int from votes) as votes,
      (select count(*)::int from users) as people`);
  const [row] = rowsOf<{ challenges: number; ideas: number; votes: number; people: number }>(
    result,
  );
  return row ?? { challenges: 0, ideas: 0, votes: 0, people: 0 };
}
