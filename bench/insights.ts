// `npm run bench:insights`: the brand dashboard's reads (issue 16, goal < 200 ms) on a brand with
// 100,000 ideas and on a demo-sized one. Each database is filled by bench/generate.ts (ideas, votes,
// comments by bulk insert; no events), then shaped so the aggregates are as dense as a busy year:
// ideas and votes spread over the last 365 days, tags over 20 values, consents mixed, a visitor
// count per challenge per day. The aggregates are then built by `rebuildInsights` (timed) and the
// tables analysed. `openInsights` and `loadInsights` — the access check and every statement of the
// dashboard, as the page's loader calls them — are timed INSIGHTS_RUNS times after a warm-up for the whole brand and for its biggest challenge,
// over 30 and 365 days; p50 and p99 are printed next to the goal, with EXPLAIN (ANALYZE) summaries
// of the slowest statements of the slowest case.
//
// No server: the figures are the domain call (the page's HTTP and React costs are those of any
// page, measured by bench:pages). PostgreSQL at DATABASE_URL (a new database beside it, dropped at
// the end), else PGlite in a temporary folder.
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, rowsOf, type Db } from '../db/client.server';
import { addDays } from '#app/domain/insights/period';
import { openInsights } from '#app/domain/insights/access.server';
import { insightStatements, loadInsights } from '#app/domain/insights/queries.server';
import { rebuildInsights } from '#app/domain/insights/rebuild.server';
import type { InsightsPeriod } from '#app/domain/insights/types';
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

const IDEAS = positive('INSIGHTS_IDEAS', 100_000);
const DEMO_IDEAS = positive('INSIGHTS_DEMO_IDEAS', 600);
const RUNS = positive('INSIGHTS_RUNS', 50);
const GOAL_MS = 200;
const TAGS = 20;
/** The aggregates rebuildInsights fills (their sizes are printed). */
const AGGREGATES = [
  'insight_hours',
  'insight_days',
  'insight_heat_months',
  'insight_brand_heat_months',
  'insight_actors',
  'insight_brand_actors',
  'insight_terms',
  'insight_term_months',
  'insight_tags',
  'insight_tag_months',
  'insight_influence',
  'insight_influence_months',
];

type Case = { name: string; challengeId?: number; period: InsightsPeriod };
type Timing = { name: string; p50: number; p99: number; max: number; met: boolean };
type Plan = { statement: string; ms: number; summary: string[] };

