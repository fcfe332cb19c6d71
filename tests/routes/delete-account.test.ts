// POST /me/delete: the signed-in person deletes their own account after the password again, is
// signed out and sent home with a message; every refusal is a clear 4xx (or, for a browser's own
// form post, a way back to /me naming the field) with nothing written; cross-site posts never
// reach it. What the deletion does is tested in tests/domain/users/erase.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../../db/schema';
import * as deleteRoute from '#app/routes/me.delete';
import { createAuth } from '#app/auth/lucia.server';
import { testClock } from '#app/domain/core/clock';
import { useTestDatabase } from '../support/db';
import { FACTORY_PASSWORD, makeUser, type TestUser } from '../support/factories';
import {
  callAction,
  callLoader,
  formRequest,
  makeContext,
  TEST_ORIGIN,
  type ContextOptions,
  type TestViewer,
} from '../support/context';
import { expectRefused, snapshot } from '../support/route-assertions';
import { repoRoot, startServer, type ServerProcess } from '../support/server';

const db = useTestDatabase();

const VALID = { password: FACTORY_PASSWORD, content: 'anonymise', confirm: 'yes' };

/** A form post as the app's fetcher sends it (not asking for a page). */
const post = (
  viewer: TestViewer | null,
  fields: Record<string, string | string[]>,
  options: ContextOptions = {},
) =>
  callAction(deleteRoute, {
    request: formRequest('/me/delete', fields),
    context: makeContext(db(), viewer, options),
  });

/** The same post as a browser without JavaScript sends it: it asks for a page. */
function documentRequest(fields: Record<string, string>) {
  const request = formRequest('/me/delete', fields);
  request.headers.set('Accept', 'text/html,application/xhtml+xml');
  return request;
}

const deletedAt = async (user: TestUser) =>
  (await db().select({ at: users.deletedAt }).from(users).where(eq(users.id, user.id)))[0]!.at;

