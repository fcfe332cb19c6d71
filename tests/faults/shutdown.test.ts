// Shutdown and supervision of the REAL server (built app, spawned on a free port): SIGTERM finishes
// the requests in flight and exits 0; `npm start` (scripts/start.mjs) passes signals on, never
// leaves its server behind, and starts it again when it dies on its own.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, repoRoot, startServer, waitFor, type ServerProcess } from '../support/server';

const started: ServerProcess[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) await server.stop();
});

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(options);
  started.push(server);
  return server;
}

/** A raw keep-alive HTTP connection, to control exactly when each byte is sent. */
class Connection {
  readonly socket: Socket;
  received = '';
  closed = false;
  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => (this.received += chunk.toString('latin1')));
    this.socket.on('error', () => {});
    this.socket.on('close', () => (this.closed = true));
  }
  responses() {
    return [...this.received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)]
      .map((m) => Number(m[1]))
      .filter((status) => status >= 200);
  }
  send(text: string) {
    this.socket.write(text);
  }
}

function connectOutcome(port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}

describe('SIGTERM', { timeout: 60_000 }, () => {
  it('finishes the requests in flight, closes idle connections, refuses new ones and exits 0', async () => {
    const server = await start();
    const host = `Host: 127.0.0.1:${server.port}\r\n`;
    const get = `GET /healthz HTTP/1.1\r\n${host}\r\n`;
    const body = 'login=nobody_here&password=wrong+password';

    // 20 keep-alive connections that have each been served once, then sent half of a request
    // (the server's "100 Continue" says it is reading it: the request is in flight).
    const busy = Array.from({ length: 20 }, () => new Connection(server.port));
    const idle = Array.from({ length: 5 }, () => new Connection(server.port));
    for (const c of [...busy, ...idle]) c.send(get);
    await waitFor(
      () => [...busy, ...idle].every((c) => c.responses().length === 1),
      10_000,
      () => 'first responses',
    );
    for (const c of busy) {
      c.send(
        `POST /signin HTTP/1.1\r\n${host}Content-Type: application/x-www-form-urlencoded\r\n` +
          `Expect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
    }
    await waitFor(
      () => busy.every((c) => c.received.includes('100 Continue')),
      10_000,
      () => 'no 100 Continue',
    );

    server.child.kill('SIGTERM');
    await waitFor(
      async () => (await connectOutcome(server.port)) === 'refused',
      5_000,
      () => 'new connections are still accepted',
    );
    await waitFor(
      () => idle.every((c) => c.closed),
      5_000,
      () => 'idle connections left open',
    );

    // The requests in flight still get their answers, and then their connections close.
    for (const c of busy) c.send(body.slice(10));
    await waitFor(
      () => busy.every((c) => c.closed),
      15_000,
      () => `answers: ${busy.map((c) => c.responses().join('+')).join(', ')}`,
    );
    for (const c of busy) {
      expect(c.responses()).toEqual([200, 400]);
      expect(c.received).toMatch(/Connection: close/i);
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Stopped.');
  });
});

// Each test starts a server (through npm, too) and waits for it to stop: slow on a busy machine.
describe('npm start (scripts/start.mjs)', { timeout: 90_000 }, () => {
  const serverPids = (server: ServerProcess) =>
    [...server.output().matchAll(/server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));

  it.each(['start', 'npm'] as const)(
    '(%s) passes SIGTERM on and leaves no server behind',
    async (via) => {
      const supervisor = await start({ via });
      const [pid] = serverPids(supervisor);
      expect(pid).toBeGreaterThan(0);
      supervisor.child.kill('SIGTERM');
      const exit = await supervisor.exited;
      // start.mjs exits 0 once its server has; npm re-raises the signal it was stopped by.
      expect(exit).toEqual(
        via === 'start' ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' },
      );
      await waitFor(
        () => !isAlive(pid!),
        15_000,
        () => `server pid ${pid} still running`,
      );
      expect(supervisor.output()).toContain('Stopped.');
    },
  );

  it('leaves no server behind when it is killed outright', async () => {
    const supervisor = await start({ via: 'start' });
    const [pid] = serverPids(supervisor);
    supervisor.child.kill('SIGKILL');
    await supervisor.exited;
    await waitFor(
      () => !isAlive(pid!),
      15_000,
      () => `server pid ${pid} still running`,
    );
  });

  it('starts the server again when it dies on its own', async () => {
    const supervisor = await start({ via: 'start' });
    const [first] = serverPids(supervisor);
    process.kill(first!, 'SIGKILL');
    await waitFor(
      () => serverPids(supervisor).length === 2,
      15_000,
      () => supervisor.output(),
    );
    expect(supervisor.output()).toMatch(/the server was killed by SIGKILL; starting it again/);
    await waitFor(
      async () => {
        try {
          return (await fetch(`${supervisor.url}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      30_000,
      () => supervisor.output(),
    );
    expect(isAlive(serverPids(supervisor)[1]!)).toBe(true);
  });

  it('gives up after 5 crashes within a minute', async () => {
    // A server that cannot start (a bad setting) exits 1 every time.
    const supervisor = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    supervisor.stdout.on('data', (chunk) => (output += chunk));
    supervisor.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => supervisor.once('exit', resolve));
    expect(code).toBe(1);
    expect(output.match(/server started/g)).toHaveLength(5);
    expect(output).toMatch(/exited with code 1; starting it again in 0\.5 s/);
    expect(output).toMatch(/crashed 5 times within a minute, giving up/);
  });
});
