// `npm run bench:community`: the brand's community view at 10,000 participants. One brand whose
// challenges have COMMUNITY_PARTICIPANTS authors (bench/generate.ts: ideas and votes by bulk insert,
// then tags spread over 20 values), consents mixed (40% profile, 30% activity, 10% none, 20% never
// asked), the read model rebuilt (rebuildParticipants) and analysed. Then the community loader's
// reads, through the real access functions, each timed COMMUNITY_RUNS times after a warm-up, next
// to a trivial query (`select 1`) on the same connection pool: the ratio says what a page of the
// community costs over a round trip that does nothing. EXPLAIN (ANALYZE) of the main statements is
// printed, so an index that is missing shows as a scan.
//
// No server: the figures are the domain calls the loader makes (the HTTP and React costs are those
// of any page, measured by bench:pages). PostgreSQL at DATABASE_URL (a new database beside it,
// dropped at the end), else PGlite in a temporary folder.
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.server';
import {
  exportParticipants,
  nonConsentingSummary,
  openCommunity,
  participantsSql,
  readParticipants,
  type ReadOptions,
} from '#app/domain/community/access.server';
import { communityPage } from '#app/domain/community/queries.server';
import { COMMUNITY_PAGE_SIZE, parseCommunityQuery } from '#app/domain/community/schema';
import { rebuildParticipants } from '#app/domain/crm/participation.server';
import { generate } from './generate';
import {
  fmt,
  freshDatabase,
  log,
  machine,
  percentile,
  positive,
  printTable,
  runBenchmark,
  writeResults,
} from './lib';

const PARTICIPANTS = positive('COMMUNITY_PARTICIPANTS', 10_000);
const RUNS = positive('COMMUNITY_RUNS', 40);
const TAGS = 20;

type Timing = {
  name: string;
  median: number;
  p95: number;
  ratio: number;
  rows: number;
  /** The page's statement alone (no count, no interests), median ms. */
  statement: number | null;
};

async function time(runs: number, fn: () => Promise<number>) {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p95: percentile(samples, 95), rows };
}

async function explain(db: Db, label: string, query: SQL) {
  const plan = rowsOf<Record<string, string>>(
    await db.execute(sql`explain (analyze, costs off, timing off, summary on) ${query}`),
  ).map((r) => Object.values(r)[0]!);
  console.log(`\n[bench] EXPLAIN ANALYZE — ${label}`);
  for (const line of plan) console.log(`  ${line}`);
}