describe('POST /me/delete', () => {
  it('deletes the viewer’s account, ends the session cookie and goes home with a message', async () => {
    const person = await makeUser(db());
    const auth = createAuth(db(), { secureCookies: false });
    const session = await auth.createSession(person.id, {});
    const clock = testClock('2031-07-01T09:00:00Z');
    const context = makeContext(db(), person, { sessionId: session.id, clock });
    const result = await callAction(deleteRoute, {
      request: formRequest('/me/delete', VALID),
      context,
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/');
    const cookies = result.headers.getSetCookie();
    const blank = cookies.find((c) => c.startsWith('cocrea_session='));
    expect(blank).toMatch(/^cocrea_session=;/);
    expect(blank).toMatch(/Max-Age=0/i);
    const flash = cookies.find((c) => c.startsWith('cocrea_flash='));
    expect(await context.flash.cookie.parse(flash!.split(';')[0]!)).toBe(
      'Your account was deleted.',
    );
    expect(await deletedAt(person)).toEqual(clock.now());
    expect(await db().$count(sessions, eq(sessions.userId, person.id))).toBe(0);
    expect((await auth.validateSession(session.id)).session).toBeNull();
  });

  it('says it was deleted in the person’s language', async () => {
    const person = await makeUser(db());
    const context = makeContext(db(), person, { locale: 'es' });
    const result = await callAction(deleteRoute, {
      request: formRequest('/me/delete', { ...VALID, content: 'remove' }),
      context,
    });
    const flash = result.headers.getSetCookie().find((c) => c.startsWith('cocrea_flash='));
    expect(await context.flash.cookie.parse(flash!.split(';')[0]!)).toBe(
      'Tu cuenta se ha eliminado.',
    );
  });

  it('refuses a wrong password with 400 by the field, writing nothing and echoing no password', async () => {
    const person = await makeUser(db());
    for (const password of ['wrong password here', '<script>alert(1)</script>', person.email]) {
      const result = await expectRefused(db(), () => post(person, { ...VALID, password }), 400, {
        error: /not your password/i,
        fields: ['password'],
      });
      expect(result.body.values).not.toHaveProperty('password');
      expect(JSON.stringify(result.body)).not.toContain(password);
    }
    expect(await deletedAt(person)).toBeNull();
  });

  it('answers in the request’s language', async () => {
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () => post(person, { ...VALID, password: 'wrong password here' }, { locale: 'it' }),
      400,
      { error: /non è la tua password/i, fields: ['password'] },
    );
  });

  it('refuses missing, empty, repeated, too long or crafted fields with 400, writing nothing', async () => {
    const person = await makeUser(db());
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{}, ['password', 'content', 'confirm']],
      [{ ...VALID, password: '' }, ['password']],
      [{ ...VALID, password: 'x'.repeat(201) }, ['password']],
      [{ ...VALID, password: [FACTORY_PASSWORD, FACTORY_PASSWORD] }, ['password']],
      [{ ...VALID, content: '' }, ['content']],
      [{ ...VALID, content: 'everything' }, ['content']],
      [{ ...VALID, content: '<script>alert(1)</script>' }, ['content']],
      [{ ...VALID, content: ['anonymise', 'remove'] }, ['content']],
      [{ password: FACTORY_PASSWORD, content: 'remove' }, ['confirm']],
      [{ ...VALID, confirm: 'no' }, ['confirm']],
      [{ ...VALID, confirm: ['yes', 'yes'] }, ['confirm']],
    ];
    for (const [fields, named] of cases) {
      const result = await expectRefused(db(), () => post(person, fields), 400, { fields: named });
      expect(Object.keys(result.body.fieldErrors).sort()).toEqual([...named].sort());
    }
    expect(await deletedAt(person)).toBeNull();
  });

  it('takes no one else’s id: extra fields naming another person change nothing of theirs', async () => {
    const person = await makeUser(db());
    const other = await makeUser(db());
    const [otherBefore] = await db().select().from(users).where(eq(users.id, other.id));
    const result = await post(person, {
      ...VALID,
      userId: other.id,
      id: other.id,
      handle: other.handle,
      login: other.handle,
    });
    expect(result.status).toBe(302);
    const [otherAfter] = await db().select().from(users).where(eq(users.id, other.id));
    expect(otherAfter).toEqual(otherBefore);
    expect(await deletedAt(person)).not.toBeNull();
  });

  it('sends a browser posting without JavaScript back to /me, naming the failing fields', async () => {
    const person = await makeUser(db());
    const before = await snapshot(db());
    const context = makeContext(db(), person);
    const wrong = await callAction(deleteRoute, {
      request: documentRequest({ ...VALID, password: 'wrong password here' }),
      context,
    });
    expect(wrong.status).toBe(302);
    expect(wrong.headers.get('Location')).toBe('/me?deleteError=password#delete-account');
    const missing = await callAction(deleteRoute, {
      request: documentRequest({ password: '' }),
      context,
    });
    expect(missing.headers.get('Location')).toBe(
      '/me?deleteError=passwordMissing&deleteError=content&deleteError=confirm#delete-account',
    );
    expect(await snapshot(db())).toEqual(before);
    // The redirect carries names only, never what was typed.
    expect(wrong.headers.get('Location')).not.toContain('wrong');
  });

  it('asks a visitor who is not signed in to sign in (401, or the sign-in page for a browser)', async () => {
    await expectRefused(db(), () => post(null, VALID), 401, { error: /sign in/i });
    const page = await callAction(deleteRoute, {
      request: documentRequest(VALID),
      context: makeContext(db(), null),
    });
    expect(page.status).toBe(302);
    expect(page.headers.get('Location')).toBe('/signin?redirectTo=%2Fme');
  });

  it('answers 415 to a body that is not a form', async () => {
    const person = await makeUser(db());
    const request = new Request(`${TEST_ORIGIN}/me/delete`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
      body: JSON.stringify(VALID),
    });
    await expectRefused(
      db(),
      () => callAction(deleteRoute, { request, context: makeContext(db(), person) }),
      415,
    );
  });

  it('is rate-limited like signing in', async () => {
    const person = await makeUser(db());
    const context = makeContext(db(), person, { rateLimits: true });
    const attempt = (password: string) =>
      callAction(deleteRoute, {
        request: formRequest('/me/delete', { ...VALID, password }),
        context,
      });
    for (let i = 0; i < 10; i++) expect((await attempt('wrong password here')).status).toBe(400);
    const limited = await expectRefused(db(), () => attempt(FACTORY_PASSWORD), 429);
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await deletedAt(person)).toBeNull();
    // A browser without JavaScript is sent back to the form with the reason.
    const page = await callAction(deleteRoute, { request: documentRequest(VALID), context });
    expect(page.headers.get('Location')).toBe('/me?deleteError=limit#delete-account');
  });

  it('sends a GET back to /me and refuses other methods with 405', async () => {
    const person = await makeUser(db());
    const got = await callLoader(deleteRoute, { context: makeContext(db(), person) });
    expect(got.status).toBe(302);
    expect(got.headers.get('Location')).toBe('/me');
    const put = await callAction(deleteRoute, {
      request: new Request(`${TEST_ORIGIN}/me/delete`, {
        method: 'PUT',
        body: new URLSearchParams(VALID),
      }),
      context: makeContext(db(), person),
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('POST');
    expect(await deletedAt(person)).toBeNull();
  });
});

