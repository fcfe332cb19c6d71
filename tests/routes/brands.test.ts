// Creating brands and managing their team, through the route actions.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as newBrand from '#app/routes/brands.new';
import { addManager } from '#app/domain/brands/commands.server';
import { brandMembers, brands } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat, unique } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

describe('brands.new action', () => {
  const create = (viewer: TestViewer | null, fields: Record<string, string>) =>
    callAction(newBrand, {
      request: formRequest('/brands/new', fields),
      context: makeContext(db(), viewer),
    });

  it('asks a signed-out visitor to sign in (401)', async () => {
    const sent = { name: unique('Brand '), description: '', website: '' };
    await expectRefused(db(), () => create(null, sent), 401, {
      sent,
      error: 'Please sign in to do that.',
    });
  });

  it('sends a signed-out visitor of the page to sign in and back', async () => {
    const result = await callLoader(newBrand, {
      request: getRequest('/brands/new'),
      context: makeContext(db()),
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/signin?redirectTo=%2Fbrands%2Fnew');
  });

  it.each([
    ['too short', 'A'],
    ['only spaces', '    '],
    ['too long', repeat(81, 'B')],
  ])('refuses a name %s', async (_label, name) => {
    const owner = await makeUser(db());
    const sent = { name, description: 'Something', website: '' };
    const result = await expectRefused(db(), () => create(owner, sent), 400, {
      sent,
      fields: ['name'],
    });
    expect(result.body.fieldErrors.name).toEqual(['Brand names are 2–80 characters.']);
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an ftp: URL', 'ftp://x'],
    ['a bare word', 'example'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ])('refuses %s as website', async (_label, website) => {
    const owner = await makeUser(db());
    const sent = { name: unique('Brand '), description: '', website };
    await expectRefused(db(), () => create(owner, sent), 400, { sent, fields: ['website'] });
  });

  it('refuses a description over 2,000 characters', async () => {
    const owner = await makeUser(db());
    const sent = { name: unique('Brand '), description: repeat(2001), website: '' };
    await expectRefused(db(), () => create(owner, sent), 400, { sent, fields: ['description'] });
  });

  it('refuses a second brand with the same name (409)', async () => {
    const owner = await makeUser(db());
    const name = unique('Same Name ');
    await makeBrand(db(), owner, name);
    const sent = { name, description: '', website: '' };
    await expectRefused(db(), () => create(owner, sent), 409, { sent, fields: ['name'] });
  });

  it('creates the brand with its owner and one event, and redirects to it', async () => {
    const owner = await makeUser(db());
    const name = unique('Acme Co ');
    const { result, added, events } = await expectAccepted(
      db(),
      () =>
        create(owner, {
          name: `  ${name} `,
          description: 'We make things.',
          website: 'https://acme.example',
        }),
      { location: /^\/brands\/acme-co-/, events: ['brand.created'] },
    );
    expect(added).toEqual({ brands: 1, brand_members: 1, events: 1 });
    const [brand] = await db().select().from(brands).where(eq(brands.id, events[0]!.brandId!));
    expect(brand).toMatchObject({ name, website: 'https://acme.example', createdBy: owner.id });
    expect(result.headers.get('Location')).toBe(`/brands/${brand!.slug}`);
    expect(result.headers.getSetCookie().some((c) => c.startsWith('cocrea_flash='))).toBe(true);
  });
});

describe('brands.$slug._index action', () => {
  async function brandWithTeam() {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    return { owner, manager, brand };
  }
  const post = (viewer: TestViewer | null, slug: string, fields: Record<string, string>) =>
    callAction(brandPage, {
      params: { slug },
      request: formRequest(`/brands/${slug}`, fields),
      context: makeContext(db(), viewer),
    });

  it('asks a signed-out visitor to sign in (401)', async () => {
    const { brand } = await brandWithTeam();
    const sent = { intent: 'add-manager', handle: 'someone' };
    await expectRefused(db(), () => post(null, brand.slug, sent), 401, { sent });
  });

  it('refuses a manager who is not the owner (403)', async () => {
    const { manager, brand } = await brandWithTeam();
    const newcomer = await makeUser(db());
    const sent = { intent: 'add-manager', handle: newcomer.handle };
    await expectRefused(db(), () => post(manager, brand.slug, sent), 403, {
      sent,
      error: 'Only the brand owner can add managers.',
    });
  });

  it('says when no one has that handle (404)', async () => {
    const { owner, brand } = await brandWithTeam();
    const sent = { intent: 'add-manager', handle: 'nobody_by_that_name' };
    await expectRefused(db(), () => post(owner, brand.slug, sent), 404, {
      sent,
      error: /No one with the handle @nobody_by_that_name/,
    });
  });

  it('refuses someone who is already a member (409), whatever the case of the handle', async () => {
    const { owner, manager, brand } = await brandWithTeam();
    for (const handle of [manager.handle, manager.handle.toUpperCase(), owner.handle]) {
      const sent = { intent: 'add-manager', handle };
      await expectRefused(db(), () => post(owner, brand.slug, sent), 409, {
        sent,
        error: /already a member/,
        fields: ['handle'],
      });
    }
  });

  it.each([
    ['an unknown intent', { intent: 'promote', handle: 'someone' }],
    ['no intent', { handle: 'someone' }],
    ['a malformed handle', { intent: 'add-manager', handle: '<script>' }],
    ['a missing handle', { intent: 'add-manager' }],
  ])('refuses %s (400)', async (_label, sent: Record<string, string>) => {
    const { owner, brand } = await brandWithTeam();
    await expectRefused(db(), () => post(owner, brand.slug, sent), 400, { sent });
  });

  it('says when the brand does not exist (404)', async () => {
    const owner = await makeUser(db());
    const sent = { intent: 'add-manager', handle: owner.handle };
    await expectRefused(db(), () => post(owner, 'no-such-brand', sent), 404, {
      sent,
      error: 'That brand was not found.',
    });
  });

  it('refuses to remove a manager for a manager (403) and an unknown handle (404)', async () => {
    const { owner, manager, brand } = await brandWithTeam();
    const second = await makeUser(db());
    await addManager(db(), { actor: owner, brandId: brand.id, handle: second.handle });
    await expectRefused(
      db(),
      () => post(manager, brand.slug, { intent: 'remove-manager', handle: second.handle }),
      403,
    );
    await expectRefused(
      db(),
      () => post(owner, brand.slug, { intent: 'remove-manager', handle: 'nobody' }),
      404,
    );
    // The owner is not a manager and cannot be removed this way.
    await expectRefused(
      db(),
      () => post(owner, brand.slug, { intent: 'remove-manager', handle: owner.handle }),
      404,
    );
  });

  it('lets the owner add a manager: one member row, one event, a redirect', async () => {
    const { owner, brand } = await brandWithTeam();
    const newcomer = await makeUser(db());
    const { added, events } = await expectAccepted(
      db(),
      () => post(owner, brand.slug, { intent: 'add-manager', handle: ` ${newcomer.handle} ` }),
      {
        location: new RegExp(`^/brands/${brand.slug}$`),
        events: ['brand.member_added'],
      },
    );
    // The event and its audit entry (brand administration).
    expect(added).toEqual({ brand_members: 1, events: 1, audit_log: 1 });
    expect(events[0]).toMatchObject({
      actorId: owner.id,
      brandId: brand.id,
      subjectUserId: newcomer.id,
    });
    const [row] = await db()
      .select()
      .from(brandMembers)
      .where(and(eq(brandMembers.brandId, brand.id), eq(brandMembers.userId, newcomer.id)));
    expect(row?.role).toBe('manager');
  });

  it('lets the owner remove a manager: one event, a redirect', async () => {
    const { owner, manager, brand } = await brandWithTeam();
    const { added } = await expectAccepted(
      db(),
      () => post(owner, brand.slug, { intent: 'remove-manager', handle: manager.handle }),
      {
        events: ['brand.member_removed'],
      },
    );
    expect(added).toEqual({ brand_members: -1, events: 1, audit_log: 1 });
  });

  it('answers 404 from the loader for an unknown brand', async () => {
    const result = await callLoader(brandPage, {
      params: { slug: 'no-such-brand' },
      context: makeContext(db()),
    });
    expect(result).toMatchObject({
      status: 404,
      thrown: true,
      body: { message: 'That brand was not found.' },
    });
  });
});
