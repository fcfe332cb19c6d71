// `npm run bench:generate`: fills a fresh database with benchmark data, fast, at any size: users
// (authors and voters with open sessions), brands, challenges, ideas with their Markdown already
// rendered (one template rendered once, stored on every row), votes and the comments of one
// discussed idea. Every table is filled by one INSERT … SELECT over generate_series, so the rows are
// made inside the database (PostgreSQL or PGlite) and nothing large crosses the wire; 100,000 ideas
// take seconds on PostgreSQL. Then the kept read models are rebuilt and the tables analysed.
//
// Importable: `generate(db, options)` (bench:votes and bench:pages use it). From the command line it
// migrates and fills the database at DATABASE_URL, or the PGlite folder in COCREA_DATA_DIR (./data),
// which must have no ideas yet:
//   npm run bench:generate -- --ideas 100000 [--challenges 20] [--authors 10000] [--voters 0]
//     [--votes-per-idea 3] [--comments 500]
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, rowsOf, type Db } from '../db/client.server';
import { BRAND_EXCERPT_LENGTH } from '#app/domain/brands/commands.server';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { rebuildReadModels } from '#app/domain/ideas/read-model.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { hashPassword } from '#app/domain/users/commands.server';
import { LANGUAGE_SHARE, SYLLABLES, WORDS } from './words';

/** The password of every generated user (sign in with their handle). */
export const GENERATED_PASSWORD = 'correct horse battery';

export type GenerateOptions = {
  ideas: number;
  /** Open challenges (default: one per 5,000 ideas, 1 to 20). */
  challenges?: number;
  /** Share of the ideas in the first, popular challenge when there are several (default 0.9). */
  popularShare?: number;
  /** Brands the challenges are spread over (default: up to 5). */
  brands?: number;
  /** Users who wrote the ideas, and who cast the generated votes (default ideas / 10, 10 to 10,000). */
  authors?: number;
  /** Users with no ideas and an open session each, for load generators (default 0). */
  voters?: number;
  /** Generated votes per idea, by authors of other ideas; one in five opposes (default 0). */
  votesPerIdea?: number;
  /** Comments on one idea of the popular challenge (the "discussed" idea), a fifth of them replies. */
  comments?: number;
  /**
   * Varied text in three languages (bench/words.ts) for idea titles and bodies, top-level comments
   * and challenge titles, each row with its `language`, instead of one template (bench:search).
   * Ideas then store no rendered HTML (pages render it on the fly).
   */
  multilingual?: boolean;
  clock?: Clock;
};

export type Generated = {
  ownerHandle: string;
  brands: { id: number; slug: string }[];
  /** The first is the popular one. */
  challenges: { id: number; slug: string; ideas: number }[];
  /** The idea carrying the comments (null without comments). */
  discussedIdeaId: number | null;
  /** An author with ideas: a profile to look at. */
  authorHandle: string;
  voters: { id: string; handle: string; sessionId: string }[];
  counts: Record<string, number>;
  seconds: number;
};

const IDEA_BODY = `## What

A plain idea written by the benchmark generator: **one template**, rendered once and stored on
every idea, so pages show what real ideas show (a heading, emphasis, a list and a link).

- It keeps the rendered HTML and the excerpt beside the Markdown source.
- It costs the same on page 1 and page 1,000.

More at [the project](https://example.com/cocrea).`;

const CHALLENGE_BRIEF = `We are looking for ideas that make **our product** better for everyone.

1. Say what you would change.
2. Say who it helps.

Ideas with a clear first step win.`;

/** Ideas written per statement. */
const IDEA_BATCH = 10_000;

const BRAND_DESCRIPTION = 'A brand made by the benchmark generator, with *several* challenges.';

function count(result: unknown): number {
  return Number(rowsOf<{ n: string | number }>(result)[0]?.n ?? 0);
}

/** A row's language from its seed, spread as LANGUAGE_SHARE says. */
function languageOf(seed: SQL): SQL {
  const es = LANGUAGE_SHARE.en;
  const it = es + LANGUAGE_SHARE.es;
  return sql`(case when abs(hashtext('lang:' || ${seed})) % 1000 < ${es} then 'en'
    when abs(hashtext('lang:' || ${seed})) % 1000 < ${it} then 'es' else 'it' end)`;
}

