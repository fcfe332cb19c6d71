// The brand's intent pages as routes (issue 17): /brands/:slug/intents and /brands/:slug/intents/:id.
// Members only (a visitor signs in first; anyone else, site staff included, is refused), an intent
// not addressed to the brand is a 404, the author shown only as their consent allows, the offer
// flow through the page's forms, the contact email only after acceptance, and bad input refused
// with a message and nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import * as listRoute from '#app/routes/brands.$slug.intents._index/route';
import * as detailRoute from '#app/routes/brands.$slug.intents.$id/route';
import * as brandPage from '#app/routes/brands.$slug._index';
import { addManager } from '#app/domain/brands/commands.server';
import { testClock, type TestClock } from '#app/domain/core/clock';
import { acceptOffer, declineOffer, makeOffer } from '#app/domain/intents/commands.server';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { consent } from '../support/community';
import { dayFrom, offerInput, publishIntent } from '../support/intent-world';
import { expectAccepted, expectRefused, snapshot } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';
import { backfillInsights } from '../../jobs/insights.server';

const db = useTestDatabase();

let clock: TestClock;
let owner: TestUser;
let manager: TestUser;
let rivalOwner: TestUser;
let stranger: TestUser;
let admin: TestUser;
let moderator: TestUser;
/** Shares her profile with Acme. */
let ana: TestUser;
/** Shares nothing with Acme. */
let ben: TestUser;
let acme: { id: number; slug: string; name: string };
let rival: { id: number; slug: string; name: string };
/** Ana's, to any brand, tagged travel and hotel, 400–900 EUR in Valencia. */
let anaIntent: { id: number };
/** Ana's, to the rival brand only. */
let pickedIntent: { id: number };
/** Ben's, to any brand, no budget. */
let benIntent: { id: number };

const ANA_EMAIL = 'ana.contact@example.com';

beforeAll(async () => {
  clock = testClock('2026-05-04T09:00:00Z');
  [owner, manager, rivalOwner, stranger, ana, ben] = (await Promise.all(
    Array.from({ length: 6 }, () => makeUser(db())),
  )) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  admin = await makeUser(db(), { role: 'admin' });
  moderator = await makeUser(db(), { role: 'moderator' });
  acme = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: acme.id, handle: manager.handle, clock });
  rival = await makeBrand(db(), rivalOwner);
  await consent(db(), ana, acme.id, 'profile', clock);
  anaIntent = await publishIntent(db(), ana, clock, { contactEmail: ANA_EMAIL });
  pickedIntent = await publishIntent(db(), ana, clock, {
    title: 'Only for the rival',
    audience: 'picked',
    brandIds: String(rival.id),
  });
  benIntent = await publishIntent(db(), ben, clock, {
    title: 'A bike for the summer',
    tags: 'bike',
    place: 'Milan',
    budgetMin: '',
    budgetMax: '',
    currency: '',
    contactEmail: 'ben.private@example.com',
  });
});

const ctx = (viewer: TestViewer | null) => makeContext(db(), viewer, { clock });
const detailUrl = (id: number | string) => `/brands/${acme.slug}/intents/${id}`;

const list = (viewer: TestViewer | null, search = '', slug = acme.slug) =>
  callLoader(listRoute, {
    params: { slug },
    request: getRequest(`/brands/${slug}/intents${search}`),
    context: ctx(viewer),
  });

const detail = (viewer: TestViewer | null, id: number | string, slug = acme.slug) =>
  callLoader(detailRoute, {
    params: { slug, id: String(id) },
    request: getRequest(`/brands/${slug}/intents/${id}`),
    context: ctx(viewer),
  });

const post = (
  viewer: TestViewer | null,
  id: number | string,
  fields: Record<string, string | string[]>,
  slug = acme.slug,
) =>
  callAction(detailRoute, {
    params: { slug, id: String(id) },
    request: formRequest(`/brands/${slug}/intents/${id}`, fields),
    context: ctx(viewer),
  });

