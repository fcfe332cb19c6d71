// The brand's community view: what its table may be sorted and filtered by, as zod schemas shared by
// the page's form, its loader (GET parameters), the CSV export and saved segments. Browser-safe.
// Every value is checked here, before anything reaches SQL: a crafted sort key, filter or segment
// is a 400 with a message, never part of a query.
import { z } from 'zod';
import { invalid, issueMessage } from '#app/domain/core/errors';
import { LEVELS } from '#app/domain/reputation/rules';

/** Rows per page of the community table. */
export const COMMUNITY_PAGE_SIZE = 50;
/**
 * The deepest page (offset pagination, bounded): 400 × 50 = 20,000 people. A brand with more narrows
 * the list with a filter; the CSV export has no such bound.
 */
export const COMMUNITY_MAX_PAGE = 400;
/** Saved segments per brand. */
export const MAX_SEGMENTS = 50;
export const SEGMENT_NAME_MAX = 60;
/** "Active within" choices offered by the form (any 1–3650 is accepted). */
export const ACTIVE_WITHIN_CHOICES = [7, 30, 90, 365] as const;
export const MAX_ACTIVE_DAYS = 3650;

export const COMMUNITY_SORTS = [
  'engagement',
  'lastActive',
  'ideas',
  'votes',
  'comments',
  'wins',
  'points',
  'handle',
] as const;
export type CommunitySort = (typeof COMMUNITY_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Handles read A→Z by default; every figure reads highest first. */
export const defaultDirection = (sort: CommunitySort): SortDirection =>
  sort === 'handle' ? 'asc' : 'desc';

/** The consent levels a listed person can have (`none` is never listed, only counted). */
export const LISTED_CONSENTS = ['activity', 'profile'] as const;
export type ListedConsent = (typeof LISTED_CONSENTS)[number];

export const MAX_LEVEL = LEVELS.length;

const TAG = /^[\p{L}\p{N}-]{2,30}$/u;
const SLUG = /^[a-z0-9-]{1,200}$/;

/**
 * A filter (a segment), as stored and as used: every part optional, all of them must hold.
 * `tag`: wrote, supported or commented an idea with that tag on the brand's challenges;
 * `level`: reputation level at least; `active`: last active there within that many days;
 * `challenge`: took part in that challenge (its slug); `consent`: exactly that level;
 * `engagement`: engagement at least.
 */
export const communityFilterSchema = z
  .object({
    tag: z.string().regex(TAG, 'errors.community.tag').optional(),
    level: z.number().int().min(1).max(MAX_LEVEL).optional(),
    active: z.number().int().min(1).max(MAX_ACTIVE_DAYS).optional(),
    challenge: z.string().regex(SLUG, 'errors.community.challenge').optional(),
    consent: z.enum(LISTED_CONSENTS).optional(),
    engagement: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type CommunityFilter = z.infer<typeof communityFilterSchema>;
export const FILTER_KEYS = Object.keys(
  communityFilterSchema.shape,
) as readonly (keyof CommunityFilter)[];

/** A query parameter: absent or empty (an untouched form field) is "not set". */
const param = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());

/** Whole numbers written in digits only ("1e3", " 7", "0x1f" are not numbers here). */
const intParam = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));

/** The filter as GET parameters (the form's fields), parsed into a filter. */
export const filterParamsSchema = z.object({
  tag: param(
    z
      .string()
      .trim()
      .max(60, 'errors.community.tag')
      .transform((t) => t.replace(/^#/, '').toLowerCase())
      .pipe(z.string().regex(TAG, 'errors.community.tag')),
  ),
  level: param(intParam(1, MAX_LEVEL, 'errors.community.level')),
  active: param(intParam(1, MAX_ACTIVE_DAYS, 'errors.community.active')),
  challenge: param(
    z.string().max(200, 'errors.community.challenge').regex(SLUG, 'errors.community.challenge'),
  ),
  consent: param(
    z.enum(LISTED_CONSENTS, { errorMap: () => ({ message: 'errors.community.consent' }) }),
  ),
  engagement: param(intParam(0, 100, 'errors.community.engagement')),
});

/** The whole table query: the filter or a saved segment, the order and the page. */
export const communityQuerySchema = filterParamsSchema.extend({
  sort: param(z.enum(COMMUNITY_SORTS, { errorMap: () => ({ message: 'errors.community.sort' }) })),
  dir: param(z.enum(SORT_DIRECTIONS, { errorMap: () => ({ message: 'errors.community.dir' }) })),
  page: param(intParam(1, COMMUNITY_MAX_PAGE, 'errors.community.page')),
  segment: param(intParam(1, 2_147_483_647, 'errors.community.segmentNotFound')),
});
export type CommunityQuery = z.infer<typeof communityQuerySchema>;

/** The numbers the community's messages may name. */
export const MESSAGE_VALUES = { max: COMMUNITY_MAX_PAGE } as const;

/**
 * The table's query from GET parameters; anything crafted is an Invalid error (400) saying what
 * was wrong with the first wrong parameter. Parameters it does not know are ignored.
 */
export function parseCommunityQuery(input: Record<string, unknown>): CommunityQuery {
  const parsed = communityQuerySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { key, values } = issueMessage(parsed.error.issues[0]!);
  throw invalid(key, { ...MESSAGE_VALUES, ...values });
}

/** The filter part of a parsed query, without the unset parts. */
export function filterOf(query: Partial<Record<keyof CommunityFilter, unknown>>): CommunityFilter {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) out[key] = query[key];
  return communityFilterSchema.parse(out);
}

/** A filter as GET parameters (links, the CSV link, a saved segment's link). */
export function filterParams(filter: CommunityFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}

export const segmentNameSchema = z
  .string({
    required_error: 'errors.community.segmentName',
    invalid_type_error: 'errors.community.segmentName',
  })
  .trim()
  .min(1, 'errors.community.segmentName')
  .max(SEGMENT_NAME_MAX, 'errors.community.segmentName');

/** Saving the current filter as a segment: a name, and the filter's fields as the page has them. */
export const saveSegmentSchema = filterParamsSchema.extend({ name: segmentNameSchema });

export const deleteSegmentSchema = z.object({
  segment: intParam(1, 2_147_483_647, 'errors.community.segmentNotFound'),
});
