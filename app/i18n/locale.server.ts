// Which language a request is answered in: the signed-in user's saved choice, else the
// cocrea_locale cookie, else the browser's Accept-Language, else English.
import { createCookie, type Cookie } from '@remix-run/node';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from './locales';

/** Longer headers are not worth parsing: no browser sends one, and the default is a fine answer. */
const MAX_ACCEPT_LANGUAGE = 1000;

/**
 * The best of our locales for an Accept-Language header: q-values ranked, q=0 excluded, regional
 * ranges matched to their language (`es-MX` → es), `*` → the default.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage || acceptLanguage.length > MAX_ACCEPT_LANGUAGE) return DEFAULT_LOCALE;
  const negotiator = new Negotiator({ headers: { 'accept-language': acceptLanguage } });
  // `*` picks the first locale listed, which is the default.
  const [best] = negotiator.languages([...LOCALES]);
  return isLocale(best) ? best : DEFAULT_LOCALE;
}

export const LOCALE_COOKIE_NAME = 'cocrea_locale';

/** The visitor's choice from the language switcher; not signed: a forged value is only a language. */
export function createLocaleCookie(secure: boolean): Cookie {
  return createCookie(LOCALE_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
  });
}

/** The cookie's locale, or null when it is missing, malformed or names a language we lack. */
export async function readLocaleCookie(
  cookie: Cookie,
  cookieHeader: string | null | undefined,
): Promise<Locale | null> {
  let value: unknown;
  try {
    value = await cookie.parse(cookieHeader ?? null);
  } catch {
    return null;
  }
  return isLocale(value) ? value : null;
}

export async function resolveLocale(input: {
  userLocale?: string | null;
  cookie: Cookie;
  cookieHeader: string | null | undefined;
  acceptLanguage: string | null | undefined;
}): Promise<Locale> {
  if (isLocale(input.userLocale)) return input.userLocale;
  return (
    (await readLocaleCookie(input.cookie, input.cookieHeader)) ??
    negotiateLocale(input.acceptLanguage)
  );
}
