// Offers and answers on intents (issue 17): making, editing, withdrawing; accepting one or several;
// declining; the private thread; the events each appends and the notifications they write.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { intentMessages, intentOffers, intents } from '../../../db/schema';
import {
  acceptOffer,
  closeIntent,
  declineOffer,
  sendIntentMessage,
  updateOffer,
  withdrawOffer,
} from '#app/domain/intents/commands.server';
import { intentForAuthor, intentForBrand, myIntents } from '#app/domain/intents/queries.server';
import { offerFormSchema } from '#app/domain/intents/schema';
import { useTestDatabase } from '../../support/db';
import { eventsSince, expectRefused, lastEventId, repeat } from '../../support/assertions';
import { hearsAbout } from '../../support/notification-preferences';
import { deleteAccount } from '#app/domain/users/erase.server';
import { FACTORY_PASSWORD } from '../../support/factories';
import { intentWorld, notificationsOf, offerForm, person, type IntentWorld } from './world';

const db = useTestDatabase();
let w: IntentWorld;
beforeAll(async () => {
  w = await intentWorld(db());
});

const offerInput = (o: Record<string, string> = {}) => offerFormSchema.parse(offerForm(o));

describe('an offer', () => {
  it('is made by a brand member, tells the author, and is one open per brand', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const before = await lastEventId(db());
    const offer = await w.offer(intent.id, { body: 'Sea view <script>alert(1)</script>' });
    expect(offer).toMatchObject({
      status: 'open',
      brandId: w.brandA.id,
      authorId: w.managerA.id,
      price: 750,
      currency: 'EUR',
    });
    expect(offer.bodyHtml).not.toMatch(/<script/i);
    const [event] = await eventsSince(db(), before);
    expect(event).toMatchObject({
      type: 'offer.made',
      actorId: w.managerA.id,
      brandId: w.brandA.id,
      subjectUserId: author.id,
      payload: { intentId: intent.id, offerId: offer.id },
    });
    const told = await notificationsOf(db(), author.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'offer', intentId: intent.id, eventId: event!.id });
    // A second open offer from the same brand, by any member.
    const e = await expectRefused(db(), () => w.offer(intent.id, { who: w.ownerA }), 'Conflict');
    expect(e.key).toBe('errors.intents.offerExists');
    // Edited while open: the author is told again.
    const edited = await updateOffer(db(), {
      actor: w.ownerA,
      offerId: offer.id,
      input: offerInput({ price: '700' }),
      clock: w.clock,
    });
    expect(edited.price).toBe(700);
    expect((await notificationsOf(db(), author.id)).map((n) => n.kind)).toEqual(['offer', 'offer']);
    // Another brand cannot change it.
    await expectRefused(
      db(),
      () =>
        updateOffer(db(), {
          actor: w.ownerB,
          offerId: offer.id,
          input: offerInput(),
          clock: w.clock,
        }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => withdrawOffer(db(), { actor: w.admin, offerId: offer.id, clock: w.clock }),
      'NotFound',
    );
    // Valid until the past.
    const past = await expectRefused(
      db(),
      () =>
        updateOffer(db(), {
          actor: w.ownerA,
          offerId: offer.id,
          input: offerInput({ validUntil: '2026-12-01' }),
          clock: w.clock,
        }),
      'Invalid',
    );
    expect(past.key).toBe('errors.intents.validUntilPast');
    // Withdrawn: then a new one may be made.
    const withdrawn = await withdrawOffer(db(), {
      actor: w.managerA,
      offerId: offer.id,
      clock: w.clock,
    });
    expect(withdrawn.status).toBe('withdrawn');
    const again = await expectRefused(
      db(),
      () => withdrawOffer(db(), { actor: w.managerA, offerId: offer.id, clock: w.clock }),
      'Conflict',
    );
    expect(again.key).toBe('errors.intents.offerAnswered');
    const second = await w.offer(intent.id);
    expect(second.status).toBe('open');
    // The author sees every offer side by side.
    const mine = await intentForAuthor(db(), author, intent.id);
    expect(mine.offers.map((o) => [o.offer.id, o.offer.status, o.brand.id])).toEqual([
      [second.id, 'open', w.brandA.id],
      [offer.id, 'withdrawn', w.brandA.id],
    ]);
    expect((await myIntents(db(), author))[0]).toMatchObject({
      id: intent.id,
      offers: { open: 1, accepted: 0, total: 1 },
    });
  });

  it('cannot be made on an intent past its expiry, even before the job runs', async () => {
    const intent = await w.post({ expiresOn: '2026-12-12' });
    w.clock.advance(3 * 86_400_000);
    const e = await expectRefused(
      db(),
      () => w.offer(intent.id, { validUntil: '2026-12-20' }),
      'Conflict',
    );
    expect(e.key).toBe('errors.intents.notTakingOffers');
    w.clock.set('2026-12-10T10:00:00Z');
  });
});

