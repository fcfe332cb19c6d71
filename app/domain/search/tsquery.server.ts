// The full-text query of a search box, shared by /search and the challenge list's `q`.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';

/**
 * The reader's words in web-search syntax ("quoted phrases", or, -not), read in each content
 * language's configuration (migration 0015) and OR-ed: a row's vector was built in its own
 * language, and the query matches it if any one reading does. A constant expression, so the
 * planner folds it and uses the GIN index on `search_vector`. websearch_to_tsquery never fails on
 * syntax: stray operators (&|!():*'"\) are read as separators.
 */
export function combinedTsQuery(q: string): SQL {
  return sql`(websearch_to_tsquery('public.cocrea_en', ${q}) || websearch_to_tsquery('public.cocrea_es', ${q}) || websearch_to_tsquery('public.cocrea_it', ${q}))`;
}

/**
 * The query as tsquery text, or null when it holds nothing an index can look up: only punctuation,
 * stop words in all three languages, or only negations ("-shoes" would match nearly every row, in
 * a scan of the whole index). querytree() is 'T' for the last and empty for the others.
 */
export async function searchableTsQuery(db: Db, q: string): Promise<string | null> {
  if (!q.trim()) return null;
  const [row] = rowsOf<{ query: string; tree: string }>(
    await db.execute(
      sql`select query::text as query, querytree(query) as tree from (select ${combinedTsQuery(q)} as query) s`,
    ),
  );
  if (!row || !row.tree || row.tree === 'T') return null;
  return row.query;
}
