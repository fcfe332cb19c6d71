// Free slugs: a title's slug, or — when another row already has it — the slug with a random suffix.
// Numbering ("-2", "-3") would let anyone probe for the titles of other brands' hidden drafts and
// guess their addresses; a random suffix says only that the plain slug is taken.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.server';
import { conflict } from './errors';
import { SLUG_MAX_LENGTH, slugify, withSuffix } from './slugs';

const SUFFIX_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const SUFFIX_LENGTH = 6;
// 36^6 ≈ 2·10⁹ suffixes: a second collision is already unheard of; the cap only bounds a broken state.
const ATTEMPTS = 5;

export function randomSlugSuffix() {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++)
    suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return suffix;
}

export async function freeSlug(
  tx: Db,
  column: PgColumn,
  title: string,
  maxLength = SLUG_MAX_LENGTH,
) {
  const base = slugify(title, maxLength);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slug = attempt === 0 ? base : withSuffix(base, randomSlugSuffix(), maxLength);
    const taken = await tx
      .select({ slug: sql<string>`${column}` })
      .from(column.table)
      .where(sql`${column} = ${slug}`)
      .limit(1);
    if (!taken.length) return slug;
  }
  throw conflict('errors.slug.noFree');
}
