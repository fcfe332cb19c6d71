// `npm run bench:pages`: how fast the public pages answer at 10,000 and 100,000 ideas, next to a
// bare page of the same server, in one run (PostgreSQL at DATABASE_URL, else PGlite). For each size
// it fills a fresh database with bench/generate.ts (one popular challenge holding 90% of the ideas,
// 3 votes per idea, 500 comments on one idea), starts the production server and loads each page
// with autocannon (BENCH_CONNECTIONS connections for BENCH_PAGE_SECONDS seconds, after a 1 s
// warm-up), as an anonymous visitor whose browser accepts gzip.
//
// The bare page is /signin: the root layout and a small form, with no query (the root loader reads
// nothing for an anonymous visitor) — everything a page costs in Express, Remix and React, and
// nothing of Cocrea's data. It is an existing page, so production carries no benchmark-only route.
// A deep page is reached as a visitor would: by following the page's own "next" link BENCH_DEEP
// times from the first page of that sort.
//
// Settings (environment): BENCH_SIZES (ideas per run, "10000,100000"), BENCH_CONNECTIONS (50),
// BENCH_PAGE_SECONDS (5), BENCH_DEEP (100).
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { generate, type Generated } from './generate';
import {
  cpuMeter,
  fmt,
  freshDatabase,
  goal,
  log,
  positive,
  positives,
  printTable,
  runBenchmark,
  sleep,
  startServer,
  writeResults,
  type BenchDatabase,
  type BenchServer,
  type CpuPerUnit,
} from './lib';

const SIZES = positives('BENCH_SIZES', [10_000, 100_000]);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 50);
const SECONDS = positive('BENCH_PAGE_SECONDS', 5);
const DEEP = positive('BENCH_DEEP', 100);
const COMMENTS = 500;

type Page = { name: string; path: string };

type PageResult = Page & {
  /** One request on its own, before the load: what a visitor waits when nobody else is there. */
  aloneMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers other than 200, errors and timeouts: a page that fails is not fast. */
  bad: number;
  bytes: number;
  cpu: CpuPerUnit;
  rssBefore: number | null;
  rssAfter: number | null;
};

/** The href of the page's rel="next" link, resolved against the page's address. */
function nextLink(html: string, from: string): string | null {
  for (const tag of html.match(/<a\b[^>]*>/g) ?? []) {
    if (!/\brel="next"/.test(tag)) continue;
    const href = /\bhref="([^"]*)"/.exec(tag)?.[1];
    if (!href) continue;
    const url = new URL(href.replace(/&amp;/g, '&'), from);
    url.hash = '';
    return url.pathname + url.search;
  }
  return null;
}