/** EXPLAIN ANALYZE of a statement, planned as loadInsights plans it: without parallel workers. */
async function explain(db: Db, query: SQL): Promise<{ ms: number; lines: string[] }> {
  const lines = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('max_parallel_workers_per_gather', '0', true)`);
    return rowsOf<Record<string, string>>(
      await tx.execute(sql`explain (analyze, buffers, costs off) ${query}`),
    ).map((r) => Object.values(r)[0]!);
  });
  const time = lines.find((l) => l.startsWith('Execution Time'));
  return { ms: Number(/([\d.]+) ms/.exec(time ?? '')?.[1] ?? 0), lines };
}

/** The plan's nodes that touch tables (scans), with their times: what an EXPLAIN summary needs. */
function summarize(lines: string[]): string[] {
  return lines
    .filter((l) =>
      /Scan|Execution Time|Planning Time|Sort Method|HashAggregate|GroupAggregate/.test(l),
    )
    .map((l) => l.trim())
    .slice(0, 12);
}

async function measure(label: string, ideas: number) {
  const fresh = await freshDatabase('insights');
  log(`${label}: database ${fresh.label}`);
  // Filling 100,000 ideas on a busy two-CPU machine takes statements longer than the site's 15 s
  // timeout: the bench's own handle has none (the reads it times take milliseconds).
  const database = fresh.url
    ? openDatabase({ url: fresh.url, max: 10, statementTimeoutMs: 0 })
    : await fresh.open();
  if (fresh.url) await database.migrate();
  try {
    const db = database.db;
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    log(`${label}: generating ${ideas} ideas of one brand…`);
    const generated = await generate(db, {
      ideas,
      brands: 1,
      votesPerIdea: 3,
      comments: Math.min(500, ideas),
      clock: { now: () => now },
    });
    const brand = generated.brands[0]!;
    const nowIso = now.toISOString();
    // A busy year: ideas and their votes spread over 365 days (ids no longer follow time), tags
    // over TAGS values, consents by a hash of the person, a visitor count per challenge per day.
    const shapeStarted = performance.now();
    await db.execute(sql`
      update ideas set created_at = ${nowIso}::timestamptz
          - ((id * 7919) % (365 * 24 * 60)) * interval '1 minute',
        tags = array['bench', 'tag' || (id % ${TAGS})]`);
    await db.execute(sql`
      update votes v set
        created_at = least(${nowIso}::timestamptz,
          i.created_at + (abs(hashtext(v.user_id)) % 600) * interval '1 minute'),
        updated_at = least(${nowIso}::timestamptz,
          i.created_at + (abs(hashtext(v.user_id)) % 600) * interval '1 minute')
      from ideas i
      where i.id = v.idea_id`);
    await db.execute(sql`
      insert into brand_consents (user_id, brand_id, level, created_at, updated_at)
      select id, ${brand.id},
        (case when h < 4 then 'profile' when h < 7 then 'activity' else 'none' end)::consent_level,
        ${nowIso}::timestamptz, ${nowIso}::timestamptz
      from (select id, abs(hashtext(id)) % 10 as h from users where id like 'a%') u
      where h < 8
      on conflict do nothing`);
    await db.execute(sql`
      insert into insight_visitor_days (challenge_id, brand_id, day, visitors)
      select c.id, c.brand_id, ${today}::date - g, 5 + abs(hashtext(c.id || '-' || g)) % 200
      from challenges c, generate_series(0, 364) g
      where c.brand_id = ${brand.id}`);
    log(`${label}: shaped in ${fmt(performance.now() - shapeStarted)} ms`);

    const rebuildStarted = performance.now();
    await rebuildInsights(db);
    const rebuildMs = performance.now() - rebuildStarted;
    // Autovacuum would have visited tables this size: their visibility maps let the dashboard's
    // index-only scans skip the heap, as they do in a running site.
    await db.execute(
      sql.raw(`vacuum analyze ${[...AGGREGATES, 'insight_visitor_days'].join(', ')}`),
    );
    await db.execute(sql`analyze`);
    const sizes = Object.fromEntries(
      await Promise.all(
        AGGREGATES.map(
          async (table) =>
            [
              table,
              Number(
                rowsOf<{ n: number }>(
                  await db.execute(sql.raw(`select count(*)::int as n from ${table}`)),
                )[0]!.n,
              ),
            ] as const,
        ),
      ),
    );
    log(`${label}: rebuildInsights ${fmt(rebuildMs)} ms; rows ${JSON.stringify(sizes)}`);

    const [owner] = rowsOf<{ id: string }>(
      await db.execute(sql`select user_id as id from brand_members where brand_id = ${brand.id}`),
    );
    const viewer = { id: owner!.id, role: 'prosumer' as const };
    const biggest = generated.challenges[0]!;
    const period = (days: number) => ({ from: addDays(today, -(days - 1)), to: today });
    const cases: Case[] = [
      { name: 'brand, 30 days', period: period(30) },
      { name: 'brand, 365 days', period: period(365) },
      { name: 'biggest challenge, 30 days', challengeId: biggest.id, period: period(30) },
      { name: 'biggest challenge, 365 days', challengeId: biggest.id, period: period(365) },
    ];
    const timings: Timing[] = [];
    // What the page does per request: the access check once, then every statement.
    const read = async (c: Case) => {
      const scope = await openInsights(db, viewer, { id: brand.id });
      return loadInsights(db, { scope, challengeId: c.challengeId, period: c.period });
    };
    for (const c of cases) {
      for (let i = 0; i < 3; i++) await read(c);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await read(c);
        samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      const p99 = percentile(samples, 99);
      timings.push({
        name: c.name,
        p50: percentile(samples, 50),
        p99,
        max: samples[samples.length - 1]!,
        met: p99 < GOAL_MS,
      });
    }
    const slowest = cases[timings.indexOf(timings.reduce((a, b) => (b.p99 > a.p99 ? b : a)))]!;
    const plans: Plan[] = [];
    for (const [statement, query] of Object.entries(
      insightStatements({
        scope: await openInsights(db, viewer, { id: brand.id }),
        challengeId: slowest.challengeId,
        period: slowest.period,
      }),
    )) {
      const { ms, lines } = await explain(db, query);
      plans.push({ statement, ms, summary: summarize(lines) });
    }
    plans.sort((a, b) => b.ms - a.ms);
    return {
      label,
      ideas,
      kind: fresh.kind,
      rebuildMs,
      sizes,
      timings,
      slowest: slowest.name,
      plans,
    };
  } finally {
    await database.close();
  }
}

await runBenchmark(60 * 60_000, async () => {
  const results = [];
  for (const [label, ideas] of [
    ['demo-sized', DEMO_IDEAS],
    [`${IDEAS.toLocaleString('en')} ideas`, IDEAS],
  ] as const) {
    const result = await measure(label, ideas);
    results.push(result);
    console.log(
      `\n[bench] loadInsights, ${result.label} (${result.kind}), ${RUNS} runs each; rebuildInsights ${fmt(result.rebuildMs)} ms`,
    );
    printTable(
      ['read', 'p50 ms', 'p99 ms', 'max ms', `goal p99 < ${GOAL_MS} ms`],
      result.timings.map((t) => [t.name, fmt(t.p50, 1), fmt(t.p99, 1), fmt(t.max, 1), goal(t.met)]),
    );
    console.log(`[bench] EXPLAIN ANALYZE of the slowest case (${result.slowest}), slowest first:`);
    for (const plan of result.plans.slice(0, 4)) {
      console.log(`  ${plan.statement}: ${fmt(plan.ms, 2)} ms`);
      for (const line of plan.summary) console.log(`    ${line}`);
    }
  }
  writeResults('insights', results[0]!.kind, {
    runs: RUNS,
    goalMs: GOAL_MS,
    results,
    machine: machine(),
  });
});
