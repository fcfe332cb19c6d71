// `npm run bench:live`: live fan-out of the real server vs. a bare Socket.IO broadcast (prints figures,
// asserts nothing). On a fresh database (a new PostgreSQL database at DATABASE_URL when set, dropped
// at the end; else PGlite in a temporary folder), it starts the real server (server.ts, production
// build) as a child process, opens N socket.io-client connections in another child process
// (bench/live-clients.ts) subscribed to one challenge room, fires E votes through POST
// /api/ideas/:id/vote at a steady pace, and measures deliveries/s and publish-to-receipt latency. The
// same N clients then receive the same number of same-sized events at the same pace from a plain
// Socket.IO server (the baseline). Everything listens on 127.0.0.1 and every child is stopped by pid.
//
// Settings (environment): BENCH_CLIENTS (default "100,1000"), BENCH_EVENTS (200), BENCH_RATE (50 per
// second), BENCH_IDEAS (20), BENCH_VOTERS (20), BENCH_REPEAT (1: how many cocrea/bare pairs per N; the
// ratio is then the median); BENCH_DEBUG=1 also prints the slowest events of each run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Server } from 'socket.io';
import { openDatabase } from '../db/client.server';
import { latestEventId } from '#app/domain/events/log.server';
import {
  FACTORY_PASSWORD,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../tests/support/factories';
import type { ChildMessage, ConnectCommand, ParentMessage, Stats } from './live-clients';

const root = fileURLToPath(new URL('../', import.meta.url));
const host = '127.0.0.1';
const EVENTS = positive('BENCH_EVENTS', 200);
const RATE = positive('BENCH_RATE', 50);
const IDEAS = positive('BENCH_IDEAS', 20);
const VOTERS = positive('BENCH_VOTERS', 20);
const REPEAT = positive('BENCH_REPEAT', 1);
const CONNECT_CONCURRENCY = 50;
const CONNECT_TIMEOUT_MS = 60_000;
/** After the last event is sent, how long deliveries may still trickle in. */
const SETTLE_MS = 10_000;
/** The whole run is stopped (and cleaned up) after this long. */
const RUN_LIMIT_MS = 5 * 60_000;

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number) {
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
    : 0;
}

// ---------------------------------------------------------------------------------------------------
// Clean-up: children by pid, the database, the temporary folder. Runs once, on success or failure.

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

async function stopChild(child: ChildProcess, label: string) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    log(`${label} (pid ${child.pid}) ignored SIGTERM; sending SIGKILL`);
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(5_000)]);
  }
}

let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) await stopChild(child, 'child process').catch(() => {});
    for (const fn of cleanups.reverse())
      await fn().catch((error: Error) => log(`cleanup: ${error.message}`));
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// Set-up helpers.

function openFileLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
  } catch {
    return Number.NaN;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Fixture = {
  env: NodeJS.ProcessEnv;
  label: string;
  challengeId: number;
  ideaIds: number[];
  voters: TestUser[];
  cursor: number;
};

/** A fresh database with one open challenge, its ideas and the voters, then closed for the server. */
async function prepareDatabase(): Promise<Fixture> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cocrea-bench-live-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  env.COCREA_DATA_DIR = dataDir;
  let database;
  let label: string;
  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    const name = `cocrea_bench_live_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    cleanups.push(async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
        log(`dropped database ${name}`);
      } finally {
        await dropper.end();
      }
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    database = openDatabase({ url: env.DATABASE_URL, max: 4 });
    label = `PostgreSQL (database ${name} at ${url.host})`;
  } else {
    delete env.DATABASE_URL;
    database = openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    label = `PGlite (in ${dataDir})`;
  }
  try {
    await database.migrate();
    const db = database.db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    const challenge = await makeChallenge(db, owner, {
      stage: 'open',
      maxIdeasPerUser: IDEAS,
      title: 'Live benchmark challenge',
    });
    const ideaIds: number[] = [];
    for (let i = 0; i < IDEAS; i++) ideaIds.push((await makeIdea(db, author, challenge.id)).id);
    const voters: TestUser[] = [];
    for (let i = 0; i < VOTERS; i++) voters.push(await makeUser(db));
    const cursor = await latestEventId(db);
    return { env, label, challengeId: challenge.id, ideaIds, voters, cursor };
  } finally {
    await database.close();
  }
}

async function startServer(fixture: Fixture, port: number, logFile: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...fixture.env,
    NODE_ENV: 'production',
    HOST: host,
    PORT: String(port),
    COCREA_SEED: 'never',
    COCREA_RATE_LIMITS: 'off',
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const fd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  children.add(child);
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = `code ${code}, signal ${signal}`));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited during start-up (${exit}):\n${tail(logFile)}`);
    try {
      const response = await fetch(`http://${host}:${port}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return child;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`the server did not answer /healthz within 120 s:\n${tail(logFile)}`);
}

function tail(file: string) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
  } catch {
    return '(no output)';
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
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    children.add(this.child);
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'error') this.failure = new Error(`clients process: ${message.message}`);
      const next = this.waiting.shift();
      next?.(message);
    });
    this.child.once('exit', (code, signal) => {
      children.delete(this.child);
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

  async close() {
    await this.request({ cmd: 'close' }, 'closed', 10_000).catch(() => {});
    await stopChild(this.child, 'clients process');
    children.delete(this.child);
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

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

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
  note: string;
};

function rowOf(
  n: number,
  mode: Row['mode'],
  sent: number,
  connectMs: number,
  stats: Stats,
  cpu: Cpu,
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
    note: notes.join(', '),
  };
}

/**
 * Votes through POST /api/ideas/:id/vote. Voters take turns; each alternates between supporting an
 * idea it has no vote on and withdrawing its oldest confirmed vote, and never sends a second request
 * for an idea while one is on its way: every request is a real change (vote.cast / vote.withdrawn).
 */
class Voting {
  private voters: { cast: number[]; pending: Set<number>; next: number; step: number }[];
  private turn = 0;
  /** Error answers by status and message. */
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
        this.failures.set(
          'no vote possible (all in flight)',
          (this.failures.get('no vote possible (all in flight)') ?? 0) + 1,
        );
        return;
      }
      const voter = this.voters[v]!;
      voter.pending.add(choice.idea);
      const t = performance.now();
      try {
        const response = await fetch(`${this.base}/api/ideas/${choice.idea}/vote`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Cookie: this.cookies[v]!,
            Origin: this.base,
          },
          body: JSON.stringify({ value: choice.value }),
        });
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        latencies.push(performance.now() - t);
        if (response.ok) {
          ok++;
          if (choice.value === 1) voter.cast.push(choice.idea);
        } else {
          failed++;
          const key = `HTTP ${response.status} ${body?.error ?? ''}`.trim();
          this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
        }
      } catch (error) {
        failed++;
        const key = `network: ${(error as Error).message}`;
        this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
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

  if (!existsSync(path.join(root, 'build', 'server', 'index.js'))) {
    log('no production build: running `npx remix vite:build`');
    execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' });
  }

  const fixture = await prepareDatabase();
  log(
    `database: ${fixture.label}; challenge ${fixture.challengeId}, ${fixture.ideaIds.length} ideas, ${fixture.voters.length} voters`,
  );

  const port = await freePort();
  const base = `http://${host}:${port}`;
  const logFile = path.join(fixture.env.COCREA_DATA_DIR!, 'server.log');
  const startedAt = Date.now();
  const server = await startServer(fixture, port, logFile);
  log(
    `server.ts (pid ${server.pid}) healthy at ${base} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
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
      ack({ ok: true, joined: [room], denied: [], refetch: [], cursor: 0 });
    });
  });
  await new Promise<void>((resolve) => bareHttp.listen(0, host, resolve));
  cleanups.push(() => new Promise<void>((resolve) => bare.close(() => resolve())));
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
        cursor = Math.max(cursor, stats.maxEventId);
        published = stats.published;
        sample = stats.sample;
        httpByN.set(n, [...(httpByN.get(n) ?? []), ...run.latencies]);
        serverCpuByN.set(n, cpu.serverMsPerEvent);
        rows.push(rowOf(n, 'cocrea', run.ok(), connected.ms, stats, cpu));
        debugSlowest(`N=${n} cocrea`, stats);
        log(
          `N=${n} cocrea: ${run.ok()} votes in ${run.seconds().toFixed(1)} s (${run.failed()} failed), ${stats.deliveries}/${run.ok() * n} deliveries`,
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
            type: 'vote.cast',
            challengeId: fixture.challengeId,
            ideaId: fixture.ideaIds[0],
            commentId: null,
            actorId: 'x'.repeat(16),
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
          since: 0,
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
          bare.to(room).emit('live', { ...template, id: ++id, ts: Date.now() });
        }
        const seconds = (performance.now() - started) / 1000;
        const stats = await settle(clients, offsets.length * n);
        const cpu = cpuOver(
          [before[0], ownCpuMs()],
          [before[1], cpuMs(clients.child.pid)],
          offsets.length,
          performance.now() - started,
        );
        rows.push(rowOf(n, 'bare', offsets.length, connected.ms, stats, cpu));
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

  // --- Report.
  console.log('');
  console.log(
    `Live fan-out: ${fixture.label.replace(/ \(.*/, '')}; ${EVENTS} votes per run fired at ${RATE}/s; event size ${rows[0]?.size ?? '?'} bytes (JSON)`,
  );
  console.log('');
  const header = [
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
    'note',
  ];
  const table = rows.map((r) => [
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
    r.cpu.serverMsPerEvent === null ? '?' : r.cpu.serverMsPerEvent.toFixed(2),
    r.cpu.clientsPercent === null ? '?' : r.cpu.clientsPercent.toFixed(0),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log('');
  for (const n of new Set(sizes)) {
    const c = rows.filter((r) => r.n === n && r.mode === 'cocrea');
    const b = rows.filter((r) => r.n === n && r.mode === 'bare');
    const ratios = c
      .map((r, i) => (b[i] ? r.p99 / Math.max(b[i].p99, 1) : null))
      .filter((x): x is number => x !== null);
    if (!ratios.length) continue;
    const sorted = [...ratios].sort((x, y) => x - y);
    const ratio =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    const pairs = c
      .map((r, i) => `${r.p99.toFixed(0)} / ${b[i]?.p99.toFixed(0) ?? '?'} ms`)
      .join(', ');
    console.log(
      `N=${n}: cocrea p99 / bare p99 = ${pairs} = ${ratios.map((r) => r.toFixed(2)).join(', ')}` +
        (ratios.length > 1 ? ` (median ${ratio.toFixed(2)})` : '') +
        (n >= 1000 ? (ratio <= 2 ? '  (goal ≤ 2: met)' : '  (goal ≤ 2: NOT met)') : ''),
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
  console.log(
    `(latency = client receipt time − the event's ts, the server's publish time, on the same clock; bare p99 below 1 ms counts as 1 ms in the ratio.`,
  );
  console.log(
    ` server CPU: cocrea = the whole server.ts process per vote (HTTP, database${fixture.label.startsWith('PGlite') ? ' — PGlite runs inside it' : ''}, event pump, fan-out); bare = the broadcasting process.)`,
  );
  console.log(
    `Machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end of the run.`,
  );
  console.log(`Run took ${((Date.now() - runStarted) / 1000).toFixed(0)} s.`);
}

const watchdog = setTimeout(() => {
  log(`the run exceeded ${RUN_LIMIT_MS / 1000} s: cleaning up and exiting`);
  void cleanUp().finally(() => process.exit(1));
}, RUN_LIMIT_MS + 60_000);
watchdog.unref();

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error(`[bench] failed: ${(error as Error).stack ?? error}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);
