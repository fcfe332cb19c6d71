import { and, count, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { brands, challenges, type Challenge, type ChallengeStage } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { notFound } from '#app/domain/core/errors';
import { storedExcerpt } from '#app/domain/markdown/render.server';
import { PUBLIC_STAGES } from './policy';
import { PAGE_SIZE, pageOf } from '#app/domain/core/pagination';
import { publicIdeaCount } from '#app/domain/stats/queries.server';

/**
 * A challenge as its viewer may see it; drafts exist only for the brand and moderators. Pages send
 * it to the browser, so who created it (an internal user id) stays out.
 */
export async function getChallengeBySlug(db: Db, viewer: Actor | null, slug: string) {
  const { createdBy: _createdBy, ...challengeColumns } = getTableColumns(challenges);
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
  page: number;
};

export async function listChallenges(db: Db, filters: ChallengeFilters, pageSize = PAGE_SIZE) {
  const where: SQL[] = [inArray(challenges.stage, PUBLIC_STAGES as ChallengeStage[])];
  // Drafts are never listed: asking for them finds nothing rather than everything.
  if (filters.stage) where.push(eq(challenges.stage, filters.stage));
  if (filters.brand) where.push(eq(brands.slug, filters.brand));
  if (filters.tag) where.push(sql`${challenges.tags} @> array[${filters.tag}]::text[]`);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${challenges.title} ilike ${like} or ${challenges.brief} ilike ${like})`);
  }
  const condition = and(...where);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(condition);
  const items = await db
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
      ideaCount: publicIdeaCount,
      language: challenges.language,
    })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(condition)
    // Open first, then voting, then the rest; newest within each stage.
    .orderBy(
      sql`array_position(array['open','voting','review','awarded','archived']::challenge_stage[], ${challenges.stage})`,
      desc(challenges.stageChangedAt),
      desc(challenges.id),
    )
    .limit(pageSize)
    .offset((filters.page - 1) * pageSize);
  return pageOf(items, total, filters.page, pageSize);
}

export async function popularChallengeTags(db: Db, limit = 12) {
  const rows = await db.execute(sql`
    select tag, count(*)::int as n
    from challenges, unnest(tags) as tag
    where stage <> 'draft'
    group by tag order by n desc, tag asc limit ${limit}`);
  return rowsOf<{ tag: string }>(rows).map((r) => r.tag);
}
