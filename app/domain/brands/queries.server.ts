import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandMembers, brands, challenges, users, type BrandRole } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { notFound } from '#app/domain/core/errors';
import { storedExcerpt } from '#app/domain/markdown/render.server';
import {
  PAGE_SIZE,
  pageKey,
  readKeysetPage,
  type Keyset,
  type PagePosition,
} from '#app/domain/core/pagination';
import { canAddManagers, canManageBrand } from './policy';

export async function memberRole(
  db: Db,
  userId: string | undefined,
  brandId: number,
): Promise<BrandRole | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ role: brandMembers.role })
    .from(brandMembers)
    .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, userId)));
  return row?.role ?? null;
}

/** Whether the actor may manage the brand's challenges (brands/policy.ts), their role fetched here. */
export async function canManageBrandOf(db: Db, actor: Actor | null, brandId: number) {
  if (!actor) return false;
  return canManageBrand({ actor, memberRole: await memberRole(db, actor.id, brandId) });
}

export async function getBrandBySlug(db: Db, slug: string) {
  const [brand] = await db.select().from(brands).where(eq(brands.slug, slug));
  if (!brand) throw notFound('errors.notFound.brand');
  return brand;
}

/** A brand's challenges on its page, newest first, in keyset pages. */
const BRAND_CHALLENGES: Keyset = {
  name: 'brand',
  parts: [
    { type: 'timestamp', expr: sql`${challenges.createdAt}` },
    { type: 'int', expr: sql`${challenges.id}` },
  ],
};

/**
 * The brand page as route data: members by handle, no internal user ids (not even the creator's),
 * and one page of its challenges (drafts only for those who manage it).
 */
export async function getBrandPage(
  db: Db,
  viewer: Actor | null,
  slug: string,
  position: PagePosition = {},
) {
  // The page shows the description as plain text (its stored excerpt), never the HTML.
  const {
    createdBy: _createdBy,
    descriptionHtml: _descriptionHtml,
    ...brand
  } = await getBrandBySlug(db, slug);
  const rows = await db
    .select({
      userId: users.id,
      handle: users.handle,
      displayName: users.displayName,
      role: brandMembers.role,
    })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(eq(brandMembers.brandId, brand.id))
    .orderBy(asc(brandMembers.role), asc(users.handle));
  const viewerRole = rows.find((m) => m.userId === viewer?.id)?.role ?? null;
  const members = rows.map(({ userId: _userId, ...m }) => m);
  const standing = { actor: viewer, memberRole: viewerRole };
  const can = { manage: canManageBrand(standing), addManagers: canAddManagers(standing) };
  const { items, ...pages } = await readKeysetPage(BRAND_CHALLENGES, position, PAGE_SIZE, (page) =>
    db
      .select({
        id: challenges.id,
        slug: challenges.slug,
        title: challenges.title,
        stage: challenges.stage,
        tags: challenges.tags,
        rewardPoints: challenges.rewardPoints,
        createdAt: challenges.createdAt,
        ideaCount: challenges.ideaCount,
        language: challenges.language,
        pageKey: pageKey(BRAND_CHALLENGES),
      })
      .from(challenges)
      .where(
        and(
          eq(challenges.brandId, brand.id),
          can.manage ? undefined : sql`${challenges.stage} <> 'draft'`,
          page.where,
        ),
      )
      .orderBy(...page.orderBy)
      .limit(page.limit),
  );
  return { brand, members, viewerRole, can, challenges: items, pages };
}

export async function listBrands(db: Db) {
  return db
    .select({
      id: brands.id,
      slug: brands.slug,
      name: brands.name,
      excerpt: storedExcerpt(brands.descriptionExcerpt, brands.description),
      challengeCount: count(challenges.id),
    })
    .from(brands)
    .leftJoin(
      challenges,
      and(eq(challenges.brandId, brands.id), sql`${challenges.stage} <> 'draft'`),
    )
    .groupBy(brands.id)
    .orderBy(asc(brands.name));
}

export async function brandsOf(db: Db, userId: string) {
  return db
    .select({ id: brands.id, slug: brands.slug, name: brands.name, role: brandMembers.role })
    .from(brandMembers)
    .innerJoin(brands, eq(brands.id, brandMembers.brandId))
    .where(eq(brandMembers.userId, userId))
    .orderBy(asc(brands.name));
}