// Through the real server: the origin check in server.ts refuses cross-site posts before any
// route, and a deletion ends the session at once for every later request.
describe.skipIf(!existsSync(path.join(repoRoot, 'build/server/index.js')))(
  'POST /me/delete (real server)',
  () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });

    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const password = 'a long enough test password';

    async function signedUp() {
      const handle = `del_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
      await fetch(`${server.url}/signup`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, Origin: server.url },
        body: new URLSearchParams({ handle, email: `${handle}@example.com`, password }),
      });
      const signIn = await fetch(`${server.url}/signin`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, Origin: server.url },
        body: new URLSearchParams({ login: handle, password }),
      });
      const cookie = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('cocrea_session='))
        ?.split(';')[0];
      expect(cookie).toBeTruthy();
      return { handle, cookie: cookie! };
    }

    const signedIn = async (cookie: string) => {
      const response = await fetch(`${server.url}/me`, {
        redirect: 'manual',
        headers: { Cookie: cookie },
      });
      await response.body?.cancel();
      return response.status === 200;
    };

    it('refuses a cross-site or origin-less post with 403, and the account stays', async () => {
      const { cookie } = await signedUp();
      for (const origin of ['https://evil.example', undefined]) {
        const response = await fetch(`${server.url}/me/delete`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...form, Cookie: cookie, ...(origin ? { Origin: origin } : {}) },
          body: new URLSearchParams({ password, content: 'remove', confirm: 'yes' }),
        });
        expect(response.status).toBe(403);
        await response.body?.cancel();
      }
      expect(await signedIn(cookie)).toBe(true);
    });

    it('signs the person out at once, and their credentials no longer sign in', async () => {
      const { handle, cookie } = await signedUp();
      expect(await signedIn(cookie)).toBe(true);
      const response = await fetch(`${server.url}/me/delete`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, Cookie: cookie, Origin: server.url, Accept: 'text/html' },
        body: new URLSearchParams({ password, content: 'anonymise', confirm: 'yes' }),
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
      await response.body?.cancel();
      expect(await signedIn(cookie)).toBe(false);
      for (const login of [handle, `${handle}@example.com`]) {
        const again = await fetch(`${server.url}/signin`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...form, Origin: server.url },
          body: new URLSearchParams({ login, password }),
        });
        expect(again.status).toBe(400);
        expect(again.headers.getSetCookie().some((c) => c.startsWith('cocrea_session='))).toBe(
          false,
        );
        await again.body?.cancel();
      }
      // The old handle is held: signing up with it is refused like a taken handle.
      const taken = await fetch(`${server.url}/signup`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, Origin: server.url },
        body: new URLSearchParams({ handle, email: `${handle}2@example.com`, password }),
      });
      expect(taken.status).toBe(409);
      await taken.body?.cancel();
    });
  },
);
