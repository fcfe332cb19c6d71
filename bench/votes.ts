// `npm run bench:votes`: votes through the real HTTP endpoint (POST /api/ideas/:id/vote of the
// production server, with real sessions) next to a raw one-statement vote doing the same writes, in
// one run, on a fresh database (PostgreSQL at DATABASE_URL, else PGlite). Prints votes/s, p50/p99,
// CPU per vote (server, PostgreSQL, this process) and the ratios http/raw, then checks the counts:
// every idea's support/oppose equal its vote rows, one event and one notification per vote.
//
//   raw:  one SQL statement (CTEs) per vote — check the idea, insert the vote, update the counts,
//         insert the event and the author's notification — over postgres.js with a pool as large as
//         the server's (10), or through PGlite in this process before the server opens the folder.
//   http: the same votes as JSON requests from `BENCH_CLIENTS` keep-alive connections, each with the
//         session cookie of its voter (sessions made by the generator, as a sign-in would).
// Each runs on its own ideas: spread over BENCH_IDEAS ideas (client c is one person voting down
// their own order of the ideas), then all on one hot idea (every vote from a new person); then the
// HTTP vote at half its measured maximum rate (open loop) for its p99. Every vote is a first vote
// of its voter on that idea (one in five an oppose), so each one writes a vote, counts, an event
// and a notification. Server memory (RSS) is read before and after each HTTP run.
//
// Settings (environment): BENCH_CLIENTS (50), BENCH_IDEAS (1000), BENCH_VOTES (votes per run, 4000),
// BENCH_VOTERS (4000: the clients, then the crowd on the hot idea), BENCH_RUN_SECONDS (a run stops
// after this long, 30), BENCH_HALF_SECONDS (length of the half-rate run, 10), BENCH_CPU_PROF=<dir>
// (run the server with node --cpu-prof).
import { Agent, request } from 'node:http';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { PGlite } from '@electric-sql/pglite';
import { rowsOf, type Database } from '../db/client.server';
import { generate } from './generate';
import {
  closedLoop,
  cpuMeter,
  fmt,
  freshDatabase,
  goal,
  log,
  openLoop,
  positive,
  printTable,
  runBenchmark,
  startServer,
  writeResults,
  type BenchServer,
  type CpuPerUnit,
  type Job,
  type Summary,
} from './lib';

const CLIENTS = positive('BENCH_CLIENTS', 50);
const IDEAS = positive('BENCH_IDEAS', 1000);
const VOTES = positive('BENCH_VOTES', 4000);
const VOTERS = positive('BENCH_VOTERS', 4000);
const RUN_MS = positive('BENCH_RUN_SECONDS', 30) * 1000;
const HALF_SECONDS = positive('BENCH_HALF_SECONDS', 10);
const WARM_UP = 200;
/** The server's main pool (db/client.server.ts); the raw run gets as many connections. */
const POOL = 10;

/**
 * The raw vote: everything castVote writes for a first vote, in one statement. The idea must be
 * public, its challenge taking votes and the voter not its author, as the policy says.
 */
const RAW_VOTE = `
with target as (
  select i.id, i.author_id, i.challenge_id, c.brand_id
  from ideas i join challenges c on c.id = i.challenge_id
  where i.id = $1 and c.stage in ('open', 'voting')
    and i.status in ('published', 'shortlisted', 'winner') and i.author_id <> $2
),
vote as (
  insert into votes (idea_id, user_id, value, created_at, updated_at)
  select id, $2, $3, $4, $4 from target
  returning idea_id
),
counts as (
  update ideas set support_count = support_count + ($3 = 1)::int,
    oppose_count = oppose_count + ($3 = -1)::int, last_activity_at = $4
  where id = (select idea_id from vote)
  returning id, support_count, oppose_count
),
event as (
  insert into events (type, actor_id, brand_id, challenge_id, idea_id, subject_user_id, payload, created_at)
  select 'vote.cast', $2, t.brand_id, t.challenge_id, t.id, t.author_id,
    jsonb_build_object('from', 0, 'to', $3::int, 'supportCount', c.support_count, 'opposeCount', c.oppose_count), $4
  from target t join counts c on c.id = t.id
  returning id, idea_id, subject_user_id
),
notification as (
  insert into notifications (user_id, event_id, kind, actor_id, idea_id, created_at)
  select subject_user_id, id, (case when $3 = 1 then 'vote' else 'oppose' end)::notification_kind, $2, idea_id, $4
  from event
  returning id
)
select (select count(*) from notification) as notified, c.support_count, c.oppose_count from counts c`;

type Voter = { id: string; sessionId: string };

