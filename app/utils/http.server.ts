// Edge helpers for loaders and actions: form parsing with zod, sign-in checks, domain errors → 4xx.
import { data, redirect, type AppLoadContext } from '@remix-run/node';
import type { z } from 'zod';
import type { Viewer } from '#app/auth/lucia.server';
import {
  DomainError,
  asTranslate,
  isDomainError,
  issueFieldMessages,
  unauthorized,
  type ActionError,
  type Translate,
} from '#app/domain/core/errors';
import { MAX_ID } from '#app/domain/core/fields';
import { systemClock } from '#app/domain/core/clock';
import { assertNotSuspended } from '#app/domain/moderation/suspensions';
import { getTranslator } from '#app/i18n/translator';
import { flashHeader } from './flash.server';

export type { ActionError };

/** FormData → plain object; a key sent more than once becomes an array. Files are ignored. */
export function formToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string') continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The request's `t` for error messages (English when the context has no locale). */
export function errorTranslator(context: Pick<AppLoadContext, 'locale'> | undefined): Translate {
  return asTranslate(getTranslator(context?.locale ?? 'en'));
}

/** Parses with a zod schema; on failure throws a DomainError carrying per-field message keys. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError(
    'Invalid',
    'errors.generic.correctFields',
    undefined,
    issueFieldMessages(result.error),
  );
}

/** `key` is the message for a visitor who is not signed in (default errors.generic.signIn). */
export function requireViewer(context: AppLoadContext, key?: string): Viewer {
  if (!context.viewer) throw unauthorized(key);
  return context.viewer;
}

/** For pages (GET) that need an account: send the visitor to sign in and back. */
export function requireViewerOrRedirect(context: AppLoadContext, request: Request): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** The longest text any form accepts (a challenge brief); a longer value is never echoed back whole. */
export const ECHO_LIMIT = 20_000;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Reads a submitted form, or says in an ActionError why it cannot: a body that is not a form
 * (415), a form that cannot be parsed (400), or a NUL character, which PostgreSQL text refuses (400).
 */
export async function readForm(
  request: Request,
  t: Translate = errorTranslator(undefined),
): Promise<{ form: Record<string, string | string[]> } | { refused: ActionError; status: number }> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type))
    return {
      refused: { error: t('errors.form.contentType') },
      status: 415,
    };
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return { refused: { error: t('errors.form.unreadable') }, status: 400 };
  }
  const form = formToObject(formData);
  const hasNul = Object.values(form)
    .flat()
    .some((v) => v.includes('\0'));
  if (hasNul)
    return {
      refused: { error: t('errors.form.nul') },
      status: 400,
    };
  return { form };
}

/** What a failed form sends back of the input: never the password, never more than a field holds. */
function echoValues(form: Record<string, string | string[]>): ActionError['values'] {
  const { password: _p, ...values } = form;
  const trim = (v: string) => v.slice(0, ECHO_LIMIT);
  return Object.fromEntries(
    Object.entries(values).map(([key, v]) => [key, Array.isArray(v) ? v.map(trim) : trim(v)]),
  );
}

type EdgeArgs = {
  request: Request;
  context: Pick<AppLoadContext, 'locale'> & Partial<Pick<AppLoadContext, 'viewer' | 'clock'>>;
};

/** What runAction may be told: `whileSuspended` lets a suspended person through (see below). */
export type ActionOptions = { whileSuspended?: boolean };

/**
 * Runs an action body; a DomainError becomes a 4xx answer the form can show, in the request's
 * language (with the submitted values, so nothing typed is lost). Anything else is a real fault
 * and goes to the error boundary. Pass `{ request, context }`; a bare Request answers in English.
 */
export async function runAction<T>(
  args: EdgeArgs | Request,
  body: (form: Record<string, string | string[]>) => Promise<T>,
  options: ActionOptions = {},
) {
  const { request, context } =
    args instanceof Request ? { request: args, context: undefined } : args;
  const t = errorTranslator(context);
  const read = await readForm(request, t);
  if ('refused' in read) return data<ActionError>(read.refused, { status: read.status });
  const { form } = read;
  try {
    // A suspended person reads but writes nothing (issue 15): every form refuses them here, with
    // the date the suspension ends. Only what is theirs by right goes on (deleting the account).
    if (!options.whileSuspended)
      assertNotSuspended(context?.viewer, (context?.clock ?? systemClock).now());
    return await body(form);
  } catch (e) {
    if (isDomainError(e)) {
      const headers: HeadersInit = e.retryAfterSeconds
        ? { 'Retry-After': String(e.retryAfterSeconds) }
        : {};
      return data<ActionError>(
        { ...e.render(t), values: echoValues(form) },
        { status: e.status, headers },
      );
    }
    throw e;
  }
}

/**
 * Runs a loader body; a DomainError becomes an error response the route's error boundary shows,
 * in the request's language. `runLoader(context, body)`; `runLoader(body)` answers in English.
 */
export async function runLoader<T>(
  contextOrBody: Pick<AppLoadContext, 'locale'> | (() => Promise<T>),
  maybeBody?: () => Promise<T>,
): Promise<T> {
  const [context, body] =
    typeof contextOrBody === 'function' ? [undefined, contextOrBody] : [contextOrBody, maybeBody!];
  try {
    return await body();
  } catch (e) {
    if (isDomainError(e))
      throw data({ message: e.render(errorTranslator(context)).error }, { status: e.status });
    throw e;
  }
}

export async function redirectWithFlash(context: AppLoadContext, to: string, message: string) {
  return redirect(to, { headers: await flashHeader(context.flash, message) });
}

/**
 * Where to go after signing in or up: a path on this site, else `fallback`. Browsers drop tabs and
 * new lines from URLs and read a backslash as `/`, so "/<TAB>/evil.example" and "/<TAB>\\evil.example"
 * lead off-site. Such values are refused outright; the rest must resolve to this site's own origin.
 */
export function safeRedirect(to: unknown, request: Request, fallback = '/'): string {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to))
    return fallback;
  const origin = new URL(request.url).origin;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  // "/..//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
  if (url.origin !== origin || url.pathname.startsWith('//')) return fallback;
  // Re-serialised by URL: percent-encoded, so it is always a valid Location header.
  return url.pathname + url.search + url.hash;
}

/**
 * A route's numeric id (`/ideas/:id`): digits only, within int4, else a 404 answer saying `key`
 * (a `errors.notFound.*` key) in the request's language.
 */
export function intParam(
  value: string | undefined,
  key = 'errors.notFound.page',
  context?: Pick<AppLoadContext, 'locale'>,
) {
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0 || n > MAX_ID)
    throw data({ message: errorTranslator(context)(key) }, { status: 404 });
  return n;
}
