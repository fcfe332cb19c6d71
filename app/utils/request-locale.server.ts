// The language for answers given outside Remix (plain-text refusals, 503 pages, socket acks): the
// cocrea_locale cookie, else Accept-Language. No session lookup here, so a signed-in user's saved
// choice counts only through the cookie the language switcher also sets.
import type { IncomingHttpHeaders } from 'node:http';
import { asTranslate, type Translate } from '#app/domain/core/errors';
import { createLocaleCookie, resolveLocale } from '#app/i18n/locale.server';
import type { Locale } from '#app/i18n/locales';
import { getTranslator } from '#app/i18n/translator';

// Only parsed, never set, so the Secure flag does not matter.
const localeCookie = createLocaleCookie(false);

/** `userLocale`: a signed-in user's saved choice, which wins over both headers. */
export function localeOfHeaders(
  headers: IncomingHttpHeaders,
  userLocale?: string | null,
): Promise<Locale> {
  const acceptLanguage = headers['accept-language'];
  return resolveLocale({
    userLocale,
    cookie: localeCookie,
    cookieHeader: headers.cookie,
    acceptLanguage: Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage,
  });
}

/** A `t` for error keys in the language of these request headers. */
export async function translatorForHeaders(
  headers: IncomingHttpHeaders,
  userLocale?: string | null,
): Promise<Translate> {
  return asTranslate(getTranslator(await localeOfHeaders(headers, userLocale)));
}

/** server.ts's plain-text refusals, which it answers before Remix sees the request. */
export const PLAIN_ERRORS = {
  crossSite: 'errors.http.crossSite',
  badEscape: 'errors.http.badEscape',
  nulAddress: 'errors.http.nulAddress',
  tooLarge: 'errors.http.tooLarge',
  unreadable: 'errors.http.unreadable',
  serverError: 'errors.http.serverError',
} as const;
