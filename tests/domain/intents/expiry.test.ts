// The `intents.expire` job (issue 17): published intents past their expiry become `expired`, their
// open offers lapse, the events are appended and the author told; once only, however many runs or
// runners (two at once on PostgreSQL).
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events, intentOffers, intents } from '../../../db/schema';
import { expireIntents } from '#app/domain/intents/commands.server';
import { JobRunner } from '../../../jobs/runner.server';
import { INTENT_EXPIRY_EVERY_MS, intentJobs } from '../../../jobs/intents.server';
import { useTestDatabase } from '../../support/db';
import { intentWorld, notificationsOf, person, type IntentWorld } from './world';

const db = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);
let w: IntentWorld;
beforeAll(async () => {
  w = await intentWorld(db());
});

const runner = () =>
  new JobRunner({
    db: db(),
    definitions: intentJobs,
    clock: w.clock,
    pollMs: 3_600_000,
    log: { error: () => {}, warn: () => {} },
  });

/** The events of one intent (its id is in their payload). */
async function eventsOf(intentId: number) {
  const all = await db().select().from(events);
  return all.filter((e) => e.payload.intentId === intentId);
}

describe('the intents.expire job', () => {
  it('expires what is past its date, lapses its offers, tells the author, once', async () => {
    w.clock.set('2026-12-10T10:00:00Z');
    const author = await person(db(), w.clock);
    const soon = await w.post({ expiresOn: '2026-12-12' }, author);
    const later = await w.post({ expiresOn: '2026-12-20' }, author);
    const draft = await w.post({ expiresOn: '2026-12-12', intent: 'save' }, author);
    const offer = await w.offer(soon.id);
    const jobs = runner();
    await jobs.start();
    try {
      await jobs.poke();
      expect((await db().select().from(intents).where(eq(intents.id, soon.id)))[0]!.status).toBe(
        'published',
      );
      // 2026-12-12 is the last day: it expires at the end of it.
      w.clock.set('2026-12-12T23:59:00Z');
      await jobs.poke();
      expect((await db().select().from(intents).where(eq(intents.id, soon.id)))[0]!.status).toBe(
        'published',
      );
      w.clock.set('2026-12-13T00:10:00Z');
      await jobs.poke();
      const [row] = await db().select().from(intents).where(eq(intents.id, soon.id));
      expect(row).toMatchObject({ status: 'expired' });
      expect(row!.closedAt?.toISOString()).toBe('2026-12-13T00:10:00.000Z');
      const [lapsed] = await db().select().from(intentOffers).where(eq(intentOffers.id, offer.id));
      expect(lapsed!.status).toBe('lapsed');
      const written = (await eventsOf(soon.id)).filter((e) =>
        ['intent.expired', 'offer.lapsed'].includes(e.type),
      );
      expect(written.map((e) => [e.type, e.actorId, e.brandId, e.subjectUserId])).toEqual([
        ['offer.lapsed', null, w.brandA.id, author.id],
        ['intent.expired', null, null, author.id],
      ]);
      const told = (await notificationsOf(db(), author.id)).filter(
        (n) => n.kind === 'intent_expired',
      );
      expect(told).toMatchObject([{ intentId: soon.id, actorId: null }]);
      // The others are untouched: a later date, a draft.
      for (const id of [later.id, draft.id])
        expect((await db().select().from(intents).where(eq(intents.id, id)))[0]!.status).not.toBe(
          'expired',
        );
      // Run again, and again later: nothing more.
      w.clock.advance(2 * INTENT_EXPIRY_EVERY_MS);
      await jobs.poke();
      expect(await expireIntents(db(), { clock: w.clock })).toBe(0);
      expect((await eventsOf(soon.id)).filter((e) => e.type === 'intent.expired')).toHaveLength(1);
      expect(
        (await notificationsOf(db(), author.id)).filter((n) => n.kind === 'intent_expired'),
      ).toHaveLength(1);
    } finally {
      await jobs.stop();
      w.clock.set('2026-12-10T10:00:00Z');
    }
  });

  it('two runners at once expire each intent once (PostgreSQL)', async (context) => {
    if (!onPostgres) {
      console.info('Skipped on PGlite: one connection, nothing concurrent (set DATABASE_URL).');
      context.skip();
      return;
    }
    const authors = await Promise.all(Array.from({ length: 4 }, () => person(db(), w.clock)));
    const posted = [];
    for (const a of authors)
      for (let i = 0; i < 3; i++) posted.push(await w.post({ expiresOn: '2026-12-11' }, a));
    for (const p of posted.slice(0, 6)) await w.offer(p.id);
    w.clock.set('2026-12-12T01:00:00Z');
    const counts = await Promise.all([
      expireIntents(db(), { clock: w.clock, limit: 5 }),
      expireIntents(db(), { clock: w.clock, limit: 5 }),
      expireIntents(db(), { clock: w.clock, limit: 5 }),
    ]);
    let total = counts.reduce((a, b) => a + b, 0);
    while (true) {
      const more = await expireIntents(db(), { clock: w.clock, limit: 5 });
      if (!more) break;
      total += more;
    }
    const ids = posted.map((p) => p.id);
    const rows = await db().select().from(intents).where(inArray(intents.id, ids));
    expect(rows.every((r) => r.status === 'expired')).toBe(true);
    for (const id of ids) {
      const e = await eventsOf(id);
      expect(
        e.filter((x) => x.type === 'intent.expired'),
        `intent ${id}`,
      ).toHaveLength(1);
      expect(e.filter((x) => x.type === 'offer.lapsed').length).toBeLessThanOrEqual(1);
    }
    expect(total).toBe(ids.length);
    // Two job runners started together.
    const more = await Promise.all(authors.map((a) => w.post({ expiresOn: '2026-12-14' }, a)));
    w.clock.set('2026-12-15T01:00:00Z');
    const [r1, r2] = [runner(), runner()];
    await Promise.all([r1.start(), r2.start()]);
    try {
      await Promise.all([r1.poke(), r2.poke()]);
      w.clock.advance(2 * INTENT_EXPIRY_EVERY_MS);
      await Promise.all([r1.poke(), r2.poke()]);
    } finally {
      await Promise.all([r1.stop(), r2.stop()]);
    }
    for (const m of more)
      expect((await eventsOf(m.id)).filter((x) => x.type === 'intent.expired')).toHaveLength(1);
    w.clock.set('2026-12-10T10:00:00Z');
  });
});
