// The search page's parameters (GET /search and the header's box), checked the same way in the
// browser and on the server. Browser-safe: no database here.
import { z } from 'zod';
import { PUBLIC_STAGES } from '#app/domain/challenges/policy';
import { SLUG_MAX_LENGTH } from '#app/domain/core/slugs';
import type { ChallengeStage } from '../../../db/schema';

/** What a search looks through: everything, or one kind of content. */
export const SEARCH_KINDS = ['all', 'challenges', 'ideas', 'comments'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A result's own kind (singular, as a label says it). */
export type ResultKind = 'challenge' | 'idea' | 'comment';

/**
 * The longest query searched. A longer one (a pasted paragraph) is cut here, at a word boundary,
 * rather than refused: the reader still gets results, and the page says the query was shortened.
 */
export const MAX_QUERY_LENGTH = 200;
/**
 * Anything longer than this is not a query someone typed: refused (400) before it is even trimmed,
 * so a megabyte URL parameter costs nothing.
 */
export const MAX_RAW_QUERY_LENGTH = 20_000;

export const SEARCH_PAGE_SIZE = 20;

/** C0/C1 control characters (NUL among them, which PostgreSQL text refuses) read as spaces. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The query as searched: control characters out, spaces collapsed, at most MAX_QUERY_LENGTH. */
export function normaliseQuery(raw: string): { q: string; shortened: boolean } {
  const clean = raw.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  // Counted in code points, so a cut never splits an emoji's surrogate pair.
  const chars = Array.from(clean);
  if (chars.length <= MAX_QUERY_LENGTH) return { q: clean, shortened: false };
  const cut = chars.slice(0, MAX_QUERY_LENGTH).join('');
  const space = cut.lastIndexOf(' ');
  // At the last word boundary, unless that would throw most of the query away.
  const q = (space > MAX_QUERY_LENGTH / 2 ? cut.slice(0, space) : cut).trim();
  return { q, shortened: true };
}

/** An empty field is no filter: `?brand=` is what a form sends when "any brand" is chosen. */
const blankAsMissing = (v: unknown) => (v === '' ? undefined : v);

const slug = z.preprocess(
  blankAsMissing,
  z
    .string()
    .trim()
    .toLowerCase()
    .max(SLUG_MAX_LENGTH, 'search.errors.slug')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'search.errors.slug')
    .optional(),
);

export const searchParamsSchema = z.object({
  q: z
    .string()
    .max(MAX_RAW_QUERY_LENGTH, 'search.errors.tooLong')
    .optional()
    .transform((v) => normaliseQuery(v ?? '')),
  kind: z.preprocess(
    blankAsMissing,
    z.enum(SEARCH_KINDS, { message: 'search.errors.kind' }).default('all'),
  ),
  brand: slug,
  challenge: slug,
  stage: z.preprocess(
    blankAsMissing,
    z
      .enum(PUBLIC_STAGES as [ChallengeStage, ...ChallengeStage[]], {
        message: 'search.errors.stage',
      })
      .optional(),
  ),
  tag: z.preprocess(
    (v) => (typeof v === 'string' ? blankAsMissing(v.trim().replace(/^#/, '')) : v),
    z
      .string()
      .toLowerCase()
      .regex(/^[\p{L}\p{N}-]{2,30}$/u, 'search.errors.tag')
      .optional(),
  ),
  // Opaque page cursors, checked by search() (a garbled one is a 400).
  after: z.string().max(400, 'errors.page.cursor').optional(),
  before: z.string().max(400, 'errors.page.cursor').optional(),
});

export type SearchParams = z.output<typeof searchParamsSchema>;
/** What search() takes: the parsed parameters, with the query already normalised to its text. */
export type SearchInput = Omit<SearchParams, 'q'> & { q: string };

/** A piece of highlighted text: `mark` pieces are the words that matched. */
export type Segment = { text: string; mark: boolean };
