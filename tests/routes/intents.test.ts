// The author's pages for intents (issue 17), through the route modules: /intents, /intents/new,
// /intents/:id and /intents/:id/edit. Signing in, the whole author flow (draft, publish, an offer
// arriving, a question, decline, accept), someone else's intent (404), and bad input (400, the
// values kept, nothing written).
import { eq } from 'drizzle-orm';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from 'react-router-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import * as listRoute from '#app/routes/intents._index';
import * as newRoute from '#app/routes/intents.new';
import * as editRoute from '#app/routes/intents.$id.edit';
import * as pageRoute from '#app/routes/intents.$id._index/route';
import { makeOffer } from '#app/domain/intents/commands.server';
import { dayAfter } from '#app/domain/intents/policy';
import { offerFormSchema } from '#app/domain/intents/schema';
import { messagesFor } from '#app/i18n/messages';
import { intentMessages, intentOffers, intents } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeUser, type TestUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat, unique } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const inDays = (days: number) => dayAfter(new Date(), days);

const intentFields = (overrides: Record<string, string | string[]> = {}) => ({
  title: unique('A week in Valencia '),
  body: 'A **3-star hotel** near the beach, for two people, in June.',
  tags: 'hotel, valencia',
  place: 'Valencia',
  startsOn: inDays(40),
  endsOn: inDays(47),
  budgetMin: '500',
  budgetMax: '900',
  currency: 'EUR',
  audience: 'any',
  accepts: 'one',
  contactEmail: 'me@example.test',
  expiresOn: inDays(30),
  intent: 'save',
  ...overrides,
});

const create = (viewer: TestViewer | null, fields: Record<string, string | string[]>) =>
  callAction(newRoute, {
    request: formRequest('/intents/new', fields),
    context: makeContext(db(), viewer),
  });

const answer = (
  viewer: TestViewer | null,
  intentId: number | string,
  fields: Record<string, string | string[]>,
) =>
  callAction(pageRoute, {
    params: { id: String(intentId) },
    request: formRequest(`/intents/${intentId}?index`, fields),
    context: makeContext(db(), viewer),
  });

const page = (viewer: TestViewer | null, intentId: number | string) =>
  callLoader(pageRoute, {
    params: { id: String(intentId) },
    request: getRequest(`/intents/${intentId}`),
    context: makeContext(db(), viewer),
  });

const list = (viewer: TestViewer | null, query = '') =>
  callLoader(listRoute, {
    request: getRequest(`/intents${query}`),
    context: makeContext(db(), viewer),
  });

const idFrom = (location: string | null) => Number(/^\/intents\/(\d+)/.exec(location ?? '')?.[1]);

/** A fresh author's intent, through the form; published unless asked for a draft. */
async function postIntent(
  author: TestUser,
  overrides: Record<string, string | string[]> = {},
): Promise<number> {
  const result = await create(author, intentFields({ intent: 'publish', ...overrides }));
  expect(result.status, JSON.stringify(result.body)).toBe(302);
  return idFrom(result.headers.get('Location'));
}

/** A brand (with its owner) that answers the intent with an open offer. */
async function offerFrom(intentId: number, price = '700') {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const offer = await makeOffer(db(), {
    actor: owner,
    brandId: brand.id,
    intentId,
    input: offerFormSchema.parse({
      body: 'Hotel Mar, **3 stars**, 200 m from the beach.',
      conditions: 'Free cancellation until 7 days before.',
      price,
      currency: 'EUR',
      validUntil: inDays(10),
    }),
  });
  return { owner, brand, offer };
}

describe('signing in', () => {
  it.each([
    [
      '/intents',
      () =>
        callLoader(listRoute, {
          request: getRequest('/intents'),
          context: makeContext(db(), null),
        }),
    ],
    [
      '/intents/new',
      () =>
        callLoader(newRoute, {
          request: getRequest('/intents/new'),
          context: makeContext(db(), null),
        }),
    ],
    ['/intents/1', () => page(null, 1)],
    [
      '/intents/1/edit',
      () =>
        callLoader(editRoute, {
          params: { id: '1' },
          request: getRequest('/intents/1/edit'),
          context: makeContext(db(), null),
        }),
    ],
  ])('sends a visitor from %s to sign in and back', async (path, load) => {
    const result = await load();
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe(`/signin?redirectTo=${encodeURIComponent(path)}`);
  });

  it('refuses an intent from a visitor (401), nothing written', async () => {
    const sent = intentFields();
    await expectRefused(db(), () => create(null, sent), 401, { sent });
  });

  it('refuses an answer from a visitor (401), nothing written', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    await expectRefused(db(), () => answer(null, id, { intent: 'publish' }), 401);
  });
});

