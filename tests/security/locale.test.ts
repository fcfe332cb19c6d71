// The language switcher's POST /locale: a valid choice sets a year-long cookie (and the account's
// language when signed in) and goes back where it came from; anything else is refused with a 400
// and changes nothing; a foreign origin is refused by the real server.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as localeRoute from '#app/routes/locale';
import * as signupRoute from '#app/routes/signup';
import { users } from '../../db/schema';
import { callAction, formRequest, makeContext } from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeUser } from '../support/factories';
import { startServer, type ServerProcess } from '../support/server';

const db = useTestDatabase();

async function savedLocale(id: string) {
  const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, id));
  return row?.locale;
}

describe('POST /locale', () => {
  it('sets the cookie for a year and redirects back to the page it came from', async () => {
    const result = await callAction(localeRoute, {
      request: formRequest('/locale', { locale: 'es', redirectTo: '/challenges?page=2' }),
      context: makeContext(db()),
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/challenges?page=2');
    const cookie = result.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^cocrea_locale=/);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('saves the choice on the account of a signed-in user', async () => {
    const user = await makeUser(db());
    expect(await savedLocale(user.id)).toBe('en');
    const result = await callAction(localeRoute, {
      request: formRequest('/locale', { locale: 'it', redirectTo: '/' }),
      context: makeContext(db(), user),
    });
    expect(result.status).toBe(302);
    expect(await savedLocale(user.id)).toBe('it');
  });

  it('never redirects off the site', async () => {
    const result = await callAction(localeRoute, {
      request: formRequest('/locale', { locale: 'it', redirectTo: '//evil.example/x' }),
      context: makeContext(db()),
    });
    expect(result.headers.get('Location')).toBe('/');
  });

  it.each([
    ['an unknown language', { locale: 'fr' }],
    ['no language', { redirectTo: '/' }],
    ['two languages', { locale: ['es', 'it'] }],
    ['a language tag with a region', { locale: 'es-ES' }],
  ])('refuses %s with a 400, a plain message and no cookie', async (_, fields) => {
    const user = await makeUser(db());
    const result = await callAction(localeRoute, {
      request: formRequest('/locale', fields),
      context: makeContext(db(), user),
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('Choose one of the languages offered.');
    expect(result.headers.get('Set-Cookie')).toBeNull();
    expect(await savedLocale(user.id)).toBe('en');
  });

  it('words its refusal in the language of the request', async () => {
    const result = await callAction(localeRoute, {
      request: formRequest('/locale', { locale: 'de' }),
      context: makeContext(db(), null, { locale: 'es' }),
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('Elige uno de los idiomas disponibles.');
  });
});

describe('signing up', () => {
  it('keeps the language the person signed up in as their choice', async () => {
    const handle = `es_${Date.now().toString(36)}`;
    const result = await callAction(signupRoute, {
      request: formRequest('/signup', {
        handle,
        email: `${handle}@example.test`,
        password: 'a long enough passphrase',
      }),
      context: makeContext(db(), null, { locale: 'es' }),
    });
    expect(result.status).toBe(302);
    const [row] = await db()
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.handle, handle));
    expect(row?.locale).toBe('es');
  });
});

describe('through the real server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (origin: string) =>
    fetch(`${server.url}/locale`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams({ locale: 'es', redirectTo: '/' }).toString(),
    });

  it('refuses a POST from a foreign origin with a 403 and no cookie', async () => {
    const response = await post('https://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('Set-Cookie')).toBeNull();
  });

  it('answers in the chosen language after switching, whatever the browser asks for', async () => {
    const switched = await post(server.url);
    expect(switched.status).toBe(302);
    const cookie = switched.headers.get('Set-Cookie')!.split(';')[0]!;
    const page = await fetch(`${server.url}/signin`, {
      headers: { Cookie: cookie, 'Accept-Language': 'it-IT,it;q=0.9' },
    });
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Iniciar sesión');
  });

  it('answers in the browser’s language without a cookie, and in English for anything else', async () => {
    const italian = await (
      await fetch(`${server.url}/signin`, {
        headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,it;q=0.8' },
      })
    ).text();
    expect(italian).toContain('<html lang="it">');
    const english = await (
      await fetch(`${server.url}/signin`, { headers: { 'Accept-Language': 'x'.repeat(5000) } })
    ).text();
    expect(english).toContain('<html lang="en">');
  });
});
