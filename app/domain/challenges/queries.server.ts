import { and, count, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import {
  brands,
  challenges,
  stageListRank,
  type Challenge,
  type ChallengeStage,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { notFound } from '#app/domain/core/errors';
import { storedExcerpt } from '#app/domain/markdown/render.server';
import { normaliseQuery } from '#app/domain/search/schema';
import { searchableTsQuery } from '#app/domain/search/tsquery.server';
import {
  PAGE_SIZE,
  pageKey,
  readKeysetPage,
  type Keyset,
  type PagePosition,
} from '#app/domain/core/pagination';

/**
 * A challenge as its viewer may see it; drafts exist only for the brand and moderators. Pages send
 * it to the browser, so who created it (an internal user id) stays out.
 */
export async function getChallengeBySlug(db: Db, viewer: Actor | null, slug: string) {
  const {
    createdBy: _createdBy,
    searchVector: _searchVector,
    ...challengeColumns
  } = getTableColumns(challenges);
  const [row] = await db
    .select({
      challenge: challengeColumns,
      brand: { id: brands.id, slug: brands.slug, name: brands.name },
    })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(eq(challenges.slug, slug));
  if (!row) throw notFound('errors.notFound.challenge');
  const can = { manage: await canManageBrandOf(db, viewer, row.challenge.brandId) };
  if (row.challenge.stage === 'draft' && !can.manage) throw notFound('errors.notFound.challenge');
  return { ...row, can };
}

export async function getChallengeById(db: Db, id: number): Promise<Challenge> {
  const [c] = await db.select().from(challenges).where(eq(challenges.id, id));
  if (!c) throw notFound('errors.notFound.challenge');
  return c;
}

export type ChallengeFilters = {
  stage?: ChallengeStage;
  brand?: string;
  tag?: string;
  q?: string;
};

/** The /challenges order: open first, then voting, review, awarded, archived; latest move first. */
const CHALLENGE_LIST: Keyset = {
  name: 'challenges',
  parts: [
    { type: 'int', expr: stageListRank(challenges.stage) },
    { type: 'timestamp', expr: sql`${challenges.stageChangedAt}` },
    { type: 'int', expr: sql`${challenges.id}` },
  ],
};

/**
 * One page of public challenges matching the filters, after or before a cursor, with how many
 * match (challenges, not ideas: a count that grows with the brands, not with the ideas).
 */
export async function listChallenges(
  db: Db,
  filters: ChallengeFilters & PagePosition,
  pageSize = PAGE_SIZE,
) {
  // Drafts are never listed: asking for them finds nothing rather than everything. Written out
  // rather than bound, so the list's partial index applies.
  const where: SQL[] = [sql`${challenges.stage} <> 'draft'`];
  if (filters.stage) where.push(eq(challenges.stage, filters.stage));
  if (filters.brand) where.push(eq(brands.slug, filters.brand));
  if (filters.tag) where.push(sql`${challenges.tags} @> array[${filters.tag}]::text[]`);
  if (filters.q) {
    // The same full text as /search (issue 16): stems and accents in the three languages, through
    // the GIN index. A query with no word to look up (only punctuation such as "%", or only
    // negations) falls back to its literal text in titles and briefs, so it still finds what it
    // names.
    const tsquery = await searchableTsQuery(db, normaliseQuery(filters.q).q);
    if (tsquery !== null) where.push(sql`${challenges.searchVector} @@ ${tsquery}::tsquery`);
    else {
      const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(sql`(${challenges.title} ilike ${like} or ${challenges.brief} ilike ${like})`);
    }
  }
  const condition = and(...where);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(condition);
  const page = await readKeysetPage(CHALLENGE_LIST, filters, pageSize, (query) =>
    db
      .select({
        id: challenges.id,
        slug: challenges.slug,
        title: challenges.title,
        excerpt: storedExcerpt(challenges.briefExcerpt, challenges.brief),
        tags: challenges.tags,
        stage: challenges.stage,
        rewardPoints: challenges.rewardPoints,
        rewardDescription: challenges.rewardDescription,
        votingAt: challenges.votingAt,
        createdAt: challenges.createdAt,
        brandName: brands.name,
        brandSlug: brands.slug,
        ideaCount: challenges.ideaCount,
        language: challenges.language,
        pageKey: pageKey(CHALLENGE_LIST),
      })
      .from(challenges)
      .innerJoin(brands, eq(brands.id, challenges.brandId))
      .where(and(condition, query.where))
      .orderBy(...query.orderBy)
      .limit(query.limit),
  );
  return { ...page, total };
}

export async function popularChallengeTags(db: Db, limit = 12) {
  const rows = await db.execute(sql`
    select tag, count(*)::int as n
    from challenges, unnest(tags) as tag
    where stage <> 'draft'
    group by tag order by n desc, tag asc limit ${limit}`);
  return rowsOf<{ tag: string }>(rows).map((r) => r.tag);
}
