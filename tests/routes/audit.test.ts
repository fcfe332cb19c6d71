// The audit log's pages: who reads what (moderators all of it, brand members their brand's part,
// others 403, visitors to sign in), the filters, bad filters as 400s with a message (never a 500),
// and the brand page's ownership transfer and a moderator's comment deletion with a reason.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as moderationAudit from '#app/routes/moderation.audit';
import * as brandAudit from '#app/routes/brands.$slug.audit';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { auditLog, brandMembers } from '../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import { changeStage } from '#app/domain/challenges/commands.server';
import { callAction, callLoader, formRequest, getRequest, makeContext } from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

/** Two brands, each with an owner, a manager and a challenge moved to open (one audit entry each). */
async function twoBrands() {
  const make = async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const challenge = await makeChallenge(db(), owner, { brandId: brand.id });
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'open' });
    return { owner, manager, brand, challenge };
  };
  return [await make(), await make()] as const;
}

const readLog = (viewer: Parameters<typeof makeContext>[1], query = '') =>
  callLoader(moderationAudit, {
    request: getRequest(`/moderation/audit${query}`),
    context: makeContext(db(), viewer),
  });

const readBrandLog = (viewer: Parameters<typeof makeContext>[1], slug: string, query = '') =>
  callLoader(brandAudit, {
    request: getRequest(`/brands/${slug}/audit${query}`),
    params: { slug },
    context: makeContext(db(), viewer),
  });

describe('/moderation/audit', () => {
  it('shows a moderator every brand’s entries, newest first, with actor, target and change', async () => {
    const [a, b] = await twoBrands();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const result = await readLog(moderator);
    expect(result.status).toBe(200);
    const brandIds = new Set(
      result.body.entries.map((e: { target: { href: string } }) => e.target.href),
    );
    expect(brandIds).toContain(`/challenges/${a.challenge.slug}`);
    expect(brandIds).toContain(`/challenges/${b.challenge.slug}`);
    const moved = result.body.entries.find(
      (e: { action: string; target: { href: string } }) =>
        e.action === 'challenge.stage_moved' && e.target.href === `/challenges/${b.challenge.slug}`,
    );
    expect(moved).toMatchObject({
      actor: { handle: b.owner.handle },
      target: { kind: 'challenge', label: b.challenge.title },
      before: { stage: 'draft' },
      after: { stage: 'open' },
    });
    const times = result.body.entries.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by actor, action, target and day', async () => {
    const [a] = await twoBrands();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const byActor = await readLog(moderator, `?actor=@${a.owner.handle}`);
    expect(byActor.body.entries.length).toBeGreaterThan(0);
    for (const e of byActor.body.entries) expect(e.actor.handle).toBe(a.owner.handle);
    const byAction = await readLog(moderator, '?action=brand.member_added');
    for (const e of byAction.body.entries) expect(e.action).toBe('brand.member_added');
    const byUser = await readLog(moderator, `?targetKind=user&target=${a.manager.handle}`);
    expect(byUser.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'brand.member_added',
    ]);
    const bySlug = await readLog(moderator, `?targetKind=challenge&target=${a.challenge.slug}`);
    expect(bySlug.body.entries).toHaveLength(1);
    const byId = await readLog(moderator, `?targetKind=challenge&target=${a.challenge.id}`);
    expect(byId.body.entries).toHaveLength(1);
    const past = await readLog(moderator, '?from=2001-01-01&to=2001-12-31');
    expect(past.body.entries).toEqual([]);
    expect(past.body.filtered).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const now = await readLog(moderator, `?from=${today}&to=${today}`);
    expect(now.body.entries.length).toBeGreaterThan(0);
    const nobody = await readLog(moderator, '?actor=nobody_at_all');
    expect(nobody.body.entries).toEqual([]);
  });

  it('pages by 50 without repeating or skipping an entry', async () => {
    const moderator = await makeUser(db(), { role: 'moderator' });
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    for (let i = 0; i < 26; i++) {
      const m = await makeUser(db());
      await addManager(db(), { actor: owner, brandId: brand.id, handle: m.handle });
      const { removeManager } = await import('#app/domain/brands/commands.server');
      await removeManager(db(), { actor: owner, brandId: brand.id, handle: m.handle });
    }
    const first = await readLog(moderator, `?actor=${owner.handle}`);
    expect(first.body.entries).toHaveLength(50);
    expect(first.body.pages.next).toBeTruthy();
    const second = await readLog(
      moderator,
      `?actor=${owner.handle}&after=${first.body.pages.next}`,
    );
    expect(second.body.entries).toHaveLength(2);
    const ids = [...first.body.entries, ...second.body.entries].map((e: { id: number }) => e.id);
    expect(new Set(ids).size).toBe(52);
  });

  it('refuses a member (403), even a brand owner, and sends a visitor to sign in', async () => {
    const [a] = await twoBrands();
    const prosumer = await makeUser(db());
    expect((await readLog(prosumer)).status).toBe(403);
    const owner = await readLog(a.owner);
    expect(owner.status).toBe(403);
    expect(owner.body.message).toMatch(/moderators, admins and brand teams/);
    const visitor = await readLog(null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toBe('/signin?redirectTo=%2Fmoderation%2Faudit');
  });

  it.each([
    ['an unknown action', '?action=user.exploded', /action from the list/],
    ['a malformed date', '?from=2025-13-45', /does not exist|YYYY-MM-DD/],
    ['a date that is not one', '?from=yesterday', /YYYY-MM-DD/],
    ['a reversed range', '?from=2025-06-02&to=2025-06-01', /on or before/],
    ['a 10,000-character handle', `?actor=${repeat(10_000)}`, /handle/],
    ['a script tag', '?actor=<script>alert(1)</script>', /handle/],
    ['a target without a kind', '?target=12', /kind of target/],
    ['an unknown kind', '?targetKind=planet&target=1', /target kind/],
    ['a word as an idea id', '?targetKind=idea&target=abc', /number/],
    ['a tampered cursor', '?after=notacursor', /./],
  ])('answers %s with 400 and a message', async (_, query, message) => {
    const moderator = await makeUser(db(), { role: 'moderator' });
    const result = await readLog(moderator, query);
    expect(result.status).toBe(400);
    expect(result.body.filterError).toMatch(message);
    expect(result.body.entries).toEqual([]);
  });
});

