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
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Db } from '../db/client.server';
import { BRAND_EXCERPT_LENGTH } from '#app/domain/brands/commands.server';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { rebuildReadModels } from '#app/domain/ideas/read-model.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { hashPassword } from '#app/domain/users/commands.server';

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

const BRAND_DESCRIPTION = 'A brand made by the benchmark generator, with *several* challenges.';

function count(result: unknown): number {
  return Number(rowsOf<{ n: string | number }>(result)[0]?.n ?? 0);
}

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
    await db.execute(sql`
      insert into ideas (challenge_id, author_id, title, body, body_html, body_excerpt, tags,
        created_at, updated_at, last_activity_at)
      select
        case when g < ${popularIdeas} then ${firstChallenge}
          else ${firstChallenge} + 1 + (g - ${popularIdeas}) % ${Math.max(1, nChallenges - 1)} end,
        ${`a${tag}_`} || (g % ${nAuthors}),
        'Benchmark idea number ' || g, ${IDEA_BODY}, ${idea.html}, ${idea.excerpt}, '{bench}',
        t, t, t
      from generate_series(0, ${nIdeas - 1}::int) g,
        lateral (select ${nowIso}::timestamptz - (${nIdeas} - g) * ${spacingSeconds}::float8 * interval '1 second' as t) at`);
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
      insert into comments (idea_id, author_id, body, created_at, updated_at)
      select ${discussedIdeaId}, ${`a${tag}_`} || (g % ${nAuthors}),
        'Comment number ' || g || ': a thought about this idea, with enough words to look real.',
        t, t
      from generate_series(0, ${topLevel - 1}::int) g,
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
