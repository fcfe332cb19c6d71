// Who sees an intent (issue 17): each audience, drafts, closed and expired intents, non-members and
// site admins; the author as their consent to the brand allows; the contact email only to the brand
// whose offer was accepted; the brand list's filters and order.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { intents } from '../../../db/schema';
import { DomainError } from '#app/domain/core/errors';
import { acceptOffer, closeIntent, declineOffer } from '#app/domain/intents/commands.server';
import {
  brandIntents,
  intentForAuthor,
  intentForBrand,
  myIntents,
} from '#app/domain/intents/queries.server';
import { brandIntentsQuerySchema } from '#app/domain/intents/schema';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea } from '../../support/factories';
import { catchUpCommunity, consent } from '../../support/community';
import { backfillInsights } from '../../../jobs/insights.server';
import type { TestUser } from '../../support/factories';
import { intentWorld, person, type IntentWorld } from './world';

const db = useTestDatabase();
let w: IntentWorld;
beforeAll(async () => {
  w = await intentWorld(db());
});

const query = (q: Record<string, string> = {}) => brandIntentsQuerySchema.parse(q);
const listed = async (who: TestUser, slug: string, q: Record<string, string> = {}) =>
  (await brandIntents(db(), { actor: who, brandSlug: slug, query: query(q) })).items.map(
    (i) => i.intent.id,
  );
const read = (who: TestUser | null, slug: string, intentId: number) =>
  intentForBrand(db(), { actor: who, brandSlug: slug, intentId, clock: w.clock });
async function status(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (e) {
    if (e instanceof DomainError) return e.status;
    throw e;
  }
}

describe('audiences', () => {
  it('any: every brand sees it; picked: only the brands picked', async () => {
    const author = await person(db(), w.clock);
    const any = await w.post({}, author);
    const picked = await w.post(
      { audience: 'picked', brandIds: [String(w.brandA.id), String(w.brandC.id)] },
      author,
    );
    for (const [who, brand] of [
      [w.managerA, w.brandA],
      [w.ownerB, w.brandB],
      [w.ownerC, w.brandC],
    ] as const) {
      expect(await listed(who, brand.slug)).toContain(any.id);
      expect((await read(who, brand.slug, any.id)).intent.id).toBe(any.id);
    }
    expect(await listed(w.ownerA, w.brandA.slug)).toContain(picked.id);
    expect(await listed(w.ownerC, w.brandC.slug)).toContain(picked.id);
    expect(await listed(w.ownerB, w.brandB.slug)).not.toContain(picked.id);
    expect(await status(read(w.ownerB, w.brandB.slug, picked.id))).toBe(404);
    // B cannot offer either.
    expect(await status(w.offer(picked.id, { brandId: w.brandB.id, who: w.ownerB }))).toBe(404);
  });

  it('participated: only brands whose challenges the author took part in', async () => {
    const author = await person(db(), w.clock);
    const challenge = await makeChallenge(db(), w.ownerB, { brandId: w.brandB.id, stage: 'open' });
    await makeIdea(db(), author, challenge.id, { tags: 'hotel' });
    await catchUpCommunity(db());
    const intent = await w.post({ audience: 'participated' }, author);
    expect(await listed(w.ownerB, w.brandB.slug)).toContain(intent.id);
    expect(await status(read(w.ownerB, w.brandB.slug, intent.id))).toBe(200);
    expect(await listed(w.ownerA, w.brandA.slug)).not.toContain(intent.id);
    expect(await status(read(w.ownerA, w.brandA.slug, intent.id))).toBe(404);
  });

  it('drafts are the author’s alone', async () => {
    const draft = await w.post({ intent: 'save' });
    for (const [who, brand] of [
      [w.managerA, w.brandA],
      [w.ownerB, w.brandB],
    ] as const) {
      expect(await listed(who, brand.slug)).not.toContain(draft.id);
      expect(await status(read(who, brand.slug, draft.id))).toBe(404);
    }
    expect((await intentForAuthor(db(), w.author, draft.id)).intent.status).toBe('draft');
    for (const who of [w.stranger, w.managerA, w.admin])
      expect(await status(intentForAuthor(db(), who, draft.id))).toBe(404);
    expect((await myIntents(db(), w.author, { status: 'draft' })).map((r) => r.id)).toContain(
      draft.id,
    );
    await db().delete(intents).where(eq(intents.id, draft.id));
  });

  it('closed and expired intents stay readable only by brands with an offer', async () => {
    const author = await person(db(), w.clock);
    const closing = await w.post({}, author);
    const expiring = await w.post({}, author);
    for (const i of [closing, expiring]) await w.offer(i.id);
    await closeIntent(db(), { actor: author, intentId: closing.id, clock: w.clock });
    await db().update(intents).set({ status: 'expired' }).where(eq(intents.id, expiring.id));
    for (const i of [closing, expiring]) {
      const view = await read(w.managerA, w.brandA.slug, i.id);
      expect(view.can.offer).toBe(false);
      // Closing lapses the open offers (the expiry job does too: expiry.test.ts).
      expect(view.offers[0]!.status).toBe(i === closing ? 'lapsed' : 'open');
      expect(await listed(w.managerA, w.brandA.slug)).toContain(i.id);
      expect(await status(read(w.ownerB, w.brandB.slug, i.id))).toBe(404);
      expect(await listed(w.ownerB, w.brandB.slug)).not.toContain(i.id);
    }
  });

  it('non-members, visitors and site admins are refused', async () => {
    const intent = await w.post();
    expect(await status(read(null, w.brandA.slug, intent.id))).toBe(401);
    expect(await status(read(w.stranger, w.brandA.slug, intent.id))).toBe(403);
    expect(await status(read(w.admin, w.brandA.slug, intent.id))).toBe(403);
    expect(await status(read(w.ownerB, w.brandA.slug, intent.id))).toBe(403);
    expect(await status(read(w.ownerA, 'no-such-brand', intent.id))).toBe(404);
    for (const who of [w.stranger, w.admin])
      expect(
        await status(brandIntents(db(), { actor: who, brandSlug: w.brandA.slug, query: query() })),
      ).toBe(403);
    expect(await status(w.offer(intent.id, { who: w.admin }))).toBe(404);
    expect(await status(w.offer(intent.id, { who: w.ownerB }))).toBe(404);
  });
});

