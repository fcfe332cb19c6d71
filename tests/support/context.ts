// Calls route modules' loaders and actions directly, the way Remix would, without an HTTP server:
// a real AppLoadContext on a test database, real Requests, and one normalised shape for whatever
// the route returned or threw (a Response, a single-fetch `data()` result or a plain object).
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import type { Db } from '../../db/client.server';
import type { UserRole } from '../../db/schema';
import type {} from '#app/context';
import { createAuth } from '#app/auth/lucia.server';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { createFlashCookie } from '#app/utils/flash.server';
import { createLocaleCookie } from '#app/i18n/locale.server';
import type { Locale } from '#app/i18n/locales';
import { createRateLimits, type RateLimits } from '#app/utils/rate-limit.server';

export const TEST_ORIGIN = 'http://localhost';

/** Who is signed in; a factory user (no displayName) is accepted and named after its handle. */
export type TestViewer = { id: string; handle: string; displayName?: string; role: UserRole };

export type ContextOptions = {
  /** Enforce the real rate limits (off by default, as in development). */
  rateLimits?: boolean;
  /** Share one set of limiters between several contexts, as one server process does. */
  limits?: RateLimits;
  clientIp?: string;
  sessionId?: string | null;
  /** The language the request is answered in; English unless a test asks for another. */
  locale?: Locale;
  /** The clock the route's commands read; the system clock unless a test moves time by hand. */
  clock?: Clock;
};

export function makeContext(
  db: Db,
  viewer?: TestViewer | null,
  options: ContextOptions = {},
): AppLoadContext {
  return {
    db,
    auth: createAuth(db, { secureCookies: false }),
    viewer: viewer
      ? {
          id: viewer.id,
          handle: viewer.handle,
          displayName: viewer.displayName ?? viewer.handle,
          role: viewer.role,
        }
      : null,
    sessionId: options.sessionId ?? null,
    nonce: '',
    clientIp: options.clientIp ?? '127.0.0.1',
    limits: options.limits ?? createRateLimits(options.rateLimits ?? false),
    flash: { message: null, cookie: createFlashCookie('test-secret-0123456789', false) },
    locale: options.locale ?? 'en',
    localeCookie: createLocaleCookie(false),
    clock: options.clock ?? systemClock,
  };
}

/** A form POST as a browser sends it: URL-encoded body and this site's Origin. */
export function formRequest(path: string, fields: Record<string, string | string[]>): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(`${TEST_ORIGIN}/${path.replace(/^\/+/, '')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: TEST_ORIGIN },
    body,
  });
}

/** A plain GET, for loaders. */
export function getRequest(path: string): Request {
  return new Request(`${TEST_ORIGIN}/${path.replace(/^\/+/, '')}`);
}

/** What a route answered, however it answered. */
export type RouteResult = {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  body: any;
  headers: Headers;
  /** True when the route threw its answer (loaders throw 4xx and redirects). */
  thrown: boolean;
};

type DataWithInit = { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null };

function isDataWithInit(value: unknown): value is DataWithInit {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'DataWithResponseInit' &&
    'data' in value
  );
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Turns a Response, a `data()` result or a plain value into { status, body, headers }. */
export async function normalise(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    return { status: value.status, body: await readBody(value), headers: value.headers, thrown };
  }
  if (isDataWithInit(value)) {
    return {
      status: value.init?.status ?? 200,
      body: value.data,
      headers: new Headers(value.init?.headers),
      thrown,
    };
  }
  return { status: 200, body: value ?? null, headers: new Headers(), thrown };
}

/** Anything a thrown value can be that is an answer rather than a fault. */
function isAnswer(value: unknown) {
  return value instanceof Response || isDataWithInit(value);
}

type Args = {
  params?: Record<string, string | undefined>;
  request: Request;
  context: AppLoadContext;
};

async function call(
  fn: (args: Args & { params: Record<string, string | undefined> }) => unknown,
  args: Args,
): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await fn({ ...args, params: args.params ?? {} });
  } catch (e) {
    if (isAnswer(e)) return normalise(e, true);
    throw e;
  }
  return normalise(value, false);
}

/** Calls a route module's `action` and normalises its answer, returned or thrown. */
export function callAction(
  route: { action: (args: ActionFunctionArgs) => unknown },
  args: Args,
): Promise<RouteResult> {
  return call((a) => route.action(a), args);
}

/** Calls a route module's `loader` and normalises its answer, returned or thrown. */
export function callLoader(
  route: { loader: (args: LoaderFunctionArgs) => unknown },
  args: Omit<Args, 'request'> & { request?: Request },
): Promise<RouteResult> {
  return call((a) => route.loader(a), { ...args, request: args.request ?? getRequest('/') });
}
