// Intents (issue 17): creating, editing, publishing and closing, with every kind of bad input
// refused with a message key and nothing written; the per-person limit; the events appended.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { intentBrands, intents } from '../../../db/schema';
import { DomainError } from '#app/domain/core/errors';
import {
  closeIntent,
  createIntent,
  declineOffer,
  makeOffer,
  publishIntent,
  sendIntentMessage,
  updateIntent,
} from '#app/domain/intents/commands.server';
import { intentFormSchema, offerFormSchema, type IntentInput } from '#app/domain/intents/schema';
import { useTestDatabase } from '../../support/db';
import { eventsSince, expectRefused, lastEventId, repeat } from '../../support/assertions';
import { intentForm, intentWorld, offerForm, person, type IntentWorld } from './world';

const db = useTestDatabase();
let w: IntentWorld;
beforeAll(async () => {
  w = await intentWorld(db());
});

/** The message keys a form gets, per field. */
function keysOf(schema: typeof intentFormSchema | typeof offerFormSchema, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`parsed: ${JSON.stringify(result.data)}`);
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues)
    (out[issue.path.join('.') || 'form'] ??= []).push(issue.message);
  return out;
}

/** Bypasses the schema: what a command gets when a caller hands it a malformed input. */
const raw = (overrides: Partial<IntentInput>) => ({
  ...intentFormSchema.parse(intentForm()),
  ...overrides,
});

describe('the intent form', () => {
  it('parses a full form, tags and picked brands included', () => {
    const input = intentFormSchema.parse(
      intentForm({
        tags: 'Hotel, #Beach,  sea view',
        audience: 'picked',
        brandIds: ['3', '4', '3'],
      }),
    );
    expect(input).toMatchObject({
      title: 'A week in a 3-star hotel in Valencia',
      tags: ['hotel', 'beach', 'sea-view'],
      budgetMin: 400,
      budgetMax: 900,
      currency: 'EUR',
      audience: 'picked',
      brandIds: [3, 4],
      expiresOn: '2026-12-31',
      intent: 'publish',
    });
    // Another audience ignores the brands the form held.
    expect(intentFormSchema.parse(intentForm({ brandIds: '3' })).brandIds).toEqual([]);
    expect(
      intentFormSchema.parse(intentForm({ place: '', budgetMin: '', budgetMax: '', currency: '' })),
    ).toMatchObject({ place: null, budgetMin: null, budgetMax: null, currency: null });
  });

  it('refuses bad fields with errors.intents keys', () => {
    expect(keysOf(intentFormSchema, intentForm({ title: repeat(141) })).title).toEqual([
      'errors.intents.titleLength',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ title: undefined })).title).toEqual([
      'errors.intents.titleRequired',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ body: repeat(5001) })).body).toEqual([
      'errors.intents.bodyLength',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ body: '  ' })).body).toEqual([
      'errors.intents.bodyRequired',
    ]);
    expect(keysOf(intentFormSchema, { ...intentForm(), title: 42 }).title).toEqual([
      'errors.field.invalidType',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ tags: 'a,b,c,d,e,f' })).tags).toContain(
      'errors.intents.tagsTooMany',
    );
    expect(
      keysOf(intentFormSchema, intentForm({ tags: 'one, two, three, four, five, six' })).tags,
    ).toEqual(['errors.intents.tagsTooMany']);
    expect(keysOf(intentFormSchema, intentForm({ budgetMin: '900', budgetMax: '400' }))).toEqual({
      budgetMax: ['errors.intents.budgetOrder'],
    });
    expect(keysOf(intentFormSchema, intentForm({ budgetMin: '', budgetMax: '' }))).toEqual({
      budgetMin: ['errors.intents.amountNeeded'],
    });
    expect(keysOf(intentFormSchema, intentForm({ currency: '' }))).toEqual({
      currency: ['errors.intents.currencyNeeded'],
    });
    expect(keysOf(intentFormSchema, intentForm({ currency: 'JPY' })).currency).toEqual([
      'errors.intents.currency',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ budgetMin: '-5' })).budgetMin).toEqual([
      'errors.intents.amount',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ budgetMin: '1e3' })).budgetMin).toEqual([
      'errors.intents.amount',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ audience: 'picked' }))).toEqual({
      brandIds: ['errors.intents.pickBrands'],
    });
    expect(
      keysOf(
        intentFormSchema,
        intentForm({
          audience: 'picked',
          brandIds: Array.from({ length: 11 }, (_, i) => `${i + 1}`),
        }),
      ),
    ).toEqual({ brandIds: ['errors.intents.tooManyBrands'] });
    expect(keysOf(intentFormSchema, intentForm({ audience: 'picked', brandIds: ['x1'] }))).toEqual({
      brandIds: ['errors.intents.brandIds'],
    });
    expect(keysOf(intentFormSchema, intentForm({ audience: 'everyone' })).audience).toEqual([
      'errors.intents.audience',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ audience: undefined })).audience).toEqual([
      'errors.intents.audience',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ contactEmail: 'nope' })).contactEmail).toEqual([
      'errors.intents.contactEmail',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ contactEmail: '' })).contactEmail).toEqual([
      'errors.intents.contactEmailRequired',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ expiresOn: '2027-02-31' })).expiresOn).toEqual([
      'errors.intents.dateFormat',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ expiresOn: undefined })).expiresOn).toEqual([
      'errors.intents.expiresOnRequired',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ startsOn: '2027-06-09' }))).toEqual({
      endsOn: ['errors.intents.window'],
    });
    expect(keysOf(intentFormSchema, intentForm({ place: repeat(121) })).place).toEqual([
      'errors.intents.placeLength',
    ]);
    expect(keysOf(intentFormSchema, intentForm({ intent: 'delete' })).intent).toEqual([
      'errors.intents.submit',
    ]);
  });

  it('refuses bad offers', () => {
    expect(keysOf(offerFormSchema, offerForm({ body: '' })).body).toEqual([
      'errors.intents.offerBodyRequired',
    ]);
    expect(keysOf(offerFormSchema, offerForm({ body: repeat(5001) })).body).toEqual([
      'errors.intents.offerBodyLength',
    ]);
    expect(keysOf(offerFormSchema, offerForm({ price: '', currency: '' }))).toEqual({
      price: ['errors.intents.priceOrBenefit'],
    });
    expect(keysOf(offerFormSchema, offerForm({ currency: '' }))).toEqual({
      currency: ['errors.intents.currencyNeeded'],
    });
    expect(keysOf(offerFormSchema, offerForm({ price: '' }))).toEqual({
      price: ['errors.intents.priceNeeded', 'errors.intents.priceOrBenefit'],
    });
    expect(keysOf(offerFormSchema, offerForm({ benefit: repeat(201) })).benefit).toEqual([
      'errors.intents.benefitLength',
    ]);
    expect(keysOf(offerFormSchema, offerForm({ conditions: repeat(2001) })).conditions).toEqual([
      'errors.intents.conditionsLength',
    ]);
    expect(keysOf(offerFormSchema, offerForm({ validUntil: '' })).validUntil).toEqual([
      'errors.intents.validUntilRequired',
    ]);
    // A benefit alone is an offer.
    expect(
      offerFormSchema.parse(offerForm({ price: '', currency: '', benefit: 'Free breakfast' })),
    ).toMatchObject({ price: null, currency: null, benefit: 'Free breakfast' });
  });
});

