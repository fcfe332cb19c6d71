import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { brandMembers, brands } from '../../../db/schema';
import { addManager, createBrand, removeManager } from '#app/domain/brands/commands.server';
import { addManagerSchema, brandSchema } from '#app/domain/brands/schema';
import { canManageBrandOf, getBrandPage } from '#app/domain/brands/queries.server';
import { CHECK_VIOLATION } from '#app/domain/core/pg-errors.server';
import { useTestDatabase } from '../../support/db';
import {
  makeBrand,
  makeChallenge,
  makeIdea,
  makeUser,
  setIdeaStatus,
} from '../../support/factories';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  repeat,
  sqlStateOfRefused,
  unique,
} from '../../support/assertions';

const db = useTestDatabase();

describe('brandSchema', () => {
  it('accepts a name with optional description and website, trimmed', () => {
    expect(
      brandSchema.parse({
        name: '  Acme Foods ',
        description: ' Snacks ',
        website: ' https://acme.example ',
      }),
    ).toEqual({
      name: 'Acme Foods',
      description: 'Snacks',
      website: 'https://acme.example',
    });
    expect(brandSchema.parse({ name: 'Acme', website: '' })).toEqual({
      name: 'Acme',
      description: '',
      website: undefined,
    });
    expect(brandSchema.parse({ name: 'Acme' })).toEqual({ name: 'Acme', description: '' });
  });

  it('asks for a name, and refuses one shorter than 2 or longer than 80 characters', () => {
    expect(fieldErrors(brandSchema, {}).name).toEqual(['Give the brand a name.']);
    expect(fieldErrors(brandSchema, { name: ' A ' }).name).toEqual([
      'Brand names are 2–80 characters.',
    ]);
    expect(fieldErrors(brandSchema, { name: repeat(81) }).name).toEqual([
      'Brand names are 2–80 characters.',
    ]);
    expect(brandSchema.parse({ name: repeat(80) }).name).toHaveLength(80);
  });

  it('refuses fields of the wrong type', () => {
    expect(
      Object.keys(fieldErrors(brandSchema, { name: 12, description: [], website: 5 })).sort(),
    ).toEqual(['description', 'name', 'website']);
  });

  it('refuses descriptions over 2,000 characters', () => {
    expect(
      fieldErrors(brandSchema, { name: 'Acme', description: repeat(2001) }).description,
    ).toEqual(['Descriptions are at most 2,000 characters.']);
  });

  it('refuses web addresses that are not http(s) or are too long', () => {
    for (const website of [
      'acme.example',
      'javascript:alert(1)',
      'ftp://acme.example',
      'data:text/html,x',
    ]) {
      expect(fieldErrors(brandSchema, { name: 'Acme', website }).website, website).toBeDefined();
    }
    expect(
      fieldErrors(brandSchema, { name: 'Acme', website: `https://${repeat(200)}.example` }).website,
    ).toContain('Web addresses are at most 200 characters.');
  });

  it('keeps markup in a name as plain text', () => {
    expect(brandSchema.parse({ name: '<script>alert(1)</script>' }).name).toBe(
      '<script>alert(1)</script>',
    );
  });
});

describe('addManagerSchema', () => {
  it('accepts a handle and refuses anything else', () => {
    expect(addManagerSchema.parse({ handle: ' grace ' })).toEqual({ handle: 'grace' });
    expect(fieldErrors(addManagerSchema, {}).handle).toEqual(['Choose a handle.']);
    expect(fieldErrors(addManagerSchema, { handle: '@grace' }).handle).toEqual([
      'Handles are 3–30 letters, digits or underscores.',
    ]);
  });
});

