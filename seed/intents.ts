// The demo's intents (issue 17), played through the real commands among the seed's other steps, in
// the days before `now`: needs written in the three languages, offers from the demo brands, a
// question and its answer in a private thread, and one offer accepted (so its brand sees the contact
// email). Each scene runs at its moment, so the log stays in time order.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.server';
import { brands, intentOffers, intents } from '../db/schema';
import type { Actor } from '#app/domain/core/actor';
import type { TestClock } from '#app/domain/core/clock';
import {
  acceptOffer,
  createIntent,
  makeOffer,
  sendIntentMessage,
} from '#app/domain/intents/commands.server';
import { intentFormSchema, offerFormSchema } from '#app/domain/intents/schema';
import { DAY, HOUR } from './plan';

export type IntentSeedContext = {
  db: Db;
  clock: TestClock;
  actor: (handle: string) => Actor;
};

export type IntentScene = {
  at: number;
  what: string;
  run: (ctx: IntentSeedContext) => Promise<void>;
};

const BRISA = 'Hoteles Brisa';
const VERDANA = 'Verdana Home';
const AURORA = 'Pastificio Aurora';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const emailOf = (handle: string) => `${handle.replace(/_/g, '.')}@example.com`;

async function brandId(db: Db, name: string): Promise<number> {
  const [row] = await db.select({ id: brands.id }).from(brands).where(eq(brands.name, name));
  if (!row) throw new Error(`the demo has no brand ${name}`);
  return row.id;
}

async function intentId(db: Db, title: string): Promise<number> {
  const [row] = await db.select({ id: intents.id }).from(intents).where(eq(intents.title, title));
  if (!row) throw new Error(`the demo has no intent "${title}"`);
  return row.id;
}

async function openOfferOf(db: Db, intent: number, brand: number): Promise<number> {
  const rows = await db
    .select({ id: intentOffers.id, brandId: intentOffers.brandId, status: intentOffers.status })
    .from(intentOffers)
    .where(eq(intentOffers.intentId, intent));
  const found = rows.find((r) => r.brandId === brand && r.status === 'open');
  if (!found) throw new Error(`no open offer of brand ${brand} on intent ${intent}`);
  return found.id;
}

type IntentSpec = {
  by: string;
  lang: 'en' | 'es' | 'it';
  title: string;
  body: string;
  tags: string;
  place?: string;
  /** Days from the scene's moment to the window's first and last day. */
  window?: [number, number];
  budget?: [number, number];
  audience: 'any' | 'picked' | 'participated';
  brands?: string[];
  accepts: 'one' | 'several';
  /** Days from the scene's moment to the expiry date. */
  expiresIn: number;
  publish: boolean;
};

