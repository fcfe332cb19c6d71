// What the benchmarks share: a fresh database (PostgreSQL at DATABASE_URL, else PGlite in a
// temporary folder), the real server (server.ts over the production build) as a child process,
// its memory, load loops (closed: N clients back to back; open: a fixed schedule), percentiles and
// the JSON results in bench/results/. Everything listens on 127.0.0.1; children are stopped by pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client.server';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const host = '127.0.0.1';

export const log = (message: string) => console.log(`[bench] ${message}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A positive integer setting from the environment. */
export function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** A comma-separated list of positive integers from the environment. */
export function positives(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name} must be a comma-separated list of positive integers, got ${raw}`);
  return list;
}

export function percentile(sorted: ArrayLike<number>, p: number) {
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
    : 0;
}

export type Summary = {
  ok: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Error answers by kind (status and message), for the report. */
  failures: Record<string, number>;
};

export function summarize(
  latencies: number[],
  ok: number,
  failed: number,
  seconds: number,
  failures: Map<string, number>,
): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ok,
    failed,
    seconds,
    perSecond: ok / Math.max(seconds, 1e-9),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    failures: Object.fromEntries(failures),
  };
}

/**
 * One unit of load, the k-th of its run (`client`: which closed-loop caller runs it): resolves
 * true when it succeeded, else a short description of what failed.
 */
export type Job = (k: number, client?: number) => Promise<true | string>;

/**
 * Closed loop: `clients` callers each run the next job as soon as their previous one answered,
 * until `count` jobs ran or `limitMs` passed. Measures the maximum rate at that concurrency.
 */
export async function closedLoop(options: {
  clients: number;
  count: number;
  limitMs: number;
  job: Job;
}): Promise<Summary> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + options.limitMs;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (next < options.count && performance.now() < deadline) {
        const k = next++;
        const t = performance.now();
        const outcome = await options
          .job(k, client)
          .catch((error: Error) => `error: ${error.message}`);
        latencies.push(performance.now() - t);
        if (outcome === true) ok++;
        else {
          failed++;
          failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
        }
      }
    }),
  );
  return summarize(latencies, ok, failed, (performance.now() - started) / 1000, failures);
}

/**
 * Open loop: starts job k at `k / rate` seconds whether or not earlier ones answered (at most
 * `maxInFlight` at once; later ones then wait and the wait counts). Latency runs from the scheduled
 * start, so a server that falls behind shows it (no coordinated omission).
 */
export async function openLoop(options: {
  rate: number;
  count: number;
  maxInFlight: number;
  job: Job;
}): Promise<Summary> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  let inFlight = 0;
  const released: (() => void)[] = [];
  const running: Promise<void>[] = [];
  const started = performance.now();
  for (let k = 0; k < options.count; k++) {
    const scheduled = started + (k * 1000) / options.rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= options.maxInFlight) await new Promise<void>((r) => released.push(r));
    inFlight++;
    running.push(
      options
        .job(k)
        .catch((error: Error) => `error: ${error.message}`)
        .then((outcome) => {
          latencies.push(performance.now() - scheduled);
          if (outcome === true) ok++;
          else {
            failed++;
            failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
          }
          inFlight--;
          released.shift()?.();
        }),
    );
  }
  await Promise.all(running);
  return summarize(latencies, ok, failed, (performance.now() - started) / 1000, failures);
}

// ---------------------------------------------------------------------------------------------------
// Clean-up: children by pid, databases, temporary folders. Runs once, on success or failure.

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

export function onCleanUp(fn: () => Promise<void>) {
  cleanups.push(fn);
}

export function track(child: ChildProcess) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function stopChild(child: ChildProcess, label: string) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
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
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of [...children]) await stopChild(child, 'child process').catch(() => {});
    for (const fn of cleanups.reverse())
      await fn().catch((error: Error) => log(`cleanup: ${error.message}`));
  })();
  return cleaning;
}

/**
 * Runs a benchmark's main function with clean-up on success, failure, a signal, or when it takes
 * longer than `limitMs` (then it exits 1).
 */
export async function runBenchmark(limitMs: number, main: () => Promise<void>) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    log(`the run exceeded ${Math.round(limitMs / 1000)} s: cleaning up and exiting`);
    void cleanUp().finally(() => process.exit(1));
  }, limitMs);
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
}

// ---------------------------------------------------------------------------------------------------
// Databases.

export type BenchDatabase = {
  kind: 'postgres' | 'pglite';
  label: string;
  /** A folder of this run (the server's COCREA_DATA_DIR; PGlite's data lives in it). */
  dataDir: string;
  /** Environment for the server: DATABASE_URL (PostgreSQL) or nothing (PGlite in dataDir). */
  env: Record<string, string>;
  /** PostgreSQL: the database's own URL and name. */
  url: string | null;
  name: string | null;
  /** Opens (and migrates) a handle; on PGlite only while no server has the folder open. */
  open(options?: { max?: number }): Promise<Database>;
};

