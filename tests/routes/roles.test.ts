// /moderation/roles: admins only (others 403, visitors to sign in); the staff list, the handle
// search, and the role form with its required reason; every refusal writes nothing.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as rolesPage from '#app/routes/moderation.roles';
import { users } from '../../db/schema';
import { callAction, callLoader, formRequest, getRequest, makeContext } from '../support/context';
import { makeUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const load = (viewer: Parameters<typeof makeContext>[1], query = '') =>
  callLoader(rolesPage, {
    request: getRequest(`/moderation/roles${query}`),
    context: makeContext(db(), viewer),
  });

const send = (viewer: Parameters<typeof makeContext>[1], fields: Record<string, string>) =>
  callAction(rolesPage, {
    request: formRequest('/moderation/roles', fields),
    context: makeContext(db(), viewer),
  });

async function roleOf(id: string) {
  const [row] = await db().select({ role: users.role }).from(users).where(eq(users.id, id));
  return row!.role;
}

describe('/moderation/roles page', () => {
  it('shows an admin the staff and finds people by handle', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const moderator = await makeUser(db(), { role: 'moderator' });
    const person = await makeUser(db());
    const result = await load(admin, `?q=${person.handle.slice(0, 8)}`);
    expect(result.status).toBe(200);
    const staffHandles = result.body.staff.map((s: { handle: string }) => s.handle);
    expect(staffHandles).toEqual(expect.arrayContaining([admin.handle, moderator.handle]));
    expect(staffHandles).not.toContain(person.handle);
    expect(result.body.found.map((p: { handle: string }) => p.handle)).toContain(person.handle);
  });

  it('answers a bad search with 400 and a message', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const result = await load(admin, `?q=${encodeURIComponent('<script>')}`);
    expect(result.status).toBe(400);
    expect(result.body.queryError).toMatch(/handle/);
    expect(result.body.found).toBeNull();
  });

  it('refuses moderators and members (403) and sends a visitor to sign in', async () => {
    expect((await load(await makeUser(db(), { role: 'moderator' }))).status).toBe(403);
    expect((await load(await makeUser(db()))).status).toBe(403);
    const visitor = await load(null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toBe('/signin?redirectTo=%2Fmoderation%2Froles');
  });
});

describe('/moderation/roles action', () => {
  it('changes a role with a reason and says so', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const person = await makeUser(db());
    await expectAccepted(
      db(),
      () => send(admin, { handle: person.handle, role: 'moderator', reason: 'Trusted reviewer' }),
      { location: /^\/moderation\/roles$/, events: ['user.role_changed'] },
    );
    expect(await roleOf(person.id)).toBe('moderator');
  });

  it.each([
    ['no reason', { role: 'moderator', reason: '' }, 'reason'],
    ['a reason of 501 characters', { role: 'moderator', reason: repeat(501) }, 'reason'],
    ['an unknown role', { role: 'emperor', reason: 'x' }, 'role'],
    ['a role sent as a list', { role: ['admin', 'moderator'], reason: 'x' }, 'role'],
  ] as const)('refuses %s (400)', async (_, fields, field) => {
    const admin = await makeUser(db(), { role: 'admin' });
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () => send(admin, { handle: person.handle, ...(fields as Record<string, string>) }),
      400,
      { fields: [field] },
    );
  });

  it('refuses a 10,000-character handle or a script tag (400), an unknown person (404)', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    for (const handle of [repeat(10_000), '<script>alert(1)</script>'])
      await expectRefused(
        db(),
        () => send(admin, { handle, role: 'moderator', reason: 'x' }),
        400,
        {
          fields: ['handle'],
        },
      );
    await expectRefused(
      db(),
      () => send(admin, { handle: 'nobody_at_all', role: 'moderator', reason: 'x' }),
      404,
    );
  });

  it('refuses the role a person already has (409)', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const person = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => send(admin, { handle: person.handle, role: 'moderator', reason: 'x' }),
      409,
      { error: /already has this role/ },
    );
  });

  it('refuses a moderator making themselves admin (403) and a visitor (401)', async () => {
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => send(moderator, { handle: moderator.handle, role: 'admin', reason: 'Promotion' }),
      403,
      { error: /Only admins/ },
    );
    await expectRefused(
      db(),
      () => send(null, { handle: moderator.handle, role: 'admin', reason: 'Promotion' }),
      401,
    );
  });
});
