// Test support for intents (issue 17): people with settled accounts (old enough, with reputation,
// so the limit is 5), three brands with owners and a manager, and the forms as the routes parse them.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { notifications, users } from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { testClock } from '#app/domain/core/clock';
import { createIntent, makeOffer } from '#app/domain/intents/commands.server';
import { intentFormSchema, offerFormSchema } from '#app/domain/intents/schema';
import { makeBrand, makeUser, type TestUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';

export const START = '2026-12-10T10:00:00Z';
export const DAY_MS = 86_400_000;

/** A person whose account is `days` old with `points` reputation (defaults: settled, limit 5). */
export async function person(
  db: Db,
  clock: { now(): Date },
  { days = 30, points = 20 }: { days?: number; points?: number } = {},
): Promise<TestUser> {
  const user = await makeUser(db);
  await db
    .update(users)
    .set({ createdAt: new Date(clock.now().getTime() - days * DAY_MS) })
    .where(eq(users.id, user.id));
  if (points > 0) await giveReputation(db, user.id, points, clock.now());
  return user;
}

export type IntentForm = Record<string, string | string[] | undefined>;
/** Who offers for which brand (default: brand A's manager), and the offer form's fields. */
export type OfferOptions = { brandId?: number; who?: TestUser } & {
  [field: string]: string | number | TestUser | undefined;
};

export const intentForm = (overrides: IntentForm = {}): IntentForm => ({
  title: 'A week in a 3-star hotel in Valencia',
  body: 'Two adults, **quiet room**, near the beach, in June.',
  tags: 'hotel, valencia, travel',
  place: 'Valencia',
  startsOn: '2027-06-01',
  endsOn: '2027-06-08',
  budgetMin: '400',
  budgetMax: '900',
  currency: 'EUR',
  audience: 'any',
  accepts: 'one',
  contactEmail: 'traveller@example.test',
  expiresOn: '2026-12-31',
  intent: 'publish',
  ...overrides,
});

export const offerForm = (overrides: IntentForm = {}): IntentForm => ({
  body: 'Seven nights, sea view, breakfast included.',
  conditions: 'Free cancellation until May 1st.',
  price: '750',
  currency: 'EUR',
  benefit: '',
  validUntil: '2026-12-20',
  ...overrides,
});

export async function intentWorld(db: Db) {
  const clock = testClock(START);
  const author = await person(db, clock);
  const stranger = await person(db, clock);
  const [ownerA, managerA, ownerB, ownerC] = await Promise.all([
    person(db, clock),
    person(db, clock),
    person(db, clock),
    person(db, clock),
  ]);
  const admin = await makeUser(db, { role: 'admin' });
  const brandA = await makeBrand(db, ownerA!);
  await addManager(db, { actor: ownerA!, brandId: brandA.id, handle: managerA!.handle });
  const brandB = await makeBrand(db, ownerB!);
  const brandC = await makeBrand(db, ownerC!);

  /** Creates (and by default publishes) an intent of `who` from the form with `overrides`. */
  const post = (overrides: IntentForm = {}, who: TestUser = author) =>
    createIntent(db, {
      actor: who,
      input: intentFormSchema.parse(intentForm(overrides)),
      locale: 'en',
      clock,
    });
  /** Brand A's manager (or `who` for `brandId`) offers on an intent. */
  const offer = (
    intentId: number,
    { brandId = brandA.id, who = managerA!, ...overrides }: OfferOptions = {},
  ) =>
    makeOffer(db, {
      actor: who,
      brandId,
      intentId,
      input: offerFormSchema.parse(offerForm(overrides as IntentForm)),
      clock,
    });
  return {
    clock,
    author,
    stranger,
    ownerA: ownerA!,
    managerA: managerA!,
    ownerB: ownerB!,
    ownerC: ownerC!,
    admin,
    brandA,
    brandB,
    brandC,
    post,
    offer,
  };
}

export type IntentWorld = Awaited<ReturnType<typeof intentWorld>>;

/** The notifications a person has, oldest first. */
export const notificationsOf = (db: Db, userId: string) =>
  db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);
