// Starts and stops the REAL Cocrea server (server.ts, production build) for the e2e run, on a fresh
// database every time: a new PostgreSQL database when DATABASE_URL is set (created here, dropped
// afterwards), otherwise embedded PGlite in a new temporary COCREA_DATA_DIR (removed afterwards).
//
// State (run directory, server pid, database name) is kept in a JSON file inside the run's temporary
// directory, whose path is in process.env.COCREA_E2E_STATE, so global teardown can undo exactly what
// global setup did. Teardown stops the server by its pid only, never by name.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { e2eHost, e2ePort, outputDir, repoRoot } from './env';

const STATE_ENV = 'COCREA_E2E_STATE';
const startTimeoutMs = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 180_000);

type State = {
  runDir: string;
  pid: number | null;
  dbName: string | null;
  logFile: string;
};

const log = (message: string) => console.log(`[e2e] ${message}`);

async function saveState(file: string, state: State): Promise<void> {
  await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use (a leftover server from an earlier run?). ` +
                `Stop that process, or choose another port with E2E_PORT.`,
            )
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** SIGTERM the given pid (the server shuts down gracefully), SIGKILL it if it lingers. */
async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  log(`stopping server (pid ${pid})`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  if (await waitForExit(pid, 15_000)) return;
  log(`server (pid ${pid}) did not exit after SIGTERM; sending SIGKILL`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 5_000))) throw new Error(`server process ${pid} would not exit`);
}

function logTail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server output)';
  }
}

async function waitForHealth(
  url: string,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | null,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) {
      throw new Error(
        `The server exited during start-up (code ${exit.code}, signal ${exit.signal}). ` +
          `Last lines of ${path.relative(repoRoot, logFile)}:\n${logTail(logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json().catch(() => null)) as { ok?: unknown } | null;
      if (response.ok && body?.ok === true) return;
      lastProblem = `HTTP ${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `The server did not become healthy at ${url} within ${startTimeoutMs / 1000}s (${lastProblem}). ` +
      `Last lines of ${path.relative(repoRoot, logFile)}:\n${logTail(logFile)}`,
  );
}

// Playwright handles Ctrl-C (SIGINT) by running global teardown, but SIGTERM/SIGHUP would kill the
// runner outright and leave the server and its database behind: clean up first, then exit.
let onSignal: ((signal: NodeJS.Signals) => void) | null = null;

function cleanUpOnSignals(): void {
  if (onSignal) return;
  let exiting = false;
  onSignal = (signal) => {
    if (exiting) return; // a repeated signal must not kill us halfway through the cleanup
    exiting = true;
    log(`${signal}: stopping the e2e server before exiting`);
    void stopE2eServer()
      .catch((error) => log(`cleanup failed: ${error.message}`))
      .finally(() => process.exit(signal === 'SIGHUP' ? 129 : 143));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

function stopCleaningUpOnSignals(): void {
  if (!onSignal) return;
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
  onSignal = null;
}

export async function startE2eServer(): Promise<void> {
  const serverBuild = path.join(repoRoot, 'build', 'server', 'index.js');
  if (!existsSync(serverBuild)) {
    throw new Error(
      `No production build at ${path.relative(repoRoot, serverBuild)}. ` +
        'Build first with `npx remix vite:build` (`npm test` does this before the e2e tests).',
    );
  }
  if (process.env[STATE_ENV]) await stopE2eServer(); // a previous setup in this process left state
  await assertPortFree(e2ePort, e2eHost);

  const runDir = await mkdtemp(path.join(os.tmpdir(), 'cocrea-e2e-'));
  const stateFile = path.join(runDir, 'state.json');
  const logDir = path.join(repoRoot, outputDir);
  mkdirSync(logDir, { recursive: true });
  const state: State = {
    runDir,
    pid: null,
    dbName: null,
    logFile: path.join(logDir, 'e2e-server.log'),
  };
  await saveState(stateFile, state);
  process.env[STATE_ENV] = stateFile;
  cleanUpOnSignals();

  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(e2ePort),
      HOST: e2eHost,
      COCREA_RATE_LIMITS: 'off',
      COCREA_SEED: 'auto',
      // Never touch the developer's ./data: anything the server keeps on disk goes to the run dir.
      COCREA_DATA_DIR: path.join(runDir, 'data'),
      SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex'),
    };
    delete env[STATE_ENV];

    if (process.env.DATABASE_URL) {
      const dbName = `cocrea_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
      await withAdmin((sql) => sql.unsafe(`create database "${dbName}"`));
      state.dbName = dbName;
      await saveState(stateFile, state);
      const url = new URL(adminUrl());
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
      log(`fresh PostgreSQL database ${redact(env.DATABASE_URL)}`);
    } else {
      delete env.DATABASE_URL;
      log(`fresh embedded PGlite database in ${env.COCREA_DATA_DIR}`);
    }

    const logFd = openSync(state.logFile, 'w');
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let child: ChildProcess;
    try {
      // `node --import tsx server.ts` is what `tsx server.ts` does, minus tsx's wrapper process,
      // so the pid we record is the server itself.
      child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    if (child.pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(`could not start the server: ${error.message}`);
    }
    child.once('exit', (code, signal) => {
      exit = { code, signal };
    });
    state.pid = child.pid;
    await saveState(stateFile, state);
    log(
      `started server.ts (pid ${child.pid}); output in ${path.relative(repoRoot, state.logFile)}`,
    );

    const started = Date.now();
    await waitForHealth(`http://${e2eHost}:${e2ePort}/healthz`, () => exit, state.logFile);
    log(
      `server healthy at http://${e2eHost}:${e2ePort} after ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  } catch (error) {
    await stopE2eServer().catch((cleanupError) => log(`cleanup failed: ${cleanupError}`));
    throw error;
  }
}

/** Undoes startE2eServer: stops the server by pid, drops the database, removes the run dir. Idempotent. */
export async function stopE2eServer(): Promise<void> {
  const stateFile = process.env[STATE_ENV];
  if (!stateFile || !existsSync(stateFile)) {
    delete process.env[STATE_ENV];
    stopCleaningUpOnSignals();
    return;
  }
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as State;
  const problems: string[] = [];

  if (state.pid !== null) {
    await stopPid(state.pid).catch((error) =>
      problems.push(`stopping pid ${state.pid}: ${error.message}`),
    );
  }
  if (state.dbName !== null) {
    const dbName = state.dbName;
    await withAdmin((sql) => sql.unsafe(`drop database if exists "${dbName}" with (force)`))
      .then(() => log(`dropped database ${dbName}`))
      .catch((error) => problems.push(`dropping database ${dbName}: ${error.message}`));
  }
  await rm(state.runDir, { recursive: true, force: true }).catch((error) =>
    problems.push(`removing ${state.runDir}: ${error.message}`),
  );
  delete process.env[STATE_ENV];
  stopCleaningUpOnSignals();
  if (problems.length) throw new Error(`e2e cleanup incomplete:\n  - ${problems.join('\n  - ')}`);
}