describe('createBrand', () => {
  it('creates the brand with a slug, makes the creator its owner and logs brand.created', async () => {
    const owner = await makeUser(db());
    const name = `Café Ñandú ${unique('b')}`;
    const { result: brand, event } = await expectOneEvent(
      db(),
      () =>
        createBrand(db(), {
          actor: owner,
          brand: { name, description: 'Coffee', website: 'https://cafe.example' },
        }),
      'brand.created',
    );
    expect(brand).toMatchObject({
      name,
      slug: expect.stringMatching(/^cafe-nandu-/),
      website: 'https://cafe.example',
      createdBy: owner.id,
    });
    expect(event).toMatchObject({
      actorId: owner.id,
      brandId: brand.id,
      payload: { name, slug: brand.slug },
    });
    expect(event.createdAt).toEqual(brand.createdAt);
    const members = await db()
      .select()
      .from(brandMembers)
      .where(eq(brandMembers.brandId, brand.id));
    expect(members).toMatchObject([{ userId: owner.id, role: 'owner' }]);
  });

  it('refuses a name that is taken, whatever its case', async () => {
    const owner = await makeUser(db());
    const other = await makeUser(db());
    const name = `Acme ${unique('b')}`;
    await createBrand(db(), { actor: owner, brand: { name, description: '' } });
    const error = await expectRefused(
      db(),
      () =>
        createBrand(db(), { actor: other, brand: { name: name.toUpperCase(), description: '' } }),
      'Conflict',
    );
    expect(error.fieldErrors).toEqual({
      name: ['A brand with that name already exists. Choose another name.'],
    });
  });

  it('gives a different name that makes the same slug its own address, with a random suffix', async () => {
    const owner = await makeUser(db());
    const name = `Acme ${unique('b')}`;
    const first = await createBrand(db(), { actor: owner, brand: { name, description: '' } });
    const second = await createBrand(db(), {
      actor: owner,
      brand: { name: `${name}!`, description: '' },
    });
    const third = await createBrand(db(), {
      actor: owner,
      brand: { name: `${name}?`, description: '' },
    });
    for (const other of [second, third])
      expect(other.slug).toMatch(new RegExp(`^${first.slug}-[a-z0-9]{6}$`));
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3);
  });

  it('gives names without any Latin letters their own addresses', async () => {
    const owner = await makeUser(db());
    const a = await createBrand(db(), {
      actor: owner,
      brand: { name: '日本の店', description: '' },
    });
    const b = await createBrand(db(), {
      actor: owner,
      brand: { name: '中国商店', description: '' },
    });
    expect(a.slug).toMatch(/^item(-[a-z0-9]{6})?$/);
    expect(b.slug).toMatch(/^item-[a-z0-9]{6}$/);
    expect(a.slug).not.toBe(b.slug);
  });

  it('creates only one of two brands with the same name submitted at once', async () => {
    const owner = await makeUser(db());
    const name = `Twins ${unique('b')}`;
    const results = await Promise.allSettled([
      createBrand(db(), { actor: owner, brand: { name, description: '' } }),
      createBrand(db(), { actor: owner, brand: { name, description: '' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason,
    ).toMatchObject({ kind: 'Conflict' });
  });

  it('gives a brand named only with markup a safe slug', async () => {
    const owner = await makeUser(db());
    const brand = await createBrand(db(), {
      actor: owner,
      brand: {
        name: `<script>${unique('x')}</script>`,
        description: '',
      },
    });
    expect(brand.slug).toMatch(/^script-x[a-z0-9]+-script$/);
  });
});

describe('canManageBrandOf', () => {
  it('lets members and site moderators manage, and nobody else', async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const stranger = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const admin = await makeUser(db(), { role: 'admin' });
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    expect(await canManageBrandOf(db(), owner, brand.id)).toBe(true);
    expect(await canManageBrandOf(db(), manager, brand.id)).toBe(true);
    expect(await canManageBrandOf(db(), moderator, brand.id)).toBe(true);
    expect(await canManageBrandOf(db(), admin, brand.id)).toBe(true);
    expect(await canManageBrandOf(db(), stranger, brand.id)).toBe(false);
    expect(await canManageBrandOf(db(), null, brand.id)).toBe(false);
  });

  it('does not let the owner of one brand manage another', async () => {
    const owner = await makeUser(db());
    const other = await makeUser(db());
    await makeBrand(db(), owner);
    const otherBrand = await makeBrand(db(), other);
    expect(await canManageBrandOf(db(), owner, otherBrand.id)).toBe(false);
  });
});

describe('addManager', () => {
  it('lets the owner add a manager by handle, in any case, and logs brand.member_added', async () => {
    const owner = await makeUser(db());
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        addManager(db(), { actor: owner, brandId: brand.id, handle: grace.handle.toUpperCase() }),
      'brand.member_added',
    );
    expect(result.id).toBe(grace.id);
    expect(event).toMatchObject({
      actorId: owner.id,
      brandId: brand.id,
      subjectUserId: grace.id,
      payload: { role: 'manager', handle: grace.handle },
    });
    const [row] = await db()
      .select()
      .from(brandMembers)
      .where(and(eq(brandMembers.brandId, brand.id), eq(brandMembers.userId, grace.id)));
    expect(row?.role).toBe('manager');
  });

  it('lets a site admin add a manager', async () => {
    const owner = await makeUser(db());
    const admin = await makeUser(db(), { role: 'admin' });
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await expectOneEvent(
      db(),
      () => addManager(db(), { actor: admin, brandId: brand.id, handle: grace.handle }),
      'brand.member_added',
    );
  });

  it('refuses managers, strangers and moderators: only the owner adds managers', async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const stranger = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    for (const actor of [manager, stranger, moderator]) {
      await expectRefused(
        db(),
        () => addManager(db(), { actor, brandId: brand.id, handle: grace.handle }),
        'Forbidden',
        'Only the brand owner can add managers.',
      );
    }
  });

  it('refuses the owner of another brand', async () => {
    const owner = await makeUser(db());
    const otherOwner = await makeUser(db());
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await makeBrand(db(), otherOwner);
    await expectRefused(
      db(),
      () => addManager(db(), { actor: otherOwner, brandId: brand.id, handle: grace.handle }),
      'Forbidden',
    );
  });

  it('says NotFound for an unknown handle', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await expectRefused(
      db(),
      () => addManager(db(), { actor: owner, brandId: brand.id, handle: unique('ghost') }),
      'NotFound',
    );
  });

  it('says NotFound when an admin adds a manager to a brand that does not exist', async () => {
    const admin = await makeUser(db(), { role: 'admin' });
    const grace = await makeUser(db());
    await expectRefused(
      db(),
      () => addManager(db(), { actor: admin, brandId: 2_000_000_000, handle: grace.handle }),
      'NotFound',
      'That brand was not found.',
    );
  });

  it('refuses someone who is already a member, including the owner', async () => {
    const owner = await makeUser(db());
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: grace.handle });
    const again = await expectRefused(
      db(),
      () => addManager(db(), { actor: owner, brandId: brand.id, handle: grace.handle }),
      'Conflict',
    );
    expect(again.fieldErrors?.handle).toEqual([`@${grace.handle} is already a member.`]);
    await expectRefused(
      db(),
      () => addManager(db(), { actor: owner, brandId: brand.id, handle: owner.handle }),
      'Conflict',
    );
  });
});

