// Which language a request is answered in: Accept-Language negotiation, the switcher's cookie and
// the signed-in user's saved choice, in that order of strength.
import { describe, expect, it } from 'vitest';
import {
  createLocaleCookie,
  negotiateLocale,
  readLocaleCookie,
  resolveLocale,
} from '#app/i18n/locale.server';
import { getTranslator } from '#app/i18n/translator';

describe('negotiateLocale', () => {
  it.each([
    ['fr-FR,fr;q=0.9,it;q=0.8', 'it'],
    ['es-MX', 'es'],
    ['en;q=0, it', 'it'],
    ['it;q=0.5, es;q=0.9', 'es'],
    ['IT-ch', 'it'],
    ['*', 'en'],
    ['it;q=0', 'en'],
    ['xx', 'en'],
    ['', 'en'],
    [';;;q=,,,=', 'en'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('answers English to a missing header', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });

  it('answers English to a 5 kB header without throwing', () => {
    const huge = Array.from({ length: 700 }, (_, i) => `x${i};q=0.${i % 9}`).join(',') + ',it';
    expect(huge.length).toBeGreaterThan(5000);
    expect(negotiateLocale(huge)).toBe('en');
    expect(negotiateLocale('x'.repeat(5000))).toBe('en');
  });
});

describe('the locale cookie', () => {
  const cookie = createLocaleCookie(false);

  it('is read back as it was written', async () => {
    const header = (await cookie.serialize('es')).split(';')[0];
    expect(await readLocaleCookie(cookie, header)).toBe('es');
  });

  it('is long-lived, HttpOnly and SameSite=Lax, and Secure when the site is on HTTPS', async () => {
    const plain = await cookie.serialize('it');
    expect(plain).toMatch(/Max-Age=31536000/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    expect(await createLocaleCookie(true).serialize('it')).toMatch(/Secure/);
  });

  it('is ignored when it names a language we do not have, or is not ours at all', async () => {
    const unknown = (await cookie.serialize('fr')).split(';')[0];
    expect(await readLocaleCookie(cookie, unknown)).toBeNull();
    expect(await readLocaleCookie(cookie, 'cocrea_locale=%%%garbage')).toBeNull();
    expect(await readLocaleCookie(cookie, 'cocrea_locale=es')).toBeNull(); // not cookie-encoded
    expect(await readLocaleCookie(cookie, undefined)).toBeNull();
  });
});

describe('resolveLocale', () => {
  const cookie = createLocaleCookie(false);
  const cookieFor = async (locale: string) => (await cookie.serialize(locale)).split(';')[0];

  it('prefers the signed-in user’s choice to the cookie, and the cookie to the header', async () => {
    const cookieHeader = await cookieFor('es');
    const acceptLanguage = 'it';
    expect(
      await resolveLocale({ userLocale: 'it', cookie, cookieHeader, acceptLanguage: 'es' }),
    ).toBe('it');
    expect(await resolveLocale({ userLocale: null, cookie, cookieHeader, acceptLanguage })).toBe(
      'es',
    );
    expect(
      await resolveLocale({ userLocale: null, cookie, cookieHeader: undefined, acceptLanguage }),
    ).toBe('it');
    expect(
      await resolveLocale({ cookie, cookieHeader: undefined, acceptLanguage: undefined }),
    ).toBe('en');
  });

  it('falls back past an unknown cookie or saved locale', async () => {
    const cookieHeader = await cookieFor('fr');
    expect(
      await resolveLocale({ userLocale: 'de', cookie, cookieHeader, acceptLanguage: 'it' }),
    ).toBe('it');
  });
});

describe('getTranslator', () => {
  it('speaks each locale and falls back to English for an unknown one', () => {
    expect(getTranslator('es')('common.header.signIn')).toBe('Iniciar sesión');
    expect(getTranslator('it')('common.header.signIn')).toBe('Accedi');
    expect(getTranslator('xx')('common.header.signIn')).toBe('Sign in');
  });

  it('formats ICU plurals', () => {
    expect(getTranslator('en')('common.live.presence', { count: 1 })).toBe('1 person here now');
    expect(getTranslator('en')('common.live.presence', { count: 1200 })).toBe(
      '1,200 people here now',
    );
  });
});