await runBenchmark(30 * 60_000, async () => {
  const fresh = await freshDatabase('community');
  log(`database: ${fresh.label}`);
  const database = await fresh.open();
  try {
    const db = database.db;
    const now = new Date();
    log(`generating ${PARTICIPANTS} participants of one brand…`);
    const generated = await generate(db, {
      ideas: PARTICIPANTS * 2,
      authors: PARTICIPANTS,
      brands: 1,
      challenges: 4,
      popularShare: 0.4,
      votesPerIdea: 3,
      comments: 500,
      clock: { now: () => now },
    });
    const brand = generated.brands[0]!;
    // Tags spread over TAGS values (one in 20 ideas each), consents mixed by a hash of the person.
    await db.execute(sql`update ideas set tags = array['bench', 'tag' || (id % ${TAGS})]`);
    await db.execute(sql`
      insert into brand_consents (user_id, brand_id, level, created_at, updated_at)
      select id, ${brand.id},
        (case when h < 4 then 'profile' when h < 7 then 'activity' else 'none' end)::consent_level,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from (select id, abs(hashtext(id)) % 10 as h from users where id like 'a%') u
      where h < 8`);
    const started = performance.now();
    await rebuildParticipants(db, brand.id);
    log(`rebuildParticipants: ${fmt(performance.now() - started)} ms`);
    await db.execute(sql`analyze`);
    const [counts] = rowsOf<{ participants: number; listed: number }>(
      await db.execute(sql`
        select (select count(*)::int from brand_participants where brand_id = ${brand.id}) as participants,
          (select count(*)::int from brand_participants bp join brand_consents c
            on c.user_id = bp.user_id and c.brand_id = bp.brand_id
            where bp.brand_id = ${brand.id} and c.level in ('activity', 'profile')) as listed`),
    );
    log(
      `${counts!.participants} participants, ${counts!.listed} of them listed (activity or profile)`,
    );

    const owner = rowsOf<{ id: string }>(
      await db.execute(sql`select user_id as id from brand_members where brand_id = ${brand.id}`),
    )[0]!;
    const actor = { id: owner.id, role: 'prosumer' as const };
    const scope = await openCommunity(db, actor, { id: brand.id });
    const lastPage = Math.ceil(counts!.listed / COMMUNITY_PAGE_SIZE);
    const base: Omit<ReadOptions, 'sort' | 'dir'> = {
      filter: {},
      now,
      limit: COMMUNITY_PAGE_SIZE,
    };
    const cases: { name: string; run: () => Promise<number>; sqlOf?: ReadOptions }[] = [
      {
        name: 'trivial query (select 1)',
        run: async () => rowsOf(await db.execute(sql`select 1`)).length,
      },
      ...(
        [
          ['page 1 by engagement', { ...base, sort: 'engagement', dir: 'desc' }],
          ['page 1 by last active', { ...base, sort: 'lastActive', dir: 'desc' }],
          ['page 1 by points', { ...base, sort: 'points', dir: 'desc' }],
          ['page 1 by handle', { ...base, sort: 'handle', dir: 'asc' }],
          [
            'tag filter, by engagement',
            { ...base, filter: { tag: 'tag7' }, sort: 'engagement', dir: 'desc' },
          ],
          [
            'challenge filter, by last active',
            {
              ...base,
              filter: { challenge: generated.challenges[1]!.slug },
              sort: 'lastActive',
              dir: 'desc',
            },
          ],
          [
            `last page (${lastPage}) by engagement`,
            {
              ...base,
              sort: 'engagement',
              dir: 'desc',
              offset: (lastPage - 1) * COMMUNITY_PAGE_SIZE,
            },
          ],
        ] as [string, ReadOptions][]
      ).map(([name, options]) => ({
        name,
        run: async () => (await readParticipants(db, scope, options)).rows.length,
        sqlOf: options,
      })),
      {
        name: 'people sharing nothing (summary)',
        run: async () => (await nonConsentingSummary(db, scope)).people,
      },
      {
        name: 'whole loader (communityPage)',
        run: async () =>
          (await communityPage(db, actor, brand.slug, parseCommunityQuery({}), { now })).rows
            .length,
      },
    ];

    const timings: Timing[] = [];
    let trivial = 0;
    for (const c of cases) {
      const t = await time(RUNS, c.run);
      if (!timings.length) trivial = t.median;
      const statement = c.sqlOf
        ? (
            await time(
              RUNS,
              async () => rowsOf(await db.execute(participantsSql(scope, c.sqlOf!).query)).length,
            )
          ).median
        : null;
      timings.push({ name: c.name, ...t, ratio: t.median / trivial, statement });
    }
    const exportStarted = performance.now();
    let exported = 0;
    for await (const page of exportParticipants(db, scope, {
      filter: {},
      sort: 'engagement',
      dir: 'desc',
      now,
    }))
      exported += page.length;
    const exportMs = performance.now() - exportStarted;

    console.log(
      `\n[bench] community reads at ${counts!.participants} participants (${counts!.listed} listed), ${RUNS} runs each, ${fresh.kind}`,
    );
    printTable(
      ['read', 'median ms', 'p95 ms', '× trivial', 'statement alone ms', 'rows'],
      timings.map((t) => [
        t.name,
        fmt(t.median, 2),
        fmt(t.p95, 2),
        fmt(t.ratio, 1),
        t.statement === null ? '-' : fmt(t.statement, 2),
        String(t.rows),
      ]),
    );
    console.log(
      `[bench] CSV export of all ${exported} listed people (pages of 500): ${fmt(exportMs)} ms`,
    );
    for (const c of cases)
      if (c.sqlOf) await explain(db, c.name, participantsSql(scope, c.sqlOf).query);

    writeResults('community', fresh.kind, {
      participants: counts!.participants,
      listed: counts!.listed,
      runs: RUNS,
      timings,
      export: { rows: exported, ms: exportMs },
      machine: machine(),
    });
  } finally {
    await database.close();
  }
});