describe('the author flow', () => {
  it('drafts, publishes, gets offers, asks, declines one and accepts another', async () => {
    const author = await makeUser(db());

    // The new form offers the brands to pick and sensible defaults.
    const form = await callLoader(newRoute, {
      request: getRequest('/intents/new'),
      context: makeContext(db(), author),
    });
    expect(form.status).toBe(200);
    expect(form.body.defaults).toMatchObject({
      audience: 'any',
      accepts: 'one',
      contactEmail: author.email,
      expiresOn: inDays(30),
    });

    // A draft first.
    const fields = intentFields({ body: 'A **3-star** hotel. <script>alert(1)</script>' });
    const saved = await expectAccepted(db(), () => create(author, fields), {
      location: /^\/intents\/\d+$/,
      events: ['intent.created'],
    });
    const id = idFrom(saved.result.headers.get('Location'));
    let view = await page(author, id);
    expect(view.status).toBe(200);
    expect(view.body.intent).toMatchObject({
      title: fields.title,
      status: 'draft',
      tags: ['hotel', 'valencia'],
      place: 'Valencia',
      budgetMin: 500,
      budgetMax: 900,
      currency: 'EUR',
      contactEmail: 'me@example.test',
    });
    expect(view.body.intent.bodyHtml).toContain('<strong>3-star</strong>');
    expect(view.body.intent.bodyHtml).not.toMatch(/<script/i);
    expect(view.body.can).toEqual({ publish: true, edit: true, close: false });
    expect(view.body.offers).toEqual([]);
    expect(typeof view.body.cursor).toBe('string');

    const drafts = await list(author, '?status=draft');
    expect(drafts.body.items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await list(author, '?status=published')).body.items).toEqual([]);

    // Published from its page.
    await expectAccepted(db(), () => answer(author, id, { intent: 'publish' }), {
      location: new RegExp(`^/intents/${id}$`),
      events: ['intent.published'],
    });
    view = await page(author, id);
    expect(view.body.intent.status).toBe('published');
    expect(view.body.can).toEqual({ publish: false, edit: true, close: true });

    // Two brands answer.
    const hotel = await offerFrom(id, '700');
    const other = await offerFrom(id, '850');
    view = await page(author, id);
    expect(view.body.offers.map((o: { id: number }) => o.id)).toEqual([
      other.offer.id,
      hotel.offer.id,
    ]);
    const shown = view.body.offers.find((o: { id: number }) => o.id === hotel.offer.id);
    expect(shown).toMatchObject({
      status: 'open',
      price: 700,
      currency: 'EUR',
      conditions: 'Free cancellation until 7 days before.',
      validUntil: inDays(10),
      brand: { id: hotel.brand.id, name: hotel.brand.name },
      messages: [],
      can: { accept: true, decline: true },
    });
    expect(shown.bodyHtml).toContain('<strong>3 stars</strong>');
    const mine = await list(author);
    expect(mine.body.items[0]).toMatchObject({
      id,
      status: 'published',
      offers: { open: 2, accepted: 0, total: 2 },
    });

    // A question to one brand, in their private thread.
    await expectAccepted(
      db(),
      () =>
        answer(author, id, {
          intent: 'message',
          brandId: String(hotel.brand.id),
          body: 'Is breakfast included?',
        }),
      {
        location: new RegExp(`^/intents/${id}#thread-${hotel.brand.id}$`),
        events: ['intent.message_sent'],
      },
    );
    view = await page(author, id);
    const thread = view.body.offers.find((o: { id: number }) => o.id === hotel.offer.id).messages;
    expect(thread).toMatchObject([{ body: 'Is breakfast included?', fromBrand: false }]);
    expect(view.body.offers.find((o: { id: number }) => o.id === other.offer.id).messages).toEqual(
      [],
    );

    // The other brand is declined, with a reason.
    await expectAccepted(
      db(),
      () =>
        answer(author, id, {
          intent: 'decline',
          offerId: String(other.offer.id),
          reason: 'Too far from the beach.',
        }),
      {
        location: new RegExp(`^/intents/${id}#offer-${other.offer.id}$`),
        events: ['offer.declined'],
      },
    );
    view = await page(author, id);
    expect(view.body.offers.find((o: { id: number }) => o.id === other.offer.id)).toMatchObject({
      status: 'declined',
      declineReason: 'Too far from the beach.',
      can: { accept: false, decline: false },
    });

    // Accepting the hotel's offer closes the intent (only one is accepted).
    await expectAccepted(
      db(),
      () => answer(author, id, { intent: 'accept', offerId: String(hotel.offer.id) }),
      {
        location: new RegExp(`^/intents/${id}#offer-${hotel.offer.id}$`),
        events: ['offer.accepted', 'intent.closed'],
      },
    );
    view = await page(author, id);
    expect(view.body.intent.status).toBe('closed');
    expect(view.body.can).toEqual({ publish: false, edit: false, close: false });
    expect(view.body.offers.find((o: { id: number }) => o.id === hotel.offer.id)).toMatchObject({
      status: 'accepted',
      can: { accept: false, decline: false },
    });
    expect((await list(author, '?status=closed')).body.items[0]).toMatchObject({
      id,
      offers: { open: 0, accepted: 1, total: 2 },
    });

    // The thread stays open with a brand that made an offer.
    await expectAccepted(
      db(),
      () =>
        answer(author, id, {
          intent: 'message',
          brandId: String(hotel.brand.id),
          body: 'Thank you, see you in June.',
        }),
      { events: ['intent.message_sent'] },
    );
  });

  it('closes a published intent only once the author ticks the confirmation; open offers lapse', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const { offer } = await offerFrom(id);
    await expectRefused(db(), () => answer(author, id, { intent: 'close' }), 400, {
      fields: ['confirm'],
    });
    await expectAccepted(db(), () => answer(author, id, { intent: 'close', confirm: 'on' }), {
      events: ['offer.lapsed', 'intent.closed'],
    });
    const [row] = await db().select().from(intentOffers).where(eq(intentOffers.id, offer.id));
    expect(row!.status).toBe('lapsed');
    // Closed: it cannot be closed again or edited.
    await expectRefused(db(), () => answer(author, id, { intent: 'close', confirm: 'on' }), 409);
    const edit = await callLoader(editRoute, {
      params: { id: String(id) },
      request: getRequest(`/intents/${id}/edit`),
      context: makeContext(db(), author),
    });
    expect(edit.status).toBe(409);
  });

  it('refuses a second acceptance when the author accepts only one (409)', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const first = await offerFrom(id);
    const second = await offerFrom(id);
    await answer(author, id, { intent: 'accept', offerId: String(first.offer.id) });
    await expectRefused(
      db(),
      () => answer(author, id, { intent: 'accept', offerId: String(second.offer.id) }),
      409,
    );
  });

  it('keeps the intent open after an acceptance when several may be accepted', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author, { accepts: 'several' });
    const first = await offerFrom(id);
    const second = await offerFrom(id);
    await expectAccepted(
      db(),
      () => answer(author, id, { intent: 'accept', offerId: String(first.offer.id) }),
      { events: ['offer.accepted'] },
    );
    const view = await page(author, id);
    expect(view.body.intent.status).toBe('published');
    expect(view.body.offers.find((o: { id: number }) => o.id === second.offer.id).can.accept).toBe(
      true,
    );
  });

  it('edits a draft, keeping what it was, and publishes it from the edit form', async () => {
    const author = await makeUser(db());
    const owner = await makeUser(db());
    const picked = await makeBrand(db(), owner);
    const id = await postIntent(author, {
      intent: 'save',
      audience: 'picked',
      brandIds: [String(picked.id)],
    });
    const edit = await callLoader(editRoute, {
      params: { id: String(id) },
      request: getRequest(`/intents/${id}/edit`),
      context: makeContext(db(), author),
    });
    expect(edit.status).toBe(200);
    expect(edit.body.draft).toBe(true);
    expect(edit.body.values).toMatchObject({
      audience: 'picked',
      brandIds: [String(picked.id)],
      tags: 'hotel, valencia',
      budgetMin: '500',
      expiresOn: inDays(30),
    });
    expect(edit.body.brands).toContainEqual({ id: picked.id, name: picked.name });
    await expectAccepted(
      db(),
      () =>
        callAction(editRoute, {
          params: { id: String(id) },
          request: formRequest(
            `/intents/${id}/edit`,
            intentFields({ title: 'Two weeks in Valencia', intent: 'publish' }),
          ),
          context: makeContext(db(), author),
        }),
      { location: new RegExp(`^/intents/${id}$`), events: ['intent.updated', 'intent.published'] },
    );
    const view = await page(author, id);
    expect(view.body.intent).toMatchObject({
      title: 'Two weeks in Valencia',
      status: 'published',
      audience: 'any',
    });
    expect(view.body.pickedBrands).toEqual([]);
  });

  it('refuses a third open intent from a new account (409), nothing written', async () => {
    const author = await makeUser(db());
    await postIntent(author);
    await postIntent(author, { intent: 'save' });
    const sent = intentFields();
    await expectRefused(db(), () => create(author, sent), 409, {
      sent,
      error: /at most 2 open intents/,
    });
  });

  it('shows an empty list, and every intent for an unknown status', async () => {
    const author = await makeUser(db());
    expect((await list(author)).body).toEqual({ status: null, items: [] });
    const id = await postIntent(author);
    const result = await list(author, '?status=nonsense');
    expect(result.status).toBe(200);
    expect(result.body.status).toBeNull();
    expect(result.body.items.map((i: { id: number }) => i.id)).toEqual([id]);
  });
});

