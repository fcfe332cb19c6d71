// What the custom server hands every loader and action (see server.ts, getLoadContext).
import type { Db } from '../db/client.server';
import type { Auth, Viewer } from '#app/auth/lucia.server';
import type { RateLimits } from '#app/utils/rate-limit.server';
import type { Flash } from '#app/utils/flash.server';
import type { Cookie } from '@remix-run/node';
import type { Locale } from '#app/i18n/locales';
import type { Clock } from '#app/domain/core/clock';

export type AppContext = {
  db: Db;
  auth: Auth;
  viewer: Viewer | null;
  sessionId: string | null;
  nonce: string;
  clientIp: string;
  limits: RateLimits;
  flash: Flash;
  /** The language this request is answered in (app/i18n/locale.server.ts resolveLocale). */
  locale: Locale;
  /** The language switcher's cookie, secure when the site is served over HTTPS. */
  localeCookie: Cookie;
  /** Where commands take the time from: the system clock in the server, a test clock in tests. */
  clock: Clock;
  /** Set by handleError (entry.server.tsx) when the database failed the request: server.ts answers 503. */
  databaseTrouble?: string;
};

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
