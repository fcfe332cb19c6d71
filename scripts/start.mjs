// `npm start`: build the site if the build is missing or older than its sources, then run the server
// and restart it if it crashes. `--no-build` skips the build step (tests start the server this way).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const buildMarker = path.join(root, 'build', 'server', 'index.js');

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(full))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

const sources = ['app', 'db', 'public', 'remix.config.js', 'vite.config.ts', 'package.json'];
const serverArgs = process.argv.slice(2).filter((arg) => arg !== '--no-build');
const stale =
  !process.argv.includes('--no-build') &&
  (!existsSync(buildMarker) ||
    Math.max(...sources.map(newestMtime)) > statSync(buildMarker).mtimeMs);
if (stale) {
  console.log('Building Cocrea (first run or sources changed)…');
  const result = spawnSync(bin('remix'), ['vite:build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

supervise();

/**
 * Runs server.ts as one child and keeps it running: signals are passed on and end everything once
 * the server has stopped; a server that dies on its own (crash, kill -9, exit code other than 0)
 * is started again after a growing pause, up to MAX_CRASHES within CRASH_WINDOW_MS.
 */
function supervise() {
  const MAX_CRASHES = 5;
  const CRASH_WINDOW_MS = 60_000;
  const crashes = [];
  let server = null;
  let stopping = false;
  let restartTimer = null;

  const start = () => {
    // `node --import tsx` rather than the tsx binary, which would put a wrapper process between us
    // and the server. The IPC channel lets the server notice when this process is gone.
    server = spawn(process.execPath, ['--import', 'tsx', 'server.ts', ...serverArgs], {
      cwd: root,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { NODE_ENV: 'production', ...process.env },
    });
    console.log(`[start] server started (pid ${server.pid})`);
    server.on('exit', onExit);
  };

  const onExit = (code, signal) => {
    server = null;
    if (stopping || code === 0) process.exit(code ?? 0);
    const now = Date.now();
    crashes.push(now);
    while (crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (crashes.length >= MAX_CRASHES) {
      console.error(
        `[start] the server ${why}; it crashed ${crashes.length} times within a minute, giving up.`,
      );
      process.exit(1);
    }
    const pauseMs = 500 * 2 ** (crashes.length - 1);
    console.error(`[start] the server ${why}; starting it again in ${pauseMs / 1000} s.`);
    restartTimer = setTimeout(start, pauseMs);
  };

  const stop = (signal) => {
    stopping = true;
    if (server) server.kill(signal);
    else {
      clearTimeout(restartTimer);
      process.exit(0);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  // npm runs this script through a shell, and a signal to npm may end npm and the shell without
  // reaching us: once the process that started us is gone, stop as if told to.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopping) {
      console.log('[start] the process that started Cocrea is gone; stopping.');
      stop('SIGTERM');
    }
  }, 500).unref();
  start();
}
