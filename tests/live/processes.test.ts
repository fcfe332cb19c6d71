// Several server processes on one PostgreSQL database: an event committed through one process
// reaches clients of both, a client reconnecting to the other process catches up from its last
// position, and presence ("N people here now") is summed across processes. Runs two real
// `server.ts` processes, so it needs PostgreSQL (DATABASE_URL); on PGlite there is only ever one
// process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logHorizon } from '#app/domain/events/log.server';
import { LOG_START, comparePosition } from '#app/live/protocol';
import type { LiveEvent } from '#app/live/protocol';
import { createTestDatabase } from '../support/database';
import {
  FACTORY_PASSWORD,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../support/factories';
import { makeOpposer } from '../support/reputation';
import {
  connectClient,
  lastLogPosition,
  roomEventIds,
  sleep,
  type LiveClient,
  type TestDatabase,
} from '../support/live';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.info(
    'tests/live/processes.test.ts skipped: several server processes need PostgreSQL; set DATABASE_URL to run it.',
  );
}
const describeWithPostgres = baseUrl ? describe : describe.skip;

/** A free TCP port on 127.0.0.1 (released again before the server takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion (output kept for the error message), killed after `timeoutMs`. */
function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`,
          ),
        );
    });
  });
}

type ServerProcess = {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
  running: () => boolean;
};

const started: ChildProcess[] = [];
// A last resort if the test worker itself goes away: never leave servers behind.
process.once('exit', () => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startServer(
  name: string,
  port: number,
  databaseUrl: string,
  dataDir: string,
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      COCREA_DATA_DIR: dataDir,
      COCREA_SEED: 'never',
      COCREA_RATE_LIMITS: 'off',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(16).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let alive = true;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      alive = false;
      resolve();
    });
  });
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    running: () => alive,
  };
}

async function waitForHealth(server: ServerProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!server.running())
      throw new Error(`server ${server.name} exited during start-up:\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `server ${server.name} not healthy after ${timeoutMs} ms:\n${server.output()}`,
      );
    await sleep(100);
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
async function stopServer(server: ServerProcess) {
  if (!server.running()) return;
  server.child.kill('SIGTERM');
  const gone = await Promise.race([
    server.exited.then(() => true),
    sleep(10_000).then(() => false),
  ]);
  if (!gone) {
    server.child.kill('SIGKILL');
    await Promise.race([server.exited, sleep(5000)]);
  }
}