async function get(base: string, path: string) {
  const response = await fetch(base + path, { redirect: 'manual' });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`GET ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return text;
}

/** Follows the "next" link `times` times from `path`; the address of the page reached. */
async function deepPage(base: string, path: string, times: number) {
  let current = path;
  for (let i = 0; i < times; i++) {
    const next = nextLink(await get(base, current), base + current);
    if (!next) throw new Error(`${path}: no "next" link after ${i} pages`);
    current = next;
  }
  return current;
}

async function pagesOf(base: string, generated: Generated): Promise<Page[]> {
  const popular = generated.challenges[0]!.slug;
  const pages: Page[] = [
    { name: 'bare (/signin)', path: '/signin' },
    { name: 'home', path: '/' },
    { name: 'challenges', path: '/challenges' },
  ];
  for (const sort of ['top', 'trending', 'new'] as const) {
    const first = `/challenges/${popular}?sort=${sort}`;
    pages.push({ name: `challenge, ${sort}`, path: first });
    pages.push({
      name: `challenge, ${sort}, page ${DEEP + 1}`,
      path: await deepPage(base, first, DEEP),
    });
  }
  pages.push(
    { name: `idea with ${COMMENTS} comments`, path: `/ideas/${generated.discussedIdeaId}` },
    { name: 'profile', path: `/u/${generated.authorHandle}` },
    { name: 'brand', path: `/brands/${generated.brands[0]!.slug}` },
  );
  return pages;
}

/**
 * Waits (up to 60 s) until no query of the database is running: a page whose queries outlive its
 * run (unanswered requests) must not slow the next one down. PostgreSQL only.
 */
async function quiet(url: string | null) {
  if (!url) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
      if (!row?.n) return;
      await sleep(250);
    }
    log('the database is still busy after 60 s; going on');
  } finally {
    await sql.end();
  }
}

async function load(server: BenchServer, database: BenchDatabase, page: Page) {
  await quiet(database.url);
  const started = performance.now();
  await get(server.base, page.path);
  const aloneMs = performance.now() - started;
  const options = {
    url: server.base + page.path,
    connections: CONNECTIONS,
    headers: { 'accept-encoding': 'gzip' },
  };
  await autocannon({ ...options, duration: 1 });
  const rssBefore = server.rss();
  const meter = cpuMeter(server.pid, database.name);
  const result = await autocannon({ ...options, duration: SECONDS });
  const cpu = meter.per(result.requests.total);
  const rssAfter = server.rss();
  const row: PageResult = {
    ...page,
    aloneMs,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
    bytes: result.throughput.total / Math.max(1, result.requests.total),
    cpu,
    rssBefore,
    rssAfter,
  };
  log(
    `${page.name.padEnd(30)} alone ${fmt(aloneMs)} ms; ${fmt(row.perSecond)} req/s, p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, ${row.bad} bad; CPU ms/req server ${fmt(cpu.server, 2)}, postgres ${fmt(cpu.postgres, 2)}; RSS ${fmt(rssBefore)} → ${fmt(rssAfter)} MB`,
  );
  return row;
}

type SizeRun = Awaited<ReturnType<typeof runSize>>;

async function runSize(ideas: number) {
  const fresh = await freshDatabase(`bench_pages_${ideas}`);
  const database = await fresh.open();
  const generated = await generate(database.db, { ideas, votesPerIdea: 3, comments: COMMENTS });
  await database.close();
  log(
    `${ideas} ideas on ${fresh.label}: generated in ${generated.seconds.toFixed(1)} s (${Object.entries(
      generated.counts,
    )
      .map(([table, n]) => `${n} ${table}`)
      .join(', ')})`,
  );
  const server = await startServer(fresh);
  try {
    log(`server.ts (pid ${server.pid}) at ${server.base}, RSS ${fmt(server.rss())} MB`);
    const pages = await pagesOf(server.base, generated);
    const results: PageResult[] = [];
    for (const page of pages) results.push(await load(server, fresh, page));
    // The bare page again at the end: how much the machine's speed moved during the run.
    const again = await load(server, fresh, { ...pages[0]!, name: 'bare, again' });
    return { kind: fresh.kind, ideas, generatedSeconds: generated.seconds, results, again };
  } finally {
    await server.stop();
  }
}

await runBenchmark(60 * 60_000, async () => {
  const runs: SizeRun[] = [];
  for (const size of SIZES) runs.push(await runSize(size));
  const kind = runs[0]!.kind;

  /**
   * Against the bare page: req/s over the mean of its two runs; and CPU (server and PostgreSQL,
   * per request), which moves less when other work shares the machine.
   */
  const against = (run: SizeRun, r: PageResult) => {
    const bare = run.results[0]!;
    const bareRate = (bare.perSecond + run.again.perSecond) / 2;
    const cost = (x: PageResult) => (x.cpu.server ?? 0) + (x.cpu.postgres ?? 0);
    return { rate: r.perSecond / bareRate, cpu: cost(r) ? cost(bare) / cost(r) : 0 };
  };
  for (const run of runs) {
    console.log('');
    console.log(
      `Pages at ${run.ideas} ideas on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${CONNECTIONS} connections, ${SECONDS} s per page; CPU in ms per request`,
    );
    console.log('');
    printTable(
      [
        'page',
        'alone ms',
        'req/s',
        'p50 ms',
        'p99 ms',
        'bad',
        'kB',
        'of bare',
        'of bare (CPU)',
        'CPU server',
        'CPU postgres',
        'RSS MB',
      ],
      [...run.results, run.again].map((r) => [
        r.name,
        fmt(r.aloneMs),
        fmt(r.perSecond),
        fmt(r.p50),
        fmt(r.p99),
        String(r.bad),
        fmt(r.bytes / 1024, 1),
        `${fmt(against(run, r).rate * 100)}%`,
        `${fmt(against(run, r).cpu * 100)}%`,
        fmt(r.cpu.server, 2),
        fmt(r.cpu.postgres, 2),
        `${fmt(r.rssBefore)} → ${fmt(r.rssAfter)}`,
      ]),
    );
  }
  const largest = runs.at(-1)!;
  const slow = largest.results.slice(1).filter((r) => against(largest, r).rate < 0.5 || r.bad > 0);
  const slowCpu = largest.results.slice(1).filter((r) => against(largest, r).cpu < 0.5);
  console.log('');
  console.log(
    `At ${largest.ideas} ideas every page ≥ 50% of the bare page's req/s: ${goal(slow.length === 0)}` +
      (slow.length ? ` (below: ${slow.map((r) => r.name).join(', ')})` : ''),
  );
  console.log(
    `At ${largest.ideas} ideas every page ≥ 50% of the bare page by CPU per request: ${goal(slowCpu.length === 0)}` +
      (slowCpu.length ? ` (below: ${slowCpu.map((r) => r.name).join(', ')})` : ''),
  );
  if (runs.length > 1) {
    const smallest = runs[0]!;
    console.log(
      `req/s at ${largest.ideas} / at ${smallest.ideas} ideas: ${largest.results
        .map((r, i) => `${r.name} ${fmt((r.perSecond / smallest.results[i]!.perSecond) * 100)}%`)
        .join('; ')}`,
    );
  }
  writeResults('pages', kind, {
    settings: { sizes: SIZES, connections: CONNECTIONS, seconds: SECONDS, deep: DEEP },
    runs: runs.map((run) => ({
      ideas: run.ideas,
      generatedSeconds: run.generatedSeconds,
      pages: [...run.results, run.again].map((r) => ({
        ...r,
        ofBare: against(run, r).rate,
        ofBareByCpu: against(run, r).cpu,
      })),
    })),
    goals: {
      everyPageAtLeastHalfOfBareAtLargest: slow.length === 0,
      everyPageAtLeastHalfOfBareByCpuAtLargest: slowCpu.length === 0,
    },
  });
});