describe('createIntent', () => {
  it('publishes, stores the sanitized Markdown and appends created + published', async () => {
    const before = await lastEventId(db());
    const intent = await w.post({
      body: 'Hello <script>alert(1)</script> **bold** <img src=x onerror=alert(1)>',
    });
    expect(intent).toMatchObject({ status: 'published', authorId: w.author.id, audience: 'any' });
    expect(intent.bodyHtml).toContain('<strong>bold</strong>');
    expect(intent.bodyHtml).not.toMatch(/<script|onerror/i);
    expect(intent.expiresAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const events = await eventsSince(db(), before);
    expect(events.map((e) => e.type)).toEqual(['intent.created', 'intent.published']);
    for (const e of events)
      expect(e).toMatchObject({
        actorId: w.author.id,
        subjectUserId: w.author.id,
        brandId: null,
        payload: expect.objectContaining({ intentId: intent.id }),
      });
  });

  it('saves a draft, and picked brands', async () => {
    const draft = await w.post({
      intent: 'save',
      audience: 'picked',
      brandIds: [String(w.brandA.id), String(w.brandB.id)],
    });
    expect(draft.status).toBe('draft');
    expect(draft.publishedAt).toBeNull();
    const picked = await db()
      .select()
      .from(intentBrands)
      .where(eq(intentBrands.intentId, draft.id));
    expect(picked.map((p) => p.brandId).sort()).toEqual([w.brandA.id, w.brandB.id].sort());
    await closeIntent(db(), { actor: w.author, intentId: (await w.post()).id, clock: w.clock });
    await expectRefused(
      db(),
      () => closeIntent(db(), { actor: w.author, intentId: draft.id, clock: w.clock }),
      'Conflict',
    );
    const published = await publishIntent(db(), {
      actor: w.author,
      intentId: draft.id,
      clock: w.clock,
    });
    expect(published.status).toBe('published');
    await closeIntent(db(), { actor: w.author, intentId: draft.id, clock: w.clock });
  });

  it('refuses what the schema cannot know, writing nothing', async () => {
    const input = (o: Record<string, string | string[]>) => intentFormSchema.parse(intentForm(o));
    const create = (i: IntentInput) =>
      createIntent(db(), { actor: w.author, input: i, clock: w.clock });
    let e = await expectRefused(db(), () => create(input({ expiresOn: '2026-12-10' })), 'Invalid');
    expect(e.key).toBe('errors.intents.expiresOnRange');
    e = await expectRefused(db(), () => create(input({ expiresOn: '2026-12-01' })), 'Invalid');
    expect(e.key).toBe('errors.intents.expiresOnRange');
    e = await expectRefused(db(), () => create(input({ expiresOn: '2027-06-09' })), 'Invalid');
    expect(e.key).toBe('errors.intents.expiresOnRange');
    // 180 days ahead is the last day allowed.
    const last = await create(input({ expiresOn: '2027-06-08', intent: 'save' }));
    expect(last.status).toBe('draft');
    e = await expectRefused(
      db(),
      () => create(input({ audience: 'picked', brandIds: [String(w.brandA.id), '999999'] })),
      'Invalid',
    );
    expect(e.key).toBe('errors.intents.unknownBrands');
    expect(e.fieldErrors?.brandIds).toBeDefined();
    // Malformed input handed straight to the command is refused by the database: nothing written.
    await expect(create(raw({ title: repeat(141) }))).rejects.toThrow();
    await expect(create(raw({ budgetMin: 900, budgetMax: 10 }))).rejects.toThrow();
    await closeIntent(db(), { actor: w.author, intentId: last.id, clock: w.clock }).catch(() => {});
  });
});

describe("someone else's intent", () => {
  it('cannot be edited, published, closed or answered by anyone but the author (404)', async () => {
    const draft = await w.post({ intent: 'save' });
    const published = await w.post();
    const offer = await w.offer(published.id);
    for (const actor of [w.stranger, w.managerA, w.admin]) {
      const input = intentFormSchema.parse(intentForm({ title: 'Taken over' }));
      for (const id of [draft.id, published.id]) {
        await expectRefused(
          db(),
          () => updateIntent(db(), { actor, intentId: id, input, clock: w.clock }),
          'NotFound',
        );
        await expectRefused(
          db(),
          () => publishIntent(db(), { actor, intentId: id, clock: w.clock }),
          'NotFound',
        );
        await expectRefused(
          db(),
          () => closeIntent(db(), { actor, intentId: id, clock: w.clock }),
          'NotFound',
        );
      }
      await expectRefused(
        db(),
        () => declineOffer(db(), { actor, offerId: offer.id, reason: null, clock: w.clock }),
        'NotFound',
      );
    }
    // A brand member who is not the author cannot write as the author to another brand.
    await expectRefused(
      db(),
      () =>
        sendIntentMessage(db(), {
          actor: w.ownerB,
          intentId: draft.id,
          brandId: w.brandB.id,
          body: 'Hi',
          clock: w.clock,
        }),
      'NotFound',
    );
    await closeIntent(db(), { actor: w.author, intentId: published.id, clock: w.clock });
    await db().delete(intentBrands).where(eq(intentBrands.intentId, draft.id));
    await db()
      .update(intents)
      .set({ status: 'published', publishedAt: w.clock.now() })
      .where(eq(intents.id, draft.id));
    await closeIntent(db(), { actor: w.author, intentId: draft.id, clock: w.clock });
  });
});

describe('updateIntent', () => {
  it('edits a published intent, narrows the audience, keeps an unchanged expiry date', async () => {
    const intent = await w.post({ expiresOn: '2026-12-12' });
    w.clock.advance(1.5 * 86_400_000);
    const { result } = await (async () => {
      const before = await lastEventId(db());
      const result = await updateIntent(db(), {
        actor: w.author,
        intentId: intent.id,
        input: intentFormSchema.parse(
          intentForm({
            title: 'Changed title',
            expiresOn: '2026-12-12',
            audience: 'picked',
            brandIds: String(w.brandB.id),
          }),
        ),
        clock: w.clock,
      });
      expect((await eventsSince(db(), before)).map((e) => e.type)).toEqual(['intent.updated']);
      return { result };
    })();
    expect(result).toMatchObject({
      title: 'Changed title',
      audience: 'picked',
      status: 'published',
    });
    // A changed date must be in range.
    const e = await expectRefused(
      db(),
      () =>
        updateIntent(db(), {
          actor: w.author,
          intentId: intent.id,
          input: intentFormSchema.parse(intentForm({ expiresOn: '2026-12-11' })),
          clock: w.clock,
        }),
      'Invalid',
    );
    expect(e.key).toBe('errors.intents.expiresOnRange');
    await closeIntent(db(), { actor: w.author, intentId: intent.id, clock: w.clock });
    const closed = await expectRefused(
      db(),
      () =>
        updateIntent(db(), {
          actor: w.author,
          intentId: intent.id,
          input: intentFormSchema.parse(intentForm({ expiresOn: '2026-12-12' })),
          clock: w.clock,
        }),
      'Conflict',
    );
    expect(closed.key).toBe('errors.intents.notEditable');
    w.clock.set('2026-12-10T10:00:00Z');
  });

  it('publishes a draft with intent=publish', async () => {
    const draft = await w.post({ intent: 'save' });
    const before = await lastEventId(db());
    const updated = await updateIntent(db(), {
      actor: w.author,
      intentId: draft.id,
      input: intentFormSchema.parse(intentForm({ intent: 'publish' })),
      clock: w.clock,
    });
    expect(updated.status).toBe('published');
    expect((await eventsSince(db(), before)).map((e) => e.type)).toEqual([
      'intent.updated',
      'intent.published',
    ]);
    await closeIntent(db(), { actor: w.author, intentId: draft.id, clock: w.clock });
  });
});

describe('the open-intent limit', () => {
  it('is 5 for a settled account, 2 for a new one or one without reputation', async () => {
    const settled = await person(db(), w.clock);
    const young = await person(db(), w.clock, { days: 3 });
    const unknown = await person(db(), w.clock, { points: 0 });
    for (let i = 0; i < 5; i++) await w.post({ intent: i % 2 ? 'save' : 'publish' }, settled);
    let e = await expectRefused(db(), () => w.post({}, settled), 'Conflict');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.key).toBe('errors.intents.limit');
    expect(e.values).toEqual({ max: 5 });
    for (const who of [young, unknown]) {
      await w.post({}, who);
      await w.post({ intent: 'save' }, who);
      e = await expectRefused(db(), () => w.post({}, who), 'Conflict');
      expect(e.values).toEqual({ max: 2 });
    }
    // Closing one frees a place.
    const [first] = await db()
      .select()
      .from(intents)
      .where(eq(intents.authorId, young.id))
      .orderBy(intents.id);
    await closeIntent(db(), { actor: young, intentId: first!.id, clock: w.clock });
    await w.post({}, young);
  });

  it('holds under concurrent creates', async () => {
    const who = await person(db(), w.clock, { days: 1 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => w.post({}, who)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as DomainError).key).toBe('errors.intents.limit');
    const rows = await db().select().from(intents).where(eq(intents.authorId, who.id));
    expect(rows).toHaveLength(2);
  });
});

describe('offers: bad input', () => {
  it('refuses an offer valid until the past, on a draft, closed or unknown intent', async () => {
    const intent = await w.post();
    const e = await expectRefused(
      db(),
      () => w.offer(intent.id, { validUntil: '2026-12-09' }),
      'Invalid',
    );
    expect(e.key).toBe('errors.intents.validUntilPast');
    const draft = await w.post({ intent: 'save' });
    await expectRefused(db(), () => w.offer(draft.id), 'NotFound');
    await expectRefused(db(), () => w.offer(999_999), 'NotFound');
    await closeIntent(db(), { actor: w.author, intentId: intent.id, clock: w.clock });
    await expectRefused(db(), () => w.offer(intent.id), 'NotFound');
    await expectRefused(
      db(),
      () =>
        makeOffer(db(), {
          actor: w.managerA,
          brandId: w.brandA.id,
          intentId: draft.id,
          input: offerFormSchema.parse(offerForm()),
          clock: w.clock,
        }),
      'NotFound',
    );
    await db()
      .delete(intents)
      .where(eq(intents.id, draft.id))
      .catch(() => {});
  });
});
