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
// second), BENCH_IDEAS (20), BENCH_VOTERS (20).
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
import { latestEventId } from '../app/domain/events.server';
import { FACTORY_PASSWORD, makeChallenge, makeIdea, makeUser, type TestUser } from '../tests/support/factories';
import type { ChildMessage, ConnectCommand, ParentMessage, Stats } from './live-clients';

const root = fileURLToPath(new URL('../', import.meta.url));
const host = '127.0.0.1';
const EVENTS = positive('BENCH_EVENTS', 200);
const RATE = positive('BENCH_RATE', 50);
const IDEAS = positive('BENCH_IDEAS', 20);
const VOTERS = positive('BENCH_VOTERS', 20);
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
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
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
    for (const fn of cleanups.reverse()) await fn().catch((error: Error) => log(`cleanup: ${error.message}`));
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
    const challenge = await makeChallenge(db, owner, { stage: 'open', maxIdeasPerUser: IDEAS, title: 'Live benchmark challenge' });
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
    child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: root, env, stdio: ['ignore', fd, fd] });
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
      const response = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
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
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${user.handle} failed: HTTP ${response.status}`);
  return cookie;
}

// ---------------------------------------------------------------------------------------------------
// The clients process.

class Clients {
  private child: ChildProcess;
  private waiting: ((message: ChildMessage) => void)[] = [];
  private failure: Error | null = null;

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'live-clients.ts')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(this.child);
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'error') this.failure = new Error(`clients process: ${message.message}`);
      const next = this.waiting.shift();
      next?.(message);
    });
    this.child.once('exit', (code, signal) => {
      children.delete(this.child);
      if (code !== 0) this.failure ??= new Error(`clients process exited (code ${code}, signal ${signal})`);
      for (const w of this.waiting.splice(0)) w({ type: 'error', message: this.failure?.message ?? 'exited' });
    });
  }

  private request<T extends ChildMessage['type']>(message: ParentMessage, type: T, timeoutMs: number) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`clients process: no '${type}' answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((answer) => {
        clearTimeout(timer);
        if (answer.type === type) resolve(answer as Extract<ChildMessage, { type: T }>);
        else reject(new Error(answer.type === 'error' ? answer.message : `clients process: unexpected '${answer.type}'`));
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

/** Polls the clients until every expected delivery arrived (or SETTLE_MS passed). */
async function settle(clients: Clients, expected: number): Promise<Stats> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const stats = await clients.stats();
    if (stats.deliveries >= expected || Date.now() > deadline) return stats;
    await sleep(200);
  }
}

type Row = {
  n: number;
  mode: 'cocrea' | 'bare';
  sent: number;
  deliveries: number;
  expected: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  connectMs: number;
  note: string;
};

function rowOf(n: number, mode: Row['mode'], sent: number, connectMs: number, stats: Stats): Row {
  const seconds = stats.firstTs !== null && stats.lastReceipt !== null ? Math.max(1, stats.lastReceipt - stats.firstTs) / 1000 : 1;
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
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    connectMs,
    note: notes.join(', '),
  };
}

// ---------------------------------------------------------------------------------------------------
// The run.

