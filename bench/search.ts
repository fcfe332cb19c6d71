// `npm run bench:search`: full-text search (issue 16) at SEARCH_IDEAS ideas (default 100,000) of
// varied text in English, Spanish and Italian (bench/generate.ts `multilingual`, bench/words.ts),
// with SEARCH_COMMENTS comments. Then a mix of queries — common words (in most ideas), uncommon ones
// (one idea in twenty), rare made-up names (a few dozen ideas), words typed
// without their accents, several words and phrases, filtered searches, and typos that full text
// cannot find (the trigram "Did you mean" path) — each run SEARCH_RUNS times after a warm-up
// through search() itself, every round trip of a page included (the query's tsquery, the ranked
// page, the counts, the highlighted details, the suggestions). p50/p95/p99 per kind of query next
// to the 50 ms goal, EXPLAIN (ANALYZE) of the statements behind a common and a rare word. Figures
// that other work on the machine moves little come with them: for each query, every statement
// search() sent, replayed under EXPLAIN (ANALYZE, BUFFERS) — the shared blocks it touched and the
// server's planning and execution time.
//
// No server: the HTTP and React costs of a page are those of bench:pages. PostgreSQL at
// DATABASE_URL (a new database beside it, dropped at the end), else PGlite in a temporary folder.
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.server';
import { RANK_CANDIDATES, search } from '#app/domain/search/queries.server';
import type { SearchInput } from '#app/domain/search/schema';
import { searchableTsQuery } from '#app/domain/search/tsquery.server';
import { generate } from './generate';
import {
  fmt,
  freshDatabase,
  goal,
  log,
  machine,
  percentile,
  positive,
  printTable,
  runBenchmark,
  writeResults,
} from './lib';
import { madeUpWord, WORDS } from './words';

const IDEAS = positive('SEARCH_IDEAS', 100_000);
const COMMENTS = positive('SEARCH_COMMENTS', 5_000);
const RUNS = positive('SEARCH_RUNS', 60);
const GOAL_MS = 50;

type Case = { kind: string; input: Omit<SearchInput, 'kind'> & { kind?: SearchInput['kind'] } };

/** The queries, by kind. Words come from the generator's lists, so hits are known to exist. */
function cases(challengeSlug: string): Case[] {
  const head = (lang: 'en' | 'es' | 'it', i: number) => WORDS[lang][i]!;
  const tail = (lang: 'en' | 'es' | 'it', i: number) => WORDS[lang].at(-1 - i)!;
  const q = (kind: string, text: string, extra: Partial<SearchInput> = {}): Case => ({
    kind,
    input: { q: text, ...extra },
  });
  return [
    q('common word', head('en', 0)),
    q('common word', head('es', 1)),
    q('common word', head('it', 2)),
    q('common word', head('en', 3)),
    q('uncommon word', tail('en', 0)),
    q('uncommon word', tail('es', 1)),
    q('uncommon word', tail('it', 2)),
    q('rare word', madeUpWord(1_234)),
    q('rare word', madeUpWord(4_321)),
    q('rare word', madeUpWord(7_777)),
    q('without accents', 'cancion'),
    q('without accents', 'perche'),
    q('without accents', 'citta'),
    q('without accents', 'envio'),
    q('several words', `${head('en', 4)} ${head('en', 10)}`),
    q('several words', `"${head('es', 2)} ${head('es', 3)}"`),
    q('several words', `${head('it', 5)} or ${tail('it', 3)}`),
    q('several words', `${head('en', 1)} -${head('en', 2)}`),
    q('filtered', head('en', 0), { kind: 'ideas', challenge: challengeSlug }),
    q('filtered', head('es', 0), { kind: 'comments' }),
    q('filtered', head('it', 1), { stage: 'open', kind: 'challenges' }),
    q('no hit: typo, trigram suggestions', 'packagign'),
    q('no hit: typo, trigram suggestions', 'cancoin'),
    q('no hit: typo, trigram suggestions', 'sostenibilitta riciclabile'),
    q('no hit: typo, trigram suggestions', 'zzqxv'),
  ];
}

/** `target` recording each statement it (or a transaction opened on it) executes. */
function recording(target: Db, log: SQL[]): Db {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'execute')
        return (statement: SQL) => {
          log.push(statement);
          return t.execute(statement);
        };
      if (prop === 'transaction')
        return (work: (tx: Db) => unknown) =>
          t.transaction((tx) => work(recording(tx, log)) as never);
      const value: unknown = Reflect.get(t, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

type Work = { statements: number; blocks: number; planMs: number; execMs: number };

/**
 * What one search costs the server, read from EXPLAIN (ANALYZE, BUFFERS) of every statement it
 * sent, replayed in order in one transaction (its settings apply as they did): shared blocks hit or
 * read, planning and execution time. Blocks do not move with the machine's load; times do.
 */
async function work(db: Db, input: SearchInput): Promise<Work> {
  const log: SQL[] = [];
  await search(recording(db, log), null, input);
  const total: Work = { statements: log.length, blocks: 0, planMs: 0, execMs: 0 };
  await db.transaction(async (tx) => {
    for (const statement of log) {
      const [row] = rowsOf<Record<string, unknown>>(
        await tx.execute(sql`explain (analyze, buffers, format json) ${statement}`),
      );
      const raw = Object.values(row!)[0];
      const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
        Plan: Record<string, number>;
        'Planning Time': number;
        'Execution Time': number;
      }[];
      total.blocks +=
        (plan!.Plan['Shared Hit Blocks'] ?? 0) + (plan!.Plan['Shared Read Blocks'] ?? 0);
      total.planMs += plan!['Planning Time'];
      total.execMs += plan!['Execution Time'];
    }
  });
  return total;
}