describe("someone else's intent", () => {
  it('is a 404 on every page and for every answer, and nothing is written', async () => {
    const author = await makeUser(db());
    const stranger = await makeUser(db());
    const id = await postIntent(author);
    const { brand, offer } = await offerFrom(id);
    // Not the author's list either.
    expect((await list(stranger)).body.items).toEqual([]);
    const seen = await page(stranger, id);
    expect(seen.status).toBe(404);
    expect(seen.body.message).toBe('That intent was not found.');
    const edit = await callLoader(editRoute, {
      params: { id: String(id) },
      request: getRequest(`/intents/${id}/edit`),
      context: makeContext(db(), stranger),
    });
    expect(edit.status).toBe(404);
    const answers: Record<string, string>[] = [
      { intent: 'publish' },
      { intent: 'close', confirm: 'on' },
      { intent: 'accept', offerId: String(offer.id) },
      { intent: 'decline', offerId: String(offer.id), reason: '' },
      { intent: 'message', brandId: String(brand.id), body: 'Hello?' },
    ];
    for (const fields of answers)
      await expectRefused(db(), () => answer(stranger, id, fields), 404, {
        error: /not found/,
      });
    await expectRefused(
      db(),
      () =>
        callAction(editRoute, {
          params: { id: String(id) },
          request: formRequest(`/intents/${id}/edit`, intentFields()),
          context: makeContext(db(), stranger),
        }),
      404,
    );
  });

  it("refuses to answer another intent's offer through this intent's page (404)", async () => {
    const author = await makeUser(db());
    const other = await makeUser(db());
    const mine = await postIntent(author);
    const theirs = await postIntent(other);
    const { offer } = await offerFrom(theirs);
    await expectRefused(
      db(),
      () => answer(author, mine, { intent: 'accept', offerId: String(offer.id) }),
      404,
    );
  });

  it('is a 404 for an id that is not a number or does not exist', async () => {
    const author = await makeUser(db());
    expect((await page(author, 'abc')).status).toBe(404);
    expect((await page(author, '99999999')).status).toBe(404);
    expect((await page(author, '2147483648')).status).toBe(404);
  });

  it('refuses a message to a brand that made no offer (404)', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const bystander = await makeBrand(db(), await makeUser(db()));
    await expectRefused(
      db(),
      () => answer(author, id, { intent: 'message', brandId: String(bystander.id), body: 'Hi' }),
      404,
    );
  });
});