describe('the author, as consent allows', () => {
  it('profile: name and handle; activity: handle; none or another brand only: a participant', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const authorOf = async (who: TestUser, slug: string) =>
      (await read(who, slug, intent.id)).author;
    // Never asked.
    expect(await authorOf(w.ownerA, w.brandA.slug)).toEqual({ shown: 'anonymous' });
    await consent(db(), author, w.brandB.id, 'profile');
    expect(await authorOf(w.ownerA, w.brandA.slug)).toEqual({ shown: 'anonymous' });
    expect(await authorOf(w.ownerB, w.brandB.slug)).toEqual({
      shown: 'profile',
      displayName: author.handle,
      handle: author.handle,
    });
    await consent(db(), author, w.brandA.id, 'activity');
    expect(await authorOf(w.ownerA, w.brandA.slug)).toEqual({
      shown: 'handle',
      handle: author.handle,
    });
    await consent(db(), author, w.brandA.id, 'none');
    const view = await read(w.ownerA, w.brandA.slug, intent.id);
    expect(view.author).toEqual({ shown: 'anonymous' });
    // Nothing in the result names the person: no handle, no name, no id.
    const text = JSON.stringify(view);
    expect(text).not.toContain(author.handle);
    expect(text).not.toContain(author.id);
    expect(text).not.toContain('contactEmail":"');
    const item = (
      await brandIntents(db(), { actor: w.ownerA, brandSlug: w.brandA.slug, query: query() })
    ).items.find((i) => i.intent.id === intent.id)!;
    expect(item.author).toEqual({ shown: 'anonymous' });
    expect(JSON.stringify(item)).not.toContain(author.handle);
  });
});

