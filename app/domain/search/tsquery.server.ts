// The full-text query of a search box, shared by /search and the challenge list's `q`.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';

/** The three readings of a query as tsquery text, and the querytree of all three together. */
export type Readings = { en: string; es: string; it: string; tree: string };

/**
 * The reader's words in web-search syntax ("quoted phrases", or, -not), read in each content
 * language's configuration (migration 0015): a one-row subquery with the columns of `Readings`,
 * for a statement's FROM (search reads them in the statement that also sets its transaction up).
 * websearch_to_tsquery never fails on syntax: stray operators (&|!():*'"\) are read as separators.
 */
export function readingsOf(q: string): SQL {
  return sql`(select en::text as en, es::text as es, it::text as it, querytree(en || es || it) as tree
    from (select websearch_to_tsquery('public.cocrea_en', ${q}) as en,
      websearch_to_tsquery('public.cocrea_es', ${q}) as es,
      websearch_to_tsquery('public.cocrea_it', ${q}) as it) s)`;
}

/**
 * The readings OR-ed: a row's vector was built in its own language, and the query matches it if
 * any one reading does. Returned as tsquery text, which the search sends as a constant, so the
 * planner sees the words and uses the GIN index.
 *
 * Null when it holds nothing an index can look up: only punctuation,
 * stop words in all three languages, or only negations ("-shoes" would match nearly every row, in
 * a scan of the whole index). querytree() is 'T' for the last and empty for the others.
 *
 * Readings that come out the same (most words stem alike in two of the languages, and made-up
 * names in all three) are OR-ed once: `'norlon' | 'norlon' | 'norlon'` matches the same rows, but
 * the planner counts it three times, takes a rare word for a common one and walks the whole table.
 */
export function tsQueryOf(row: Readings | undefined): string | null {
  if (!row || !row.tree || row.tree === 'T') return null;
  const readings = [...new Set([row.en, row.es, row.it].filter((r) => r.trim() !== ''))];
  return readings.length === 1 ? readings[0]! : readings.map((r) => `( ${r} )`).join(' | ');
}

/** The searchable tsquery of `q` (see `tsQueryOf`), read in a statement of its own. */
export async function searchableTsQuery(db: Db, q: string): Promise<string | null> {
  if (!q.trim()) return null;
  const [row] = rowsOf<Readings>(await db.execute(sql`select * from ${readingsOf(q)} r`));
  return tsQueryOf(row);
}

/**
 * Whether the tsquery holds a phrase (`<->`, `<2>`: a quoted phrase, or a hyphenated word such
 * as "second-hand"). The GIN index finds the rows holding the words; whether they stand side by
 * side is checked on each row, so a phrase of common words costs a read of many rows.
 */
export const isPhraseQuery = (tsquery: string) => /<(\d+|-)>/.test(tsquery);