const offerFields = (overrides: Record<string, string> = {}) => ({
  intent: 'make-offer',
  body: 'Seven nights at **Hotel Mar**, breakfast included.',
  conditions: 'Free cancellation up to a week before.',
  price: '650',
  currency: 'EUR',
  benefit: '',
  validUntil: dayFrom(clock, 10),
  ...overrides,
});

type Item = { intent: { id: number; title: string }; author: { shown: string } };
const ids = (body: { items: Item[] }) => body.items.map((i) => i.intent.id).sort();

describe('GET /brands/:slug/intents', () => {
  it('lists what is addressed to the brand for its owner and managers, authors as consented', async () => {
    for (const member of [owner, manager]) {
      const result = await list(member);
      expect(result.status).toBe(200);
      expect(ids(result.body)).toEqual([anaIntent.id, benIntent.id].sort());
      const byId = new Map<number, Item>(result.body.items.map((i: Item) => [i.intent.id, i]));
      expect(byId.get(anaIntent.id)!.author).toEqual({
        shown: 'profile',
        displayName: ana.handle,
        handle: ana.handle,
      });
      expect(byId.get(benIntent.id)!.author).toEqual({ shown: 'anonymous' });
      const text = JSON.stringify(result.body);
      expect(text).not.toContain(ben.handle);
      expect(text).not.toContain(ben.id);
      expect(text).not.toContain(ana.id);
      expect(text).not.toContain('Only for the rival');
      expect(text).not.toContain(ANA_EMAIL);
      expect(text).not.toContain('ben.private@example.com');
      expect(result.body.filtered).toBe(false);
      expect(result.body.cursor).toBeTruthy();
    }
  });

  it('sends a visitor to sign in, refuses everyone else (403) — site staff and other brands’ owners too', async () => {
    const visitor = await list(null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toMatch(/^\/signin\?redirectTo=/);
    for (const viewer of [stranger, admin, moderator, rivalOwner, ana]) {
      const result = await list(viewer);
      expect(result.status).toBe(403);
      expect(typeof result.body.message).toBe('string');
      expect(JSON.stringify(result.body)).not.toContain('Valencia');
    }
    expect((await list(owner, '', 'no-such-brand')).status).toBe(404);
  });

  it('filters by tag, place, dates and budget', async () => {
    expect(ids((await list(owner, '?tag=hotel')).body)).toEqual([anaIntent.id]);
    expect(ids((await list(owner, '?tag=%23bike')).body)).toEqual([benIntent.id]);
    expect(ids((await list(owner, '?place=valen')).body)).toEqual([anaIntent.id]);
    expect(ids((await list(owner, '?budget=500')).body)).toEqual([anaIntent.id]);
    const none = await list(owner, '?budget=5000');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ items: [], total: 0, filtered: true });
    // Both intents have no dates: any window overlaps them.
    expect(ids((await list(owner, '?from=2026-06-01&to=2026-06-30')).body)).toEqual(
      [anaIntent.id, benIntent.id].sort(),
    );
  });

  it('orders by fit with the brand’s tags, best first', async () => {
    // Ben's intent came later: without fit it would come first.
    const before = await list(owner);
    expect(before.body.items.map((i: Item) => i.intent.id)).toEqual([benIntent.id, anaIntent.id]);
    const challenge = await makeChallenge(db(), owner, { brandId: acme.id, stage: 'open', clock });
    await makeIdea(db(), stranger, challenge.id, { tags: 'hotel', clock });
    // The brand's idea tags come from the dashboard's counts, once its consumer has run.
    await backfillInsights(db());
    const after = await list(owner);
    expect(after.body.items.map((i: Item & { fit: number }) => [i.intent.id, i.fit])).toEqual([
      [anaIntent.id, 1],
      [benIntent.id, 0],
    ]);
  });

  it.each([
    ['?from=yesterday', /date/i],
    ['?to=2026-02-31', /date/i],
    ['?from=2026-07-01&to=2026-06-01', /./],
    ['?budget=-5', /./],
    ['?budget=abc', /./],
    ['?place=' + 'x'.repeat(200), /./],
  ])(
    'answers %s with a 400, the form and a message, and lists nothing',
    async (search, message) => {
      const before = await snapshot(db());
      const result = await list(owner, search);
      expect(result.status).toBe(400);
      expect(result.body.error.message).toMatch(message);
      expect(result.body.items).toEqual([]);
      expect(result.body.brand.slug).toBe(acme.slug);
      expect(await snapshot(db())).toEqual(before);
    },
  );

  it('still refuses a non-member (403) when the filters are crafted too', async () => {
    const result = await list(stranger, '?from=nope');
    expect(result.status).toBe(403);
  });

  it('ignores what is harmless: a page past the end, a tag with markup, unknown parameters', async () => {
    const far = await list(owner, '?page=9999');
    expect(far.status).toBe(200);
    expect(far.body.page).toBe(1);
    expect(ids(far.body)).toEqual([anaIntent.id, benIntent.id].sort());
    const script = await list(owner, '?tag=%3Cscript%3E&sort=drop%20table');
    expect(script.status).toBe(200);
    expect(script.body.items).toEqual([]);
  });
});