async function explain(db: Db, label: string, word: string) {
  const query = sql`${(await searchableTsQuery(db, word)) ?? ''}::tsquery`;
  // The ideas part of search()'s ranked page (queries.server.ts `matches`), for one word, with the
  // query as search() sends it.
  const statement = sql`select id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], vector, ${query})::float8 as rank
    from (select i.id, i.search_vector as vector from ideas i join challenges c on c.id = i.challenge_id
      where i.search_vector @@ ${query} and i.status in ('published', 'shortlisted', 'winner')
        and c.stage <> 'draft' order by i.id desc limit ${RANK_CANDIDATES}) candidates
    order by rank desc, id desc limit 21`;
  const plan = rowsOf<Record<string, string>>(
    await db.execute(sql`explain (analyze, costs off, timing off, summary on) ${statement}`),
  ).map((r) => Object.values(r)[0]!);
  console.log(`\n[bench] EXPLAIN ANALYZE — ideas matching ${label} ("${word}")`);
  for (const line of plan) console.log(`  ${line}`);
  return plan;
}

await runBenchmark(60 * 60_000, async () => {
  const fresh = await freshDatabase('search');
  log(`database: ${fresh.label}`);
  const database = await fresh.open();
  try {
    const db = database.db;
    log(`generating ${IDEAS} multilingual ideas and ${COMMENTS} comments…`);
    const generated = await generate(db, {
      ideas: IDEAS,
      comments: COMMENTS,
      multilingual: true,
    });
    log(`generated in ${fmt(generated.seconds, 1)} s: ${JSON.stringify(generated.counts)}`);
    const [languages] = rowsOf<{ en: number; es: number; it: number }>(
      await db.execute(sql`select count(*) filter (where language = 'en')::int as en,
        count(*) filter (where language = 'es')::int as es,
        count(*) filter (where language = 'it')::int as it from ideas`),
    );
    log(`ideas by language: ${JSON.stringify(languages)}`);

    const all = cases(generated.challenges[1]?.slug ?? generated.challenges[0]!.slug);
    const byKind = new Map<string, number[]>();
    const perQuery: {
      kind: string;
      q: string;
      filters: string;
      hits: string;
      suggestions: number;
      p50: number;
      p99: number;
      work: Work;
    }[] = [];
    for (const c of all) {
      const input: SearchInput = { kind: 'all', ...c.input };
      let outcome = await search(db, null, input);
      for (let i = 0; i < 2; i++) outcome = await search(db, null, input);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await search(db, null, input);
        samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), ...samples]);
      const counts = outcome.counts;
      const hits = [counts.challenges, counts.ideas, counts.comments]
        .map((k) => `${k.count}${k.capped ? '+' : ''}`)
        .join('/');
      const { q: _q, ...filters } = c.input;
      perQuery.push({
        kind: c.kind,
        q: c.input.q,
        filters: JSON.stringify(filters),
        hits,
        suggestions: outcome.suggestions.length,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        work: await work(db, input),
      });
    }

    console.log(
      `\n[bench] search at ${generated.counts.ideas} ideas, ${generated.counts.comments} comments, ${RUNS} runs per query, ${fresh.kind}`,
    );
    printTable(
      [
        'query',
        'kind',
        'filters',
        'hits c/i/m',
        'did you mean',
        'p50 ms',
        'p99 ms',
        'statements',
        'blocks',
        'plan ms',
        'exec ms',
      ],
      perQuery.map((p) => [
        p.q,
        p.kind,
        p.filters === '{}' ? '-' : p.filters,
        p.hits,
        String(p.suggestions),
        fmt(p.p50, 1),
        fmt(p.p99, 1),
        String(p.work.statements),
        String(p.work.blocks),
        fmt(p.work.planMs, 1),
        fmt(p.work.execMs, 1),
      ]),
    );
    const summary = [...byKind].map(([kind, samples]) => {
      samples.sort((a, b) => a - b);
      const p99 = percentile(samples, 99);
      return {
        kind,
        samples: samples.length,
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        p99,
        goalMet: p99 < GOAL_MS,
      };
    });
    console.log(`\n[bench] per kind of query (goal: p99 < ${GOAL_MS} ms)`);
    printTable(
      ['kind', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', `p99 < ${GOAL_MS} ms`],
      summary.map((s) => [
        s.kind,
        String(s.samples),
        fmt(s.p50, 1),
        fmt(s.p95, 1),
        fmt(s.p99, 1),
        goal(s.goalMet),
      ]),
    );

    const plans = {
      common: await explain(db, 'a common word', WORDS.en[0]!),
      uncommon: await explain(db, 'an uncommon word', WORDS.en.at(-1)!),
      rare: await explain(db, 'a rare word', madeUpWord(1_234)),
    };
    writeResults('search', fresh.kind, {
      ideas: generated.counts.ideas,
      comments: generated.counts.comments,
      languages,
      runs: RUNS,
      goalMs: GOAL_MS,
      summary,
      queries: perQuery,
      plans,
      machine: machine(),
    });
  } finally {
    await database.close();
  }
});