describe('answers', () => {
  it("accepting when 'one': the intent closes, the others lapse, a second accept is refused", async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const a = await w.offer(intent.id);
    const b = await w.offer(intent.id, { brandId: w.brandB.id, who: w.ownerB });
    const c = await w.offer(intent.id, { brandId: w.brandC.id, who: w.ownerC });
    await withdrawOffer(db(), { actor: w.ownerC, offerId: c.id, clock: w.clock });
    // Only the author answers.
    for (const actor of [w.managerA, w.ownerB, w.stranger, w.admin])
      await expectRefused(
        db(),
        () => acceptOffer(db(), { actor, offerId: a.id, clock: w.clock }),
        'NotFound',
      );
    const before = await lastEventId(db());
    const accepted = await acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock });
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(accepted.answeredAt?.toISOString()).toBe(w.clock.now().toISOString());
    const events = await eventsSince(db(), before);
    expect(events.map((e) => [e.type, e.brandId, e.actorId, e.subjectUserId])).toEqual([
      ['offer.accepted', w.brandA.id, author.id, author.id],
      ['offer.lapsed', w.brandB.id, author.id, author.id],
      ['intent.closed', null, author.id, author.id],
    ]);
    expect(events[1]!.payload).toEqual({ intentId: intent.id, offerId: b.id });
    const [row] = await db().select().from(intents).where(eq(intents.id, intent.id));
    expect(row).toMatchObject({ status: 'closed' });
    expect(row!.closedAt).not.toBeNull();
    const statuses = await db()
      .select({ id: intentOffers.id, status: intentOffers.status })
      .from(intentOffers)
      .where(eq(intentOffers.intentId, intent.id));
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [a.id]: 'accepted',
      [b.id]: 'lapsed',
      [c.id]: 'withdrawn',
    });
    // The writer of the offer hears of the answer.
    expect(
      (await notificationsOf(db(), w.managerA.id)).filter((n) => n.intentId === intent.id),
    ).toMatchObject([{ kind: 'offer_answer' }]);
    const e = await expectRefused(
      db(),
      () => acceptOffer(db(), { actor: author, offerId: b.id, clock: w.clock }),
      'Conflict',
    );
    expect(e.key).toBe('errors.intents.offerNotOpen');
    await expectRefused(
      db(),
      () => acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock }),
      'Conflict',
    );
    // Edit after the answer.
    const late = await expectRefused(
      db(),
      () =>
        updateOffer(db(), {
          actor: w.managerA,
          offerId: a.id,
          input: offerInput(),
          clock: w.clock,
        }),
      'Conflict',
    );
    expect(late.key).toBe('errors.intents.offerAnswered');
  });

  it("'several': both can be accepted and the intent stays published", async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({ accepts: 'several' }, author);
    const a = await w.offer(intent.id);
    const b = await w.offer(intent.id, { brandId: w.brandB.id, who: w.ownerB });
    await acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock });
    await acceptOffer(db(), { actor: author, offerId: b.id, clock: w.clock });
    const [row] = await db().select().from(intents).where(eq(intents.id, intent.id));
    expect(row!.status).toBe('published');
    expect((await myIntents(db(), author))[0]!.offers).toEqual({ open: 0, accepted: 2, total: 2 });
  });

  it('an offer past valid_until cannot be accepted, but can be declined', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const a = await w.offer(intent.id, { validUntil: '2026-12-11' });
    w.clock.advance(2 * 86_400_000);
    const e = await expectRefused(
      db(),
      () => acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock }),
      'Conflict',
    );
    expect(e.key).toBe('errors.intents.offerExpired');
    const declined = await declineOffer(db(), {
      actor: author,
      offerId: a.id,
      reason: '  ',
      clock: w.clock,
    });
    expect(declined).toMatchObject({ status: 'declined', declineReason: null });
    w.clock.set('2026-12-10T10:00:00Z');
  });

  it('declining keeps a reason up to 500 characters and tells the brand', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const a = await w.offer(intent.id);
    const e = await expectRefused(
      db(),
      () =>
        declineOffer(db(), { actor: author, offerId: a.id, reason: repeat(501), clock: w.clock }),
      'Invalid',
    );
    expect(e.key).toBe('errors.intents.reasonLength');
    for (const actor of [w.managerA, w.stranger])
      await expectRefused(
        db(),
        () => declineOffer(db(), { actor, offerId: a.id, reason: null, clock: w.clock }),
        'NotFound',
      );
    const before = await lastEventId(db());
    const declined = await declineOffer(db(), {
      actor: author,
      offerId: a.id,
      reason: 'Too <b>expensive</b>',
      clock: w.clock,
    });
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Too <b>expensive</b>' });
    expect((await eventsSince(db(), before)).map((e) => e.type)).toEqual(['offer.declined']);
    // The intent stays open to other offers; this brand may offer again.
    const again = await w.offer(intent.id);
    expect(again.status).toBe('open');
  });

  it('when the writer left the brand, the owners hear of the answer', async () => {
    const author = await person(db(), w.clock);
    const writer = await person(db(), w.clock);
    const { addManager } = await import('#app/domain/brands/commands.server');
    await addManager(db(), { actor: w.ownerB, brandId: w.brandB.id, handle: writer.handle });
    const intent = await w.post({}, author);
    const offer = await w.offer(intent.id, { brandId: w.brandB.id, who: writer });
    await deleteAccount(db(), {
      actor: writer,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock: w.clock,
    });
    const [row] = await db().select().from(intentOffers).where(eq(intentOffers.id, offer.id));
    expect(row!.authorId).toBe(writer.id);
    await acceptOffer(db(), { actor: author, offerId: offer.id, clock: w.clock });
    expect(
      (await notificationsOf(db(), w.ownerB.id)).filter((n) => n.intentId === intent.id),
    ).toMatchObject([{ kind: 'offer_answer' }]);
  });

  it('notifications follow preferences: the intents topic off writes none', async () => {
    const author = await person(db(), w.clock);
    await hearsAbout(db(), author.id, ['intents'], 'off');
    const intent = await w.post({}, author);
    const offer = await w.offer(intent.id);
    await sendIntentMessage(db(), {
      actor: w.managerA,
      intentId: intent.id,
      brandId: w.brandA.id,
      body: 'Hello',
      clock: w.clock,
    });
    expect(await notificationsOf(db(), author.id)).toEqual([]);
    await hearsAbout(db(), author.id, ['intents'], 'digest');
    await updateOffer(db(), {
      actor: w.managerA,
      offerId: offer.id,
      input: offerInput(),
      clock: w.clock,
    });
    expect(await notificationsOf(db(), author.id)).toMatchObject([{ kind: 'offer', digest: true }]);
  });
});

