// Full-text search over challenges, ideas and comments (issue 16): one ranked list of the three
// kinds, only what the viewer may see, highlighted snippets, keyset pages, and typo-tolerant title
// suggestions when nothing matches. Works the same on PGlite and PostgreSQL.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import type { ChallengeStage } from '../../../db/schema';
import type { ContentLanguage } from '../../../db/schema/columns';
import type { Actor } from '#app/domain/core/actor';
import { pageKey, readKeysetPage, type Keyset } from '#app/domain/core/pagination';
import { MARK_START, MARK_STOP, segmentsOf } from './highlight';
import {
  SEARCH_PAGE_SIZE,
  type ResultKind,
  type SearchInput,
  type SearchKind,
  type Segment,
} from './schema';
import { isPhraseQuery, readingsOf, tsQueryOf, type Readings } from './tsquery.server';

/**
 * ts_rank_cd's weights for D, C, B and A: a word in a title (A) counts two and a half times one in
 * a body or brief (B), so a title match outranks a single mention in the text.
 */
const RANK_WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

/**
 * At most this many matches of each kind are ranked: the newest. A word found in 80,000 ideas
 * would otherwise read and rank all 80,000 rows (about a second at 100,000 ideas, bench:search);
 * newest first, PostgreSQL walks the primary key backwards and stops at the limit, so the cost is
 * bounded whatever the word. Queries with fewer matches (nearly all real ones) are ranked whole;
 * for broader ones the best of the newest come first, which is what such a reader wants anyway.
 * The size is a trade measured at 100,000 ideas: 1,000 made words in a few percent of ideas walk
 * too far (p99 ≈ 120 ms); 250 tipped the planner into walking the whole key for rare words and
 * misses (p50 ≈ 160–250 ms); 500 keeps both under about 80 ms (docs/decisions/021).
 */
export const RANK_CANDIDATES = 500;

/**
 * The same for a phrase ("tienda envase", second-hand): the index finds the rows holding both
 * words, but whether they stand side by side is checked on each row's positions, so finding the
 * newest 500 occurrences of a phrase of two common words read 50,000 ideas (about 12,000 blocks,
 * 70–90 ms on a quiet machine, bench:search). The newest 100 cost a fifth of that.
 */
export const PHRASE_CANDIDATES = 100;

/**
 * Trigram word similarity (0–1) a title needs to be suggested. At 0.6 (pg_trgm's default) one
 * swapped pair of letters in a short word is already too far ("cancoin" is 0.5 from "canción");
 * below 0.4 unrelated titles sharing a syllable come back.
 */
export const SUGGESTION_THRESHOLD = 0.45;
export const SUGGESTION_LIMIT = 5;

/**
 * At most this many titles of each kind within the threshold are compared for "Did you mean": a
 * typo sharing its trigrams with a common title word ("packagign") is close to thousands of titles
 * (6,500 at 100,000 ideas: 5,500 blocks, 160–210 ms), all about as close as each other, and any
 * five of them make the suggestion. Below the bound (real typos nearly always) the best five of all.
 */
export const SUGGESTION_CANDIDATES = 200;

/**
 * Kinds in the tie order of equal ranks (highest first): a challenge, then an idea, then a
 * comment. Part of the page key with the id, since ids repeat across the three tables.
 */
const KIND_ORDER: Record<ResultKind, number> = { challenge: 3, idea: 2, comment: 1 };
const KIND_OF = { 3: 'challenge', 2: 'idea', 1: 'comment' } as const;

const SEARCH_LIST: Keyset = {
  name: 'search',
  parts: [
    { type: 'float', expr: sql`r.rank` },
    { type: 'int', expr: sql`r.kind_order` },
    { type: 'int', expr: sql`r.id` },
  ],
};

export type SearchResult = {
  kind: ResultKind;
  id: number;
  href: string;
  /** The title with its matched words marked (a comment shows its idea's title, unmarked). */
  title: Segment[];
  /** The language of the title, for its `lang` attribute (a comment's idea may differ). */
  titleLanguage: ContentLanguage;
  snippet: Segment[];
  /** The language of the matched text itself. */
  language: ContentLanguage;
  challenge: { slug: string; title: string; stage: ChallengeStage } | null;
  brand: { slug: string; name: string };
};