describeWithPostgres('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let dataDir: string;
  const servers: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let voters: TestUser[];
  let challengeId: number;
  let ideaId: number;
  let presenceChallengeId: number;
  const cookies = new Map<string, string>();
  const clients: LiveClient[] = [];

  const connect = async (server: ServerProcess) => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };

  /** Signs in through the real /signin form of a process; returns the session cookie to send back. */
  async function signIn(server: ServerProcess, user: TestUser) {
    const response = await fetch(`${server.url}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: user.handle, password: FACTORY_PASSWORD }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status, await response.clone().text()).toBe(302);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('cocrea_session='));
    expect(session, 'a session cookie').toBeDefined();
    return session!.split(';')[0]!;
  }

  async function vote(server: ServerProcess, user: TestUser, value: 1 | -1 | 0) {
    const response = await fetch(`${server.url}/api/ideas/${ideaId}/vote`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: server.url,
        Cookie: cookies.get(user.id)!,
      },
      body: JSON.stringify({ value }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as {
      supportCount: number;
      opposeCount: number;
      error?: string;
    };
    expect(response.status, body.error).toBe(200);
    return body;
  }

  /** Waits until a process's pump has published everything in the log (its 'health' cursor). */
  async function caughtUp(server: ServerProcess) {
    const latest = await lastLogPosition(database.db);
    const probe = await connect(server);
    let cursor = LOG_START;
    const deadline = Date.now() + 5000;
    while (
      comparePosition((cursor = (await probe.health()).cursor ?? LOG_START), latest) < 0 &&
      Date.now() < deadline
    )
      await sleep(50);
    probe.close();
    expect(
      comparePosition(cursor, latest),
      `${server.name}'s pump caught up with the log (at ${cursor}, the log at ${latest})`,
    ).toBeGreaterThanOrEqual(0);
  }

  beforeAll(async () => {
    // server.ts (production mode) serves the Remix build; vitest runs before `npm test` builds it.
    if (!existsSync(path.join(root, 'build/server/index.js')))
      await run(path.join(root, 'node_modules/.bin/remix'), ['vite:build'], 150_000);

    database = await createTestDatabase();
    const db = database.db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    voters = [await makeOpposer(db), await makeOpposer(db), await makeOpposer(db)];
    const challenge = await makeChallenge(db, owner, { stage: 'open' });
    challengeId = challenge.id;
    ideaId = (await makeIdea(db, author, challenge.id)).id;
    presenceChallengeId = (await makeChallenge(db, owner, { stage: 'open' })).id;

    const url = new URL(baseUrl!);
    url.pathname = `/${database.name}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'cocrea-processes-'));
    const [portA, portB] = [await freePort(), await freePort()];
    a = startServer('A', portA, url.toString(), dataDir);
    b = startServer('B', portB, url.toString(), dataDir);
    servers.push(a, b);
    await Promise.all([waitForHealth(a, 90_000), waitForHealth(b, 90_000)]);
    for (const voter of voters) cookies.set(voter.id, await signIn(a, voter));
  }, 240_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => stopServer(server)));
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a vote posted to process A reaches clients of B and of A with the new counts within 2 s', async () => {
    const since = await logHorizon(database.db);
    const rooms = [
      { room: `challenge:${challengeId}` as const, since },
      { room: `idea:${ideaId}` as const, since },
    ];
    const onB = await connect(b);
    const onA = await connect(a);
    expect(await onB.subscribeOk(rooms)).toMatchObject({ joined: rooms.map((r) => r.room) });
    await onA.subscribeOk(rooms);

    const counts = await vote(a, voters[0]!, 1);
    expect(counts).toMatchObject({ supportCount: 1, opposeCount: 0 });
    const posted = Date.now();
    for (const client of [onB, onA]) {
      const message = (await client.waitForMessage(
        (m) => m.type === 'vote.cast',
        2000,
      )) as LiveEvent;
      expect(message).toMatchObject({
        ideaId,
        challengeId,
        data: { supportCount: 1, opposeCount: 0, from: 0, to: 1 },
      });
      expect(JSON.stringify(message)).not.toContain(voters[0]!.id);
    }
    expect(Date.now() - posted).toBeLessThan(2000);
    await sleep(200);
    expect(onB.ids()).toEqual(await roomEventIds(database.db, `challenge:${challengeId}`, since));
    expect(onA.ids()).toEqual(onB.ids());
  });

  it('a client of B that misses 20 changes made through A gets exactly those 20 after reconnecting with its last position', async () => {
    const since = await logHorizon(database.db);
    const rooms = [
      { room: `challenge:${challengeId}` as const, since },
      { room: `idea:${ideaId}` as const, since },
    ];
    const first = await connect(b);
    await first.subscribeOk(rooms);
    await vote(a, voters[1]!, -1);
    const [seen] = await first.waitForMessages(1, 2000);
    first.close();

    // 20 changes through A while away: support and withdraw, by turns, by the three voters.
    const state = new Map<string, number>([
      [voters[0]!.id, 1],
      [voters[1]!.id, -1],
      [voters[2]!.id, 0],
    ]);
    for (let i = 0; i < 20; i++) {
      const voter = voters[i % 3]!;
      const next = state.get(voter.id) === 0 ? 1 : 0;
      await vote(a, voter, next);
      state.set(voter.id, next);
    }
    const missed = await roomEventIds(database.db, `idea:${ideaId}`, seen!.position);
    expect(missed).toHaveLength(20);
    // Reconnect once B has published them (see REPLAY_RACE_FIXED in replay.test.ts for why).
    await caughtUp(b);

    const back = await connect(b);
    await back.subscribeOk(rooms.map((r) => ({ ...r, since: seen!.position })));
    await back.waitForMessages(20, 3000);
    await sleep(300);
    expect(back.ids()).toEqual(missed);
    const last = back.messages.at(-1) as LiveEvent;
    const [supportCount, opposeCount] = [
      [...state.values()].filter((v) => v === 1).length,
      [...state.values()].filter((v) => v === -1).length,
    ];
    expect(last.data).toMatchObject({ supportCount, opposeCount });
  });

  it('counts presence across processes: one person on A and one on B are 2 on both; one leaves, 1', async () => {
    const room = `challenge:${presenceChallengeId}` as const;
    const since = await logHorizon(database.db);
    const onA = await connect(a);
    await onA.subscribeOk([{ room, since }]);
    await onA.waitForPresence(room, 1, 2000);
    const onB = await connect(b);
    await onB.subscribeOk([{ room, since }]);
    await onB.waitForPresence(room, 2, 2500);
    await onA.waitForPresence(room, 2, 2500);

    onB.close();
    await onA.waitForPresence(room, 1, 2500);
    // And back: a second client on B.
    const again = await connect(b);
    await again.subscribeOk([{ room, since }]);
    await again.waitForPresence(room, 2, 2500);
    await onA.waitForPresence(room, 2, 2500);
  });
});