describe('the private thread', () => {
  it('runs between the author and one brand, as plain text', async () => {
    const author = await person(db(), w.clock);
    const intent = await w.post({}, author);
    const send = (actor: typeof author, brandId: number, body: string) =>
      sendIntentMessage(db(), { actor, intentId: intent.id, brandId, body, clock: w.clock });
    // The author writes only to brands with an offer.
    await expectRefused(db(), () => send(author, w.brandA.id, 'Hi?'), 'NotFound');
    // A member of a brand the intent is addressed to may ask first.
    const before = await lastEventId(db());
    const asked = await send(
      w.managerA,
      w.brandA.id,
      'Do you travel with pets? <script>alert(1)</script>',
    );
    expect(asked).toMatchObject({ fromBrand: true, senderId: w.managerA.id });
    expect(asked.body).toBe('Do you travel with pets? <script>alert(1)</script>');
    const [event] = await eventsSince(db(), before);
    expect(event).toMatchObject({
      type: 'intent.message_sent',
      actorId: w.managerA.id,
      brandId: w.brandA.id,
      subjectUserId: author.id,
      payload: { intentId: intent.id, messageId: asked.id, fromBrand: true },
    });
    expect((await notificationsOf(db(), author.id)).map((n) => n.kind)).toEqual(['intent_message']);
    // Strangers, another brand's owner for this brand, an admin: 404.
    for (const actor of [w.stranger, w.ownerB, w.admin])
      await expectRefused(db(), () => send(actor, w.brandA.id, 'Let me in'), 'NotFound');
    // Too long, empty, wrong type.
    let e = await expectRefused(db(), () => send(w.managerA, w.brandA.id, repeat(2001)), 'Invalid');
    expect(e.key).toBe('errors.intents.messageLength');
    e = await expectRefused(db(), () => send(w.managerA, w.brandA.id, '   '), 'Invalid');
    expect(e.key).toBe('errors.intents.messageRequired');
    e = await expectRefused(
      db(),
      () => send(w.managerA, w.brandA.id, 42 as unknown as string),
      'Invalid',
    );
    expect(e.fieldErrors?.body).toBeDefined();
    // After an offer the author may answer; the brand side's owners and managers hear of it, or
    // the offer's writer when there is one.
    await w.offer(intent.id);
    const reply = await send(author, w.brandA.id, 'No pets.');
    expect(reply.fromBrand).toBe(false);
    expect(
      (await notificationsOf(db(), w.managerA.id)).filter((n) => n.kind === 'intent_message'),
    ).toHaveLength(1);
    expect(
      (await notificationsOf(db(), w.ownerA.id)).filter((n) => n.kind === 'intent_message'),
    ).toHaveLength(0);
    // The brand reads its thread; the author reads it without knowing which member wrote.
    const brandView = await intentForBrand(db(), {
      actor: w.ownerA,
      brandSlug: w.brandA.slug,
      intentId: intent.id,
      clock: w.clock,
    });
    expect(brandView.messages.map((m) => [m.body, m.fromBrand, m.sender])).toEqual([
      ['Do you travel with pets? <script>alert(1)</script>', true, { handle: w.managerA.handle }],
      ['No pets.', false, null],
    ]);
    const authorView = await intentForAuthor(db(), author, intent.id);
    expect(authorView.offers[0]!.messages.map((m) => [m.fromBrand, m.sender])).toEqual([
      [true, null],
      [false, { handle: author.handle }],
    ]);
    // Brand B asks without an offer: a thread without offer for the author; A's thread is not B's.
    await send(w.ownerB, w.brandB.id, 'Which dates exactly?');
    const again = await intentForAuthor(db(), author, intent.id);
    expect(again.threadsWithoutOffer.map((t) => [t.brand.id, t.messages.length])).toEqual([
      [w.brandB.id, 1],
    ]);
    const bView = await intentForBrand(db(), {
      actor: w.ownerB,
      brandSlug: w.brandB.slug,
      intentId: intent.id,
      clock: w.clock,
    });
    expect(bView.messages.map((m) => m.body)).toEqual(['Which dates exactly?']);
    // Once closed, a brand without an offer can no longer write; the one with an offer still can.
    await closeIntent(db(), { actor: author, intentId: intent.id, clock: w.clock });
    await expectRefused(db(), () => send(w.ownerB, w.brandB.id, 'Still there?'), 'NotFound');
    await send(w.ownerA, w.brandA.id, 'Sorry to see it closed.');
    const count = await db()
      .select()
      .from(intentMessages)
      .where(and(eq(intentMessages.intentId, intent.id)));
    expect(count).toHaveLength(4);
  });
});