/**
 * The three word lists as arrays, built once per statement: `offset 0` keeps the planner from
 * copying the expressions into every row that uses them. Join it as `lists`.
 */
const LISTS = sql`(select string_to_array(${WORDS.en.join(' ')}::text, ' ') as en,
  string_to_array(${WORDS.es.join(' ')}::text, ' ') as es,
  string_to_array(${WORDS.it.join(' ')}::text, ' ') as it offset 0) lists`;

/** The word list of `language` (a column of a row joined with LISTS). */
const listOf = (language: SQL) =>
  sql`(case ${language} when 'es' then lists.es when 'it' then lists.it else lists.en end)`;

/**
 * `count` words of the array `words` picked by hashes of `seed`, skewed towards the head of the
 * list (u^2.2 of a uniform u): common words are common, the tail is rare.
 */
function wordsOf(words: SQL, seed: SQL, count: SQL): SQL {
  return sql`array_to_string(array(
    select (${words})[1 + floor(array_length(${words}, 1)
      * power((hashtext(${seed} || ':' || k) & 2147483647)::float8 / 2147483648, 2.2))::int]
    from generate_series(1, ${count}) k), ' ')`;
}

/** `count` made-up names (bench/words.ts madeUpWord) picked by hashes of `seed`, uniformly. */
function madeUpWords(seed: SQL, count: number): SQL {
  const n = SYLLABLES.length;
  const syllables = sql`string_to_array(${SYLLABLES.join(' ')}::text, ' ')`;
  return sql`(select array_to_string(array(
    select s[1 + h % ${n}] || s[1 + (h / ${n}) % ${n}] || s[1 + (h / ${n * n}) % ${n}]
    from generate_series(1, ${count}::int) k,
      lateral (select hashtext(${seed} || ':n:' || k) & 2147483647 as h) hk), ' ')
    from (select ${syllables} as s offset 0) sy)`;
}

/** A sentence-like title: its first letter upper case. */
const capitalised = (text: SQL) =>
  sql`(select upper(left(t, 1)) || substr(t, 2) from (select ${text} as t) c)`;

