// A small intents world played through the real commands (app/domain/intents/commands.server.ts),
// shared by the tests of what intents show elsewhere: timelines, the community view, notifications
// and the data export. Ana (the author) publishes an intent to any brand; the brand's owner makes
// an offer, a manager of the brand writes in the thread, Ana answers; a rival brand offers too.
import type { Db } from '../../db/client.server';
import { addManager } from '#app/domain/brands/commands.server';
import type { Actor } from '#app/domain/core/actor';
import { testClock, type TestClock } from '#app/domain/core/clock';
import {
  acceptOffer,
  createIntent,
  declineOffer,
  makeOffer,
  sendIntentMessage,
} from '#app/domain/intents/commands.server';
import { intentFormSchema, offerFormSchema } from '#app/domain/intents/schema';
import { makeBrand, makeUser } from './factories';

/** A day `days` after the clock's now, as YYYY-MM-DD. */
export const dayFrom = (clock: TestClock, days: number) =>
  new Date(clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

export function intentInput(clock: TestClock, overrides: Record<string, string | string[]> = {}) {
  return intentFormSchema.parse({
    title: 'A week in Valencia in June',
    body: 'A quiet **3-star** hotel near the beach, for two.',
    tags: 'travel, hotel',
    place: 'Valencia',
    startsOn: '',
    endsOn: '',
    budgetMin: '400',
    budgetMax: '900',
    currency: 'EUR',
    audience: 'any',
    accepts: 'one',
    contactEmail: 'ana.contact@example.com',
    expiresOn: dayFrom(clock, 30),
    intent: 'publish',
    ...overrides,
  });
}

export function offerInput(clock: TestClock, overrides: Record<string, string> = {}) {
  return offerFormSchema.parse({
    body: 'Seven nights at Hotel Mar, breakfast included.',
    conditions: 'Free cancellation up to a week before.',
    price: '650',
    currency: 'EUR',
    benefit: '',
    validUntil: dayFrom(clock, 10),
    ...overrides,
  });
}

export async function publishIntent(
  db: Db,
  author: Actor,
  clock: TestClock,
  overrides: Record<string, string | string[]> = {},
) {
  return createIntent(db, { actor: author, input: intentInput(clock, overrides), clock });
}

/**
 * Ana's intent with an offer from Acme (made by its owner, then accepted by Ana after a question
 * and an answer by Acme's manager) and one from Rival (declined). Each step a minute apart.
 */
export async function intentWorld(db: Db, start = '2026-05-04T09:00:00Z') {
  const clock = testClock(start);
  const tick = () => clock.advance(60_000);
  const ana = await makeUser(db);
  const owner = await makeUser(db);
  const manager = await makeUser(db);
  const rivalOwner = await makeUser(db);
  const acme = await makeBrand(db, owner);
  await addManager(db, { actor: owner, brandId: acme.id, handle: manager.handle, clock });
  const rival = await makeBrand(db, rivalOwner);
  tick();
  const intent = await publishIntent(db, ana, clock);
  tick();
  const offer = await makeOffer(db, {
    actor: owner,
    brandId: acme.id,
    intentId: intent.id,
    input: offerInput(clock),
    clock,
  });
  tick();
  const rivalOffer = await makeOffer(db, {
    actor: rivalOwner,
    brandId: rival.id,
    intentId: intent.id,
    input: offerInput(clock, { price: '700' }),
    clock,
  });
  tick();
  await sendIntentMessage(db, {
    actor: ana,
    intentId: intent.id,
    brandId: acme.id,
    body: 'Is parking included?',
    clock,
  });
  tick();
  await sendIntentMessage(db, {
    actor: manager,
    intentId: intent.id,
    brandId: acme.id,
    body: 'Yes, one space.',
    clock,
  });
  tick();
  await declineOffer(db, { actor: ana, offerId: rivalOffer.id, reason: 'Too far', clock });
  tick();
  await acceptOffer(db, { actor: ana, offerId: offer.id, clock });
  return { clock, tick, ana, owner, manager, rivalOwner, acme, rival, intent, offer, rivalOffer };
}