export type Suggestion = { kind: 'challenge' | 'idea'; title: string; href: string };

export type KindCount = { count: number; capped: boolean };

export type SearchOutcome = {
  items: SearchResult[];
  next: string | null;
  prev: string | null;
  first: boolean;
  /** Whether a search ran: false for an empty query or one with no searchable word. */
  searched: boolean;
  /**
   * Matches per kind (whatever the kind filter), each counted up to RANK_CANDIDATES: `capped`
   * when there may be more.
   */
  counts: Record<'challenges' | 'ideas' | 'comments', KindCount>;
  /** Titles close to the query, when full text found nothing. */
  suggestions: Suggestion[];
};

const NO_COUNTS = {
  challenges: { count: 0, capped: false },
  ideas: { count: 0, capped: false },
  comments: { count: 0, capped: false },
};

const NOTHING: SearchOutcome = {
  items: [],
  next: null,
  prev: null,
  first: true,
  searched: false,
  counts: NO_COUNTS,
  suggestions: [],
};

/**
 * The challenges the brand, challenge and stage filters leave (null: no such filter), as ids
 * written into the query: with constants the planner knows from its statistics how few ideas a
 * challenge holds and reads them through their index, where a join on a slug left it guessing
 * (and walking 100,000 ideas newest first, bench:search).
 */
type Scope = number[] | null;

/** The scope's challenge ids as text ('4,7'; '' for none, null without a filter), for a select list. */
function scopeColumn(input: SearchInput): SQL {
  if (!input.brand && !input.challenge && !input.stage) return sql`null::text`;
  const where: SQL[] = [];
  if (input.brand) where.push(sql`b.slug = ${input.brand}`);
  if (input.challenge) where.push(sql`c.slug = ${input.challenge}`);
  if (input.stage) where.push(sql`c.stage = ${input.stage}`);
  return sql`array_to_string(array(select c.id from challenges c join brands b on b.id = c.brand_id
      where ${sql.join(where, sql` and `)} order by c.id), ',')`;
}

const scopeOf = (text: string | null): Scope =>
  text === null ? null : text.split(',').filter(Boolean).map(Number);