/**
 * Votes that are each a first vote of their voter on their idea (one in five an oppose).
 * - Spread: `clients` people vote, each over the ideas in their own order: client c is voter c and
 *   moves on to their next idea with every vote (as one person voting down a list would).
 * - Hot: every vote on the one idea comes from a new voter (as a crowd voting on one idea would).
 */
class Ballots {
  private next = 0;
  private readonly cursors: number[];
  constructor(
    private readonly ideas: number[],
    private readonly voters: Voter[],
    private readonly mode: 'spread' | 'hot',
    private readonly clients = CLIENTS,
  ) {
    this.cursors = Array.from({ length: clients }, () => 0);
    if (mode === 'spread' && voters.length < clients)
      throw new Error(`${clients} clients need as many voters`);
  }
  get capacity() {
    return this.mode === 'hot'
      ? this.voters.length - this.next
      : this.clients * this.ideas.length - this.cursors.reduce((a, b) => a + b, 0);
  }
  /** The next ballot of a client (open loops, which have no clients, pass the job's number). */
  take(client: number): { ideaId: number; voter: Voter; value: 1 | -1 } {
    const k = this.next++;
    const value = k % 5 === 4 ? -1 : 1;
    if (this.mode === 'hot') {
      const voter = this.voters[k];
      if (!voter) throw new Error('out of voters for the hot idea: raise BENCH_VOTERS');
      return { ideaId: this.ideas[0]!, voter, value };
    }
    const c = client % this.clients;
    const n = this.cursors[c]!++;
    if (n >= this.ideas.length) throw new Error('a voter ran out of ideas: raise BENCH_IDEAS');
    // Each voter starts at another place in the list, so the clients spread over the ideas.
    const offset = Math.floor((c * this.ideas.length) / this.clients);
    return { ideaId: this.ideas[(offset + n) % this.ideas.length]!, voter: this.voters[c]!, value };
  }
}

/**
 * The raw vote through the database's own driver: postgres.js with a pool as large as the server's
 * (it prepares the statement once per connection), or the PGlite instance this process has open.
 */
function rawVoter(database: Database, url: string | null) {
  const now = () => new Date().toISOString();
  if (database.kind === 'pglite') {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    return {
      vote: async (ideaId: number, userId: string, value: number) =>
        (await client.query(RAW_VOTE, [ideaId, userId, value, now()])).rows.length === 1,
      close: async () => {},
    };
  }
  const client = postgres(url!, { max: POOL, onnotice: () => {} });
  return {
    vote: async (ideaId: number, userId: string, value: number) =>
      (await client.unsafe(RAW_VOTE, [ideaId, userId, value, now()], { prepare: true })).length ===
      1,
    close: () => client.end({ timeout: 5 }),
  };
}

function httpVoter(base: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const url = new URL(base);
  return {
    vote(ideaId: number, voter: Voter, value: number): Promise<true | string> {
      const body = JSON.stringify({ value });
      return new Promise((resolve) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: `/api/ideas/${ideaId}/vote`,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
              Cookie: `cocrea_session=${voter.sessionId}`,
              Origin: base,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
              if (res.statusCode === 200) return resolve(true);
              let error = text.slice(0, 80);
              try {
                error = (JSON.parse(text) as { error?: string }).error ?? error;
              } catch {
                // not JSON
              }
              resolve(`HTTP ${res.statusCode} ${error}`);
            });
          },
        );
        req.on('error', (error) => resolve(`network: ${error.message}`));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

type Run = Summary & {
  label: string;
  /** CPU ms per accepted vote: the server process, PostgreSQL's processes, this process. */
  cpu: CpuPerUnit;
  rssBefore: number | null;
  rssAfter: number | null;
};

/** Runs one load, reading CPU clocks and the server's memory around it, and prints a line. */
async function measure(
  label: string,
  server: BenchServer | null,
  work: () => Promise<Summary>,
): Promise<Run> {
  const rssBefore = server?.rss() ?? null;
  const meter = cpuMeter(server?.pid, databaseName);
  const summary = await work();
  const cpu = meter.per(summary.ok);
  const rssAfter = server?.rss() ?? null;
  log(
    `${label.padEnd(34)} ${String(summary.ok).padStart(5)} ok ${String(summary.failed).padStart(4)} failed in ${summary.seconds.toFixed(1)} s: ${fmt(summary.perSecond)} votes/s, p50 ${fmt(summary.p50, 1)} ms, p99 ${fmt(summary.p99, 1)} ms; CPU ms/vote server ${fmt(cpu.server, 2)}, postgres ${fmt(cpu.postgres, 2)}, client ${fmt(cpu.client, 2)}` +
      (server ? `; server RSS ${fmt(rssBefore)} → ${fmt(rssAfter)} MB` : ''),
  );
  if (summary.failed) log(`  failures: ${JSON.stringify(summary.failures)}`);
  return { label, ...summary, cpu, rssBefore, rssAfter };
}

