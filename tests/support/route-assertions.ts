// Assertions for route-level tests: a refused form answers 4xx with a message, gives back what was
// typed (never the password) and writes nothing; an accepted one redirects and appends one event.
import { expect } from 'vitest';
import type { Db } from '../../db/client.server';
import type { EventType } from '#app/domain/events/log.server';
import { ECHO_LIMIT } from '#app/utils/http.server';
import type { RouteResult } from './context';
import { eventsSince, lastEventId, repeat, snapshot, unique, type Snapshot } from './assertions';

export { eventsSince, lastEventId, repeat, snapshot, unique, type Snapshot };

export const rowCounts = async (db: Db) =>
  Object.fromEntries(Object.entries(await snapshot(db)).map(([t, s]) => [t, s.rows]));

type Refusal = {
  /** The form fields that were sent: they must come back as `values`, less the password. */
  sent?: Record<string, string | string[]>;
  /** The message, or part of it, the person must see. */
  error?: string | RegExp;
  /** Fields that must carry their own message. */
  fields?: string[];
};

/**
 * Runs a submission that must be refused with `status`, checks the answer carries a human message
 * (plus per-field messages and the submitted values where asked) and that nothing was written.
 */
export async function expectRefused(
  db: Db,
  run: () => Promise<RouteResult>,
  status: number,
  refusal: Refusal = {},
): Promise<RouteResult> {
  const before = await snapshot(db);
  const result = await run();
  expect(
    result.status,
    `expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`,
  ).toBe(status);
  const message: unknown = result.body?.error ?? result.body?.message;
  expect(typeof message, `no message in ${JSON.stringify(result.body)}`).toBe('string');
  expect((message as string).trim().length).toBeGreaterThan(5);
  if (refusal.error !== undefined) expect(message).toMatch(refusal.error);
  for (const field of refusal.fields ?? []) {
    const messages: unknown = result.body?.fieldErrors?.[field];
    expect(
      Array.isArray(messages),
      `no fieldErrors.${field} in ${JSON.stringify(result.body)}`,
    ).toBe(true);
    expect((messages as unknown[]).length).toBeGreaterThan(0);
    for (const m of messages as unknown[])
      expect(typeof m === 'string' && m.length > 5, `fieldErrors.${field}: ${String(m)}`).toBe(
        true,
      );
  }
  if (refusal.sent) {
    const { password: _password, ...sent } = refusal.sent;
    // Echoed values stop at the longest field's limit, however much was sent.
    const trim = (v: string) => v.slice(0, ECHO_LIMIT);
    const expected = Object.fromEntries(
      Object.entries(sent).map(([k, v]) => [k, Array.isArray(v) ? v.map(trim) : trim(v)]),
    );
    expect(result.body?.values, 'the submitted values come back, less the password').toEqual(
      expected,
    );
  }
  if (result.body?.values) expect(result.body.values).not.toHaveProperty('password');
  expect(result.headers.get('Location')).toBeNull();
  expect(await snapshot(db), 'a refused submission must not write anything').toEqual(before);
  return result;
}

/**
 * Runs a submission that must succeed with a redirect (302 to a Location matching `location`) and
 * append exactly the events `types` (one, usually). Returns the answer, the new events and row counts.
 */
export async function expectAccepted(
  db: Db,
  run: () => Promise<RouteResult>,
  expected: { status?: number; location?: RegExp; events: EventType[] },
) {
  const beforeEvent = await lastEventId(db);
  const beforeRows = await rowCounts(db);
  const result = await run();
  const status = expected.status ?? 302;
  expect(
    result.status,
    `expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`,
  ).toBe(status);
  if (status === 302) {
    expect(result.headers.get('Location')).toMatch(expected.location ?? /^\//);
  }
  const written = await eventsSince(db, beforeEvent);
  expect(written.map((e) => e.type)).toEqual(expected.events);
  const afterRows = await rowCounts(db);
  const added = Object.fromEntries(
    Object.keys(afterRows)
      .map((t) => [t, afterRows[t]! - beforeRows[t]!])
      .filter(([, n]) => n !== 0),
  );
  return { result, events: written, added };
}

/** The Set-Cookie headers of an answer, one string per cookie. */
export const setCookies = (result: RouteResult) => result.headers.getSetCookie();