describe('bad input', () => {
  it.each([
    ['a missing title', { title: '' }, 'title'],
    ['a title of 2 characters', { title: 'ab' }, 'title'],
    ['a title of 141 characters', { title: repeat(141) }, 'title'],
    ['two titles', { title: ['One title', 'Another'] }, 'title'],
    ['an empty body', { body: '   ' }, 'body'],
    ['a body over 5,000 characters', { body: repeat(5001) }, 'body'],
    ['six tags', { tags: 'aa, bb, cc, dd, ee, ff' }, 'tags'],
    ['a tag with a script', { tags: '<script>alert(1)</script>' }, 'tags'],
    ['a place over 120 characters', { place: repeat(121) }, 'place'],
    ['a start date that is not a date', { startsOn: '2030-02-31' }, 'startsOn'],
    ['an end before the start', { startsOn: inDays(50), endsOn: inDays(40) }, 'endsOn'],
    ['a budget that is not a number', { budgetMin: 'cheap' }, 'budgetMin'],
    ['a negative budget', { budgetMin: '-5' }, 'budgetMin'],
    ['a maximum below the minimum', { budgetMin: '900', budgetMax: '500' }, 'budgetMax'],
    ['an amount without currency', { currency: '' }, 'currency'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
    ['an unknown audience', { audience: 'everyone' }, 'audience'],
    ['picked brands with none picked', { audience: 'picked' }, 'brandIds'],
    ['a brand id that is not a number', { audience: 'picked', brandIds: 'abc' }, 'brandIds'],
    ['a brand that does not exist', { audience: 'picked', brandIds: '2147483647' }, 'brandIds'],
    ['an unknown accepts value', { accepts: 'all' }, 'accepts'],
    ['a missing contact email', { contactEmail: '' }, 'contactEmail'],
    ['a contact email that is not one', { contactEmail: 'me at home' }, 'contactEmail'],
    ['a missing expiry date', { expiresOn: '' }, 'expiresOn'],
    ['an expiry date today', { expiresOn: inDays(0) }, 'expiresOn'],
    ['an expiry date over 180 days ahead', { expiresOn: inDays(181) }, 'expiresOn'],
  ])('refuses %s (400), keeping the values', async (_label, overrides, field) => {
    const author = await makeUser(db());
    const sent = intentFields(overrides);
    await expectRefused(db(), () => create(author, sent), 400, { sent, fields: [field] });
  });

  it('refuses an unknown submit button (400)', async () => {
    const author = await makeUser(db());
    const sent = intentFields({ intent: 'delete' });
    await expectRefused(db(), () => create(author, sent), 400, { sent, fields: ['intent'] });
  });

  it('refuses bad edits (400), keeping the values and the intent as it was', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const sent = intentFields({ title: '', currency: 'XYZ' });
    await expectRefused(
      db(),
      () =>
        callAction(editRoute, {
          params: { id: String(id) },
          request: formRequest(`/intents/${id}/edit`, sent),
          context: makeContext(db(), author),
        }),
      400,
      { sent, fields: ['title', 'currency'] },
    );
    const [row] = await db().select().from(intents).where(eq(intents.id, id));
    expect(row!.title).not.toBe('');
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['an unknown action', { intent: 'delete' }, undefined],
    ['no action', {}, undefined],
    ['an offer id that is not a number', { intent: 'accept', offerId: 'x' }, 'offerId'],
    ['a decline reason over 500 characters', { intent: 'decline', reason: repeat(501) }, 'reason'],
    ['an empty message', { intent: 'message', body: '  ' }, 'body'],
    ['a message over 2,000 characters', { intent: 'message', body: repeat(2001) }, 'body'],
    [
      'a brand id that is not a number',
      { intent: 'message', brandId: '1.5', body: 'Hi' },
      'brandId',
    ],
  ])('refuses %s on the intent page (400), nothing written', async (_label, fields, field) => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const { brand, offer } = await offerFrom(id);
    const sent: Record<string, string> = {
      ...(fields.intent === 'decline' || fields.intent === 'accept'
        ? { offerId: String(offer.id) }
        : {}),
      ...(fields.intent === 'message' ? { brandId: String(brand.id) } : {}),
      ...fields,
    };
    const result = await expectRefused(db(), () => answer(author, id, sent), 400, {
      sent,
      fields: field ? [field] : [],
    });
    expect(result.body.error).toBeTruthy();
  });

  it('keeps a message as plain text: markup is stored as typed and never rendered', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author);
    const { brand } = await offerFrom(id);
    const body = '<img src=x onerror=alert(1)> is breakfast included?';
    await answer(author, id, { intent: 'message', brandId: String(brand.id), body });
    const [row] = await db().select().from(intentMessages).where(eq(intentMessages.intentId, id));
    expect(row!.body).toBe(body);
    const view = await page(author, id);
    // The page gets the text, which React renders as text; there is no HTML field for messages.
    expect(view.body.offers[0].messages[0]).toEqual({
      id: row!.id,
      body,
      fromBrand: false,
      createdAt: row!.createdAt.toISOString(),
    });
  });
});