async function countsCheck(database: Database) {
  const db = database.db;
  const [mismatched] = rowsOf<{ n: string }>(
    await db.execute(sql`
      select count(*) as n from ideas i
      where i.support_count <> (select count(*) from votes v where v.idea_id = i.id and v.value = 1)
         or i.oppose_count <> (select count(*) from votes v where v.idea_id = i.id and v.value = -1)`),
  );
  const [totals] = rowsOf<{ votes: string; casts: string; notifications: string }>(
    await db.execute(sql`
      select (select count(*) from votes) as votes,
        (select count(*) from events where type = 'vote.cast') as casts,
        (select count(*) from notifications where kind in ('vote', 'oppose')) as notifications`),
  );
  return {
    ideasWithWrongCounts: Number(mismatched!.n),
    votes: Number(totals!.votes),
    voteEvents: Number(totals!.casts),
    notifications: Number(totals!.notifications),
  };
}

let databaseName: string | null = null;

async function main() {
  const fresh = await freshDatabase('bench_votes');
  databaseName = fresh.name;
  log(`database: ${fresh.label}`);
  let database = await fresh.open();
  const generated = await generate(database.db, {
    ideas: 2 * IDEAS + 2,
    challenges: 1,
    authors: 20,
    voters: VOTERS,
  });
  // Votes notify no one by default (issue 19: the topic is off until the person turns it on). The
  // authors here have turned it on, so every first vote writes its notification through castVote
  // as the raw statement does: the same writes on both sides.
  await database.db.execute(sql`insert into notification_preferences (user_id, topic, channel)
    select distinct author_id, 'votes'::notification_topic, 'in_app'::notification_channel from ideas
    on conflict do nothing`);
  const ideaIds = rowsOf<{ id: number }>(
    await database.db.execute(sql`select id from ideas order by id`),
  ).map((r) => Number(r.id));
  const voters = generated.voters;
  log(
    `generated ${ideaIds.length} ideas and ${voters.length} voters with sessions in ${generated.seconds.toFixed(1)} s`,
  );
  const httpSpread = new Ballots(ideaIds.slice(0, IDEAS), voters, 'spread');
  const rawSpread = new Ballots(ideaIds.slice(IDEAS, 2 * IDEAS), voters, 'spread');
  // The crowd on the hot idea: the voters who are not among the spread run's clients.
  const httpHot = new Ballots([ideaIds[2 * IDEAS]!], voters.slice(CLIENTS), 'hot');
  const rawHot = new Ballots([ideaIds[2 * IDEAS + 1]!], voters.slice(CLIENTS), 'hot');
  const hotVotes = Math.min(VOTES, voters.length - CLIENTS);
  let expectedVotes = 0;

  // --- raw: first, because on PGlite this process must let go of the folder before the server opens it.
  const raw = rawVoter(database, fresh.url);
  const rawJob =
    (ballots: Ballots): Job =>
    async (k, client) => {
      const b = ballots.take(client ?? k);
      return (await raw.vote(b.ideaId, b.voter.id, b.value)) || 'refused';
    };
  const closed = (count: number, job: Job) => () =>
    closedLoop({ clients: CLIENTS, count, limitMs: RUN_MS, job });
  const rawWarm = await measure('raw warm-up', null, closed(WARM_UP, rawJob(rawSpread)));
  const rawSpreadRun = await measure(
    `raw one-statement, ${IDEAS} ideas`,
    null,
    closed(VOTES, rawJob(rawSpread)),
  );
  const rawHotRun = await measure(
    'raw one-statement, one hot idea',
    null,
    closed(hotVotes, rawJob(rawHot)),
  );
  expectedVotes += rawWarm.ok + rawSpreadRun.ok + rawHotRun.ok;
  await raw.close();
  await database.close();

  // --- http: the production server.
  const server = await startServer(fresh);
  log(`server.ts (pid ${server.pid}) healthy at ${server.base}, RSS ${fmt(server.rss())} MB`);
  const http = httpVoter(server.base);
  const httpJob =
    (ballots: Ballots): Job =>
    async (k, client) => {
      const b = ballots.take(client ?? k);
      return http.vote(b.ideaId, b.voter, b.value);
    };
  const httpWarm = await measure('http warm-up', server, closed(WARM_UP, httpJob(httpSpread)));
  // The generator ANALYZEd an event log without votes; the raw runs have since added thousands.
  // A live site's autovacuum analyzes a table that grew like that within a minute; without it the
  // badge consumer's count of a voter's votes walked every vote.cast event (a plan made for an
  // empty log: 1.9 ms instead of 0.1 ms per vote, and most of PostgreSQL's CPU on the hot idea).
  // PGlite runs no autovacuum, and the server has its folder: nothing to do there.
  if (fresh.url) {
    const admin = postgres(fresh.url, { max: 1, onnotice: () => {} });
    await admin`analyze`;
    await admin.end();
  }
  const httpSpreadRun = await measure(
    `http, ${IDEAS} ideas`,
    server,
    closed(VOTES, httpJob(httpSpread)),
  );
  const httpHotRun = await measure(
    'http, one hot idea',
    server,
    closed(hotVotes, httpJob(httpHot)),
  );
  const halfRate = Math.max(1, httpSpreadRun.perSecond / 2);
  const halfCount = Math.min(Math.round(halfRate * HALF_SECONDS), httpSpread.capacity);
  const httpHalf = await measure(`http at half max rate (${fmt(halfRate)}/s)`, server, () =>
    openLoop({ rate: halfRate, count: halfCount, maxInFlight: 500, job: httpJob(httpSpread) }),
  );
  expectedVotes += httpWarm.ok + httpSpreadRun.ok + httpHotRun.ok + httpHalf.ok;
  http.close();
  await server.stop();

  // --- the counts, with the server stopped.
  database = await fresh.open();
  const check = await countsCheck(database);
  await database.close();

  const spreadRatio = httpSpreadRun.perSecond / rawSpreadRun.perSecond;
  const hotRatio = httpHotRun.perSecond / rawHotRun.perSecond;
  const exact =
    check.ideasWithWrongCounts === 0 &&
    check.votes === expectedVotes &&
    check.voteEvents === expectedVotes &&
    check.notifications === expectedVotes;

  const runs = [rawSpreadRun, httpSpreadRun, rawHotRun, httpHotRun, httpHalf];
  console.log('');
  console.log(
    `Votes on ${fresh.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${CLIENTS} concurrent clients, ${VOTES} votes per run (hot: ${hotVotes}); CPU in ms per vote`,
  );
  console.log('');
  printTable(
    [
      'run',
      'votes',
      'failed',
      'votes/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'CPU server',
      'CPU postgres',
      'CPU client',
      'RSS MB',
    ],
    runs.map((r) => [
      r.label,
      String(r.ok),
      String(r.failed),
      fmt(r.perSecond),
      fmt(r.p50, 1),
      fmt(r.p99, 1),
      fmt(r.max, 1),
      fmt(r.cpu.server, 2),
      fmt(r.cpu.postgres, 2),
      fmt(r.cpu.client, 2),
      r.rssBefore === null ? '' : `${fmt(r.rssBefore)} → ${fmt(r.rssAfter)}`,
    ]),
  );
  console.log('');
  console.log(
    `http / raw, ${IDEAS} ideas: ${fmt(spreadRatio * 100)}% (goal ≥ 50%: ${goal(spreadRatio >= 0.5)})`,
  );
  console.log(
    `http / raw, one hot idea: ${fmt(hotRatio * 100)}% (goal ≥ 25%: ${goal(hotRatio >= 0.25)})`,
  );
  console.log(
    `http p99 at half max rate: ${fmt(httpHalf.p99, 1)} ms (goal < 100 ms: ${goal(httpHalf.p99 < 100)})`,
  );
  console.log(
    `counts: ${check.ideasWithWrongCounts} ideas whose counts differ from their vote rows; ${check.votes} votes, ${check.voteEvents} vote.cast events, ${check.notifications} notifications for ${expectedVotes} accepted votes: ${exact ? 'exact' : 'NOT EXACT'}`,
  );
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end (the load generator, the server and PostgreSQL share them)`,
  );

  writeResults('votes', fresh.kind, {
    settings: {
      clients: CLIENTS,
      ideas: IDEAS,
      votesPerRun: VOTES,
      hotVotes,
      voters: voters.length,
    },
    runs: {
      rawSpread: rawSpreadRun,
      rawHot: rawHotRun,
      httpSpread: httpSpreadRun,
      httpHot: httpHotRun,
      httpHalfRate: { rate: halfRate, ...httpHalf },
    },
    ratios: { spread: spreadRatio, hot: hotRatio },
    goals: {
      spreadAtLeastHalfOfRaw: spreadRatio >= 0.5,
      hotAtLeastQuarterOfRaw: hotRatio >= 0.25,
      p99UnderHundredMsAtHalfRate: httpHalf.p99 < 100,
    },
    counts: { ...check, expectedVotes, exact },
  });
  if (!exact) throw new Error('the counts are not exact');
}

await runBenchmark(15 * 60_000, main);
