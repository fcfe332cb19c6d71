// The brand's community page and its saved segments. Person-level data comes only from
// access.server.ts (which checks membership and consent); this module adds the brand's own
// bookkeeping: its segments and its challenges for the filter.
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, communitySegments } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { invalid, notFound } from '#app/domain/core/errors';
import { logHorizon } from '#app/domain/events/log.server';
import {
  nonConsentingSummary,
  openCommunity,
  readParticipants,
  type CommunityScope,
} from './access.server';
import {
  COMMUNITY_PAGE_SIZE,
  communityFilterSchema,
  defaultDirection,
  filterOf,
  type CommunityFilter,
  type CommunityQuery,
} from './schema';

export type Segment = {
  id: number;
  name: string;
  /** Null when the stored filter no longer reads as one (it can only be deleted then). */
  filter: CommunityFilter | null;
};

/** The brand's saved segments, by name. A stored filter is checked by its schema on every read. */
export async function listSegments(db: Db, scope: CommunityScope): Promise<Segment[]> {
  const rows = await db
    .select({
      id: communitySegments.id,
      name: communitySegments.name,
      filter: communitySegments.filter,
    })
    .from(communitySegments)
    .where(eq(communitySegments.brandId, scope.brandId))
    .orderBy(asc(sql`lower(${communitySegments.name})`), asc(communitySegments.id));
  return rows.map((r) => {
    const parsed = communityFilterSchema.safeParse(r.filter);
    return { id: r.id, name: r.name, filter: parsed.success ? parsed.data : null };
  });
}

/** One segment of this brand (another brand's id is not found); a broken filter is a 400. */
export function segmentFilter(
  segments: Segment[],
  id: number,
): { segment: Segment; filter: CommunityFilter } {
  const segment = segments.find((s) => s.id === id);
  if (!segment) throw notFound('errors.community.segmentNotFound');
  if (!segment.filter) throw invalid('errors.community.segmentBroken');
  return { segment, filter: segment.filter };
}

/** The brand's challenges for the filter's choices, newest first (members see drafts too). */
export async function challengeChoices(db: Db, scope: CommunityScope) {
  return db
    .select({ slug: challenges.slug, title: challenges.title })
    .from(challenges)
    .where(eq(challenges.brandId, scope.brandId))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(200);
}

/** The filter, order and page a request asks for (a saved segment's filter when it names one). */
export function resolveQuery(query: CommunityQuery, segments: Segment[]) {
  const applied = query.segment !== undefined ? segmentFilter(segments, query.segment) : null;
  const filter = applied ? applied.filter : filterOf(query);
  const sort = query.sort ?? 'engagement';
  const dir = query.dir ?? defaultDirection(sort);
  return { filter, sort, dir, segment: applied?.segment ?? null, page: query.page ?? 1 };
}

/**
 * The community page: the consenting participants the query picks (a page of 50), the summary of
 * those who share nothing, the saved segments and the challenge choices, and the log position the
 * page's live room follows from (read before the data).
 */
export async function communityPage(
  db: Db,
  actor: Actor | null,
  slug: string,
  query: CommunityQuery,
  { now }: { now: Date },
) {
  const scope = await openCommunity(db, actor, { slug });
  const cursor = await logHorizon(db);
  const segments = await listSegments(db, scope);
  const { filter, sort, dir, segment, page } = resolveQuery(query, segments);
  const { rows, total } = await readParticipants(db, scope, {
    filter,
    sort,
    dir,
    now,
    limit: COMMUNITY_PAGE_SIZE,
    offset: (page - 1) * COMMUNITY_PAGE_SIZE,
  });
  return {
    brand: scope.brand,
    cursor,
    filter,
    sort,
    dir,
    page,
    pageCount: Math.max(1, Math.ceil(total / COMMUNITY_PAGE_SIZE)),
    total,
    rows,
    others: await nonConsentingSummary(db, scope),
    segment: segment && { id: segment.id, name: segment.name },
    segments,
    challenges: await challengeChoices(db, scope),
  };
}