/** Fills `db` (which should be freshly migrated and empty) and returns what it made. */
export async function generate(db: Db, options: GenerateOptions): Promise<Generated> {
  const started = performance.now();
  const clock = options.clock ?? systemClock;
  // As text: postgres.js does not serialise a Date parameter of unknown type.
  const nowIso = clock.now().toISOString();
  const nIdeas = Math.max(0, Math.floor(options.ideas));
  const nChallenges = Math.max(
    1,
    options.challenges ?? Math.min(20, Math.max(1, Math.ceil(nIdeas / 5_000))),
  );
  const nBrands = Math.max(1, Math.min(options.brands ?? 5, nChallenges));
  const nAuthors = Math.floor(
    Math.max(2, options.authors ?? Math.min(10_000, Math.max(10, nIdeas / 10))),
  );
  const nVoters = Math.floor(Math.max(0, options.voters ?? 0));
  const votesPerIdea = Math.max(0, Math.min(options.votesPerIdea ?? 0, nAuthors - 1));
  const nComments = Math.max(0, options.comments ?? 0);
  const share = nChallenges > 1 ? Math.min(1, Math.max(0, options.popularShare ?? 0.9)) : 1;
  const popularIdeas = Math.round(nIdeas * share);
  // A tag of this run keeps handles, slugs and names unique should it run twice on one database.
  const tag = Date.now().toString(36).slice(-5);

  const [idea, brief, description, passwordHash] = await Promise.all([
    renderMarkdown(IDEA_BODY),
    renderMarkdown(CHALLENGE_BRIEF),
    renderMarkdown(BRAND_DESCRIPTION, { excerptLength: BRAND_EXCERPT_LENGTH }),
    hashPassword(GENERATED_PASSWORD),
  ]);

  const ownerId = `o${tag}`;
  const ownerHandle = `owner_${tag}`;
  // Users: the owner, authors a<tag>_0…, voters v<tag>_0… (ids and handles follow the same pattern).
  await db.execute(sql`
    insert into users (id, handle, email, password_hash, display_name, created_at)
    values (${ownerId}, ${ownerHandle}, ${`${ownerHandle}@example.test`}, ${passwordHash}, 'Benchmark owner', ${nowIso})`);
  for (const [prefix, n, label] of [
    ['a', nAuthors, 'Author'],
    ['v', nVoters, 'Voter'],
  ] as const) {
    if (!n) continue;
    await db.execute(sql`
      insert into users (id, handle, email, password_hash, display_name, created_at)
      select ${`${prefix}${tag}_`} || g, ${`${prefix}${tag}_`} || g, ${`${prefix}${tag}_`} || g || '@example.test',
        ${passwordHash}, ${`${label} `} || g, ${nowIso}::timestamptz - interval '90 days'
      from generate_series(0, ${n - 1}::int) g`);
  }

  const brandRows = rowsOf<{ id: number; slug: string }>(
    await db.execute(sql`
      insert into brands (slug, name, description, description_html, description_excerpt, created_by, created_at)
      select ${`bench-${tag}-brand-`} || g, ${`Benchmark brand ${tag} `} || g, ${BRAND_DESCRIPTION},
        ${description.html}, ${description.excerpt}, ${ownerId}, ${nowIso}::timestamptz - interval '90 days'
      from generate_series(1, ${nBrands}::int) g
      returning id, slug`),
  ).sort((a, b) => a.id - b.id);
  await db.execute(sql`
    insert into brand_members (brand_id, user_id, role)
    select id, ${ownerId}, 'owner' from brands where created_by = ${ownerId}`);

  const firstBrand = brandRows[0]!.id;
  const challengeRows = rowsOf<{ id: number; slug: string }>(
    await db.execute(sql`
      insert into challenges (brand_id, slug, title, brief, brief_html, brief_excerpt, tags, stage,
        max_ideas_per_user, stage_changed_at, created_by, created_at, updated_at)
      select ${firstBrand} + (g - 1) % ${nBrands}, ${`bench-${tag}-challenge-`} || g,
        ${`Benchmark challenge ${tag} `} || g, ${CHALLENGE_BRIEF}, ${brief.html}, ${brief.excerpt},
        '{bench,generated}', 'open', 50, ${nowIso}::timestamptz - interval '60 days', ${ownerId},
        ${nowIso}::timestamptz - interval '60 days', ${nowIso}::timestamptz - interval '60 days'
      from generate_series(1, ${nChallenges}::int) g
      returning id, slug`),
  ).sort((a, b) => a.id - b.id);
  const firstChallenge = challengeRows[0]!.id;

  // Ideas: the first `popularIdeas` in the popular challenge, the rest spread over the others;
  // created over the last 30 days, oldest first, so ids and creation times rise together.
  if (nIdeas) {
    const spacingSeconds = (30 * 86_400) / nIdeas;
    // Multilingual: 4–8 title words and 25–60 body words in the idea's own language.
    const seed = sql`('idea:' || g)`;
    const language = options.multilingual ? sql`lg.language` : sql`'en'`;
    const text = options.multilingual
      ? sql`${capitalised(wordsOf(sql`wd.words`, sql`${seed} || ':t'`, sql`4 + g % 5`))},
          ${capitalised(wordsOf(sql`wd.words`, sql`${seed} || ':b'`, sql`25 + g % 36`))} || ' '
            || ${madeUpWords(seed, 3)} || '.', null, null`
      : sql`'Benchmark idea number ' || g, ${IDEA_BODY}, ${idea.html}, ${idea.excerpt}`;
    // In batches: each row's search vector is built as it is written (migration 0015), and one
    // statement for 100,000 ideas would outlast the connection's statement timeout.
    for (let from = 0; from < nIdeas; from += IDEA_BATCH) {
      const to = Math.min(nIdeas, from + IDEA_BATCH) - 1;
      await db.execute(sql`
        insert into ideas (challenge_id, author_id, title, body, body_html, body_excerpt, language,
          tags, created_at, updated_at, last_activity_at)
        select
          case when g < ${popularIdeas} then ${firstChallenge}
            else ${firstChallenge} + 1 + (g - ${popularIdeas}) % ${Math.max(1, nChallenges - 1)} end,
          ${`a${tag}_`} || (g % ${nAuthors}),
          ${text}, ${language}, '{bench}',
          t, t, t
        from generate_series(${from}::int, ${to}::int) g
          cross join ${LISTS},
          lateral (select ${languageOf(seed)} as language) lg,
          lateral (select ${listOf(sql`lg.language`)} as words offset 0) wd,
          lateral (select ${nowIso}::timestamptz - (${nIdeas} - g) * ${spacingSeconds}::float8 * interval '1 second' as t) at`);
    }
    if (options.multilingual)
      // Challenge titles too, so they have words to be found (and suggested) by.
      await db.execute(sql`
        update challenges set language = x.language,
          title = ${capitalised(wordsOf(sql`x.words`, sql`'challenge:' || x.cid`, sql`5`))}
        from (select c.id as cid, lg.language, ${listOf(sql`lg.language`)} as words
              from challenges c cross join ${LISTS},
                lateral (select ${languageOf(sql`('challenge:' || c.id)`)} as language) lg
              where c.created_by = ${ownerId} offset 0) x
        where x.cid = challenges.id`);
  }

  // Votes: idea number g gets votes from the authors after its own ((g + k) mod authors), in the
  // last days before now so trending has something to rank.
  if (votesPerIdea && nIdeas) {
    await db.execute(sql`
      insert into votes (idea_id, user_id, value, created_at, updated_at)
      select i.id, ${`a${tag}_`} || ((i.n + k) % ${nAuthors}),
        case when (i.n * 7 + k) % 5 = 0 then -1 else 1 end, t, t
      from (select id, created_at, row_number() over (order by id) - 1 as n from ideas
            where challenge_id between ${firstChallenge} and ${firstChallenge + nChallenges - 1}) i,
        generate_series(1, ${votesPerIdea}::int) k,
        lateral (select greatest(i.created_at,
          ${nowIso}::timestamptz - ((i.n * 13 + k * 7) % 20160) * interval '1 minute') as t) vt`);
    await db.execute(sql`
      update ideas set support_count = s.support, oppose_count = s.oppose
      from (select idea_id, count(*) filter (where value = 1) as support,
              count(*) filter (where value = -1) as oppose
            from votes group by idea_id) s
      where s.idea_id = ideas.id`);
  }

  // Comments on the newest idea of the popular challenge: top-level ones, then replies to them.
  let discussedIdeaId: number | null = null;
  if (nComments && popularIdeas) {
    discussedIdeaId = Number(
      rowsOf<{ id: number }>(
        await db.execute(
          sql`select max(id) as id from ideas where challenge_id = ${firstChallenge}`,
        ),
      )[0]!.id,
    );
    const replies = Math.floor(nComments / 5);
    const topLevel = nComments - replies;
    await db.execute(sql`
      insert into comments (idea_id, author_id, body, language, created_at, updated_at)
      select ${discussedIdeaId}, ${`a${tag}_`} || (g % ${nAuthors}),
        ${
          options.multilingual
            ? capitalised(wordsOf(sql`wd.words`, sql`'comment:' || g`, sql`8 + g % 20`))
            : sql`'Comment number ' || g || ': a thought about this idea, with enough words to look real.'`
        },
        ${options.multilingual ? sql`lg.language` : sql`'en'`}, t, t
      from generate_series(0, ${topLevel - 1}::int) g
        cross join ${LISTS},
        lateral (select ${languageOf(sql`('comment:' || g)`)} as language) lg,
        lateral (select ${listOf(sql`lg.language`)} as words offset 0) wd,
        lateral (select ${nowIso}::timestamptz - (${nComments} - g) * interval '1 minute' as t) ct`);
    if (replies)
      await db.execute(sql`
        insert into comments (idea_id, author_id, parent_id, body, created_at, updated_at)
        select ${discussedIdeaId}, ${`a${tag}_`} || ((p.n + 1) % ${nAuthors}), p.id,
          'A reply to comment ' || p.n || '.', p.created_at + interval '30 seconds',
          p.created_at + interval '30 seconds'
        from (select id, created_at, row_number() over (order by id) - 1 as n from comments
              where idea_id = ${discussedIdeaId}) p
        where p.n % 4 = 0 and p.n / 4 < ${replies}`);
    await db.execute(sql`
      update ideas set comment_count = (select count(*) from comments where idea_id = ${discussedIdeaId})
      where id = ${discussedIdeaId}`);
  }

  // Voters: each with an open session (30 days), as a signed-in browser would have.
  const voters = nVoters
    ? rowsOf<{ id: string; handle: string; session_id: string }>(
        await db.execute(sql`
          insert into sessions (id, user_id, expires_at)
          select replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
            ${`v${tag}_`} || g, ${nowIso}::timestamptz + interval '30 days'
          from generate_series(0, ${nVoters - 1}::int) g
          returning id as session_id, user_id as id, user_id as handle`),
      )
        .map((r) => ({ id: r.id, handle: r.handle, sessionId: r.session_id }))
        .sort((a, b) => Number(a.id.split('_')[1]) - Number(b.id.split('_')[1]))
    : [];

  // Voters have taken part before: each holds enough reputation to oppose (one in five benchmark
  // votes is an oppose, which needs 125), as one ledger entry (a past reward, caused by their
  // joining event) — the totals follow by the ledger's trigger, as for any entry.
  if (nVoters)
    await db.execute(sql`
      with joined as (
        insert into events (type, subject_user_id, payload, created_at)
        select 'user.joined', ${`v${tag}_`} || g, jsonb_build_object('bench', true),
          ${nowIso}::timestamptz - interval '90 days'
        from generate_series(0, ${nVoters - 1}::int) g
        returning id, subject_user_id, created_at
      )
      insert into point_entries (user_id, rule, nominal, points, day, event_id, created_at)
      select subject_user_id, 'reward', 1000, 1000, (created_at at time zone 'UTC')::date, id, created_at
      from joined`);

  // Kept counts and stored scores (trending) of the new rows, then planner statistics.
  await rebuildReadModels(db, clock);
  await db.execute(sql`analyze`);

  const counts = Object.fromEntries(
    await Promise.all(
      ['users', 'brands', 'challenges', 'ideas', 'votes', 'comments', 'sessions'].map(
        async (table) =>
          [table, count(await db.execute(sql.raw(`select count(*) as n from ${table}`)))] as const,
      ),
    ),
  );
  const perChallenge = rowsOf<{ id: number; n: string | number }>(
    await db.execute(
      sql`select challenge_id as id, count(*) as n from ideas group by challenge_id`,
    ),
  );
  return {
    ownerHandle,
    brands: brandRows,
    challenges: challengeRows.map((c) => ({
      ...c,
      ideas: Number(perChallenge.find((p) => p.id === c.id)?.n ?? 0),
    })),
    discussedIdeaId,
    authorHandle: `a${tag}_1`,
    voters,
    counts,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      ideas: { type: 'string', default: '10000' },
      challenges: { type: 'string' },
      authors: { type: 'string' },
      voters: { type: 'string' },
      'votes-per-idea': { type: 'string' },
      comments: { type: 'string' },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const url = process.env.DATABASE_URL;
  const database = url
    ? openDatabase({ url })
    : openDatabase({
        pgliteDir: path.resolve(process.env.COCREA_DATA_DIR ?? './data', 'pglite'),
      });
  try {
    await database.migrate();
    const existing = count(await database.db.execute(sql`select count(*) as n from ideas`));
    if (existing) {
      throw new Error(
        `the database already has ${existing} ideas: bench:generate fills an empty one (a new database or data folder)`,
      );
    }
    const result = await generate(database.db, {
      ideas: Number(values.ideas),
      challenges: num(values.challenges),
      authors: num(values.authors),
      voters: num(values.voters),
      votesPerIdea: num(values['votes-per-idea']),
      comments: num(values.comments),
    });
    console.log(
      `Generated on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} in ${result.seconds.toFixed(1)} s: ${Object.entries(
        result.counts,
      )
        .map(([table, n]) => `${n} ${table}`)
        .join(', ')}`,
    );
    console.log(
      `Popular challenge: /challenges/${result.challenges[0]!.slug}; sign in as ${result.authorHandle} (password "${GENERATED_PASSWORD}")`,
    );
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await main();
}
