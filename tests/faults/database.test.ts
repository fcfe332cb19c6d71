// Database faults under load, against the real built server (server.ts) on PostgreSQL reached
// through a TCP proxy (tests/support/pg-proxy.ts): killed backends and a database "restart" leave
// the process alive and serving again within seconds, an outage answers 503 quickly instead of
// hanging, and votes queueing for one hot idea's row lock neither starve other requests nor wait
// without bound (what commits meanwhile is published once the lock holder ends). Needs PostgreSQL
// (DATABASE_URL); PGlite has no backends to kill and runs in the server's own process.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '#app/auth/lucia.server';
import { logHorizon } from '#app/domain/events/log.server';
import { createTestDatabase } from '../support/database';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { connectClient, sessionCookie, type LiveClient, type TestDatabase } from '../support/live';
import { startPgProxy, type PgProxy } from '../support/pg-proxy';
import { isAlive, repoRoot, startServer, waitFor, type ServerProcess } from '../support/server';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.info(
    'tests/faults/database.test.ts skipped: database faults need PostgreSQL; set DATABASE_URL to run it.',
  );
}
const describeWithPostgres = baseUrl ? describe : describe.skip;

type Outcome = { status: number; ms: number; body: string };

describeWithPostgres('the server through database faults', () => {
  let database: TestDatabase;
  let proxy: PgProxy;
  let server: ServerProcess;
  let admin: postgres.Sql;
  let challengeId: number;
  let ideaId: number;
  let hotIdeaId: number;
  let quietIdeaId: number;
  let voters: TestUser[];
  const cookies = new Map<string, string>();
  const clients: LiveClient[] = [];

  /** One request with a client-side bound: a hung answer shows up as status 0 after `timeoutMs`. */
  async function request(
    pathname: string,
    init: RequestInit & { timeoutMs?: number } = {},
  ): Promise<Outcome> {
    const started = Date.now();
    try {
      const response = await fetch(`${server.url}${pathname}`, {
        ...init,
        signal: AbortSignal.timeout(init.timeoutMs ?? 8_000),
      });
      const body = await response.text();
      return { status: response.status, ms: Date.now() - started, body };
    } catch {
      return { status: 0, ms: Date.now() - started, body: '' };
    }
  }

  function vote(voter: TestUser, onIdea: number, value: 1 | 0, timeoutMs = 8_000) {
    return request(`/api/ideas/${onIdea}/vote`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: server.url,
        Cookie: cookies.get(voter.id)!,
      },
      body: JSON.stringify({ value }),
      timeoutMs,
    });
  }

  /**
   * Page requests and vote toggles from `workers` parallel clients until `stop` resolves; every
   * outcome is kept with the time it started, relative to `t0`.
   */
  async function load(
    workers: number,
    stop: Promise<unknown>,
    timeoutMs = 4_000,
    /** 'split': the first half of the workers only read pages, the others only vote. */
    mix: 'alternate' | 'split' = 'alternate',
  ) {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const t0 = Date.now();
    const outcomes: (Outcome & { at: number; kind: 'page' | 'vote' })[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        const voter = voters[w % voters.length]!;
        let value: 1 | 0 = 1;
        for (let i = 0; !stopped; i++) {
          const at = Date.now() - t0;
          const readsPage = mix === 'split' ? w < workers / 2 : i % 2 === 0;
          if (readsPage) {
            outcomes.push({
              ...(await request(`/ideas/${ideaId}`, { timeoutMs })),
              at,
              kind: 'page',
            });
          } else {
            const outcome = await vote(voter, ideaId, value, timeoutMs);
            if (outcome.status === 200) value = value === 1 ? 0 : 1;
            outcomes.push({ ...outcome, at, kind: 'vote' });
          }
        }
      }),
    );
    return outcomes;
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /** Every backend serving the server through the proxy (the test's own connections excluded). */
  async function serverBackends() {
    const ports = proxy.upstreamPorts();
    if (!ports.length) return [];
    return admin<{ pid: number; waiting: boolean }[]>`
      select pid, wait_event_type = 'Lock' as waiting from pg_stat_activity
      where datname = ${database.name} and client_port in ${admin(ports)}`;
  }

  async function servesAgainWithin(ms: number) {
    await waitFor(
      async () => (await request(`/ideas/${ideaId}`, { timeoutMs: 2_000 })).status === 200,
      ms,
      () => `the server did not answer 200 again:\n${server.output().slice(-3000)}`,
    );
  }

  function expectAlive() {
    expect(
      isAlive(server.pid),
      `the server process is alive:\n${server.output().slice(-3000)}`,
    ).toBe(true);
    expect(server.output()).not.toMatch(/Cannot read properties of null|uncaught/i);
  }

  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'build/server/index.js')))
      throw new Error('No production build in build/: run `npx remix vite:build` first.');
    database = await createTestDatabase();
    const db = database.db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    voters = await Promise.all(Array.from({ length: 14 }, () => makeUser(db)));
    const challenge = await makeChallenge(db, owner, { stage: 'open' });
    challengeId = challenge.id;
    ideaId = (await makeIdea(db, author, challengeId)).id;
    hotIdeaId = (await makeIdea(db, author, challengeId)).id;
    quietIdeaId = (await makeIdea(db, author, challengeId)).id;
    const auth = createAuth(db, { secureCookies: false });
    for (const voter of voters) cookies.set(voter.id, await sessionCookie(auth, voter.id));

    // On the test database itself, so it can also hold a row lock there.
    const testUrl = new URL(baseUrl!);
    testUrl.pathname = `/${database.name}`;
    admin = postgres(testUrl.toString(), { max: 2, onnotice: () => {} });
    proxy = await startPgProxy(baseUrl);
    server = await startServer({
      databaseUrl: proxy.url(database.name),
      env: { SESSION_SECRET: randomBytes(16).toString('hex') },
    });
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
    await proxy?.close();
    await admin?.end({ timeout: 1 });
    await database?.close();
  }, 60_000);

  it('survives pg_terminate_backend of every connection under load and serves 200 again within seconds', async () => {
    const kills: number[] = [];
    const killer = (async () => {
      await sleep(1_000);
      for (let round = 0; round < 3; round++) {
        const backends = await serverBackends();
        kills.push(backends.length);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity
          where pid in ${admin(backends.length ? backends.map((b) => b.pid) : [0])}`;
        await sleep(400);
      }
      await sleep(500);
    })();
    const outcomes = await load(8, killer);
    expect(kills[0], 'backends were killed while busy').toBeGreaterThan(0);
    expect(outcomes.some((o) => o.status === 200)).toBe(true);
    expectAlive();
    await servesAgainWithin(5_000);
    // Votes on the idea that was under load work again, within the hot-row hold limit (20 s).
    await waitFor(
      async () => (await vote(voters[13]!, ideaId, 1, 6_000)).status === 200,
      25_000,
      () => 'votes on the loaded idea never worked again',
    );
    expectAlive();
  }, 60_000);

  it('answers 503 quickly while the database is unreachable, and 200 within seconds after it is back', async () => {
    let cutAt = 0;
    let restoredAt = 0;
    const outage = (async () => {
      await sleep(800);
      cutAt = Date.now();
      proxy.cut();
      await sleep(3_000);
      proxy.restore();
      restoredAt = Date.now();
    })();
    const t0 = Date.now();
    // Readers and voters apart: a vote in flight when the connection is cut can hang inside the
    // driver until the hot-row hold bound (a known bug, see the closing note of 2026-12-01), and
    // must not keep the readers from being measured.
    const outcomes = await load(6, outage, 4_000, 'split');
    const during = outcomes.filter(
      (o) => t0 + o.at >= cutAt + 100 && t0 + o.at + o.ms <= restoredAt,
    );
    const pages = during.filter((o) => o.kind === 'page');
    expect(pages.length, 'pages were asked for during the outage').toBeGreaterThan(2);
    // Every page during the outage is a quick 503 with Retry-After's message: no hang, no 500.
    for (const o of pages) {
      expect(o.status, o.body.slice(0, 300)).toBe(503);
      expect(o.ms).toBeLessThan(3_000);
    }
    expect(pages[0]!.body).toMatch(/cannot reach its database/);
    // A vote answered while the database is away is refused (503, or 409 busy), never a 500.
    for (const o of during.filter((v) => v.kind === 'vote'))
      expect([409, 503], o.body.slice(0, 300)).toContain(o.status);
    const unavailable = await fetch(`${server.url}/ideas/${ideaId}`, {
      signal: AbortSignal.timeout(4_000),
    }).catch(() => null);
    // (The database is back by now; this only checks the header shape if it is still recovering.)
    if (unavailable?.status === 503)
      expect(unavailable.headers.get('retry-after')).toMatch(/^\d+$/);
    expectAlive();
    await servesAgainWithin(5_000);
  }, 60_000);

  it('sends Retry-After with a 503 while cut', async () => {
    proxy.cut();
    try {
      const response = await fetch(`${server.url}/challenges`, {
        headers: { Accept: 'text/html' },
        signal: AbortSignal.timeout(4_000),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await response.text()).toMatch(/try again/i);
    } finally {
      proxy.restore();
    }
    await servesAgainWithin(5_000);
  }, 30_000);

  it('keeps pages and votes flowing while 12 votes wait for a locked idea, ends those votes with a clear answer, and publishes what committed meanwhile once the lock is let go', async () => {
    await servesAgainWithin(5_000);
    const live = await connectClient(server.url);
    clients.push(live);
    const since = await logHorizon(database.db);
    await live.subscribeOk([{ room: `challenge:${challengeId}`, since }]);

    // Another session holds the hot idea's row lock, as a long vote transaction would.
    const holder = await admin.reserve();
    try {
      await holder`begin`;
      await holder`select id from ideas where id = ${hotIdeaId} for update`;
      const started = Date.now();
      const waiting = voters.slice(0, 12).map((voter) => vote(voter, hotIdeaId, 1, 30_000));
      await waitFor(
        async () => (await serverBackends()).some((b) => b.waiting),
        5_000,
        () => 'no vote is waiting for the row lock',
      );

      const page = await request(`/challenges`, { timeoutMs: 3_000 });
      expect(page.status).toBe(200);
      expect(page.ms).toBeLessThan(1_500);

      // A vote on another idea commits at once.
      const posted = Date.now();
      const other = await vote(voters[12]!, quietIdeaId, 1, 3_000);
      expect(other.status, other.body).toBe(200);
      expect(Date.now() - posted).toBeLessThan(2_000);

      const answers = await Promise.all(waiting);
      for (const answer of answers) {
        expect(answer.status, answer.body).toBe(409);
        expect(JSON.parse(answer.body)).toMatchObject({
          error: 'This idea is very busy right now; try again.',
        });
      }
      // The lock wait limit (5 s) ends them, in memory or in the database, well before 15 s.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await holder`rollback`.catch(() => {});
      holder.release();
    }
    // Its event waited behind the transaction holding the lock, which is older and might still
    // have appended events before it (decision 013); with that one gone, it is published at once.
    const released = Date.now();
    await live.waitForMessage((m) => m.type === 'vote.cast' && m.ideaId === quietIdeaId, 2_000);
    expect(Date.now() - released).toBeLessThan(2_000);
    // Once the lock is free, voting works again.
    expect((await vote(voters[0]!, hotIdeaId, 1)).status).toBe(200);
    expectAlive();
  }, 60_000);
});