/** The filters of one kind's query, on its aliases (c challenge, i idea, m comment, b brand). */
function filtersFor(
  kind: ResultKind,
  input: SearchInput,
  viewer: Actor | null,
  scope: Scope,
): SQL[] {
  const where: SQL[] = [];
  if (kind === 'challenge') {
    // Drafts only for their brand's members, who see them on the brand's own pages too.
    where.push(
      viewer
        ? sql`(c.stage <> 'draft' or c.brand_id in (select brand_id from brand_members where user_id = ${viewer.id}))`
        : sql`c.stage <> 'draft'`,
    );
  } else {
    // Written out rather than bound, so the planner matches the partial indexes on ideas.
    where.push(sql`i.status in ('published', 'shortlisted', 'winner')`, sql`c.stage <> 'draft'`);
  }
  if (kind === 'comment') where.push(sql`m.deleted_at is null`, sql`m.hidden_at is null`);
  if (scope !== null) {
    const column = kind === 'challenge' ? sql`c.id` : sql`i.challenge_id`;
    where.push(
      scope.length
        ? sql`${column} in (${sql.join(
            scope.map((id) => sql`${id}::int`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  if (input.tag) {
    const tags = kind === 'challenge' ? sql`c.tags` : sql`i.tags`;
    where.push(sql`${tags} @> array[${input.tag}]::text[]`);
  }
  return where;
}

/**
 * The rows of one kind matching the query: alias, search vector and joins. No brand: the brand
 * filter is a list of challenges by then, and every join costs planning time on every search.
 */
function fromFor(kind: ResultKind): { vector: SQL; from: SQL } {
  switch (kind) {
    case 'challenge':
      return { vector: sql`c.search_vector`, from: sql`challenges c` };
    case 'idea':
      return {
        vector: sql`i.search_vector`,
        from: sql`ideas i join challenges c on c.id = i.challenge_id`,
      };
    case 'comment':
      return {
        vector: sql`m.search_vector`,
        from: sql`comments m join ideas i on i.id = m.idea_id join challenges c on c.id = i.challenge_id`,
      };
  }
}

function kindsOf(kind: SearchKind): ResultKind[] {
  if (kind === 'challenges') return ['challenge'];
  if (kind === 'ideas') return ['idea'];
  if (kind === 'comments') return ['comment'];
  return ['challenge', 'idea', 'comment'];
}

/**
 * One kind's matches as (kind_order, id, rank): the `@@` lets the GIN index find them. Only the
 * newest `candidates` matches are ranked (RANK_CANDIDATES, PHRASE_CANDIDATES).
 */
function matches(
  kind: ResultKind,
  query: SQL,
  input: SearchInput,
  viewer: Actor | null,
  scope: Scope,
  candidates: number,
): SQL {
  const { vector, from } = fromFor(kind);
  const alias = kind === 'challenge' ? sql`c` : kind === 'idea' ? sql`i` : sql`m`;
  const where = sql.join(
    [sql`${vector} @@ ${query}`, ...filtersFor(kind, input, viewer, scope)],
    sql` and `,
  );
  return sql`select kind_order, id,
    ts_rank_cd(${RANK_WEIGHTS}::float4[], vector, ${query})::float8 as rank
    from (select ${KIND_ORDER[kind]}::int as kind_order, ${alias}.id as id, ${vector} as vector
      from ${from} where ${where} order by ${alias}.id desc limit ${candidates}) candidates`;
}

/** The text ts_headline reads: cleared of the marker characters, so only it can place marks. */
const unmarked = (column: SQL) => sql`translate(${column}, ${MARK_START + MARK_STOP}, '')`;

const SNIPPET_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, HighlightAll=true`;

/** Highlighted in the row's own configuration: its stems are the ones its vector holds. */
const headline = (language: SQL, column: SQL, query: SQL, options: string) =>
  sql`ts_headline(content_search_config(${language}), ${unmarked(column)}, ${query}, ${options})`;

type DetailRow = {
  kind_order: number;
  id: number;
  title: string;
  title_language: ContentLanguage;
  snippet: string;
  language: ContentLanguage;
  idea_id: number | null;
  challenge_slug: string;
  challenge_title: string;
  stage: ChallengeStage;
  brand_slug: string;
  brand_name: string;
};

/**
 * The highlighted title and snippet of the page's row `page` (kind_order, id), and what its link
 * and label need: a lateral subquery of the page's own statement, so the page costs one round trip
 * (on a busy machine a round trip costs more than the statements), read in the same snapshot as
 * the ranking. Each branch runs only for its kind.
 */
function detailsOf(query: SQL): SQL {
  const common = sql`c.slug as challenge_slug, c.title as challenge_title, c.stage, b.slug as brand_slug, b.name as brand_name`;
  return sql`select ${headline(sql`c.language`, sql`c.title`, query, TITLE_OPTIONS)} as title,
      c.language as title_language, ${headline(sql`c.language`, sql`c.brief`, query, SNIPPET_OPTIONS)} as snippet,
      c.language, null::int as idea_id, ${common}
      from challenges c join brands b on b.id = c.brand_id
      where page.kind_order = ${KIND_ORDER.challenge} and c.id = page.id
    union all
    select ${headline(sql`i.language`, sql`i.title`, query, TITLE_OPTIONS)} as title,
      i.language as title_language, ${headline(sql`i.language`, sql`i.body`, query, SNIPPET_OPTIONS)} as snippet,
      i.language, i.id as idea_id, ${common}
      from ideas i join challenges c on c.id = i.challenge_id join brands b on b.id = c.brand_id
      where page.kind_order = ${KIND_ORDER.idea} and i.id = page.id
    union all
    select ${unmarked(sql`i.title`)} as title, i.language as title_language,
      ${headline(sql`m.language`, sql`m.body`, query, SNIPPET_OPTIONS)} as snippet, m.language,
      i.id as idea_id, ${common}
      from comments m join ideas i on i.id = m.idea_id join challenges c on c.id = i.challenge_id
      join brands b on b.id = c.brand_id
      where page.kind_order = ${KIND_ORDER.comment} and m.id = page.id`;
}

function hrefOf(kind: ResultKind, row: DetailRow) {
  if (kind === 'challenge') return `/challenges/${row.challenge_slug}`;
  if (kind === 'idea') return `/ideas/${row.id}`;
  // The idea's discussion opens at the comment's thread, as a notification's link does.
  return `/ideas/${row.idea_id}?comments=${row.id}#comment-${row.id}`;
}

/**
 * The settings of a search's transaction, as columns of its first statement (no round trip of
 * their own), for that transaction only:
 *
 * - Plans made for this search's own words. The words travel as a parameter, and postgres.js
 *   prepares each statement once per connection; after five runs PostgreSQL may keep a generic
 *   plan, made for no word in particular — the same plan for a word in 80% of ideas and for a
 *   typo, which walks every idea for the typo. (The vote's prepared statements keep their cached
 *   plans.)
 * - The word similarity the trigram operator `<%` of the suggestions asks for.
 */
const SETTINGS = sql`set_config('plan_cache_mode', 'force_custom_plan', true) as plans,
  set_config('pg_trgm.word_similarity_threshold', ${String(SUGGESTION_THRESHOLD)}, true) as similarity`;

/**
 * One page of what matches `input.q` for `viewer` (null: a visitor), ranked by ts_rank_cd over
 * the three kinds together, ties broken by kind and id. An empty query, or one with nothing to
 * look up, is no search (`searched: false`), not an error. A garbled cursor is Invalid (400).
 *
 * Two statements in a transaction whatever the query (the settings, the words and the filter's
 * challenges; the ranked page with its counts and snippets), a third for suggestions.
 */
export async function search(
  db: Db,
  viewer: Actor | null,
  input: SearchInput,
  pageSize = SEARCH_PAGE_SIZE,
): Promise<SearchOutcome> {
  if (!input.q.trim()) return NOTHING;
  return db.transaction(async (tx) => {
    const [row] = rowsOf<Readings & { scope: string | null }>(
      await tx.execute(
        sql`select r.*, ${SETTINGS}, ${scopeColumn(input)} as scope from ${readingsOf(input.q)} r`,
      ),
    );
    const tsquery = tsQueryOf(row);
    if (tsquery === null) return NOTHING;
    return searchIn(tx, viewer, input, pageSize, tsquery, scopeOf(row?.scope ?? null));
  });
}

async function searchIn(
  db: Db,
  viewer: Actor | null,
  input: SearchInput,
  pageSize: number,
  tsquery: string,
  scope: Scope,
): Promise<SearchOutcome> {
  const query = sql`${tsquery}::tsquery`;
  const candidates = isPhraseQuery(tsquery) ? PHRASE_CANDIDATES : RANK_CANDIDATES;
  const kinds = kindsOf(input.kind);
  // Every kind's candidates, whatever the kind filter, so the page and the count of each kind (its
  // tab) come from one statement reading each match once.
  const union = sql.join(
    (['challenge', 'idea', 'comment'] as const).map((kind) =>
      matches(kind, query, input, viewer, scope, candidates),
    ),
    sql` union all `,
  );
  const onlyKind = input.kind === 'all' ? null : KIND_ORDER[kinds[0]!];
  type PageRow = Partial<DetailRow> & {
    kind_order: number | null;
    id: number | null;
    pageKey: string | null;
    challenges: number;
    ideas: number;
    comments: number;
  };
  let countRow: PageRow | undefined;
  const page = await readKeysetPage(SEARCH_LIST, input, pageSize, async (q) => {
    const where = sql.join(
      [onlyKind === null ? sql`true` : sql`r.kind_order = ${onlyKind}`, q.where ?? sql`true`],
      sql` and `,
    );
    const orderBy = sql.join(q.orderBy, sql`, `);
    // The counts come as one row even when the page is empty (past its end): joined to it.
    const rows = rowsOf<PageRow>(
      await db.execute(sql`with r as materialized (${union}),
        counts as (select count(*) filter (where kind_order = 3)::int as challenges,
          count(*) filter (where kind_order = 2)::int as ideas,
          count(*) filter (where kind_order = 1)::int as comments from r)
        select counts.*, page.kind_order, page.id, page."pageKey", d.* from counts
        left join lateral (select r.kind_order, r.id, ${pageKey(SEARCH_LIST)} as "pageKey",
            row_number() over (order by ${orderBy}) as ord
          from r where ${where} order by ${orderBy} limit ${q.limit}) page on true
        left join lateral (${detailsOf(query)}) d on true
        order by page.ord`),
    );
    countRow = rows[0];
    return rows.filter((r): r is PageRow & { pageKey: string } => r.pageKey !== null);
  });
  const counted = (n: number | undefined): KindCount => ({
    count: Number(n ?? 0),
    capped: Number(n ?? 0) >= candidates,
  });
  const counts = {
    challenges: counted(countRow?.challenges),
    ideas: counted(countRow?.ideas),
    comments: counted(countRow?.comments),
  };

  const items: SearchResult[] = [];
  for (const r of page.items) {
    const kind = KIND_OF[r.kind_order as 1 | 2 | 3];
    const row = r as DetailRow;
    items.push({
      kind,
      id: Number(row.id),
      href: hrefOf(kind, row),
      title: segmentsOf(row.title),
      titleLanguage: row.title_language,
      snippet: segmentsOf(row.snippet, { markdown: true }),
      language: row.language,
      challenge: { slug: row.challenge_slug, title: row.challenge_title, stage: row.stage },
      brand: { slug: row.brand_slug, name: row.brand_name },
    });
  }

  const nothing = !page.items.length && page.first;
  return {
    items,
    next: page.next,
    prev: page.prev,
    first: page.first,
    searched: true,
    counts,
    suggestions: nothing ? await suggestIn(db, viewer, input, scope) : [],
  };
}

/**
 * The brands the search page's brand filter offers: those with a challenge past its draft, the
 * only ones a filter by brand can find anything in for everyone (a brand still preparing its first
 * challenge, or with none, would be a choice that always finds nothing). By name.
 */
export async function searchableBrands(db: Db): Promise<{ slug: string; name: string }[]> {
  return rowsOf<{ slug: string; name: string }>(
    await db.execute(sql`select b.slug, b.name from brands b
      where exists (select 1 from challenges c where c.brand_id = b.id and c.stage <> 'draft')
      order by b.name, b.slug`),
  );
}

/**
 * Challenge and idea titles that look like the query (pg_trgm word similarity, through the
 * trigram indexes on titles), best first: the "Did you mean…" of a search that found nothing.
 * The same filters apply, except the kind: a comment search suggests ideas.
 */
export async function suggestTitles(
  db: Db,
  viewer: Actor | null,
  input: SearchInput,
): Promise<Suggestion[]> {
  if (!input.q.trim()) return [];
  return db.transaction(async (tx) => {
    const [row] = rowsOf<{ scope: string | null }>(
      await tx.execute(sql`select ${SETTINGS}, ${scopeColumn(input)} as scope`),
    );
    return suggestIn(tx, viewer, input, scopeOf(row?.scope ?? null));
  });
}

/**
 * The suggestions, in a transaction with SETTINGS. Each kind's candidates are the first
 * SUGGESTION_CANDIDATES titles the trigram index finds within the threshold (see there); their
 * similarity is computed once, on them only.
 */
async function suggestIn(
  db: Db,
  viewer: Actor | null,
  input: SearchInput,
  scope: Scope,
): Promise<Suggestion[]> {
  const q = input.q.trim();
  const kinds = kindsOf(input.kind).filter((k) => k !== 'comment') as ('challenge' | 'idea')[];
  if (!kinds.length) kinds.push('idea');
  const parts = kinds.map((kind) => {
    const alias = kind === 'challenge' ? sql`c` : sql`i`;
    const { from } = fromFor(kind);
    const where = sql.join(
      [sql`${q} <% ${alias}.title`, ...filtersFor(kind, input, viewer, scope)],
      sql` and `,
    );
    return sql`(select ${kind}::text as kind, ${alias}.id, c.slug, ${alias}.title
      from ${from} where ${where} limit ${SUGGESTION_CANDIDATES})`;
  });
  const rows = rowsOf<{ kind: 'challenge' | 'idea'; id: number; slug: string; title: string }>(
    await db.execute(sql`select kind, id, slug, title from (${sql.join(parts, sql` union all `)}) s
      order by word_similarity(${q}, title) desc, kind, id desc limit ${SUGGESTION_LIMIT}`),
  );
  return rows.map((r) => ({
    kind: r.kind,
    title: r.title,
    href: r.kind === 'challenge' ? `/challenges/${r.slug}` : `/ideas/${r.id}`,
  }));
}
