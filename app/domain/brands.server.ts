// Brands and their members (owner, managers).
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.server';
import { brandMembers, brands, challenges, users, type BrandRole } from '../../db/schema';
import { isModerator, type Actor } from './actor';
import { conflict, forbidden, msg, notFound } from './errors';
import { appendEvent } from './events.server';
import { refuseDeepMarkdown } from './markdown';
import { renderMarkdown, storedExcerpt } from './markdown.server';
import { UNIQUE_VIOLATION, pgErrorCode } from './pg-errors.server';
import { freeSlug } from './slugs.server';
import { publicIdeaCount } from './stats.server';
import { handleSchema, findUserByHandle } from './users.server';

export const brandSchema = z.object({
  name: z
    .string({ required_error: 'errors.brand.nameRequired' })
    .trim()
    .min(2, 'errors.brand.nameLength')
    .max(80, 'errors.brand.nameLength'),
  description: z
    .string()
    .trim()
    .max(2000, 'errors.brand.descriptionLength')
    .superRefine(refuseDeepMarkdown)
    .default(''),
  website: z
    .string()
    .trim()
    .max(200, 'errors.brand.websiteLength')
    .url('errors.brand.websiteUrl')
    .refine((u) => /^https?:\/\//.test(u), 'errors.brand.websiteScheme')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type BrandInput = z.infer<typeof brandSchema>;

export const addManagerSchema = z.object({ handle: handleSchema });

/** The brand page shows the whole description as plain text, so its excerpt keeps all of it. */
export const BRAND_EXCERPT_LENGTH = 2000;

export async function createBrand(db: Db, actor: Actor, input: BrandInput) {
  const description = await renderMarkdown(input.description, {
    excerptLength: BRAND_EXCERPT_LENGTH,
  });
  try {
    return await db.transaction(async (tx) => {
      const [same] = await tx
        .select({ id: brands.id })
        .from(brands)
        .where(sql`lower(${brands.name}) = lower(${input.name})`);
      if (same)
        throw conflict('errors.brand.nameTaken', undefined, {
          name: msg('errors.brand.nameTakenField'),
        });
      // The name as a slug, randomly suffixed when taken ("日本" and "中国" both give "item").
      const slug = await freeSlug(tx, brands.slug, input.name, 40);
      const [brand] = await tx
        .insert(brands)
        .values({
          slug,
          name: input.name,
          description: input.description,
          descriptionHtml: description.html,
          descriptionExcerpt: description.excerpt,
          website: input.website ?? null,
          createdBy: actor.id,
        })
        .returning();
      await tx.insert(brandMembers).values({ brandId: brand!.id, userId: actor.id, role: 'owner' });
      await appendEvent(tx, {
        type: 'brand.created',
        actorId: actor.id,
        brandId: brand!.id,
        payload: { name: brand!.name, slug },
      });
      return brand!;
    });
  } catch (e) {
    // The unique index on lower(name): another brand took this name at the same moment.
    if (pgErrorCode(e) === UNIQUE_VIOLATION)
      throw conflict('errors.brand.nameTaken', undefined, {
        name: msg('errors.brand.nameTakenField'),
      });
    throw e;
  }
}

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

/** Brand members and site moderators may manage a brand's challenges. */
export async function canManageBrand(db: Db, actor: Actor | null, brandId: number) {
  if (!actor) return false;
  if (isModerator(actor)) return true;
  return (await memberRole(db, actor.id, brandId)) !== null;
}

export async function addManager(db: Db, actor: Actor, brandId: number, handle: string) {
  return db.transaction(async (tx) => {
    const role = await memberRole(tx, actor.id, brandId);
    if (role !== 'owner' && actor.role !== 'admin')
      throw forbidden('errors.brand.ownerAddsManagers');
    // An admin may act on any brand, so the brand's existence is not implied by a membership.
    if (
      !role &&
      !(await tx.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId))).length
    )
      throw notFound('errors.notFound.brand');
    const user = await findUserByHandle(tx, handle);
    if (!user) throw notFound('errors.notFound.handle', { handle });
    const inserted = await tx
      .insert(brandMembers)
      .values({ brandId, userId: user.id, role: 'manager' })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length)
      throw conflict(
        'errors.brand.alreadyMember',
        { handle: user.handle },
        { handle: msg('errors.brand.alreadyMemberField', { handle: user.handle }) },
      );
    await appendEvent(tx, {
      type: 'brand.member_added',
      actorId: actor.id,
      brandId,
      subjectUserId: user.id,
      payload: { role: 'manager', handle: user.handle },
    });
    return user;
  });
}

/** Managers are named by handle: the page that offers "Remove" never sees user ids. */
export async function removeManager(db: Db, actor: Actor, brandId: number, handle: string) {
  return db.transaction(async (tx) => {
    const role = await memberRole(tx, actor.id, brandId);
    if (role !== 'owner' && actor.role !== 'admin')
      throw forbidden('errors.brand.ownerRemovesManagers');
    const user = await findUserByHandle(tx, handle);
    if (!user) throw notFound('errors.notFound.manager');
    const userId = user.id;
    const removed = await tx
      .delete(brandMembers)
      .where(
        and(
          eq(brandMembers.brandId, brandId),
          eq(brandMembers.userId, userId),
          eq(brandMembers.role, 'manager'),
        ),
      )
      .returning();
    if (!removed.length) throw notFound('errors.notFound.manager');
    await appendEvent(tx, {
      type: 'brand.member_removed',
      actorId: actor.id,
      brandId,
      subjectUserId: userId,
    });
  });
}

export async function getBrandBySlug(db: Db, slug: string) {
  const [brand] = await db.select().from(brands).where(eq(brands.slug, slug));
  if (!brand) throw notFound('errors.notFound.brand');
  return brand;
}

/** The brand page as route data: members by handle, no internal user ids (not even the creator's). */
export async function getBrandPage(db: Db, viewer: Actor | null, slug: string) {
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
  const canManage = viewerRole !== null || isModerator(viewer);
  const list = await db
    .select({
      id: challenges.id,
      slug: challenges.slug,
      title: challenges.title,
      stage: challenges.stage,
      tags: challenges.tags,
      rewardPoints: challenges.rewardPoints,
      createdAt: challenges.createdAt,
      ideaCount: publicIdeaCount,
      language: challenges.language,
    })
    .from(challenges)
    .where(
      and(
        eq(challenges.brandId, brand.id),
        canManage ? undefined : sql`${challenges.stage} <> 'draft'`,
      ),
    )
    .orderBy(desc(challenges.createdAt));
  return { brand, members, viewerRole, canManage, challenges: list };
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
