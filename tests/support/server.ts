// Starts the REAL server (server.ts over the production build in build/) as a child process on a
// free 127.0.0.1 port with a fresh database: a new PostgreSQL database when DATABASE_URL is set,
// embedded PGlite in a temporary data folder otherwise. Stopped by its pid, never by name.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export type ServerProcess = {
  url: string;
  port: number;
  /** The pid of the process that was spawned (server.ts itself, or scripts/start.mjs). */
  pid: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL if still alive after 15 s; then removes the database. Idempotent. */
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Extra environment (COCREA_RATE_LIMITS defaults to off, as in the e2e run). */
  env?: Record<string, string | undefined>;
  /**
   * 'server' spawns server.ts; 'start' spawns scripts/start.mjs --no-build, and 'npm' runs
   * `npm start -- --no-build` (the pid is npm's).
   */
  via?: 'server' | 'start' | 'npm';
  /** Give a database URL to use instead of a fresh one (e.g. a proxy in front of it). */
  databaseUrl?: string;
  timeoutMs?: number;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `check` every 50 ms until it resolves true; fails after `timeoutMs` with `describe()`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh PostgreSQL database (dropped by the returned function) when DATABASE_URL is set. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return null;
  const name = `cocrea_srv_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database "${name}"`);
  await sql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(admin, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  if (!existsSync(path.join(repoRoot, 'build/server/index.js')))
    throw new Error('No production build in build/: run `npx remix vite:build` first.');
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cocrea-server-'));
  const pg = options.databaseUrl ? null : await freshPostgres();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    COCREA_DATA_DIR: dataDir,
    COCREA_SEED: 'never',
    COCREA_RATE_LIMITS: 'off',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: options.databaseUrl ?? pg?.url ?? '',
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  // Vitest sets these for its own workers; the server should not see them.
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;

  const [command, ...args] =
    options.via === 'npm'
      ? ['npm', 'start', '--silent', '--', '--no-build']
      : options.via === 'start'
        ? [process.execPath, 'scripts/start.mjs', '--no-build']
        : [process.execPath, '--import', 'tsx', 'server.ts'];
  const child = spawn(command!, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const server: ServerProcess = {
    url,
    port,
    pid: child.pid!,
    child,
    output: () => output,
    exited,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!hasExited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await pg?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      async () => {
        if (hasExited) throw new Error(`The server exited during start-up:\n${output}`);
        try {
          const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
          return response.ok;
        } catch {
          return false;
        }
      },
      options.timeoutMs ?? 60_000,
      () => `the server did not become healthy:\n${output}`,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
