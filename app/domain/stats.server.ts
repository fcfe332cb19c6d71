// Site-wide counts for the home page.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.server';

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