export function intentScenes(nowMs: number): IntentScene[] {
  const ago = (ms: number) => nowMs - ms;
  const scenes: IntentScene[] = [];
  const scene = (at: number, what: string, run: IntentScene['run']) =>
    scenes.push({ at, what, run });

  const post = (spec: IntentSpec) => async (ctx: IntentSeedContext) => {
    const at = ctx.clock.now().getTime();
    const brandIds = spec.brands
      ? await Promise.all(spec.brands.map(async (name) => String(await brandId(ctx.db, name))))
      : [];
    const input = intentFormSchema.parse({
      title: spec.title,
      body: spec.body,
      tags: spec.tags,
      place: spec.place ?? '',
      startsOn: spec.window ? isoDay(at + spec.window[0] * DAY) : '',
      endsOn: spec.window ? isoDay(at + spec.window[1] * DAY) : '',
      budgetMin: spec.budget ? String(spec.budget[0]) : '',
      budgetMax: spec.budget ? String(spec.budget[1]) : '',
      currency: spec.budget ? 'EUR' : '',
      audience: spec.audience,
      brandIds,
      accepts: spec.accepts,
      contactEmail: emailOf(spec.by),
      expiresOn: isoDay(at + spec.expiresIn * DAY),
      intent: spec.publish ? 'publish' : 'save',
    });
    await createIntent(ctx.db, {
      actor: ctx.actor(spec.by),
      input,
      locale: spec.lang,
      clock: ctx.clock,
    });
  };

  const offer =
    (
      by: string,
      brand: string,
      title: string,
      fields: { body: string; conditions?: string; price?: number; benefit?: string; days: number },
    ) =>
    async (ctx: IntentSeedContext) => {
      const at = ctx.clock.now().getTime();
      const input = offerFormSchema.parse({
        body: fields.body,
        conditions: fields.conditions ?? '',
        price: fields.price === undefined ? '' : String(fields.price),
        currency: fields.price === undefined ? '' : 'EUR',
        benefit: fields.benefit ?? '',
        validUntil: isoDay(at + fields.days * DAY),
      });
      await makeOffer(ctx.db, {
        actor: ctx.actor(by),
        brandId: await brandId(ctx.db, brand),
        intentId: await intentId(ctx.db, title),
        input,
        clock: ctx.clock,
      });
    };

  const message =
    (by: string, brand: string, title: string, body: string) => async (ctx: IntentSeedContext) => {
      await sendIntentMessage(ctx.db, {
        actor: ctx.actor(by),
        intentId: await intentId(ctx.db, title),
        brandId: await brandId(ctx.db, brand),
        body,
        clock: ctx.clock,
      });
    };

  // 1. Alex's week in Valencia: addressed to Hoteles Brisa only, one offer, a question, accepted.
  const valencia = 'A week in a 3-star hotel in Valencia in June';
  scene(
    ago(6 * DAY),
    'an intent for a week in Valencia',
    post({
      by: 'demo_prosumer',
      lang: 'en',
      title: valencia,
      body: 'Two adults, seven nights in June, walking distance to the beach or a tram stop.\n\n- a quiet room, not above a bar\n- breakfast included if possible\n- somewhere to leave bikes',
      tags: 'travel, hotel, valencia',
      place: 'Valencia',
      window: [190, 197],
      budget: [500, 800],
      audience: 'picked',
      brands: [BRISA],
      accepts: 'one',
      expiresIn: 60,
      publish: true,
    }),
  );
  scene(
    ago(5 * DAY + 20 * HOUR),
    'Hoteles Brisa offers a week by the beach',
    offer('isabel_navarro', BRISA, valencia, {
      body: '**Hotel Brisa Malvarrosa ★★★**, 150 m from the beach and next to the tram.\n\nSeven nights in a double room on the garden side, breakfast included, bike storage in the courtyard.',
      conditions: 'Free cancellation up to 14 days before arrival. City tax not included.',
      price: 690,
      benefit: 'Late check-out on the last day',
      days: 30,
    }),
  );
  scene(
    ago(5 * DAY + 9 * HOUR),
    'Alex asks Hoteles Brisa a question',
    message(
      'demo_prosumer',
      BRISA,
      valencia,
      'Thanks! Is the garden side quiet at night? We are light sleepers.',
    ),
  );
  scene(
    ago(5 * DAY + 7 * HOUR),
    'Hoteles Brisa answers',
    message(
      'isabel_navarro',
      BRISA,
      valencia,
      'Yes: the garden rooms face away from the street and the terrace closes at 23:00.',
    ),
  );
  scene(ago(4 * DAY), 'Alex accepts the offer of Hoteles Brisa', async (ctx) => {
    const intent = await intentId(ctx.db, valencia);
    await acceptOffer(ctx.db, {
      actor: ctx.actor('demo_prosumer'),
      offerId: await openOfferOf(ctx.db, intent, await brandId(ctx.db, BRISA)),
      clock: ctx.clock,
    });
  });

  // 2. Lucía's gluten-free dinner: any brand; Pastificio Aurora offers (still open).
  const dinner = 'Pasta fresca sin gluten para una cena de 12 personas';
  scene(
    ago(3 * DAY),
    'an intent for a gluten-free dinner',
    post({
      by: 'lucia_garcia',
      lang: 'es',
      title: dinner,
      body: 'Celebramos el cumpleaños de mi madre, que es celíaca. Busco pasta fresca **sin gluten** para doce personas, con alguna salsa vegetariana, entregada en Madrid un sábado.',
      tags: 'comida, sin gluten, pasta',
      place: 'Madrid',
      window: [20, 20],
      budget: [80, 150],
      audience: 'any',
      accepts: 'one',
      expiresIn: 14,
      publish: true,
    }),
  );
  scene(
    ago(2 * DAY),
    'Pastificio Aurora offers gluten-free pasta',
    offer('elena_marchetti', AURORA, dinner, {
      body: 'Preparamos tagliatelle y ravioli de calabaza **sin gluten**, elaborados en una línea separada, con dos salsas (pesto de albahaca y tomate asado). Envío refrigerado a Madrid.',
      conditions: 'Pedido confirmado 5 días antes. Se conserva 4 días en la nevera.',
      price: 135,
      days: 10,
    }),
  );

  // 3. Marco's refills near Milan: any brand, several offers welcome; Verdana offers (open).
  const refills = 'Detersivo alla spina vicino a Milano, ogni mese';
  scene(
    ago(2 * DAY + 6 * HOUR),
    'an intent for refills near Milan',
    post({
      by: 'marco_rossi',
      lang: 'it',
      title: refills,
      body: 'Cerco un punto di ricarica per detersivo per lavatrice e piatti a Milano (zona Città Studi), oppure una consegna mensile con contenitori a rendere.',
      tags: 'ricarica, detersivo, milano',
      place: 'Milano',
      audience: 'any',
      accepts: 'several',
      expiresIn: 45,
      publish: true,
    }),
  );
  scene(
    ago(1 * DAY + 3 * HOUR),
    'Verdana offers a monthly refill round',
    offer('demo_owner', VERDANA, refills, {
      body: 'Our refill van stops in Città Studi on the first Saturday of every month. Bring any clean bottle, or take one of our returnable glass ones.',
      conditions: 'Glass bottles carry a €2 deposit, refunded when returned.',
      benefit: 'First refill free',
      days: 30,
    }),
  );

  // 4. Alex's laundry refills: two brands picked; Verdana offers, waiting for an answer.
  const pouches = 'Laundry liquid refills delivered every month';
  scene(
    ago(1 * DAY),
    'an intent for monthly laundry refills',
    post({
      by: 'demo_prosumer',
      lang: 'en',
      title: pouches,
      body: 'Family of four, about 3 litres of laundry liquid a month. I would like it delivered in refillable containers, unscented.',
      tags: 'refill, laundry, delivery',
      place: 'Bristol',
      budget: [10, 25],
      audience: 'picked',
      brands: [VERDANA, AURORA],
      accepts: 'several',
      expiresIn: 30,
      publish: true,
    }),
  );
  scene(
    ago(10 * HOUR),
    'Verdana offers laundry refills',
    offer('rachel_hughes', VERDANA, pouches, {
      body: 'Our **unscented** laundry liquid in a 3-litre returnable can, delivered on the first Monday of each month. We collect the empty can on the next delivery.',
      conditions: 'Cancel any time before the 25th of the month.',
      price: 18,
      days: 21,
    }),
  );

  // 5. A draft Alex has not published yet.
  scene(
    ago(3 * HOUR),
    'a draft intent',
    post({
      by: 'demo_prosumer',
      lang: 'en',
      title: 'A fresh pasta class for two in Bologna',
      body: 'A hands-on class for two adults on a weekend in October, ideally ending with lunch.',
      tags: 'food, class, bologna',
      place: 'Bologna',
      audience: 'any',
      accepts: 'one',
      expiresIn: 90,
      publish: false,
    }),
  );

  return scenes.sort((a, b) => a.at - b.at);
}
