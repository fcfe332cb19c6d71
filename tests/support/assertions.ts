// Assertions shared by the domain integration tests: refusals that leave the database untouched,
// changes that append exactly one event, and readable zod field errors.
import { asc, eq, gt, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { ZodTypeAny } from 'zod';
import { rowsOf, type Db } from '../../db/client.server';
import { events, ideas, votes, type Event } from '../../db/schema';
import {
  DomainError,
  inEnglish,
  issueMessage,
  type DomainErrorKind,
} from '#app/domain/core/errors';
import type { EventType } from '#app/domain/events/log.server';
import { pgErrorCode } from '#app/domain/core/pg-errors.server';

let counter = 0;
/** A name no other test uses: letters, digits and underscores only, so it is also a valid handle. */
export const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export type Snapshot = Record<string, { rows: number; digest: string }>;

/**
 * Row count and a digest of every row of every table in the schema (tables added later included):
 * equal snapshots mean nothing was written.
 */
export async function snapshot(db: Db): Promise<Snapshot> {
  let query = snapshotQueries.get(db);
  if (!query) {
    const tables = rowsOf<{ name: string }>(
      await db.execute(
        sql`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`,
      ),
    ).map((t) => t.name);
    const columns = tables.map(
      (table) =>
        `(select count(*)::int from "${table}") as "${table}:rows", ` +
        `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from "${table}" t) as "${table}:digest"`,
    );
    query = `select ${columns.join(', ')}`;
    snapshotQueries.set(db, query);
  }
  const [row] = rowsOf<Record<string, string | number>>(await db.execute(sql.raw(query)));
  const result: Snapshot = {};
  for (const [column, value] of Object.entries(row!)) {
    const [table, part] = column.split(':') as [string, 'rows' | 'digest'];
    result[table] ??= { rows: 0, digest: '' };
    if (part === 'rows') result[table].rows = Number(value);
    else result[table].digest = String(value);
  }
  return result;
}
const snapshotQueries = new WeakMap<Db, string>();

/** Runs an action that must be refused with a DomainError of `kind`, and checks it wrote nothing at all. */
export async function expectRefused(
  db: Db,
  action: () => Promise<unknown>,
  kind: DomainErrorKind,
  message?: string | RegExp,
): Promise<DomainError> {
  const before = await snapshot(db);
  const error = await action().then(
    (result) => {
      throw new Error(
        `Expected a ${kind} refusal, but the action succeeded with ${JSON.stringify(result)}`,
      );
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw error;
  expect(error.kind, error.message).toBe(kind);
  if (message !== undefined) expect(error.message).toMatch(message);
  expect(await snapshot(db), 'a refused action must not write anything').toEqual(before);
  return error;
}

export async function lastEventId(db: Db): Promise<number> {
  const [row] = rowsOf<{ id: number | string | null }>(
    await db.execute(sql`select max(id) as id from events`),
  );
  return Number(row?.id ?? 0);
}

export async function eventsSince(db: Db, afterId: number): Promise<Event[]> {
  return db.select().from(events).where(gt(events.id, afterId)).orderBy(asc(events.id));
}

/** Runs a successful action and checks that it appended exactly one event, of `type`. */
export async function expectOneEvent<T>(
  db: Db,
  action: () => Promise<T>,
  type: EventType,
): Promise<{ result: T; event: Event }> {
  const before = await lastEventId(db);
  const result = await action();
  const written = await eventsSince(db, before);
  expect(written.map((e) => e.type)).toEqual([type]);
  return { result, event: written[0]! };
}

/** Field errors of a zod parse that must fail, keyed by field ('' for form-level errors). */
export function fieldErrors(schema: ZodTypeAny, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  if (result.success)
    throw new Error(`Expected invalid input, but it parsed to ${JSON.stringify(result.data)}`);
  // Schemas carry message keys; the tests read what an English reader sees.
  const flat = result.error.flatten((issue) => inEnglish(issueMessage(issue)));
  const out: Record<string, string[]> = { ...(flat.fieldErrors as Record<string, string[]>) };
  if (flat.formErrors.length) out[''] = flat.formErrors;
  return out;
}

/** Counts stored on the idea next to what the votes table actually holds. */
export async function voteTally(db: Db, ideaId: number) {
  const [idea] = await db
    .select({ supportCount: ideas.supportCount, opposeCount: ideas.opposeCount })
    .from(ideas)
    .where(eq(ideas.id, ideaId));
  const rows = await db.select({ value: votes.value }).from(votes).where(eq(votes.ideaId, ideaId));
  return {
    stored: { support: idea!.supportCount, oppose: idea!.opposeCount },
    actual: {
      support: rows.filter((r) => r.value === 1).length,
      oppose: rows.filter((r) => r.value === -1).length,
    },
  };
}

export const repeat = (n: number, char = 'a') => char.repeat(n);

/** Runs a raw write the database itself must refuse; checks it wrote nothing and returns the SQLSTATE. */
export async function sqlStateOfRefused(
  db: Db,
  write: () => Promise<unknown>,
): Promise<string | undefined> {
  const before = await snapshot(db);
  const error = await write().then(
    () => {
      throw new Error('Expected the database to refuse this write');
    },
    (e: unknown) => e,
  );
  expect(await snapshot(db), 'a refused write must not change anything').toEqual(before);
  return pgErrorCode(error);
}
