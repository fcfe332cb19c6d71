// Brands and their members (owner, managers).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandMembers, brands, users } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, invalid, msg, notFound } from '#app/domain/core/errors';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent } from '#app/domain/events/log.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { freeSlug } from '#app/domain/core/slugs.server';
import { findUserByHandle } from '#app/domain/users/queries.server';
import type { BrandInput } from './schema';
import { memberRole } from './queries.server';
import { canAddManagers } from './policy';

/** The brand page shows the whole description as plain text, so its excerpt keeps all of it. */
export const BRAND_EXCERPT_LENGTH = 2000;

export async function createBrand(
  db: Db,
  { actor, brand: input, ...timed }: { actor: Actor; brand: BrandInput } & Timed,
) {
  const now = nowFrom(timed);
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
          createdAt: now,
        })
        .returning();
      await tx
        .insert(brandMembers)
        .values({ brandId: brand!.id, userId: actor.id, role: 'owner', createdAt: now });
      await appendEvent(tx, {
        type: 'brand.created',
        actorId: actor.id,
        brandId: brand!.id,
        payload: { name: brand!.name, slug },
        at: now,
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

/** Who changes a brand's managers: the actor, the brand and the manager's handle. */
type ManagerChange = { actor: Actor; brandId: number; handle: string } & Timed;

export async function addManager(db: Db, { actor, brandId, handle, ...timed }: ManagerChange) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const role = await memberRole(tx, actor.id, brandId);
    if (!canAddManagers({ actor, memberRole: role }))
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
      .values({ brandId, userId: user.id, role: 'manager', createdAt: now })
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
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'brand.member_added',
      target: { kind: 'user', id: user.id },
      brandId,
      subjectUserId: user.id,
      before: null,
      after: { role: 'manager' },
    });
    return user;
  });
}

/** Managers are named by handle: the page that offers "Remove" never sees user ids. */
export async function removeManager(db: Db, { actor, brandId, handle, ...timed }: ManagerChange) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const role = await memberRole(tx, actor.id, brandId);
    if (!canAddManagers({ actor, memberRole: role }))
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
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'brand.member_removed',
      target: { kind: 'user', id: userId },
      brandId,
      subjectUserId: userId,
      before: { role: 'manager' },
      after: null,
    });
  });
}

/**
 * The owner hands the brand to one of its managers and stays on as a manager: a brand always has
 * exactly one owner. The brand's member rows are locked first, so two transfers (or a transfer and
 * a manager's removal) at the same moment apply one after the other.
 */
export async function transferOwnership(
  db: Db,
  {
    actor,
    brandId,
    toHandle,
    ...timed
  }: { actor: Actor; brandId: number; toHandle: string } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const members = await tx
      .select()
      .from(brandMembers)
      .where(eq(brandMembers.brandId, brandId))
      .orderBy(brandMembers.userId)
      .for('update');
    const own = members.find((m) => m.userId === actor.id);
    if (own?.role !== 'owner') throw forbidden('audit.transfer.errors.onlyOwner');
    const user = await findUserByHandle(tx, toHandle);
    if (!user) throw notFound('audit.transfer.errors.unknown', { handle: toHandle });
    if (user.id === actor.id)
      throw invalid('audit.transfer.errors.self', undefined, {
        handle: msg('audit.transfer.errors.selfField'),
      });
    const target = members.find((m) => m.userId === user.id);
    if (target?.role !== 'manager')
      throw conflict(
        'audit.transfer.errors.notManager',
        { handle: user.handle },
        { handle: msg('audit.transfer.errors.notManagerField', { handle: user.handle }) },
      );
    const [{ handle: ownerHandle } = { handle: '' }] = await tx
      .select({ handle: users.handle })
      .from(users)
      .where(eq(users.id, actor.id));
    await tx
      .update(brandMembers)
      .set({ role: 'manager' })
      .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, actor.id)));
    await tx
      .update(brandMembers)
      .set({ role: 'owner' })
      .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, user.id)));
    await appendEvent(tx, {
      type: 'brand.ownership_transferred',
      actorId: actor.id,
      brandId,
      subjectUserId: user.id,
      payload: { handle: user.handle },
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'brand.ownership_transferred',
      target: { kind: 'brand', id: brandId },
      brandId,
      subjectUserId: user.id,
      before: { owner: ownerHandle, manager: user.handle },
      after: { owner: user.handle, manager: ownerHandle },
    });
    return user;
  });
}