describe('/brands/:slug/audit', () => {
  it('shows a brand member only their brand’s entries', async () => {
    const [a, b] = await twoBrands();
    const result = await readBrandLog(a.manager, a.brand.slug);
    expect(result.status).toBe(200);
    const hrefs = result.body.entries.map(
      (e: { target: { href: string | null } }) => e.target.href,
    );
    expect(hrefs).toContain(`/challenges/${a.challenge.slug}`);
    expect(hrefs).not.toContain(`/challenges/${b.challenge.slug}`);
    // Filtering cannot reach past the brand either.
    const other = await readBrandLog(
      a.manager,
      a.brand.slug,
      `?targetKind=challenge&target=${b.challenge.slug}`,
    );
    expect(other.body.entries).toEqual([]);
  });

  it('refuses another brand’s member and a member with no brand (403); a visitor signs in', async () => {
    const [a, b] = await twoBrands();
    const other = await readBrandLog(b.owner, a.brand.slug);
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/your own brands/);
    // Bad filters on someone else's brand are still a 403: nothing is said about them.
    expect((await readBrandLog(b.owner, a.brand.slug, '?action=nope')).status).toBe(403);
    expect((await readBrandLog(await makeUser(db()), a.brand.slug)).status).toBe(403);
    expect((await readBrandLog(null, a.brand.slug)).status).toBe(302);
  });

  it('lets a moderator read any brand’s log', async () => {
    const [a] = await twoBrands();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const result = await readBrandLog(moderator, a.brand.slug);
    expect(result.status).toBe(200);
    expect(result.body.entries.length).toBeGreaterThan(0);
  });
});

describe('the brand page’s ownership transfer', () => {
  const transfer = (
    viewer: Parameters<typeof makeContext>[1],
    slug: string,
    fields: Record<string, string>,
  ) =>
    callAction(brandPage, {
      request: formRequest(`/brands/${slug}`, { intent: 'transfer-ownership', ...fields }),
      params: { slug },
      context: makeContext(db(), viewer),
    });

  it('transfers to a manager once the owner confirms', async () => {
    const [a] = await twoBrands();
    await expectAccepted(
      db(),
      () => transfer(a.owner, a.brand.slug, { handle: a.manager.handle, confirm: 'on' }),
      {
        location: new RegExp(`^/brands/${a.brand.slug}$`),
        events: ['brand.ownership_transferred'],
      },
    );
    const [owner] = await db()
      .select()
      .from(brandMembers)
      .where(and(eq(brandMembers.brandId, a.brand.id), eq(brandMembers.role, 'owner')));
    expect(owner!.userId).toBe(a.manager.id);
  });

  it('refuses without the confirmation, to a non-manager, and from a manager', async () => {
    const [a, b] = await twoBrands();
    await expectRefused(
      db(),
      () => transfer(a.owner, a.brand.slug, { handle: a.manager.handle }),
      400,
      {
        fields: ['confirm'],
      },
    );
    await expectRefused(
      db(),
      () => transfer(a.owner, a.brand.slug, { handle: b.manager.handle, confirm: 'on' }),
      409,
      { error: /not a manager/ },
    );
    await expectRefused(
      db(),
      () => transfer(a.manager, a.brand.slug, { handle: a.owner.handle, confirm: 'on' }),
      403,
    );
    await expectRefused(
      db(),
      () => transfer(a.owner, a.brand.slug, { handle: repeat(10_000), confirm: 'on' }),
      400,
      { fields: ['handle'] },
    );
  });
});

describe('a moderator deleting a comment from the idea page', () => {
  it('keeps the reason in the audit log', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const author = await makeUser(db());
    const idea = await makeIdea(db(), author, challenge.id);
    const comment = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Rude words', parentId: null },
    });
    const moderator = await makeUser(db(), { role: 'moderator' });
    const send = (reason: string) =>
      callAction(ideaPage, {
        request: formRequest(`/ideas/${idea.id}`, {
          intent: 'delete-comment',
          commentId: String(comment.id),
          reason,
        }),
        params: { id: String(idea.id) },
        context: makeContext(db(), moderator),
      });
    await expectRefused(db(), () => send(repeat(501)), 400, { fields: ['reason'] });
    await expectAccepted(db(), () => send('Insults another member'), {
      events: ['comment.deleted'],
    });
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'comment.deleted'), eq(auditLog.targetId, String(comment.id))),
      );
    expect(entry).toMatchObject({ actorId: moderator.id, reason: 'Insults another member' });
  });
});