describe('GET /brands/:slug/intents/:id', () => {
  it('shows a member the intent, the author as consented, and no contact email before acceptance', async () => {
    const result = await detail(manager, anaIntent.id);
    expect(result.status).toBe(200);
    expect(result.body.intent).toMatchObject({ id: anaIntent.id, status: 'published' });
    expect(result.body.author).toMatchObject({ shown: 'profile', handle: ana.handle });
    expect(result.body.contactEmail).toBeNull();
    expect(result.body.can).toEqual({ offer: true, message: true });
    const text = JSON.stringify(result.body);
    expect(text).not.toContain(ANA_EMAIL);
    expect(text).not.toContain(ana.id);
    const anonymous = await detail(owner, benIntent.id);
    expect(anonymous.body.author).toEqual({ shown: 'anonymous' });
    expect(JSON.stringify(anonymous.body)).not.toContain(ben.handle);
  });

  it('is a 404 for an intent not addressed to the brand, an unknown one or a crafted id', async () => {
    for (const id of [pickedIntent.id, 999_999, 'abc', '-1', '99999999999']) {
      const result = await detail(owner, id);
      expect(result.status, String(id)).toBe(404);
      expect(JSON.stringify(result.body)).not.toContain('Only for the rival');
    }
    // The rival brand, which it is addressed to, reads it.
    expect((await detail(rivalOwner, pickedIntent.id, rival.slug)).status).toBe(200);
  });

  it('refuses non-members — an admin, a moderator, another brand’s owner, the author — and sends visitors to sign in', async () => {
    const visitor = await detail(null, anaIntent.id);
    expect(visitor.status).toBe(302);
    for (const viewer of [stranger, admin, moderator, rivalOwner, ana]) {
      const result = await detail(viewer, anaIntent.id);
      expect([403, 404]).toContain(result.status);
      expect(JSON.stringify(result.body)).not.toContain('Valencia');
    }
  });
});