describe('the contact email', () => {
  it('is released to the brand whose offer is accepted, and to no other', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({ accepts: 'several', contactEmail: 'me@private.test' }, author);
    const a = await w.offer(intent.id);
    const b = await w.offer(intent.id, { brandId: w.brandB.id, who: w.ownerB });
    const c = await w.offer(intent.id, { brandId: w.brandC.id, who: w.ownerC });
    const email = async (who: TestUser, slug: string) =>
      (await read(who, slug, intent.id)).contactEmail;
    expect(await email(w.managerA, w.brandA.slug)).toBeNull();
    expect(JSON.stringify(await read(w.managerA, w.brandA.slug, intent.id))).not.toContain(
      'me@private.test',
    );
    await declineOffer(db(), { actor: author, offerId: b.id, reason: 'Too far', clock: w.clock });
    await acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock });
    expect(await email(w.managerA, w.brandA.slug)).toBe('me@private.test');
    expect(await email(w.ownerA, w.brandA.slug)).toBe('me@private.test');
    for (const [who, brand] of [
      [w.ownerB, w.brandB],
      [w.ownerC, w.brandC],
    ] as const) {
      const view = await read(who, brand.slug, intent.id);
      expect(view.contactEmail).toBeNull();
      expect(JSON.stringify(view)).not.toContain('me@private.test');
    }
    const listedB = await brandIntents(db(), {
      actor: w.ownerB,
      brandSlug: w.brandB.slug,
      query: query(),
    });
    expect(JSON.stringify(listedB)).not.toContain('me@private.test');
    const declined = (await read(w.ownerB, w.brandB.slug, intent.id)).offers[0]!;
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Too far' });
    expect(c.status).toBe('open');
  });
});

describe('the brand list', () => {
  it('filters by tag, place, dates and budget, and orders by fit', async () => {
    const author = await person(db(), w.clock);
    const brandD = await (await import('../../support/factories')).makeBrand(db(), w.ownerC);
    const challenge = await makeChallenge(db(), w.ownerC, { brandId: brandD.id, stage: 'open' });
    await makeIdea(db(), author, challenge.id, { tags: 'bikes, city' });
    // The brand's idea tags are read from the dashboard's counts, which its consumer keeps.
    await backfillInsights(db());
    const plain = await w.post(
      {
        tags: 'books',
        place: 'Milan',
        startsOn: '',
        endsOn: '',
        budgetMin: '',
        budgetMax: '',
        currency: '',
      },
      author,
    );
    const fitting = await w.post(
      {
        tags: 'bikes, city',
        place: 'Turin',
        startsOn: '2027-03-01',
        endsOn: '2027-03-10',
        budgetMin: '100',
        budgetMax: '300',
      },
      author,
    );
    const ids = async (q: Record<string, string> = {}) =>
      (await listed(w.ownerC, brandD.slug, q)).filter((id) => [plain.id, fitting.id].includes(id));
    expect(await ids()).toEqual([fitting.id, plain.id]);
    const page = await brandIntents(db(), {
      actor: w.ownerC,
      brandSlug: brandD.slug,
      query: query(),
    });
    expect(page.items.find((i) => i.intent.id === fitting.id)!.fit).toBe(2);
    expect(page.items.find((i) => i.intent.id === plain.id)!.fit).toBe(0);
    expect(page.brand).toEqual({ id: brandD.id, slug: brandD.slug, name: brandD.name });
    expect(await ids({ tag: 'books' })).toEqual([plain.id]);
    expect(await ids({ place: 'tur' })).toEqual([fitting.id]);
    expect(await ids({ place: '%' })).toEqual([]);
    expect(await ids({ from: '2027-03-05', to: '2027-04-01' })).toEqual([fitting.id, plain.id]);
    expect(await ids({ from: '2027-03-11' })).toEqual([plain.id]);
    expect(await ids({ budget: '200' })).toEqual([fitting.id]);
    expect(await ids({ budget: '500' })).toEqual([]);
    expect(brandIntentsQuerySchema.safeParse({ from: 'soon' }).success).toBe(false);
    expect(brandIntentsQuerySchema.parse({ page: '999' }).page).toBe(1);
  });
});
