// Pages of lists. Long lists page by keyset: a page starts right after (or before) the sort key of
// a row the reader saw, so reading page 1,000 costs what page 1 does, with an index in the list's
// order. Short lists that are always read from the start (notifications) page by number.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { invalid } from './errors';

export const PAGE_SIZE = 12;

export type Page<T> = { items: T[]; page: number; pageCount: number; total: number };

export function pageOf<T>(items: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { items, page, pageCount: Math.max(1, Math.ceil(total / size)), total };
}

/** One part of a sort key, as a cursor carries it: an int4, a double or a timestamptz (to the µs). */
export type KeyPart = { type: 'int' | 'float' | 'timestamp'; expr: SQL };

/**
 * A list's order for keyset pages: every part descending, the last one unique (the id), so no two
 * rows tie and a page boundary is exact. `name` goes into the cursor, so a cursor made for one
 * order is refused by another rather than read as nonsense.
 */
export type Keyset = { name: string; parts: readonly KeyPart[] };

/** Where a page starts, from the URL: after the row an `after` cursor names, before a `before` one. */
export type PagePosition = { after?: string; before?: string };

/**
 * A page and the cursors of its neighbours (null when there is none). `first` is true when the page
 * is the list's beginning, so a "first page" link has somewhere else to go only when it is false.
 */
export type KeysetPage<T> = {
  items: T[];
  next: string | null;
  prev: string | null;
  first: boolean;
};

/** Cursors carry timestamps as text with microseconds: a JS Date would drop them. */
const TIMESTAMP = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const INT4 = { min: -2_147_483_648, max: 2_147_483_647 };
/** Far longer than any cursor this module makes; anything longer is not one. */
const MAX_CURSOR_LENGTH = 300;

const partSchema = {
  int: z.number().int().min(INT4.min).max(INT4.max),
  float: z.number().finite(),
  timestamp: z
    .string()
    .regex(TIMESTAMP)
    // "2026-02-30…" matches the pattern but is no date: PostgreSQL would fail on it (a 500).
    .refine((s) => {
      const date = new Date(`${s.slice(0, 23)}Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === s.slice(0, 19);
    }),
} as const;

const castOf = { int: sql`integer`, float: sql`double precision`, timestamp: sql`timestamptz` };

type KeyValue = number | string;

function encodeCursor(name: string, values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([name, ...values])).toString('base64url');
}

/** The key values a cursor names, checked against the keyset; anything else is a 400 for the reader. */
export function decodeCursor(keyset: Keyset, cursor: string): KeyValue[] {
  const refuse = () => invalid('errors.page.cursor');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const [first, ...rest] = keyset.parts.map((part) => partSchema[part.type]);
  const schema = z.tuple([z.literal(keyset.name), first!, ...rest]);
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw refuse();
  return parsed.data.slice(1) as KeyValue[];
}

/**
 * The row's sort key as JSON text, for the select list of a paged query (as `pageKey`). Built by
 * PostgreSQL so nothing is lost on the way: timestamps keep their microseconds and doubles print
 * exactly.
 */
export function pageKey(keyset: Keyset): SQL<string> {
  const values = keyset.parts.map((part) =>
    part.type === 'timestamp'
      ? sql`to_char(${part.expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : part.expr,
  );
  return sql<string>`json_build_array(${sql.join(values, sql`, `)})::text`;
}

/** What `readKeysetPage` asks the query for: its extra condition, its order and its limit. */
export type PageQuery = { where: SQL | undefined; orderBy: SQL[]; limit: number };

function pageQuery(keyset: Keyset, cursor: KeyValue[] | null, backward: boolean, limit: number) {
  const orderBy = keyset.parts.map((p) => (backward ? sql`${p.expr} asc` : sql`${p.expr} desc`));
  if (!cursor) return { where: undefined, orderBy, limit };
  const exprs = sql.join(
    keyset.parts.map((p) => p.expr),
    sql`, `,
  );
  const values = sql.join(
    keyset.parts.map((p, i) => sql`${cursor[i]}::${castOf[p.type]}`),
    sql`, `,
  );
  // One row comparison, which a btree index in the same order turns into a range: the scan
  // starts at the cursor instead of walking the rows before it.
  const where = sql`(${exprs}) ${backward ? sql`>` : sql`<`} (${values})`;
  return { where, orderBy, limit };
}

/**
 * Reads one page of `size` rows at `position`. `read` runs the list's query with the extra
 * condition, order and limit it is given, selecting `pageKey: pageKey(keyset)` along with its
 * columns; the key is taken off the rows it returns. A garbled or tampered cursor is an Invalid
 * error (400).
 */
export async function readKeysetPage<T extends { pageKey: string }>(
  keyset: Keyset,
  position: PagePosition,
  size: number,
  read: (query: PageQuery) => Promise<T[]>,
): Promise<KeysetPage<Omit<T, 'pageKey'>>> {
  const strip = (rows: T[]) => rows.map(({ pageKey: _key, ...row }) => row);
  const cursorOf = (row: T) => encodeCursor(keyset.name, JSON.parse(row.pageKey) as KeyValue[]);

  if (position.before !== undefined) {
    const before = decodeCursor(keyset, position.before);
    const rows = await read(pageQuery(keyset, before, true, size + 1));
    if (rows.length > size) {
      const items = rows.slice(0, size).reverse();
      return {
        items: strip(items),
        prev: cursorOf(items[0]!),
        next: cursorOf(items.at(-1)!),
        first: false,
      };
    }
    // Back at the beginning: show the first page whole, as its own link would.
  } else if (position.after !== undefined) {
    const after = decodeCursor(keyset, position.after);
    const rows = await read(pageQuery(keyset, after, false, size + 1));
    const items = rows.slice(0, size);
    return {
      items: strip(items),
      prev: items.length ? cursorOf(items[0]!) : null,
      next: rows.length > size ? cursorOf(items.at(-1)!) : null,
      first: false,
    };
  }
  const rows = await read(pageQuery(keyset, null, false, size + 1));
  const items = rows.slice(0, size);
  return {
    items: strip(items),
    prev: null,
    next: rows.length > size ? cursorOf(items.at(-1)!) : null,
    first: true,
  };
}
