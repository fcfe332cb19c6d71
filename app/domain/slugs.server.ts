// Free slugs: a title's slug, numbered ("-2", "-3", …) when another row already has it.
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.server';
import { slugify, withSuffix } from './slugs';

export async function freeSlug(tx: Db, column: PgColumn, title: string, maxLength?: number) {
  const base = slugify(title, maxLength);
  const rows = await tx
    .select({ slug: sql<string>`${column}` })
    .from(column.table)
    .where(sql`${column} = ${base} or ${column} like ${`${base}-%`}`);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(withSuffix(base, n))) return withSuffix(base, n);
}
