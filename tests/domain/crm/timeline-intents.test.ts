// Intents in the timelines (issue 17): the author sees their intent's steps and what brands did
// about it; a brand member sees their own work for the brand, never the author's name; nobody
// else sees any of it; the `intents` kind filters them and each entry links to the right page.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { brandMembers } from '../../../db/schema';
import { intentHref, type TimelineKey } from '#app/domain/crm/timeline';
import { timelineOf, type TimelineItem } from '#app/domain/crm/timeline.server';
import {
  closeIntent,
  expireIntents,
  makeOffer,
  updateOffer,
  withdrawOffer,
} from '#app/domain/intents/commands.server';
import { useTestDatabase } from '../../support/db';
import { testClock } from '#app/domain/core/clock';
import { makeBrand, makeUser } from '../../support/factories';
import { intentWorld, offerInput, publishIntent } from '../../support/intent-world';

const db = useTestDatabase();

async function all(userId: string, kind?: 'intents' | 'brandWork') {
  return (await timelineOf(db(), { userId, kind }, 1000)).items;
}
const keys = (items: TimelineItem[]) => items.map((i) => i.key);
const INTENT_KEYS: TimelineKey[] = [
  'intentPublished',
  'intentClosed',
  'intentExpired',
  'offerReceived',
  'offerUpdatedReceived',
  'offerWithdrawnReceived',
  'offerAccepted',
  'offerDeclined',
  'messageSent',
  'messageReceived',
  'offerMade',
  'offerUpdated',
  'offerWithdrawn',
  'brandMessageSent',
];
const aboutIntents = (items: TimelineItem[]) => items.filter((i) => INTENT_KEYS.includes(i.key));

describe('intents in the author’s timeline', { timeout: 60_000 }, () => {
  it('shows publishing, offers received, messages both ways, the answers and the closing, newest first', async () => {
    const w = await intentWorld(db());
    const items = await all(w.ana.id);
    expect(keys(aboutIntents(items))).toEqual([
      'intentClosed',
      'offerAccepted',
      'offerDeclined',
      'messageReceived',
      'messageSent',
      'offerReceived',
      'offerReceived',
      'intentPublished',
    ]);
    const accepted = items.find((i) => i.key === 'offerAccepted')!;
    expect(accepted).toMatchObject({
      intent: { id: w.intent.id, title: 'A week in Valencia in June' },
      brand: { slug: w.acme.slug, name: w.acme.name },
      person: null,
    });
    expect(intentHref(accepted)).toBe(`/intents/${w.intent.id}`);
    expect(items.find((i) => i.key === 'offerDeclined')!.brand?.slug).toBe(w.rival.slug);
    expect(items.filter((i) => i.key === 'offerReceived').map((i) => i.brand?.slug)).toEqual([
      w.rival.slug,
      w.acme.slug,
    ]);
    // Which member of the brand wrote is not said, nor what.
    const received = items.find((i) => i.key === 'messageReceived')!;
    expect(received.person).toBeNull();
    expect(JSON.stringify(items)).not.toContain(w.manager.handle);
    expect(JSON.stringify(items)).not.toContain('parking');
  });

  it('filters by the intents kind and by brand', async () => {
    const w = await intentWorld(db());
    const intentsOnly = await all(w.ana.id, 'intents');
    expect(intentsOnly.length).toBe(8);
    expect(intentsOnly.every((i) => INTENT_KEYS.includes(i.key))).toBe(true);
    const withRival = (await timelineOf(db(), { userId: w.ana.id, brandId: w.rival.id }, 100))
      .items;
    expect(keys(withRival)).toEqual(['offerDeclined', 'offerReceived']);
  });

  it('shows an offer changed and withdrawn, and the expiry by the job', async () => {
    const clock = testClock('2026-05-04T09:00:00Z');
    const ana = await makeUser(db());
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const intent = await publishIntent(db(), ana, clock, { expiresOn: dayAfter(clock.now(), 2) });
    const offer = await makeOffer(db(), {
      actor: owner,
      brandId: brand.id,
      intentId: intent.id,
      input: offerInput(clock),
      clock,
    });
    clock.advance(60_000);
    await updateOffer(db(), {
      actor: owner,
      offerId: offer.id,
      input: offerInput(clock, { price: '600' }),
      clock,
    });
    clock.advance(60_000);
    await withdrawOffer(db(), { actor: owner, offerId: offer.id, clock });
    clock.advance(3 * 86_400_000);
    expect(await expireIntents(db(), { clock })).toBeGreaterThanOrEqual(1);
    expect(keys(await all(ana.id, 'intents'))).toEqual([
      'intentExpired',
      'offerWithdrawnReceived',
      'offerUpdatedReceived',
      'offerReceived',
      'intentPublished',
    ]);
    expect(keys(await all(owner.id, 'brandWork'))).toEqual(
      expect.arrayContaining(['offerWithdrawn', 'offerUpdated', 'offerMade']),
    );
  });

  it('shows the author closing their intent', async () => {
    const w = await intentWorld(db());
    const other = await publishIntent(db(), w.ana, w.clock, { title: 'Piano lessons' });
    await closeIntent(db(), { actor: w.ana, intentId: other.id, clock: w.clock });
    const [closed] = (await all(w.ana.id, 'intents')).filter((i) => i.intent?.id === other.id);
    expect(closed).toMatchObject({ key: 'intentClosed', intent: { title: 'Piano lessons' } });
  });
});

describe('intents in a brand member’s timeline', () => {
  it('shows their own offers and messages as brand work, linked to the brand’s page, never naming the author', async () => {
    const w = await intentWorld(db());
    const ownerItems = aboutIntents(await all(w.owner.id));
    expect(keys(ownerItems)).toEqual(['offerMade']);
    const [made] = ownerItems;
    expect(made).toMatchObject({
      intent: { id: w.intent.id, title: 'A week in Valencia in June' },
      brand: { slug: w.acme.slug },
      person: null,
    });
    expect(intentHref(made!)).toBe(`/brands/${w.acme.slug}/intents/${w.intent.id}`);
    const managerItems = aboutIntents(await all(w.manager.id, 'brandWork'));
    expect(keys(managerItems)).toEqual(['brandMessageSent']);
    expect(intentHref(managerItems[0]!)).toBe(`/brands/${w.acme.slug}/intents/${w.intent.id}`);
    // The author's answers are not the member's doing: they are not in the member's timeline.
    for (const items of [ownerItems, managerItems]) {
      expect(JSON.stringify(items)).not.toContain(w.ana.handle);
      expect(JSON.stringify(items)).not.toContain(w.ana.id);
    }
    expect(aboutIntents(await all(w.manager.id, 'intents'))).toEqual([]);
  });

  it('no longer names the intent to someone who left the brand', async () => {
    const w = await intentWorld(db());
    await db().delete(brandMembers).where(eq(brandMembers.userId, w.manager.id));
    const [sent] = aboutIntents(await all(w.manager.id));
    expect(sent).toMatchObject({ key: 'brandMessageSent', intent: null });
    expect(intentHref(sent!)).toBeNull();
  });

  it('shows nothing of it to anyone else', async () => {
    const w = await intentWorld(db());
    const stranger = await makeUser(db());
    expect(aboutIntents(await all(stranger.id))).toEqual([]);
    expect(aboutIntents(await all(w.rivalOwner.id))).toHaveLength(1); // its own offer only
  });
});

function dayAfter(now: Date, days: number) {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
