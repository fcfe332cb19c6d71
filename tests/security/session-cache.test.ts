// Sessions are cached for a few seconds per process (app/auth/lucia.server.ts), and signing out
// still works at once: in the same process straight away, in another as soon as its notice
// arrives, and, should the notice be lost, after SESSION_CACHE_MS at most. Checked on the session
// functions and through the real server (and two of them on PostgreSQL).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import {
  SESSION_CACHE_MS,
  createAuth,
  endSession,
  followSignOuts,
  resolveViewer,
  startSession,
  type Auth,
} from '#app/auth/lucia.server';
import { createTestDatabase } from '../support/database';
import { makeUser } from '../support/factories';
import { freshPostgres, startServer, waitFor, type ServerProcess } from '../support/server';

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the session cache', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function signedIn(auth: Auth) {
    const user = await makeUser(database.db);
    const cookie = cookieOf(await startSession(auth, user.id));
    const sessionId = cookie.split('=')[1]!;
    return { user, cookie, sessionId };
  }
  const viewerOf = async (auth: Auth, cookie: string) =>
    (await resolveViewer(auth, cookie, { cached: true })).viewer;

  it('answers from memory within SESSION_CACHE_MS, and asks again after it', async () => {
    const auth = createAuth(database.db, { secureCookies: false, sessionCacheMs: 300 });
    const { user, cookie, sessionId } = await signedIn(auth);
    expect(await viewerOf(auth, cookie)).toMatchObject({ id: user.id });
    // Gone from the database with no notice (as if the notice were lost): still believed briefly…
    await database.db.delete(sessions).where(eq(sessions.id, sessionId));
    expect(await viewerOf(auth, cookie)).toMatchObject({ id: user.id });
    // …and never for longer than the cache's time.
    await sleep(350);
    expect(await viewerOf(auth, cookie)).toBeNull();
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(10_000);
  });

  it('ends a session at once when it is signed out in this process', async () => {
    const auth = createAuth(database.db, { secureCookies: false, sessionCacheMs: 60_000 });
    const { cookie, sessionId } = await signedIn(auth);
    expect(await viewerOf(auth, cookie)).not.toBeNull();
    await endSession(auth, database.db, sessionId);
    expect(await viewerOf(auth, cookie)).toBeNull();
  });

  it('ends a session when another process says it signed it out', async () => {
    const here = createAuth(database.db, { secureCookies: false, sessionCacheMs: 60_000 });
    const elsewhere = createAuth(database.db, { secureCookies: false, sessionCacheMs: 60_000 });
    const stop = await followSignOuts(here, database);
    try {
      const { cookie, sessionId } = await signedIn(here);
      expect(await viewerOf(here, cookie)).not.toBeNull();
      await endSession(elsewhere, database.db, sessionId);
      await waitFor(
        async () => (await viewerOf(here, cookie)) === null,
        5_000,
        () => 'the signed-out session is still believed here',
      );
    } finally {
      await stop();
    }
  });

  it('is used only when asked for (the live layer checks every handshake)', async () => {
    const auth = createAuth(database.db, { secureCookies: false, sessionCacheMs: 60_000 });
    const { cookie, sessionId } = await signedIn(auth);
    expect(await viewerOf(auth, cookie)).not.toBeNull();
    await database.db.delete(sessions).where(eq(sessions.id, sessionId));
    expect((await resolveViewer(auth, cookie)).viewer).toBeNull();
  });
});

/** Signs up through the form and signs in; returns the session cookie. */
async function signUp(base: string) {
  const handle = `cache_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const password = 'correct horse battery';
  await fetch(`${base}/signup`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams({ handle, email: `${handle}@example.com`, password }),
  });
  const signIn = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams({ login: handle, password, redirectTo: '/' }),
  });
  const session = signIn.headers.getSetCookie().find((c) => c.startsWith('cocrea_session='));
  if (!session) throw new Error(`sign-in failed: HTTP ${signIn.status}`);
  return cookieOf(session);
}

/** Whether the server takes the cookie for a signed-in person (the notifications page needs one). */
async function signedInAt(base: string, cookie: string) {
  const response = await fetch(`${base}/notifications`, {
    redirect: 'manual',
    headers: { Cookie: cookie },
  });
  await response.body?.cancel();
  if (response.status === 200) return true;
  if (response.status === 302 && response.headers.get('location')?.startsWith('/signin'))
    return false;
  throw new Error(`unexpected answer from /notifications: HTTP ${response.status}`);
}

async function post(base: string, path: string, cookie: string, fields: Record<string, string>) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: base,
      Cookie: cookie,
    },
    body: new URLSearchParams(fields),
  });
  await response.body?.cancel();
  return response;
}

describe('the real server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('treats the cookie of a session signed out a moment ago as anonymous', async () => {
    const cookie = await signUp(server.url);
    expect(await signedInAt(server.url, cookie)).toBe(true);
    expect(await signedInAt(server.url, cookie)).toBe(true); // now from the cache
    expect((await post(server.url, '/signout', cookie, {})).status).toBe(302);
    expect(await signedInAt(server.url, cookie)).toBe(false);
  });

  it('shows the language a signed-in person just chose on their next page', async () => {
    const cookie = await signUp(server.url);
    const lang = async () => {
      const html = await (await fetch(`${server.url}/`, { headers: { Cookie: cookie } })).text();
      return /<html[^>]*\blang="([a-z]+)"/.exec(html)?.[1];
    };
    expect(await lang()).toBe('en');
    expect((await post(server.url, '/locale', cookie, { locale: 'es' })).status).toBe(302);
    // Only the session cookie goes along: the language comes from the account, not the cookie.
    expect(await lang()).toBe('es');
  });
});

// Two server processes on one PostgreSQL database: a sign-out through one is honoured by the
// other well within SESSION_CACHE_MS, through the sign-out notice.
describe.skipIf(!process.env.DATABASE_URL)('two server processes', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    pg = await freshPostgres();
    a = await startServer({ databaseUrl: pg!.url });
    b = await startServer({ databaseUrl: pg!.url });
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await pg?.drop();
  }, 60_000);

  it('ends in the other process a session signed out in one', async () => {
    const cookie = await signUp(a.url);
    expect(await signedInAt(b.url, cookie)).toBe(true);
    expect(await signedInAt(b.url, cookie)).toBe(true); // cached in b
    expect((await post(a.url, '/signout', cookie, {})).status).toBe(302);
    const signedOutAt = Date.now();
    await waitFor(
      async () => !(await signedInAt(b.url, cookie)),
      SESSION_CACHE_MS + 1_000,
      () => 'the other process still takes the signed-out session',
    );
    // The notice, not the cache's time limit, ended it.
    expect(Date.now() - signedOutAt).toBeLessThan(SESSION_CACHE_MS);
  });
});
