// Intents under real concurrent transactions (PostgreSQL only: PGlite has one connection, so there
// nothing runs at the same time): two offers from one brand at once make one, two accepts of two
// offers on a "one" intent accept one, and creates at once keep the per-person limit.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events, intentOffers, intents } from '../../../db/schema';
import { isDomainError } from '#app/domain/core/errors';
import { acceptOffer } from '#app/domain/intents/commands.server';
import { useTestDatabase } from '../../support/db';
import { intentWorld, person, type IntentWorld } from './world';

const db = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);
let w: IntentWorld;
beforeAll(async () => {
  if (onPostgres) w = await intentWorld(db());
});

const statusOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 200 : isDomainError(r.reason) ? r.reason.status : String(r.reason);

describe('intents at the same moment (PostgreSQL)', () => {
  it('two offers from one brand at once: one made, one 409, ten rounds over', async (context) => {
    if (!onPostgres) {
      console.info('Skipped on PGlite: one connection, nothing concurrent (set DATABASE_URL).');
      context.skip();
      return;
    }
    for (let round = 0; round < 10; round++) {
      const author = await person(db(), w.clock);
      const intent = await w.post({}, author);
      const results = await Promise.allSettled([
        w.offer(intent.id, { who: w.managerA }),
        w.offer(intent.id, { who: w.ownerA }),
      ]);
      expect(results.map(statusOf).sort(), `round ${round}`).toEqual([200, 409]);
      const offers = await db()
        .select()
        .from(intentOffers)
        .where(eq(intentOffers.intentId, intent.id));
      expect(offers).toHaveLength(1);
      const made = (await db().select().from(events).where(eq(events.type, 'offer.made'))).filter(
        (e) => e.payload.intentId === intent.id,
      );
      expect(made).toHaveLength(1);
    }
  }, 120_000);

  it("two accepts of two offers on a 'one' intent: exactly one accepted", async (context) => {
    if (!onPostgres) {
      context.skip();
      return;
    }
    for (let round = 0; round < 10; round++) {
      const author = await person(db(), w.clock);
      const intent = await w.post({}, author);
      const a = await w.offer(intent.id);
      const b = await w.offer(intent.id, { brandId: w.brandB.id, who: w.ownerB });
      const results = await Promise.allSettled([
        acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock }),
        acceptOffer(db(), { actor: author, offerId: b.id, clock: w.clock }),
      ]);
      expect(results.map(statusOf).sort(), `round ${round}`).toEqual([200, 409]);
      const offers = await db()
        .select()
        .from(intentOffers)
        .where(eq(intentOffers.intentId, intent.id));
      expect(offers.map((o) => o.status).sort()).toEqual(['accepted', 'lapsed']);
      const [row] = await db().select().from(intents).where(eq(intents.id, intent.id));
      expect(row!.status).toBe('closed');
    }
  }, 120_000);

  it('an offer racing the acceptance of another either lands before (and lapses) or is refused', async (context) => {
    if (!onPostgres) {
      context.skip();
      return;
    }
    for (let round = 0; round < 5; round++) {
      const author = await person(db(), w.clock);
      const intent = await w.post({}, author);
      const a = await w.offer(intent.id);
      const results = await Promise.allSettled([
        acceptOffer(db(), { actor: author, offerId: a.id, clock: w.clock }),
        w.offer(intent.id, { brandId: w.brandB.id, who: w.ownerB }),
      ]);
      expect(results[0]!.status).toBe('fulfilled');
      const offers = await db()
        .select()
        .from(intentOffers)
        .where(eq(intentOffers.intentId, intent.id));
      // Never an open offer on a closed intent.
      expect(offers.filter((o) => o.status === 'open')).toEqual([]);
    }
  }, 120_000);

  it('six creates at once by a new account: two made', async (context) => {
    if (!onPostgres) {
      context.skip();
      return;
    }
    const who = await person(db(), w.clock, { days: 1 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => w.post({}, who)));
    expect(results.map(statusOf).sort()).toEqual([200, 200, 409, 409, 409, 409]);
    expect(await db().select().from(intents).where(eq(intents.authorId, who.id))).toHaveLength(2);
  }, 60_000);
});
