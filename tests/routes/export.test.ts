import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from '#app/routes/me.export';
import { useTestDatabase } from '../support/db';
import { FACTORY_PASSWORD } from '../support/factories';
import {
  callAction,
  callLoader,
  formRequest,
  makeContext,
  TEST_ORIGIN,
  type TestViewer,
} from '../support/context';
import { expectRefused } from '../support/route-assertions';
import { repoRoot, startServer, type ServerProcess } from '../support/server';
import {
  collect,
  EXPORT_SECTIONS,
  twoPeopleActingOnEachOther,
} from '../domain/users/export.fixtures';

const db = useTestDatabase();

const post = (viewer: TestViewer | null, fields: Record<string, string | string[]>, options = {}) =>
  callAction(exportRoute, {
    request: formRequest('/me/export', fields),
    context: makeContext(db(), viewer, options),
  });

async function* chunksOf(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>)
    yield decoder.decode(bytes, { stream: true });
}

describe('POST /me/export', () => {
  it('streams the signed-in person’s data as an attachment, never cached', async () => {
    const { a, b } = await twoPeopleActingOnEachOther(db());
    const response = (await exportRoute.action({
      request: formRequest('/me/export', { password: FACTORY_PASSWORD }),
      context: makeContext(db(), a),
      params: {},
    })) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const day = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="cocrea-${a.handle}-${day}.json"`,
    );
    const { doc, chunks, text } = await collect(chunksOf(response.body!));
    expect(chunks.length).toBeGreaterThan(EXPORT_SECTIONS.length);
    for (const key of EXPORT_SECTIONS) expect(doc, key).toHaveProperty(key);
    expect(doc.profile.handle).toBe(a.handle);
    expect(text).not.toContain(b.email);
    expect(text).toContain(a.email);
  });

  it('refuses a wrong password with 400 and a message, and sends no data', async () => {
    const { a, b } = await twoPeopleActingOnEachOther(db());
    for (const password of ['wrong password here', '<script>alert(1)</script>', b.email]) {
      const result = await expectRefused(db(), () => post(a, { password }), 400, {
        error: /not your password/i,
        fields: ['password'],
      });
      expect(result.headers.get('Content-Disposition')).toBeNull();
      expect(JSON.stringify(result.body)).not.toContain(a.email);
      expect(result.body.values).not.toHaveProperty('password');
    }
  });

  it('does not take another person’s password for yours', async () => {
    const { a, b } = await twoPeopleActingOnEachOther(db());
    // Both have the factory password; B's session with a different password must still be B's.
    const result = await expectRefused(
      db(),
      () => post({ ...b }, { password: 'not the factory password' }),
      400,
    );
    expect(JSON.stringify(result.body)).not.toContain(a.email);
  });

  it('refuses a missing, empty, repeated or too long password with 400', async () => {
    const { a } = await twoPeopleActingOnEachOther(db());
    for (const fields of <Record<string, string | string[]>[]>[
      {},
      { password: '' },
      { password: 'x'.repeat(201) },
      { password: [FACTORY_PASSWORD, FACTORY_PASSWORD] },
    ])
      await expectRefused(db(), () => post(a, fields), 400, { fields: ['password'] });
  });

  it('answers 415 to a body that is not a form', async () => {
    const { a } = await twoPeopleActingOnEachOther(db());
    const request = new Request(`${TEST_ORIGIN}/me/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
      body: JSON.stringify({ password: FACTORY_PASSWORD }),
    });
    await expectRefused(
      db(),
      () => callAction(exportRoute, { request, context: makeContext(db(), a) }),
      415,
    );
  });

  it('asks a visitor who is not signed in to sign in (401)', async () => {
    await expectRefused(db(), () => post(null, { password: FACTORY_PASSWORD }), 401, {
      error: /sign in/i,
    });
  });

  it('is rate-limited like signing in', async () => {
    const { a } = await twoPeopleActingOnEachOther(db());
    const context = makeContext(db(), a, { rateLimits: true });
    const attempt = (password: string) =>
      callAction(exportRoute, { request: formRequest('/me/export', { password }), context });
    for (let i = 0; i < 10; i++) expect((await attempt('wrong password here')).status).toBe(400);
    const limited = await expectRefused(db(), () => attempt(FACTORY_PASSWORD), 429);
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
  });

  it('sends a GET back to /me and refuses other methods with 405', async () => {
    const { a } = await twoPeopleActingOnEachOther(db());
    const got = await callLoader(exportRoute, { context: makeContext(db(), a) });
    expect(got.status).toBe(302);
    expect(got.headers.get('Location')).toBe('/me');
    const put = await callAction(exportRoute, {
      request: new Request(`${TEST_ORIGIN}/me/export`, { method: 'PUT', body: 'password=x' }),
      context: makeContext(db(), a),
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('POST');
    expect(put.body.error).toMatch(/POST/);
  });
});

// The origin check runs in server.ts before any route: a cross-site POST never reaches the export.
describe.skipIf(!existsSync(path.join(repoRoot, 'build/server/index.js')))(
  'cross-site POST /me/export (real server)',
  () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('is refused with 403 and no data, whatever the session', async () => {
      const handle = `exp_${Date.now().toString(36)}`;
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const password = 'a long enough test password';
      await fetch(`${server.url}/signup`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...headers, Origin: server.url },
        body: new URLSearchParams({ handle, email: `${handle}@example.com`, password }),
      });
      const signIn = await fetch(`${server.url}/signin`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...headers, Origin: server.url },
        body: new URLSearchParams({ login: handle, password }),
      });
      const cookie = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('cocrea_session='))
        ?.split(';')[0];
      expect(cookie).toBeTruthy();
      for (const origin of ['https://evil.example', undefined]) {
        const response = await fetch(`${server.url}/me/export`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...headers, Cookie: cookie!, ...(origin ? { Origin: origin } : {}) },
          body: new URLSearchParams({ password }),
        });
        expect(response.status).toBe(403);
        expect(response.headers.get('Content-Disposition')).toBeNull();
        expect(await response.text()).not.toContain(`${handle}@example.com`);
      }
    });
  },
);
