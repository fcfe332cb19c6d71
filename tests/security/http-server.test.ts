// Hostile requests against the REAL built server (server.ts + build/, spawned on a free port):
// redirects after sign-in/up, oversized bodies, NUL bytes, wrong content types, rate limits,
// security headers, id spellings, vote values, X-Forwarded-For and the health checks.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgProxy, type PgProxy } from '../support/pg-proxy';
import { freshPostgres, startServer, type ServerProcess } from '../support/server';

const STACK_LINE = /\n\s+at .+\(?.+:\d+:\d+\)?/;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: server.url,
      ...headers,
    },
    body,
  });
}

const PASSWORD = 'correct horse battery';
let handles = 0;

/** Signs up a new account through the form, then signs in; returns both answers and the cookie. */
async function signUp(redirectTo = '', base = server.url) {
  const handle = `user_${Date.now().toString(36)}_${handles++}`;
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const response = await fetch(`${base}/signup`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: form({ handle, email: `${handle}@example.com`, password: PASSWORD, redirectTo }),
  });
  const signIn = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: form({ login: handle, password: PASSWORD, redirectTo }),
  });
  const session = signIn.headers.getSetCookie().find((c) => c.startsWith('cocrea_session='));
  return { handle, response, signIn, session, cookie: session?.split(';')[0] ?? null };
}

/** Where a sign-up sends the new member on to: directly, or through sign-in's redirectTo. */
function onwardFrom(response: Response) {
  const location = response.headers.get('location') ?? '';
  const url = new URL(location, 'http://site.invalid');
  return url.pathname === '/signin' ? url.searchParams.get('redirectTo') : location;
}

const hostileRedirects = [
  '/\t/evil.example',
  '/\t\\evil.example',
  '/\\evil.example',
  '//evil.example',
  '/..//evil.example',
  '/\r\n/evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
];

describe('redirect after sign-up and sign-in', () => {
  it.each(hostileRedirects)('redirectTo %j falls back to a page of this site', async (to) => {
    const { response, signIn, cookie } = await signUp(to);
    expect(response.status).toBe(302);
    expect(onwardFrom(response)).toBe('/challenges');
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('location')).toBe('/');
    expect(cookie).not.toBeNull();
  });

  it('follows a path on this site', async () => {
    const { response, signIn } = await signUp('/brands?page=2');
    expect(onwardFrom(response)).toBe('/brands?page=2');
    expect(signIn.headers.get('location')).toBe('/brands?page=2');
  });
});

/** Sends raw bytes and resolves with everything the server answered before closing. */
function rawRequest(head: string, body: Buffer | string, keepOpenMs = 0) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.write(head);
    socket.write(body);
    if (keepOpenMs) setTimeout(() => socket.destroy(), keepOpenMs).unref();
  });
}

