// Column helpers the tables share.
import { sql, type SQL } from 'drizzle-orm';
import { customType, timestamp } from 'drizzle-orm/pg-core';

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A full-text search vector (issue 16): generated from the row's own text in the row's own
 * language (content_search_config(), migration 0015), never written by the app.
 */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/**
 * The weighted search vector of a row: title-like text over body-like text, each in the row's own
 * text-search configuration (english, spanish or italian, with unaccent; migration 0015).
 */
export const searchVector = (language: SQL, a: SQL, b: SQL) =>
  tsvector('search_vector').generatedAlwaysAs(
    sql`setweight(to_tsvector(content_search_config(${language}), coalesce(${a}, '')), 'A') || setweight(to_tsvector(content_search_config(${language}), coalesce(${b}, '')), 'B')`,
  );

/** The languages content is written, detected and searched in. */
export const CONTENT_LANGUAGES = ['en', 'es', 'it'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

/**
 * Storage settings of the GIN indexes that searches read (full text, title trigrams, tags). New
 * entries wait in the index's pending list until it is merged into the index, and every search
 * reads that list whole: at PostgreSQL's default limit (4 MB, 512 pages) a search for a word found
 * nowhere read 1,200 pages, nearly all of them pending entries (bench:search). An idea's vote
 * rewrites its row with new entries in every index, so the list fills between vacuums; at 256 kB
 * the writer that fills it merges it (a few hundred rows' entries at a time) and a search reads at
 * most 32 pending pages per index.
 */
export const GIN_PENDING = { gin_pending_list_limit: 256 };
