// `npm run bench:live`: live fan-out of the real server vs. a bare Socket.IO broadcast, and the
// time from a vote to its watchers (prints figures, asserts nothing). On a fresh database
// (PostgreSQL at DATABASE_URL, else PGlite) it starts the real server (server.ts, production build)
// as a child process and opens socket.io-client connections in another child process
// (bench/live-clients.ts).
// - Fan-out: N clients subscribed to one challenge room; E votes fired through POST
//   /api/ideas/:id/vote at a steady pace; deliveries/s and publish-to-receipt latency. The same N
//   clients then receive as many same-sized events at the same pace from a plain Socket.IO server
//   (the baseline).
// - Vote to watchers: W clients watch one idea's room while voters (each with a session of their
//   own) support it, BENCH_WATCH_RATE votes a second; the latency runs from sending a vote's HTTP
//   request to each watcher's receipt of that vote's event (matched by the support count it
//   carries), on the same machine's clock.
// Server memory (RSS) is read before and after each run. Everything listens on 127.0.0.1 and every
// child is stopped by pid.
//
// Settings (environment): BENCH_CLIENTS (default "100,1000"), BENCH_EVENTS (200), BENCH_RATE (50 per
// second), BENCH_IDEAS (20), BENCH_VOTERS (20), BENCH_REPEAT (1: how many cocrea/bare pairs per N; the
// ratio is then the median), BENCH_WATCHERS (100), BENCH_WATCH_VOTES (500), BENCH_WATCH_RATE (50
// per second); BENCH_DEBUG=1 also prints the slowest events of each run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { createAuth, startSession } from '#app/auth/lucia.server';
import { logHorizon } from '#app/domain/events/log.server';
import { laterPosition, type Position } from '#app/domain/events/position';
import {
  FACTORY_PASSWORD,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../tests/support/factories';
import type { ChildMessage, ConnectCommand, ParentMessage, Receipts, Stats } from './live-clients';
import {
  cpuMs,
  fmt,
  freshDatabase,
  goal,
  host,
  log,
  onCleanUp,
  ownCpuMs,
  percentile,
  positive,
  printTable,
  root,
  runBenchmark,
  sleep,
  startServer,
  stopChild,
  track,
  writeResults,
  type BenchServer,
} from './lib';

const EVENTS = positive('BENCH_EVENTS', 200);
const RATE = positive('BENCH_RATE', 50);
const IDEAS = positive('BENCH_IDEAS', 20);
const VOTERS = positive('BENCH_VOTERS', 20);
const REPEAT = positive('BENCH_REPEAT', 1);
const WATCHERS = positive('BENCH_WATCHERS', 100);
const WATCH_VOTES = positive('BENCH_WATCH_VOTES', 500);
const WATCH_RATE = positive('BENCH_WATCH_RATE', 50);
const CONNECT_CONCURRENCY = 50;
const CONNECT_TIMEOUT_MS = 60_000;
/** After the last event is sent, how long deliveries may still trickle in. */
const SETTLE_MS = 10_000;
/** The whole run is stopped (and cleaned up) after this long. */
const RUN_LIMIT_MS = 10 * 60_000;

function openFileLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
  } catch {
    return Number.NaN;
  }
}

type Fixture = {
  challengeId: number;
  ideaIds: number[];
  voters: TestUser[];
  /** The idea the watchers watch, and the cookies of the crowd that votes on it. */
  watchedIdeaId: number;
  watchCookies: string[];
  cursor: Position;
};

/** One open challenge, its ideas, the voters; then closed for the server. */
async function prepare(database: Awaited<ReturnType<typeof freshDatabase>>): Promise<Fixture> {
  const handle = await database.open({ max: 4 });
  try {
    const db = handle.db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    const challenge = await makeChallenge(db, owner, {
      stage: 'open',
      maxIdeasPerUser: IDEAS + 1,
      title: 'Live benchmark challenge',
    });
    const ideaIds: number[] = [];
    for (let i = 0; i < IDEAS; i++) ideaIds.push((await makeIdea(db, author, challenge.id)).id);
    const watchedIdeaId = (await makeIdea(db, author, challenge.id)).id;
    const voters: TestUser[] = [];
    for (let i = 0; i < VOTERS; i++) voters.push(await makeUser(db));
    // The crowd voting on the watched idea: a session each, made as a sign-in makes it.
    const auth = createAuth(db, { secureCookies: false });
    const watchCookies: string[] = [];
    for (let i = 0; i < WATCH_VOTES; i++) {
      const user = await makeUser(db);
      watchCookies.push((await startSession(auth, user.id)).split(';')[0]!);
    }
    const cursor = await logHorizon(db);
    return { challengeId: challenge.id, ideaIds, voters, watchedIdeaId, watchCookies, cursor };
  } finally {
    await handle.close();
  }
}