describe('removeManager', () => {
  it('lets the owner remove a manager, who can then no longer manage, and logs brand.member_removed', async () => {
    const owner = await makeUser(db());
    const grace = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: grace.handle });
    const { event } = await expectOneEvent(
      db(),
      () => removeManager(db(), { actor: owner, brandId: brand.id, handle: grace.handle }),
      'brand.member_removed',
    );
    expect(event).toMatchObject({ actorId: owner.id, brandId: brand.id, subjectUserId: grace.id });
    expect(await canManageBrandOf(db(), grace, brand.id)).toBe(false);
  });

  it('refuses managers, strangers and moderators', async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const other = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    await addManager(db(), { actor: owner, brandId: brand.id, handle: other.handle });
    for (const actor of [manager, moderator]) {
      await expectRefused(
        db(),
        () => removeManager(db(), { actor, brandId: brand.id, handle: other.handle }),
        'Forbidden',
        'Only the brand owner can remove managers.',
      );
    }
  });

  it('cannot remove the owner, nor someone who is not a manager', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await expectRefused(
      db(),
      () => removeManager(db(), { actor: owner, brandId: brand.id, handle: owner.handle }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => removeManager(db(), { actor: owner, brandId: brand.id, handle: stranger.handle }),
      'NotFound',
    );
  });
});

describe('getBrandPage', () => {
  it('shows visitors the brand, its members and its public challenges, but not its drafts', async () => {
    const owner = await makeUser(db(), { handle: unique('zed') });
    const manager = await makeUser(db(), { handle: unique('amy') });
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const draft = await makeChallenge(db(), owner, { brandId: brand.id });
    const open = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    const archived = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'archived' });

    const page = await getBrandPage(db(), null, brand.slug);
    expect(page.brand.id).toBe(brand.id);
    expect(page.members.map((m) => [m.handle, m.role])).toEqual([
      [owner.handle, 'owner'],
      [manager.handle, 'manager'],
    ]);
    expect(page).toMatchObject({
      viewerRole: null,
      can: { manage: false, addManagers: false },
    });
    expect(page.challenges.map((c) => c.id).sort()).toEqual([open.id, archived.id].sort());
    expect(page.challenges.map((c) => c.id)).not.toContain(draft.id);

    const stranger = await makeUser(db());
    expect(
      (await getBrandPage(db(), stranger, brand.slug)).challenges.map((c) => c.id),
    ).not.toContain(draft.id);
  });

  it('shows members and moderators the drafts too, with the viewer role and what they may do', async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const draft = await makeChallenge(db(), owner, { brandId: brand.id });

    const asManager = await getBrandPage(db(), manager, brand.slug);
    expect(asManager).toMatchObject({
      viewerRole: 'manager',
      can: { manage: true, addManagers: false },
    });
    expect(asManager.challenges.map((c) => c.id)).toContain(draft.id);
    expect(await getBrandPage(db(), owner, brand.slug)).toMatchObject({
      viewerRole: 'owner',
      can: { manage: true, addManagers: true },
    });
    const asModerator = await getBrandPage(db(), moderator, brand.slug);
    expect(asModerator).toMatchObject({
      viewerRole: null,
      can: { manage: true, addManagers: false },
    });
    expect(asModerator.challenges.map((c) => c.id)).toContain(draft.id);
  });

  it('counts only the public ideas of each challenge', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    await makeIdea(db(), author, challenge.id);
    const hidden = await makeIdea(db(), author, challenge.id);
    await setIdeaStatus(db(), hidden.id, 'hidden');
    const page = await getBrandPage(db(), null, brand.slug);
    expect(page.challenges.find((c) => c.id === challenge.id)?.ideaCount).toBe(1);
  });

  it('says NotFound for an unknown brand', async () => {
    await expectRefused(db(), () => getBrandPage(db(), null, unique('no-such-brand')), 'NotFound');
  });
});

describe('the brands table, as a last line of defence', () => {
  it('refuses malformed slugs and names, written directly', async () => {
    const owner = await makeUser(db());
    expect(
      await sqlStateOfRefused(db(), () =>
        db().insert(brands).values({ slug: 'Bad Slug', name: 'Bad slug', createdBy: owner.id }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlStateOfRefused(db(), () =>
        db()
          .insert(brands)
          .values({ slug: unique('ok'), name: 'A', createdBy: owner.id }),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
