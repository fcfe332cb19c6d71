// Transferring a brand: only its owner, only to one of its managers; the old owner stays on as a
// manager and the brand always has exactly one owner. Event and audit entry, or nothing at all.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, brandMembers } from '../../../db/schema';
import { addManager, transferOwnership } from '#app/domain/brands/commands.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeUser } from '../../support/factories';
import { expectOneEvent, expectRefused } from '../../support/assertions';

const db = useTestDatabase();

async function rolesOf(brandId: number) {
  const rows = await db().select().from(brandMembers).where(eq(brandMembers.brandId, brandId));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

async function brandWithManager() {
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  return { owner, manager, brand };
}

describe('transferOwnership', () => {
  it('hands the brand to a manager; the old owner becomes a manager', async () => {
    const { owner, manager, brand } = await brandWithManager();
    const { event } = await expectOneEvent(
      db(),
      () => transferOwnership(db(), { actor: owner, brandId: brand.id, toHandle: manager.handle }),
      'brand.ownership_transferred',
    );
    expect(event).toMatchObject({
      actorId: owner.id,
      brandId: brand.id,
      subjectUserId: manager.id,
    });
    expect(await rolesOf(brand.id)).toEqual({ [owner.id]: 'manager', [manager.id]: 'owner' });
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'brand.ownership_transferred'), eq(auditLog.brandId, brand.id)),
      );
    expect(entry).toMatchObject({
      actorId: owner.id,
      targetKind: 'brand',
      targetId: String(brand.id),
      subjectUserId: manager.id,
      before: { owner: owner.handle, manager: manager.handle },
      after: { owner: manager.handle, manager: owner.handle },
    });
    // The new owner may hand it back; the old one no longer may.
    await expectRefused(
      db(),
      () => transferOwnership(db(), { actor: owner, brandId: brand.id, toHandle: manager.handle }),
      'Forbidden',
    );
    await transferOwnership(db(), { actor: manager, brandId: brand.id, toHandle: owner.handle });
    expect(await rolesOf(brand.id)).toEqual({ [owner.id]: 'owner', [manager.id]: 'manager' });
  });

  it('refuses a manager, an admin who is not the owner, and a stranger (403)', async () => {
    const { manager, brand, owner } = await brandWithManager();
    const admin = await makeUser(db(), { role: 'admin' });
    const stranger = await makeUser(db());
    for (const actor of [manager, admin, stranger])
      await expectRefused(
        db(),
        () => transferOwnership(db(), { actor, brandId: brand.id, toHandle: owner.handle }),
        'Forbidden',
        /Only the brand’s owner/,
      );
  });

  it('refuses someone who is not a manager (409), an unknown handle (404) and oneself (400)', async () => {
    const { owner, brand } = await brandWithManager();
    const outsider = await makeUser(db());
    await expectRefused(
      db(),
      () => transferOwnership(db(), { actor: owner, brandId: brand.id, toHandle: outsider.handle }),
      'Conflict',
      /not a manager/,
    );
    await expectRefused(
      db(),
      () => transferOwnership(db(), { actor: owner, brandId: brand.id, toHandle: 'nobody_at_all' }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => transferOwnership(db(), { actor: owner, brandId: brand.id, toHandle: owner.handle }),
      'Invalid',
    );
  });

  it('refuses a manager of another brand (409)', async () => {
    const { owner, brand } = await brandWithManager();
    const other = await brandWithManager();
    await expectRefused(
      db(),
      () =>
        transferOwnership(db(), {
          actor: owner,
          brandId: brand.id,
          toHandle: other.manager.handle,
        }),
      'Conflict',
    );
  });
});
