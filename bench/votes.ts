// `npm run bench:votes`: throughput and latency of castVote on one hot idea vs. votes spread over
// many ideas, on a fresh database (PostgreSQL at DATABASE_URL when set, else in-memory PGlite).
import { performance } from 'node:perf_hooks';
import { castVote } from '#app/domain/votes/commands.server';
import { createTestDatabase } from '../tests/support/database';
import { makeChallenge, makeIdea, makeUser } from '../tests/support/factories';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label: string, jobs: (() => Promise<unknown>)[]) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t = performance.now();
        await job();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    label,
    votes: jobs.length,
    perSecond: jobs.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
  console.log(
    `${label.padEnd(28)} ${String(result.votes).padStart(5)} votes  ${result.perSecond.toFixed(0).padStart(6)} votes/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms`,
  );
  return result;
}

const database = await createTestDatabase();
const db = database.db;
try {
  console.log(
    `castVote benchmark on ${database.kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}; ${VOTERS} voters, concurrency ${CONCURRENCY}`,
  );
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const challenge = await makeChallenge(db, owner, { stage: 'open', maxIdeasPerUser: 50 });
  const hot = await makeIdea(db, author, challenge.id);
  const spreadIdeas: { id: number }[] = [];
  for (let i = 0; i < 40; i++) spreadIdeas.push(await makeIdea(db, author, challenge.id));
  const voters = [];
  for (let i = 0; i < VOTERS; i++) voters.push(await makeUser(db));

  const hotRun = await run(
    'one hot idea',
    voters.map((v) => () => castVote(db, { actor: v, ideaId: hot.id, value: 1 })),
  );
  const spreadRun = await run(
    'spread over 40 ideas',
    voters.map(
      (v, i) => () => castVote(db, { actor: v, ideaId: spreadIdeas[i % 40]!.id, value: 1 }),
    ),
  );
  console.log(
    `ratio hot/spread throughput: ${(hotRun.perSecond / spreadRun.perSecond).toFixed(2)}`,
  );
} finally {
  await database.close();
}