describe('POST /brands/:slug/intents/:id — the offer', () => {
  it('makes an offer, refuses a second open one (409), edits it, withdraws it', async () => {
    const made = await expectAccepted(db(), () => post(owner, anaIntent.id, offerFields()), {
      location: new RegExp(`^${detailUrl(anaIntent.id)}#offer$`),
      events: ['offer.made'],
    });
    expect(made.added).toMatchObject({ intent_offers: 1 });
    const page = await detail(manager, anaIntent.id);
    const [offer] = page.body.offers;
    expect(offer).toMatchObject({ status: 'open', price: 650, currency: 'EUR' });
    expect(offer.writer).toEqual({ handle: owner.handle });
    expect(page.body.can.offer).toBe(false);

    await expectRefused(db(), () => post(manager, anaIntent.id, offerFields()), 409, {
      error: /already has an open offer|open offer/i,
    });

    await expectAccepted(
      db(),
      () =>
        post(manager, anaIntent.id, {
          ...offerFields({ intent: 'update-offer', price: '', benefit: 'Free breakfast' }),
          offerId: String(offer.id),
        }),
      { events: ['offer.updated'] },
    );
    const edited = (await detail(owner, anaIntent.id)).body.offers[0];
    expect(edited).toMatchObject({
      id: offer.id,
      price: null,
      currency: null,
      benefit: 'Free breakfast',
    });

    await expectAccepted(
      db(),
      () => post(owner, anaIntent.id, { intent: 'withdraw-offer', offerId: String(offer.id) }),
      { events: ['offer.withdrawn'] },
    );
    const after = (await detail(owner, anaIntent.id)).body;
    expect(after.offers[0]).toMatchObject({ id: offer.id, status: 'withdrawn' });
    expect(after.can.offer).toBe(true);
    // A withdrawn offer stays withdrawn.
    await expectRefused(
      db(),
      () => post(owner, anaIntent.id, { intent: 'withdraw-offer', offerId: String(offer.id) }),
      409,
    );
  });

  it.each([
    ['a negative price', { price: '-5' }, ['price']],
    ['a price that is not a number', { price: '12abc' }, ['price']],
    ['no price and no benefit', { price: '', benefit: '' }, ['price']],
    ['an offer too long', { body: 'x'.repeat(5001) }, ['body']],
    ['conditions too long', { conditions: 'x'.repeat(2001) }, ['conditions']],
    ['a benefit too long', { price: '', benefit: 'x'.repeat(201) }, ['benefit']],
    ['an empty offer', { body: '   ' }, ['body']],
    ['a valid-until day in the past', { validUntil: '2026-05-03' }, ['validUntil']],
    ['a valid-until that is not a date', { validUntil: '2026-13-45' }, ['validUntil']],
    ['no valid-until', { validUntil: '' }, ['validUntil']],
    ['an unknown currency', { currency: 'XBT' }, ['currency']],
  ])('refuses %s with a 400 and field messages, writing nothing', async (_, overrides, fields) => {
    const sent = offerFields(overrides);
    await expectRefused(db(), () => post(owner, benIntent.id, sent), 400, { fields, sent });
  });

  it('refuses an unknown action, another brand’s offer id and a crafted offer id, writing nothing', async () => {
    await expectRefused(db(), () => post(owner, benIntent.id, { intent: 'accept-offer' }), 400, {
      error: /Unknown action/,
    });
    const theirs = await makeOffer(db(), {
      actor: rivalOwner,
      brandId: rival.id,
      intentId: benIntent.id,
      input: offerInput(clock),
      clock,
    });
    for (const offerId of [String(theirs.id), 'abc', '0', '99999999999']) {
      const result = await expectRefused(
        db(),
        () => post(owner, benIntent.id, { intent: 'withdraw-offer', offerId }),
        offerId === String(theirs.id) ? 404 : 400,
      );
      expect(JSON.stringify(result.body)).not.toContain('Hotel Mar');
    }
  });

  it('refuses non-members (403) and a brand the intent is not addressed to (404), whatever they send', async () => {
    for (const viewer of [stranger, admin, moderator, rivalOwner, ana]) {
      const result = await expectRefused(
        db(),
        () => post(viewer, anaIntent.id, offerFields()),
        403,
      );
      expect(JSON.stringify(result.body)).not.toContain('Valencia');
    }
    await expectRefused(db(), () => post(owner, pickedIntent.id, offerFields()), 404);
    await expectRefused(db(), () => post(null, anaIntent.id, offerFields()), 401);
  });

  it('stores markup in an offer as sanitized HTML, never a script', async () => {
    const intent = await publishIntent(db(), stranger, clock, { title: 'Scripted offers welcome' });
    await expectAccepted(
      db(),
      () => post(owner, intent.id, offerFields({ body: 'Hi <script>alert(1)</script> **there**' })),
      { events: ['offer.made'] },
    );
    const [offer] = (await detail(owner, intent.id)).body.offers;
    expect(offer.bodyHtml).not.toMatch(/<script/i);
    expect(offer.bodyHtml).toContain('<strong>there</strong>');
  });
});