/** POST /signin with the factory password; returns the cocrea_session cookie. */
async function signIn(base: string, user: TestUser): Promise<string> {
  const response = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ login: user.handle, password: FACTORY_PASSWORD, redirectTo: '/' }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cocrea_session='));
  if (response.status !== 302 || !cookie)
    throw new Error(`sign-in of ${user.handle} failed: HTTP ${response.status}`);
  return cookie;
}

// ---------------------------------------------------------------------------------------------------
// The clients process.

class Clients {
  readonly child: ChildProcess;
  private waiting: ((message: ChildMessage) => void)[] = [];
  private failure: Error | null = null;

  constructor() {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('bench', 'live-clients.ts')],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    track(this.child);
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'error') this.failure = new Error(`clients process: ${message.message}`);
      const next = this.waiting.shift();
      next?.(message);
    });
    this.child.once('exit', (code, signal) => {
      if (code !== 0)
        this.failure ??= new Error(`clients process exited (code ${code}, signal ${signal})`);
      for (const w of this.waiting.splice(0))
        w({ type: 'error', message: this.failure?.message ?? 'exited' });
    });
  }

  private request<T extends ChildMessage['type']>(
    message: ParentMessage,
    type: T,
    timeoutMs: number,
  ) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`clients process: no '${type}' answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.push((answer) => {
        clearTimeout(timer);
        if (answer.type === type) resolve(answer as Extract<ChildMessage, { type: T }>);
        else
          reject(
            new Error(
              answer.type === 'error'
                ? answer.message
                : `clients process: unexpected '${answer.type}'`,
            ),
          );
      });
      this.child.send(message);
    });
  }

  connect(command: Omit<ConnectCommand, 'cmd'>) {
    return this.request({ cmd: 'connect', ...command }, 'connected', command.timeoutMs + 5_000);
  }

  stats() {
    return this.request({ cmd: 'stats' }, 'stats', 10_000);
  }

  receipts(): Promise<Receipts> {
    return this.request({ cmd: 'receipts' }, 'receipts', 30_000);
  }

  async close() {
    await this.request({ cmd: 'close' }, 'closed', 10_000).catch(() => {});
    await stopChild(this.child, 'clients process');
  }
}

/** Fires `count` jobs at `rate` per second on a fixed schedule (not waiting for answers). */
async function paced(count: number, rate: number, job: (k: number) => Promise<void>) {
  const interval = 1000 / rate;
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    const wait = started + k * interval - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(job(k));
  }
  await Promise.all(running);
  return (performance.now() - started) / 1000;
}

/** BENCH_DEBUG=1: which events were delivered slowest (when in the run, worst latency). */
function debugSlowest(label: string, stats: Stats) {
  if (!process.env.BENCH_DEBUG) return;
  log(
    `${label}: slowest events ${stats.slowest.map((e) => `+${e.at} ms → ${e.worst} ms`).join(', ')}`,
  );
}

/** Polls the clients until every expected delivery arrived (or SETTLE_MS passed). */
async function settle(clients: Clients, expected: number): Promise<Stats> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const stats = await clients.stats();
    if (stats.deliveries >= expected || Date.now() > deadline) return stats;
    await sleep(200);
  }
}

/** CPU used by the publishing server and by the clients process over one measured run. */
type Cpu = { serverMsPerEvent: number | null; clientsPercent: number | null };
function cpuOver(
  server: [number | null, number | null],
  clients: [number | null, number | null],
  events: number,
  wallMs: number,
): Cpu {
  const [s0, s1] = server;
  const [c0, c1] = clients;
  return {
    serverMsPerEvent: s0 !== null && s1 !== null && events ? (s1 - s0) / events : null,
    clientsPercent: c0 !== null && c1 !== null && wallMs ? ((c1 - c0) / wallMs) * 100 : null,
  };
}

type Row = {
  n: number;
  mode: 'cocrea' | 'bare';
  sent: number;
  deliveries: number;
  expected: number;
  perSecond: number;
  /** Events per second as the server published them (from the distinct events' ts). */
  publishedPerSecond: number;
  size: number | null;
  p50: number;
  p99: number;
  max: number;
  connectMs: number;
  cpu: Cpu;
  rss: [number | null, number | null] | null;
  note: string;
};

function rowOf(
  n: number,
  mode: Row['mode'],
  sent: number,
  connectMs: number,
  stats: Stats,
  cpu: Cpu,
  rss: Row['rss'],
): Row {
  const seconds =
    stats.firstTs !== null && stats.lastReceipt !== null
      ? Math.max(1, stats.lastReceipt - stats.firstTs) / 1000
      : 1;
  const notes: string[] = [];
  if (stats.deliveries < sent * n) notes.push(`${sent * n - stats.deliveries} missing`);
  if (stats.deliveries > sent * n) notes.push(`${stats.deliveries - sent * n} extra`);
  if (stats.disconnects) notes.push(`${stats.disconnects} disconnects`);
  return {
    n,
    mode,
    sent,
    deliveries: stats.deliveries,
    expected: sent * n,
    perSecond: stats.deliveries / seconds,
    publishedPerSecond:
      stats.published.length > 1
        ? ((stats.published.length - 1) * 1000) /
          Math.max(1, stats.published.at(-1)! - stats.published[0]!)
        : 0,
    size: stats.sample ? Buffer.byteLength(stats.sample) : null,
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    connectMs,
    cpu,
    rss,
    note: notes.join(', '),
  };
}

/** Counts error answers by status and message. */
function tally(failures: Map<string, number>, key: string) {
  failures.set(key, (failures.get(key) ?? 0) + 1);
}

/**
 * Votes through POST /api/ideas/:id/vote. Voters take turns; each alternates between supporting an
 * idea it has no vote on and withdrawing its oldest confirmed vote, and never sends a second request
 * for an idea while one is on its way: every request is a real change (vote.cast / vote.withdrawn).
 */
class Voting {
  private voters: { cast: number[]; pending: Set<number>; next: number; step: number }[];
  private turn = 0;
  failures = new Map<string, number>();

  constructor(
    private readonly base: string,
    private readonly ideaIds: number[],
    private readonly cookies: string[],
  ) {
    this.voters = cookies.map((_, i) => ({ cast: [], pending: new Set(), next: i, step: 0 }));
  }

  private choose(v: number): { idea: number; value: 0 | 1 } | null {
    const voter = this.voters[v]!;
    voter.step++;
    if (voter.step % 2 === 0 && voter.cast.length) return { idea: voter.cast.shift()!, value: 0 };
    for (let tries = 0; tries < this.ideaIds.length; tries++) {
      const idea = this.ideaIds[voter.next++ % this.ideaIds.length]!;
      if (!voter.cast.includes(idea) && !voter.pending.has(idea)) return { idea, value: 1 };
    }
    return voter.cast.length ? { idea: voter.cast.shift()!, value: 0 } : null;
  }

  /** Fires `count` votes at `rate` per second on a fixed schedule, not waiting for answers. */
  run(count: number, rate: number) {
    const latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    let seconds = 0;
    const vote = async () => {
      let v = this.turn++ % this.cookies.length;
      let choice = this.choose(v);
      for (let i = 0; !choice && i < this.cookies.length; i++)
        choice = this.choose((v = this.turn++ % this.cookies.length));
      if (!choice) {
        failed++;
        tally(this.failures, 'no vote possible (all in flight)');
        return;
      }
      const voter = this.voters[v]!;
      voter.pending.add(choice.idea);
      const t = performance.now();
      try {
        const response = await postVote(this.base, choice.idea, this.cookies[v]!, choice.value);
        latencies.push(performance.now() - t);
        if (response.ok) {
          ok++;
          if (choice.value === 1) voter.cast.push(choice.idea);
        } else {
          failed++;
          tally(this.failures, `HTTP ${response.status} ${response.error ?? ''}`.trim());
        }
      } catch (error) {
        failed++;
        tally(this.failures, `network: ${(error as Error).message}`);
      } finally {
        voter.pending.delete(choice.idea);
      }
    };
    const done = paced(count, rate, vote).then((s) => {
      seconds = s;
    });
    return { done, latencies, ok: () => ok, failed: () => failed, seconds: () => seconds };
  }
}

async function postVote(base: string, ideaId: number, cookie: string, value: number) {
  const response = await fetch(`${base}/api/ideas/${ideaId}/vote`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: base },
    body: JSON.stringify({ value }),
  });
  const body = (await response.json().catch(() => null)) as {
    error?: string;
    supportCount?: number;
  } | null;
  return {
    ok: response.ok,
    status: response.status,
    error: body?.error,
    supportCount: body?.supportCount,
  };
}

/**
 * Vote to watchers: WATCHERS clients in the watched idea's room; the crowd supports it at
 * WATCH_RATE votes a second, each vote from a voter of its own, so every vote.cast event carries
 * a support count no other has and names the request it came from.
 */
async function voteToWatchers(server: BenchServer, fixture: Fixture, cursor: Position) {
  const clients = new Clients();
  try {
    const connected = await clients.connect({
      url: server.base,
      n: WATCHERS,
      room: `idea:${fixture.watchedIdeaId}`,
      since: cursor,
      concurrency: CONNECT_CONCURRENCY,
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
    log(`vote to watchers: ${connected.n} clients watching idea ${fixture.watchedIdeaId}`);
    await sleep(500);
    await clients.receipts(); // anything before the run
    const rssBefore = server.rss();
    const sentAt = new Map<number, number>();
    const httpLatencies: number[] = [];
    const failures = new Map<string, number>();
    const seconds = await paced(fixture.watchCookies.length, WATCH_RATE, async (k) => {
      const sent = Date.now();
      const t = performance.now();
      try {
        const answer = await postVote(
          server.base,
          fixture.watchedIdeaId,
          fixture.watchCookies[k]!,
          1,
        );
        httpLatencies.push(performance.now() - t);
        if (answer.ok && typeof answer.supportCount === 'number')
          sentAt.set(answer.supportCount, sent);
        else tally(failures, `HTTP ${answer.status} ${answer.error ?? ''}`.trim());
      } catch (error) {
        tally(failures, `network: ${(error as Error).message}`);
      }
    });
    const expected = sentAt.size * connected.n;
    const deadline = Date.now() + SETTLE_MS;
    const pairs: number[] = [];
    while (pairs.length / 2 < expected && Date.now() < deadline) {
      pairs.push(...(await clients.receipts()).pairs);
      if (pairs.length / 2 < expected) await sleep(200);
    }
    const rssAfter = server.rss();
    // Per delivery: receipt − the send time of the vote whose support count it carries.
    const latencies: number[] = [];
    const worstPerVote = new Map<number, number>();
    for (let i = 0; i < pairs.length; i += 2) {
      const sent = sentAt.get(pairs[i]!);
      if (sent === undefined) continue;
      const latency = pairs[i + 1]! - sent;
      latencies.push(latency);
      worstPerVote.set(pairs[i]!, Math.max(worstPerVote.get(pairs[i]!) ?? 0, latency));
    }
    latencies.sort((a, b) => a - b);
    const worst = [...worstPerVote.values()].sort((a, b) => a - b);
    httpLatencies.sort((a, b) => a - b);
    return {
      watchers: connected.n,
      votes: sentAt.size,
      rate: sentAt.size / seconds,
      deliveries: latencies.length,
      expected,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      /** Per vote, until its last watcher had it. */
      lastWatcherP50: percentile(worst, 50),
      lastWatcherP99: percentile(worst, 99),
      httpP50: percentile(httpLatencies, 50),
      httpP99: percentile(httpLatencies, 99),
      failures: Object.fromEntries(failures),
      rss: [rssBefore, rssAfter] as [number | null, number | null],
    };
  } finally {
    await clients.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// The run.

async function main() {
  const runStarted = Date.now();
  const limit = openFileLimit();
  // Each client socket is one descriptor in the clients process and one in the server it talks to.
  const maxClients = Number.isFinite(limit) ? Math.max(10, limit - 256) : Number.POSITIVE_INFINITY;
  const wanted = (process.env.BENCH_CLIENTS ?? '100,1000').split(',').map((s) => Number(s.trim()));
  if (wanted.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('BENCH_CLIENTS is a comma-separated list of positive integers');
  const sizes = wanted.map((n) => {
    if (n <= maxClients) return n;
    log(
      `open file limit (ulimit -n) is ${limit}: N = ${n} capped to ${maxClients}. Raise it with \`ulimit -n 4096\` to run ${n}.`,
    );
    return maxClients;
  });
  log(
    `open file limit (ulimit -n): ${Number.isNaN(limit) ? 'unknown' : limit}; clients: ${sizes.join(', ')}; ${EVENTS} events per run at ${RATE}/s`,
  );

  const database = await freshDatabase('bench_live');
  const fixture = await prepare(database);
  log(
    `database: ${database.label}; challenge ${fixture.challengeId}, ${fixture.ideaIds.length} ideas, ${fixture.voters.length} voters`,
  );

  const startedAt = Date.now();
  const server = await startServer(database);
  const base = server.base;
  log(
    `server.ts (pid ${server.pid}) healthy at ${base} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s, RSS ${fmt(server.rss())} MB`,
  );

  const cookies = await Promise.all(fixture.voters.map((v) => signIn(base, v)));
  log(`${cookies.length} voters signed in through POST /signin`);

  // Bare baseline: a plain Socket.IO server in this process, on another port.
  const bareHttp: HttpServer = createServer();
  const bare = new Server(bareHttp, {
    serveClient: false,
    cors: { origin: false },
    pingInterval: 20_000,
    pingTimeout: 20_000,
    maxHttpBufferSize: 16 * 1024,
  });
  bare.on('connection', (socket) => {
    socket.on('subscribe', (payload: { rooms?: { room?: unknown }[] }, ack: unknown) => {
      const room = payload?.rooms?.[0]?.room;
      if (typeof ack !== 'function' || typeof room !== 'string') return;
      void socket.join(room);
      ack({ ok: true, joined: [room], denied: [], refetch: [], cursor: '0.0' });
    });
  });
  await new Promise<void>((resolve) => bareHttp.listen(0, host, resolve));
  onCleanUp(() => new Promise<void>((resolve) => bare.close(() => resolve())));
  const barePort = (bareHttp.address() as AddressInfo).port;

  const room = `challenge:${fixture.challengeId}`;
  const votes = new Voting(base, fixture.ideaIds, cookies);
  let cursor = fixture.cursor;
  const rows: Row[] = [];
  const httpByN = new Map<number, number[]>();
  const serverCpuByN = new Map<number, number | null>();

  // Warm-up (not measured), then HTTP alone (nobody listening), to see what the live layer adds.
  await votes.run(Math.min(EVENTS, 40), RATE).done;
  {
    const before = cpuMs(server.pid);
    const run = votes.run(EVENTS, RATE);
    await run.done;
    await sleep(500); // the pump publishes the last events (to nobody)
    const after = cpuMs(server.pid);
    httpByN.set(0, run.latencies);
    serverCpuByN.set(
      0,
      before !== null && after !== null ? (after - before) / Math.max(1, run.ok()) : null,
    );
    log(`N=0: ${run.ok()} votes in ${run.seconds().toFixed(1)} s with nobody listening`);
  }

  for (const n of sizes.flatMap((size) => Array.from({ length: REPEAT }, () => size))) {
    let published: number[] = [];
    let sample: string | null = null;
    // --- cocrea: N clients on the real server, E real votes through the JSON API.
    {
      const clients = new Clients();
      try {
        const connected = await clients.connect({
          url: base,
          n,
          room,
          since: cursor,
          concurrency: CONNECT_CONCURRENCY,
          timeoutMs: CONNECT_TIMEOUT_MS,
        });
        log(`N=${n} cocrea: ${connected.n} clients connected and subscribed in ${connected.ms} ms`);
        await sleep(500); // let presence broadcasts from the subscriptions pass
        const rssBefore = server.rss();
        const before = [cpuMs(server.pid), cpuMs(clients.child.pid), performance.now()] as const;
        const run = votes.run(EVENTS, RATE);
        await run.done;
        const stats = await settle(clients, run.ok() * n);
        const cpu = cpuOver(
          [before[0], cpuMs(server.pid)],
          [before[1], cpuMs(clients.child.pid)],
          run.ok(),
          performance.now() - before[2],
        );
        cursor = laterPosition(cursor, stats.maxPosition);
        published = stats.published;
        sample = stats.sample;
        httpByN.set(n, [...(httpByN.get(n) ?? []), ...run.latencies]);
        serverCpuByN.set(n, cpu.serverMsPerEvent);
        rows.push(
          rowOf(n, 'cocrea', run.ok(), connected.ms, stats, cpu, [rssBefore, server.rss()]),
        );
        debugSlowest(`N=${n} cocrea`, stats);
        log(
          `N=${n} cocrea: ${run.ok()} votes in ${run.seconds().toFixed(1)} s (${run.failed()} failed), ${stats.deliveries}/${run.ok() * n} deliveries, server RSS ${fmt(rssBefore)} → ${fmt(server.rss())} MB`,
        );
      } finally {
        await clients.close();
      }
    }

    // --- bare: the same N clients on a plain Socket.IO server; the same number of events, of the
    // same size, at the pace the real server actually published them (its `ts` offsets).
    {
      const template = JSON.parse(
        sample ??
          JSON.stringify({
            id: 0,
            position: '0.0',
            type: 'vote.cast',
            challengeId: fixture.challengeId,
            ideaId: fixture.ideaIds[0],
            commentId: null,
            data: { from: 0, to: 1, supportCount: 1, opposeCount: 0 },
            ts: 0,
          }),
      ) as Record<string, unknown>;
      const offsets = published.length
        ? published.map((ts) => ts - published[0]!)
        : Array.from({ length: EVENTS }, (_, k) => (k * 1000) / RATE);
      const clients = new Clients();
      try {
        const connected = await clients.connect({
          url: `http://${host}:${barePort}`,
          n,
          room,
          since: '0.0',
          concurrency: CONNECT_CONCURRENCY,
          timeoutMs: CONNECT_TIMEOUT_MS,
        });
        log(`N=${n} bare: ${connected.n} clients connected and subscribed in ${connected.ms} ms`);
        await sleep(500);
        let id = 1_000_000_000;
        const before = [ownCpuMs(), cpuMs(clients.child.pid)] as const;
        const started = performance.now();
        for (const offset of offsets) {
          const wait = started + offset - performance.now();
          if (wait > 0) await sleep(wait);
          id++;
          bare.to(room).emit('live', { ...template, id, position: `1.${id}`, ts: Date.now() });
        }
        const seconds = (performance.now() - started) / 1000;
        const stats = await settle(clients, offsets.length * n);
        const cpu = cpuOver(
          [before[0], ownCpuMs()],
          [before[1], cpuMs(clients.child.pid)],
          offsets.length,
          performance.now() - started,
        );
        rows.push(rowOf(n, 'bare', offsets.length, connected.ms, stats, cpu, null));
        debugSlowest(`N=${n} bare`, stats);
        log(
          `N=${n} bare: ${offsets.length} events in ${seconds.toFixed(1)} s, ${stats.deliveries}/${offsets.length * n} deliveries`,
        );
      } finally {
        await clients.close();
      }
    }
    if (Date.now() - runStarted > RUN_LIMIT_MS) throw new Error('the run took too long; stopping');
  }

  // --- Vote to watchers.
  const watch = await voteToWatchers(server, fixture, cursor);

  // --- Report.
  console.log('');
  console.log(
    `Live fan-out: ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}; ${EVENTS} votes per run fired at ${RATE}/s; event size ${rows[0]?.size ?? '?'} bytes (JSON)`,
  );
  console.log('');
  printTable(
    [
      'N',
      'mode',
      'events sent',
      'published/s',
      'deliveries',
      'deliveries/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'connect ms',
      'server CPU ms/event',
      'clients CPU %',
      'server RSS MB',
      'note',
    ],
    rows.map((r) => [
      String(r.n),
      r.mode,
      String(r.sent),
      r.publishedPerSecond.toFixed(1),
      `${r.deliveries}/${r.expected}`,
      r.perSecond.toFixed(0),
      r.p50.toFixed(0),
      r.p99.toFixed(0),
      r.max.toFixed(0),
      String(r.connectMs),
      fmt(r.cpu.serverMsPerEvent, 2),
      fmt(r.cpu.clientsPercent),
      r.rss ? `${fmt(r.rss[0])} → ${fmt(r.rss[1])}` : '',
      r.note,
    ]),
  );
  console.log('');
  const ratios: Record<number, number> = {};
  for (const n of new Set(sizes)) {
    const c = rows.filter((r) => r.n === n && r.mode === 'cocrea');
    const b = rows.filter((r) => r.n === n && r.mode === 'bare');
    const each = c
      .map((r, i) => (b[i] ? r.p99 / Math.max(b[i].p99, 1) : null))
      .filter((x): x is number => x !== null);
    if (!each.length) continue;
    const sorted = [...each].sort((x, y) => x - y);
    const ratio =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    ratios[n] = ratio;
    const pairs = c
      .map((r, i) => `${r.p99.toFixed(0)} / ${b[i]?.p99.toFixed(0) ?? '?'} ms`)
      .join(', ');
    console.log(
      `N=${n}: cocrea p99 / bare p99 = ${pairs} = ${each.map((r) => r.toFixed(2)).join(', ')}` +
        (each.length > 1 ? ` (median ${ratio.toFixed(2)})` : '') +
        (n >= 1000 ? ` (goal ≤ 1.5: ${goal(ratio <= 1.5)})` : ''),
    );
  }
  console.log('');
  for (const [n, http] of httpByN) {
    // (with BENCH_REPEAT > 1: latencies of all runs of that N, the CPU figure of the last one)
    const sorted = [...http].sort((a, b) => a - b);
    const cpu = serverCpuByN.get(n);
    console.log(
      `HTTP vote latency, N=${String(n).padEnd(4)} listening: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${http.length} requests)` +
        (cpu == null ? '' : `; server CPU ${cpu.toFixed(1)} ms per vote`),
    );
  }
  const failed = votes.failures;
  console.log(
    `Votes answered with an error: ${failed.size ? [...failed].map(([k, v]) => `${v}× ${k}`).join('; ') : 'none'}`,
  );
  console.log('');
  console.log(
    `Vote to watchers: ${watch.watchers} watchers of one idea, ${watch.votes} votes at ${watch.rate.toFixed(0)}/s, ${watch.deliveries}/${watch.expected} deliveries; from sending the vote to a watcher's receipt p50 ${watch.p50.toFixed(0)} ms, p99 ${watch.p99.toFixed(0)} ms, max ${watch.max.toFixed(0)} ms (goal p99 < 100 ms: ${goal(watch.p99 < 100)}); to the last watcher p50 ${watch.lastWatcherP50.toFixed(0)} ms, p99 ${watch.lastWatcherP99.toFixed(0)} ms; the HTTP answer p50 ${watch.httpP50.toFixed(0)} ms, p99 ${watch.httpP99.toFixed(0)} ms; server RSS ${fmt(watch.rss[0])} → ${fmt(watch.rss[1])} MB` +
      (Object.keys(watch.failures).length ? `; errors ${JSON.stringify(watch.failures)}` : ''),
  );
  console.log(
    `(fan-out latency = client receipt time − the event's ts, the server's publish time, on the same clock; bare p99 below 1 ms counts as 1 ms in the ratio.`,
  );
  console.log(
    ` server CPU: cocrea = the whole server.ts process per vote (HTTP, database${database.kind === 'pglite' ? ' — PGlite runs inside it' : ''}, event pump, fan-out); bare = the broadcasting process.)`,
  );
  console.log(
    `Machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end of the run.`,
  );
  console.log(`Run took ${((Date.now() - runStarted) / 1000).toFixed(0)} s.`);
  writeResults('live', database.kind, {
    settings: {
      clients: sizes,
      events: EVENTS,
      rate: RATE,
      watchers: WATCHERS,
      watchVotes: WATCH_VOTES,
      watchRate: WATCH_RATE,
    },
    fanOut: rows,
    p99RatioToBare: ratios,
    voteToWatchers: watch,
    goals: {
      fanOutAtThousandWithinOneAndHalfOfBare:
        ratios[1000] === undefined ? null : ratios[1000] <= 1.5,
      voteToWatchersP99UnderHundredMs: watch.p99 < 100,
    },
  });
  await server.stop();
}

await runBenchmark(RUN_LIMIT_MS + 60_000, main);