/** A new database for this run, dropped (or deleted) at clean-up. */
export async function freshDatabase(prefix: string): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `cocrea-${prefix}-`));
  onCleanUp(() => rm(dataDir, { recursive: true, force: true }));
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `cocrea_${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    onCleanUp(async () => {
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
    return {
      kind: 'postgres',
      label: `PostgreSQL (database ${name} at ${url.host})`,
      dataDir,
      env: { DATABASE_URL: url.toString() },
      url: url.toString(),
      name,
      async open(options) {
        const database = openDatabase({ url: url.toString(), max: options?.max ?? 10 });
        await database.migrate();
        return database;
      },
    };
  }
  return {
    kind: 'pglite',
    label: `PGlite (in ${dataDir})`,
    dataDir,
    env: { DATABASE_URL: '' },
    url: null,
    name: null,
    async open() {
      const database = openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      await database.migrate();
      return database;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The server.

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Builds the site when there is no production build yet. */
export function ensureBuild() {
  if (existsSync(path.join(root, 'build', 'server', 'index.js'))) return;
  log('no production build: running `npx remix vite:build`');
  execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' });
}

/** Resident memory of a process in MB (VmRSS in /proc/<pid>/status); null where unreadable. */
export function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuOfStat(stat: string) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return cpuOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU time this process has used so far (ms). */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * CPU time (ms) used so far by the PostgreSQL backends serving `database` on this machine (their
 * process titles name it), or null when there are none or /proc is unreadable. Other databases'
 * backends (tests running alongside) and PostgreSQL's own workers are left out. A backend that
 * exits between two readings takes its time with it: compare readings over a run whose
 * connections stay open.
 */
export function postgresCpuMs(database: string | null): number | null {
  if (!database) return null;
  try {
    let total = 0;
    let found = false;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (!title.includes(` ${database} `)) continue;
        total += cpuOfStat(stat);
        found = true;
      } catch {
        // gone meanwhile
      }
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

/** Reads the CPU clocks of the server, PostgreSQL and this process, to tell the cost per unit. */
export function cpuMeter(serverPid: number | undefined, database: string | null) {
  const read = () => ({
    server: serverPid === undefined ? null : cpuMs(serverPid),
    postgres: postgresCpuMs(database),
    client: ownCpuMs(),
  });
  const start = read();
  return {
    /** CPU ms per unit of work (e.g. per vote) since the meter was made. */
    per(units: number) {
      const end = read();
      const diff = (a: number | null, b: number | null) =>
        a === null || b === null || !units ? null : (b - a) / units;
      return {
        server: diff(start.server, end.server),
        postgres: diff(start.postgres, end.postgres),
        client: diff(start.client, end.client),
      };
    },
  };
}
export type CpuPerUnit = ReturnType<ReturnType<typeof cpuMeter>['per']>;

export type BenchServer = {
  child: ChildProcess;
  pid: number;
  base: string;
  logFile: string;
  rss(): number | null;
  stop(): Promise<void>;
};

/**
 * Starts server.ts (production build) on a free port over the given database and waits for
 * /healthz. BENCH_CPU_PROF=<folder> runs it with `node --cpu-prof` (profile written when it stops).
 */
export async function startServer(
  database: BenchDatabase,
  extraEnv: Record<string, string> = {},
  name = 'server',
  /** The checkout whose server.ts and build run (another one, to compare before and after). */
  appRoot = root,
): Promise<BenchServer> {
  if (appRoot === root) ensureBuild();
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...database.env,
    NODE_ENV: 'production',
    HOST: host,
    PORT: String(port),
    COCREA_DATA_DIR: database.dataDir,
    COCREA_SEED: 'never',
    COCREA_RATE_LIMITS: 'off',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...extraEnv,
  };
  const logFile = path.join(database.dataDir, `${name}.log`);
  const args = ['--import', 'tsx'];
  const profileDir = process.env.BENCH_CPU_PROF;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`);
  }
  const fd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...args, 'server.ts'], {
      cwd: appRoot,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  track(child);
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = `code ${code}, signal ${signal}`));
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exit) throw new Error(`the server exited during start-up (${exit}):\n${tail(logFile)}`);
    if (Date.now() > deadline)
      throw new Error(`the server did not answer /healthz within 120 s:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  return {
    child,
    pid: child.pid!,
    base,
    logFile,
    rss: () => rssMb(child.pid),
    stop: () => stopChild(child, name),
  };
}

export function tail(file: string, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? '?' : n.toFixed(digits);

/** "met" / "NOT met" for a goal, printed next to the figure (the run never fails on a goal). */
export function goal(met: boolean) {
  return met ? 'met' : 'NOT met';
}

/** Prints a table with a header row; numbers right-aligned. */
export function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (/^[-\d.?×%]+$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** Writes bench/results/<name>-<pglite|postgres>.json and says where. */
export function writeResults(name: string, kind: 'postgres' | 'pglite', data: unknown) {
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${kind}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: name, database: kind, at: new Date().toISOString(), machine: machine(), ...(data as object) }, null, 2)}\n`,
  );
  log(`results written to ${path.relative(root, file)}`);
}