describe('the contact email', () => {
  it('is shown only once the author accepts this brand’s offer, and never to another brand', async () => {
    const intent = await publishIntent(db(), ben, clock, {
      title: 'Tickets for two',
      contactEmail: 'ben.tickets@example.com',
      accepts: 'several',
    });
    await post(owner, intent.id, offerFields());
    const rivalOffer = await makeOffer(db(), {
      actor: rivalOwner,
      brandId: rival.id,
      intentId: intent.id,
      input: offerInput(clock),
      clock,
    });
    const before = await detail(owner, intent.id);
    expect(before.body.contactEmail).toBeNull();
    expect(JSON.stringify(before.body)).not.toContain('ben.tickets@example.com');

    const mine = before.body.offers[0];
    await acceptOffer(db(), { actor: ben, offerId: mine.id, clock });
    await declineOffer(db(), { actor: ben, offerId: rivalOffer.id, reason: 'Too late', clock });

    const after = await detail(manager, intent.id);
    expect(after.body.contactEmail).toBe('ben.tickets@example.com');
    expect(after.body.offers[0]).toMatchObject({ id: mine.id, status: 'accepted' });
    // The author shares nothing else with Acme: still "a participant".
    expect(after.body.author).toEqual({ shown: 'anonymous' });

    const theirs = await detail(rivalOwner, intent.id, rival.slug);
    expect(theirs.body.contactEmail).toBeNull();
    expect(theirs.body.offers[0]).toMatchObject({ status: 'declined', declineReason: 'Too late' });
    expect(JSON.stringify(theirs.body)).not.toContain('ben.tickets@example.com');
  });
});

describe('POST /brands/:slug/intents/:id — the thread', () => {
  it('sends a message to the author, kept as plain text', async () => {
    const body = 'Do you need parking? <script>alert(1)</script>';
    const { result } = await expectAccepted(
      db(),
      () => post(manager, benIntent.id, { intent: 'message', body }),
      { events: ['intent.message_sent'] },
    );
    expect(result.headers.get('Location')).toBe(`${detailUrl(benIntent.id)}#thread`);
    const page = await detail(owner, benIntent.id);
    const last = page.body.messages.at(-1);
    expect(last).toMatchObject({ body, fromBrand: true, sender: { handle: manager.handle } });
  });

  it.each([
    ['empty', '  '],
    ['too long', 'x'.repeat(2001)],
  ])('refuses a message %s (400), writing nothing', async (_, body) => {
    await expectRefused(db(), () => post(owner, benIntent.id, { intent: 'message', body }), 400, {
      fields: ['body'],
      sent: { intent: 'message', body },
    });
  });

  it('refuses a message from a stranger or on an intent not addressed to the brand', async () => {
    await expectRefused(
      db(),
      () => post(stranger, benIntent.id, { intent: 'message', body: 'Hi' }),
      403,
    );
    await expectRefused(
      db(),
      () => post(owner, pickedIntent.id, { intent: 'message', body: 'Hi' }),
      404,
    );
  });
});

describe('the brand page', () => {
  it('links the intents for members only', async () => {
    const sees = async (viewer: TestViewer | null) =>
      (
        await callLoader(brandPage, {
          params: { slug: acme.slug },
          request: getRequest(`/brands/${acme.slug}`),
          context: ctx(viewer),
        })
      ).body.seesIntents;
    expect(await sees(owner)).toBe(true);
    expect(await sees(manager)).toBe(true);
    for (const viewer of [stranger, admin, moderator, rivalOwner, null])
      expect(await sees(viewer)).toBe(false);
  });
});