describe('request bodies', () => {
  it('answers 413 to a declared 50 MB body without waiting for it', async () => {
    // Only 1 kB of the promised 50 MB is ever sent: the answer can only come if the server
    // decides from Content-Length alone.
    const head =
      `POST /signin HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const answer = await rawRequest(head, 'login=' + 'a'.repeat(1024));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/at most 256 kB/);
  });

  it('answers 413 to a chunked 1 MB body once it passes the limit', async () => {
    const head =
      `POST /signin HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = 'a'.repeat(64 * 1024);
    const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(16) + '0\r\n\r\n';
    const answer = await rawRequest(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('never echoes more than a field holds in form errors', async () => {
    const huge = 'x'.repeat(200_000);
    const page = await (await fetch(`${server.url}/signin`)).text();
    const response = await post('/signin', form({ login: huge, password: 'nope' }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain('x'.repeat(20_001));
    // The page with its error is the page itself, the field cut to what it holds twice (the input's
    // value and the action's data for hydration) and the error messages: never the 200 kB sent.
    expect(html.length).toBeLessThan(page.length + 2 * 20_000 + 5_000);
  });
});

describe('NUL bytes and bodies that are not forms', () => {
  it.each(['/challenges?q=a%00b', '/u/a%00b', '/brands/%00', '/u/%E0%A4%A'])(
    'GET %s answers 400 without a stack trace',
    async (path) => {
      const response = await fetch(server.url + path);
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(STACK_LINE);
    },
  );

  it('a NUL byte in a form field answers 400', async () => {
    const response = await post('/signin', 'login=a%00b&password=whatever');
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(STACK_LINE);
  });

  it.each([
    ['application/json', '{"login":"a"}', 415],
    ['text/plain', 'login=a', 415],
    ['multipart/form-data; boundary=zzz', '--zzz\r\ngarbage', 400],
    ['multipart/form-data', 'no boundary at all', 400],
  ])(
    'Content-Type %s with body %j answers %i without a stack trace',
    async (type, body, status) => {
      const response = await post('/signin', body, { 'Content-Type': type });
      expect(response.status).toBe(status);
      expect(await response.text()).not.toMatch(STACK_LINE);
    },
  );
});

describe('security headers', () => {
  it('allows scripts to connect to this origin only, without HSTS when HTTPS is off', async () => {
    const response = await fetch(server.url + '/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('keeps pages for a signed-in viewer out of every cache (HTML and .data)', async () => {
    const { cookie } = await signUp();
    for (const path of ['/challenges', '/challenges.data', '/notifications']) {
      const response = await fetch(server.url + path, { headers: { Cookie: cookie! } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('private, no-store');
    }
    expect((await signUp()).session).not.toMatch(/Secure/i);
  });
});

describe('votes', () => {
  it('the vote API refuses anything but the numbers 1, -1 and 0', async () => {
    const { cookie } = await signUp();
    const vote = (id: string, body: string, type = 'application/json') =>
      fetch(`${server.url}/api/ideas/${id}/vote`, {
        method: 'POST',
        headers: { 'Content-Type': type, Cookie: cookie!, Origin: server.url },
        body,
      });
    for (const body of ['{"value":[1]}', '{"value":"1"}', '{"value":true}', '{"value":2}']) {
      const response = await vote('1', body);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toHaveProperty('error');
    }
    expect((await vote('1', 'value=x', 'application/x-www-form-urlencoded')).status).toBe(400);
    // A well-formed vote gets past validation: the idea does not exist.
    expect((await vote('1', '{"value":1}')).status).toBe(404);
  });
});

describe('rate limits and proxies, with limits on and HTTPS on', () => {
  let limited: ServerProcess;
  beforeAll(async () => {
    limited = await startServer({ env: { COCREA_RATE_LIMITS: 'on', COCREA_HTTPS: 'on' } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  const attempt = (forwardedFor: string) =>
    fetch(limited.url + '/signin', {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': forwardedFor,
      },
      body: form({ login: 'nobody_here', password: 'wrong password' }),
    });

  it('answers 429 with Retry-After after 10 failed sign-ins, whatever X-Forwarded-For says', async () => {
    // Wrong credentials: 400, from a different X-Forwarded-For address every time.
    for (let i = 0; i < 10; i++) expect((await attempt(`10.0.0.${i}`)).status).toBe(400);
    // TRUST_PROXY is unset: a new X-Forwarded-For does not make a new client.
    const refused = await attempt('10.9.9.9');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain('Too many attempts');
    expect(html).not.toMatch(STACK_LINE);
  });

  it('sends HSTS, upgrade-insecure-requests and Secure cookies when COCREA_HTTPS is on', async () => {
    const response = await fetch(limited.url + '/');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    const { session } = await signUp('', limited.url);
    expect(session).toMatch(/; Secure/i);
  });
});

describe('health checks', () => {
  it('/healthz and /readyz answer 200 when the database answers', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(server.url + path);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true });
    }
  });

  describe.skipIf(!process.env.DATABASE_URL)('with the database gone (PostgreSQL)', () => {
    let proxy: PgProxy;
    let behind: ServerProcess;
    let database: Awaited<ReturnType<typeof freshPostgres>>;
    beforeAll(async () => {
      database = await freshPostgres();
      proxy = await startPgProxy();
      behind = await startServer({
        databaseUrl: proxy.url(new URL(database!.url).pathname.slice(1)),
      });
    });
    afterAll(async () => {
      await behind?.stop();
      await proxy?.close();
      await database?.drop();
    });

    it('/healthz answers 503 within its timeout, and 200 again once it is back', async () => {
      proxy.cut();
      const started = Date.now();
      const response = await fetch(behind.url + '/healthz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await fetch(behind.url + '/readyz')).status).toBe(503);
      proxy.restore();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(behind.url + '/healthz')).status;
      }
      expect(status).toBe(200);
    });
  });
});