async function main() {
  const runStarted = Date.now();
  const limit = openFileLimit();
  // Each client socket is one descriptor in the clients process and one in the server it talks to.
  const maxClients = Number.isFinite(limit) ? Math.max(10, limit - 256) : Number.POSITIVE_INFINITY;
  const wanted = (process.env.BENCH_CLIENTS ?? '100,1000').split(',').map((s) => Number(s.trim()));
  if (wanted.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_CLIENTS is a comma-separated list of positive integers');
  const sizes = wanted.map((n) => {
    if (n <= maxClients) return n;
    log(`open file limit (ulimit -n) is ${limit}: N = ${n} capped to ${maxClients}. Raise it with \`ulimit -n 4096\` to run ${n}.`);
    return maxClients;
  });
  log(`open file limit (ulimit -n): ${Number.isNaN(limit) ? 'unknown' : limit}; clients: ${sizes.join(', ')}; ${EVENTS} events per run at ${RATE}/s`);

  if (!existsSync(path.join(root, 'build', 'server', 'index.js'))) {
    log('no production build: running `npx remix vite:build`');
    execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' });
  }

  const fixture = await prepareDatabase();
  log(`database: ${fixture.label}; challenge ${fixture.challengeId}, ${fixture.ideaIds.length} ideas, ${fixture.voters.length} voters`);

  const port = await freePort();
  const base = `http://${host}:${port}`;
  const logFile = path.join(fixture.env.COCREA_DATA_DIR!, 'server.log');
  const startedAt = Date.now();
  const server = await startServer(fixture, port, logFile);
  log(`server.ts (pid ${server.pid}) healthy at ${base} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const cookies = await Promise.all(fixture.voters.map((v) => signIn(base, v)));
  log(`${cookies.length} voters signed in through POST /signin`);

  // Bare baseline: a plain Socket.IO server in this process, on another port.
  const bareHttp: HttpServer = createServer();
  const bare = new Server(bareHttp, { serveClient: false, cors: { origin: false }, pingInterval: 20_000, pingTimeout: 20_000, maxHttpBufferSize: 16 * 1024 });
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
  const voteState = new Map<string, number>();
  let voteCounter = 0;
  let cursor = fixture.cursor;
  const rows: Row[] = [];
  const httpByN = new Map<number, number[]>();
  const allHttp: number[] = [];
  let failedVotes = 0;
  let sample: string | null = null;

  for (const n of sizes) {
    // --- cocrea: N clients on the real server, E real votes through the JSON API.
    {
      const clients = new Clients();
      try {
        const connected = await clients.connect({ url: base, n, room, since: cursor, concurrency: CONNECT_CONCURRENCY, timeoutMs: CONNECT_TIMEOUT_MS });
        log(`N=${n} cocrea: ${connected.n} clients connected and subscribed in ${connected.ms} ms`);
        await sleep(500); // let presence broadcasts from the subscriptions pass
        const http: number[] = [];
        const seconds = await paced(EVENTS, RATE, async () => {
          // Voters take turns: each one supports an idea, withdraws that vote in the next round, then
          // moves on to the next idea; so every request is a real change (vote.cast / vote.withdrawn).
          const k = voteCounter++;
          const voters = fixture.voters.length;
          const voter = k % voters;
          const idea = fixture.ideaIds[(voter + Math.floor(k / (2 * voters))) % fixture.ideaIds.length]!;
          const key = `${voter}:${idea}`;
          const value = voteState.get(key) === 1 ? 0 : 1;
          voteState.set(key, value);
          const t = performance.now();
          try {
            const response = await fetch(`${base}/api/ideas/${idea}/vote`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Cookie: cookies[voter]!, Origin: base },
              body: JSON.stringify({ value }),
            });
            await response.arrayBuffer();
            if (!response.ok) failedVotes++;
          } catch {
            failedVotes++;
          }
          http.push(performance.now() - t);
        });
        const stats = await settle(clients, EVENTS * n);
        cursor = Math.max(cursor, stats.maxEventId);
        sample ??= stats.sample;
        http.sort((a, b) => a - b);
        httpByN.set(n, http);
        allHttp.push(...http);
        rows.push(rowOf(n, 'cocrea', EVENTS, connected.ms, stats));
        log(`N=${n} cocrea: ${EVENTS} votes sent in ${seconds.toFixed(1)} s, ${stats.deliveries}/${EVENTS * n} deliveries`);
      } finally {
        await clients.close();
      }
    }

    // --- bare: the same N clients on a plain Socket.IO server, same count, size and pace.
    {
      const template = JSON.parse(
        sample ??
          JSON.stringify({ id: 0, type: 'vote.cast', challengeId: fixture.challengeId, ideaId: fixture.ideaIds[0], commentId: null, actorId: 'x'.repeat(16), data: { from: 0, to: 1, supportCount: 1, opposeCount: 0 }, ts: 0 }),
      ) as Record<string, unknown>;
      const clients = new Clients();
      try {
        const connected = await clients.connect({ url: `http://${host}:${barePort}`, n, room, since: 0, concurrency: CONNECT_CONCURRENCY, timeoutMs: CONNECT_TIMEOUT_MS });
        log(`N=${n} bare: ${connected.n} clients connected and subscribed in ${connected.ms} ms`);
        await sleep(500);
        let id = 1_000_000_000;
        const seconds = await paced(EVENTS, RATE, async () => {
          bare.to(room).emit('live', { ...template, id: ++id, ts: Date.now() });
        });
        const stats = await settle(clients, EVENTS * n);
        rows.push(rowOf(n, 'bare', EVENTS, connected.ms, stats));
        log(`N=${n} bare: ${EVENTS} events sent in ${seconds.toFixed(1)} s, ${stats.deliveries}/${EVENTS * n} deliveries`);
      } finally {
        await clients.close();
      }
    }
    if (Date.now() - runStarted > RUN_LIMIT_MS) throw new Error('the run took too long; stopping');
  }

  // --- Report.
  console.log('');
  console.log(`Live fan-out: ${fixture.label.replace(/ \(.*/, '')}; ${EVENTS} events per run at ${RATE}/s; event size ${sample ? Buffer.byteLength(sample) : '?'} bytes (JSON)`);
  console.log('');
  const header = ['N', 'mode', 'events sent', 'deliveries', 'deliveries/s', 'p50 ms', 'p99 ms', 'max ms', 'connect ms', 'note'];
  const table = rows.map((r) => [
    String(r.n),
    r.mode,
    String(r.sent),
    `${r.deliveries}/${r.expected}`,
    r.perSecond.toFixed(0),
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    r.max.toFixed(0),
    String(r.connectMs),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log('');
  for (const n of sizes) {
    const c = rows.find((r) => r.n === n && r.mode === 'cocrea');
    const b = rows.find((r) => r.n === n && r.mode === 'bare');
    if (!c || !b) continue;
    const ratio = c.p99 / Math.max(b.p99, 1);
    console.log(`N=${n}: cocrea p99 / bare p99 = ${c.p99.toFixed(0)} / ${b.p99.toFixed(0)} ms = ${ratio.toFixed(2)}${n >= 1000 ? (ratio <= 2 ? '  (goal ≤ 2: met)' : '  (goal ≤ 2: NOT met)') : ''}`);
  }
  console.log('');
  for (const [n, http] of httpByN) console.log(`HTTP vote latency with N=${n} listening: p50 ${percentile(http, 50).toFixed(1)} ms, p99 ${percentile(http, 99).toFixed(1)} ms (${http.length} requests)`);
  allHttp.sort((a, b) => a - b);
  console.log(`HTTP vote latency overall: p50 ${percentile(allHttp, 50).toFixed(1)} ms, p99 ${percentile(allHttp, 99).toFixed(1)} ms; ${failedVotes} failed`);
  console.log(`(latency = client receipt time − the event's ts, the server's publish time, on the same clock; bare p99 below 1 ms counts as 1 ms in the ratio)`);
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
