// Edge helpers for loaders and actions: form parsing with zod, sign-in checks, domain errors → 4xx.
import { data, redirect, type AppLoadContext } from '@remix-run/node';
import type { z } from 'zod';
import type { Viewer } from '../auth/lucia.server';
import { DomainError, unauthorized, type ActionError, type FieldErrors } from '../domain/errors';
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

/** Parses with a zod schema; on failure throws a DomainError carrying per-field messages. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new DomainError('Invalid', 'Please correct the highlighted fields.', fieldErrors);
}

export function requireViewer(context: AppLoadContext, message?: string): Viewer {
  if (!context.viewer) throw unauthorized(message);
  return context.viewer;
}

/** For pages (GET) that need an account: send the visitor to sign in and back. */
export function requireViewerOrRedirect(context: AppLoadContext, request: Request): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * Runs an action body; a DomainError becomes a 4xx answer the form can show (with the submitted
 * values, so nothing typed is lost). Anything else is a real fault and goes to the error boundary.
 */
export async function runAction<T>(
  request: Request,
  body: (form: Record<string, string | string[]>) => Promise<T>,
) {
  const form = formToObject(await request.formData());
  try {
    return await body(form);
  } catch (e) {
    if (e instanceof DomainError) {
      const { password: _p, ...values } = form;
      const headers: HeadersInit = e.retryAfterSeconds
        ? { 'Retry-After': String(e.retryAfterSeconds) }
        : {};
      return data<ActionError>(
        { error: e.message, fieldErrors: e.fieldErrors, values },
        { status: e.status, headers },
      );
    }
    throw e;
  }
}

/** Runs a loader body; a DomainError becomes an error response the route's error boundary shows. */
export async function runLoader<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof DomainError) throw data({ message: e.message }, { status: e.status });
    throw e;
  }
}

export async function redirectWithFlash(context: AppLoadContext, to: string, message: string) {
  return redirect(to, { headers: await flashHeader(context.flash, message) });
}

/** Only same-site relative paths are followed after sign-in. */
export function safeRedirect(to: unknown, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
    return fallback;
  return to;
}

export function intParam(value: string | undefined, what = 'That page') {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647)
    throw data({ message: `${what} was not found.` }, { status: 404 });
  return n;
}
