// Site roles: admins make and unmake moderators and admins with a reason; the last admin stays;
// each change appends its event and audit entry, and every refusal writes nothing.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, users } from '../../../db/schema';
import { changeRole, findPeople, staff } from '#app/domain/users/roles.server';
import { useTestDatabase } from '../../support/db';
import { makeUser } from '../../support/factories';
import { expectOneEvent, expectRefused } from '../../support/assertions';

const db = useTestDatabase();

async function roleOf(id: string) {
  const [row] = await db().select({ role: users.role }).from(users).where(eq(users.id, id));
  return row!.role;
}

/** Makes every admin but these moderators, so a test knows exactly who the admins are. */
async function onlyAdmins(...ids: string[]) {
  await db().update(users).set({ role: 'moderator' }).where(eq(users.role, 'admin'));
  for (const id of ids) await db().update(users).set({ role: 'admin' }).where(eq(users.id, id));
}

describe('changeRole', () => {
  it('makes a moderator, with its event and an audit entry holding the reason', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const person = await makeUser(db());
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        changeRole(db(), {
          actor: admin,
          handle: person.handle.toUpperCase(),
          role: 'moderator',
          reason: 'Helps in the forum every day',
        }),
      'user.role_changed',
    );
    expect(result).toMatchObject({ handle: person.handle, from: 'prosumer', to: 'moderator' });
    expect(event).toMatchObject({ actorId: admin.id, subjectUserId: person.id });
    expect(event.payload).toEqual({ from: 'prosumer', to: 'moderator' });
    expect(await roleOf(person.id)).toBe('moderator');
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.role_changed'), eq(auditLog.targetId, person.id)));
    expect(entry).toMatchObject({
      actorId: admin.id,
      targetKind: 'user',
      subjectUserId: person.id,
      reason: 'Helps in the forum every day',
      before: { role: 'prosumer' },
      after: { role: 'moderator' },
    });
  });

  it('lets an admin step down while another admin remains', async () => {
    const a = await makeUser(db(), { role: 'admin' });
    const b = await makeUser(db(), { role: 'admin' });
    await onlyAdmins(a.id, b.id);
    await changeRole(db(), { actor: a, userId: a.id, role: 'prosumer', reason: 'Stepping down' });
    expect(await roleOf(a.id)).toBe('prosumer');
  });

  it('refuses to demote the last admin (409), itself included', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    await onlyAdmins(admin.id);
    await expectRefused(
      db(),
      () => changeRole(db(), { actor: admin, userId: admin.id, role: 'moderator', reason: 'Bye' }),
      'Conflict',
      /last admin/,
    );
  });

  it.each([
    ['a moderator', 'moderator'],
    ['a member', 'prosumer'],
  ] as const)('refuses %s (403)', async (_, role) => {
    const actor = await makeUser(db(), { role });
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () => changeRole(db(), { actor, handle: person.handle, role: 'admin', reason: 'Me' }),
      'Forbidden',
      /Only admins/,
    );
  });

  it('refuses an admin whose role was taken away since the session was read (403)', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    await db().update(users).set({ role: 'moderator' }).where(eq(users.id, admin.id));
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () =>
        changeRole(db(), { actor: admin, handle: person.handle, role: 'moderator', reason: 'x' }),
      'Forbidden',
    );
  });

  it('refuses a change to the role the person already has (409)', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const person = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () =>
        changeRole(db(), { actor: admin, handle: person.handle, role: 'moderator', reason: 'x' }),
      'Conflict',
      /already has this role/,
    );
  });

  it('refuses an unknown or deleted person (404) and an empty reason (400)', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    await expectRefused(
      db(),
      () =>
        changeRole(db(), { actor: admin, handle: 'nobody_here', role: 'moderator', reason: 'x' }),
      'NotFound',
    );
    const gone = await makeUser(db());
    await db()
      .update(users)
      .set({ deletedAt: new Date(), email: null, passwordHash: null })
      .where(eq(users.id, gone.id));
    await expectRefused(
      db(),
      () => changeRole(db(), { actor: admin, userId: gone.id, role: 'moderator', reason: 'x' }),
      'NotFound',
    );
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () =>
        changeRole(db(), { actor: admin, handle: person.handle, role: 'moderator', reason: '  ' }),
      'Invalid',
    );
  });

  it('lists the staff and finds people by the start of their handle', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const found = await makeUser(db(), { handle: `zq_${Date.now().toString(36)}` });
    expect((await staff(db())).map((s) => s.handle)).toContain(admin.handle);
    expect(
      (await findPeople(db(), found.handle.slice(0, 6).toUpperCase())).map((p) => p.handle),
    ).toContain(found.handle);
    // LIKE's wildcards are searched for literally.
    expect(await findPeople(db(), '%')).toEqual([]);
  });
});

// Two admins demote each other at the same moment: the admins' rows are locked in one order, so
// one change waits for the other and then finds its actor is no longer an admin. PostgreSQL only.
describe.skipIf(!process.env.DATABASE_URL)('two admins demoting each other (PostgreSQL)', () => {
  it('lets exactly one succeed and always leaves an admin', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await makeUser(db(), { role: 'admin' });
      const b = await makeUser(db(), { role: 'admin' });
      await onlyAdmins(a.id, b.id);
      const results = await Promise.allSettled([
        changeRole(db(), { actor: a, userId: b.id, role: 'prosumer', reason: 'Coup' }),
        changeRole(db(), { actor: b, userId: a.id, role: 'prosumer', reason: 'Counter-coup' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const admins = await db().select().from(users).where(eq(users.role, 'admin'));
      expect(admins).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.status).toBe(403);
    }
  });

  it('lets two admins each demote themselves at once only while another admin stays', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await makeUser(db(), { role: 'admin' });
      const b = await makeUser(db(), { role: 'admin' });
      await onlyAdmins(a.id, b.id);
      const results = await Promise.allSettled([
        changeRole(db(), { actor: a, userId: a.id, role: 'moderator', reason: 'Leaving' }),
        changeRole(db(), { actor: b, userId: b.id, role: 'moderator', reason: 'Leaving too' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await db().select().from(users).where(eq(users.role, 'admin'))).toHaveLength(1);
    }
  });
});