/** Renders a route's page with the data its loader gave, in English, as the server renders it. */
async function render(Component: ComponentType, data: object | null) {
  const routes = [{ id: 'page', path: '/', loader: () => data, Component }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request('http://localhost/'));
  if (context instanceof Response) throw new Error('unexpected redirect');
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    createElement(IntlProvider, {
      locale: 'en',
      messages: messagesFor('en'),
      timeZone: 'UTC',
      children: createElement(StaticRouterProvider, { router, context, hydrate: false }),
    }),
  );
}

describe('the pages as rendered', () => {
  it('explains what an intent is when there is none', async () => {
    const author = await makeUser(db());
    const html = await render(listRoute.default, (await list(author)).body);
    expect(html).toContain('<h1>My intents</h1>');
    expect(html).toContain('You have no intents yet');
    expect(html).toContain('href="/intents/new"');
    expect(html).toMatch(/<nav class="tabs" aria-label="Filter by status">/);
  });

  it('lists an intent with its offer counts', async () => {
    const author = await makeUser(db());
    const id = await postIntent(author, { title: 'Bikes for a weekend in Turin' });
    await offerFrom(id);
    const html = await render(listRoute.default, (await list(author)).body);
    expect(html).toMatch(
      new RegExp(`<h2><a [^>]*href="/intents/${id}"[^>]*>Bikes for a weekend in Turin</a></h2>`),
    );
    expect(html).toContain('1 open offer');
    expect(html).toContain('1 offer in all');
  });

  it('shows every field of the form, the brand picker included, before JavaScript runs', async () => {
    const author = await makeUser(db());
    const brand = await makeBrand(db(), await makeUser(db()));
    const form = await callLoader(newRoute, {
      request: getRequest('/intents/new'),
      context: makeContext(db(), author),
    });
    const html = await render(newRoute.default, form.body);
    for (const name of [
      'title',
      'body',
      'tags',
      'place',
      'startsOn',
      'endsOn',
      'budgetMin',
      'budgetMax',
      'contactEmail',
      'expiresOn',
    ])
      expect(html).toContain(`<label for="${name}">`);
    expect(html).toContain('<select id="currency" name="currency"');
    expect(html).toMatch(/<legend><strong>Who may see it<\/strong><\/legend>/);
    expect(html).toContain(`<input type="checkbox" id="brand-${brand.id}" name="brandIds"`);
    expect(html).not.toMatch(/<fieldset[^>]*hidden/);
    expect(html).toContain('value="publish"');
    expect(html).toContain('value="save"');
  });

  it("shows the author's intent with its offers, their answers and the thread", async () => {
    const author = await makeUser(db());
    const id = await postIntent(author, {
      title: 'A week in Valencia',
      body: 'Near the beach. <script>alert(1)</script>',
    });
    const { brand, offer } = await offerFrom(id);
    await answer(author, id, {
      intent: 'message',
      brandId: String(brand.id),
      body: '<b>Breakfast</b> included?',
    });
    const view = await page(author, id);
    const html = await render(pageRoute.default, view.body);
    expect(html).toContain('<h1>A week in Valencia</h1>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;b&gt;Breakfast&lt;/b&gt; included?');
    expect(html).toContain(`id="offer-${offer.id}"`);
    expect(html).toContain(`<h3 id="offer-${offer.id}-heading">${brand.name}</h3>`);
    expect(html).toContain('€700');
    expect(html).toContain(`Accept the offer of ${brand.name}`);
    expect(html).toContain(`Decline the offer of ${brand.name}`);
    expect(html).toContain(`Ask ${brand.name} a question`);
    expect(html).toContain('accepting one closes this intent');
    expect(html).toContain('Yes, close this intent');
    expect(html).toContain(`href="/intents/${id}/edit"`);
    expect(html).toContain('me@example.test');
    expect(html).toMatch(/role="status" aria-live="polite"/);
  });
});
