// "Download my data" and intents (issue 17): the author's intents (contact email and picked brands
// included), the offers brands made on them and the messages they wrote are in their export; no
// event or notification about an intent names the people of the other side (the brand member for
// the author, the author for a brand member), and nobody's export holds someone else's intents.
import { describe, expect, it } from 'vitest';
import { exportUserData } from '#app/domain/users/export.server';
import { useTestDatabase } from '../../support/db';
import { makeUser } from '../../support/factories';
import { intentWorld, publishIntent } from '../../support/intent-world';
import { collect } from './export.fixtures';

const db = useTestDatabase();

const exportOf = async (userId: string) => (await collect(await exportUserData(db(), userId))).doc;

describe('exportUserData and intents', { timeout: 60_000 }, () => {
  it('holds the author’s intents, the offers received and the messages they wrote', async () => {
    const w = await intentWorld(db());
    const picked = await publishIntent(db(), w.ana, w.clock, {
      title: 'Piano lessons',
      audience: 'picked',
      brandIds: [String(w.acme.id)],
      intent: 'save',
    });
    const doc = await exportOf(w.ana.id);
    expect(doc.intents).toEqual([
      expect.objectContaining({
        id: w.intent.id,
        title: 'A week in Valencia in June',
        body: 'A quiet **3-star** hotel near the beach, for two.',
        status: 'closed',
        contactEmail: 'ana.contact@example.com',
        pickedBrands: [],
      }),
      expect.objectContaining({
        id: picked.id,
        status: 'draft',
        audience: 'picked',
        pickedBrands: [{ id: w.acme.id, name: w.acme.name, slug: w.acme.slug }],
      }),
    ]);
    expect(doc.offersReceived).toEqual([
      expect.objectContaining({
        id: w.offer.id,
        intentId: w.intent.id,
        brandName: w.acme.name,
        status: 'accepted',
        price: 650,
        currency: 'EUR',
      }),
      expect.objectContaining({
        id: w.rivalOffer.id,
        brandName: w.rival.name,
        status: 'declined',
        declineReason: 'Too far',
      }),
    ]);
    expect(doc.offersReceived[0]).not.toHaveProperty('authorId');
    expect(doc.intentMessages).toEqual([
      expect.objectContaining({
        intentId: w.intent.id,
        brandId: w.acme.id,
        fromBrand: false,
        body: 'Is parking included?',
      }),
    ]);
    const text = JSON.stringify(doc);
    for (const member of [w.owner, w.manager, w.rivalOwner]) {
      expect(text).not.toContain(member.id);
      expect(text).not.toContain(member.handle);
    }
    // Their events about the intent are there, without the brand members who acted.
    const offerMade = doc.events.filter((e: { type: string }) => e.type === 'offer.made');
    expect(offerMade).toHaveLength(2);
    expect(offerMade.every((e: { actorId: string | null }) => e.actorId === null)).toBe(true);
    expect(doc.notifications.map((n: { kind: string }) => n.kind)).toEqual([
      'offer',
      'offer',
      'intent_message',
    ]);
  });

  it('holds a brand member’s own messages, never the author', async () => {
    const w = await intentWorld(db());
    const manager = await exportOf(w.manager.id);
    expect(manager.intents).toEqual([]);
    expect(manager.offersReceived).toEqual([]);
    expect(manager.intentMessages).toEqual([
      expect.objectContaining({ fromBrand: true, body: 'Yes, one space.', brandName: w.acme.name }),
    ]);
    const owner = await exportOf(w.owner.id);
    expect(owner.intentMessages).toEqual([]);
    expect(owner.events.some((e: { type: string }) => e.type === 'offer.made')).toBe(true);
    for (const doc of [manager, owner]) {
      const text = JSON.stringify(doc);
      expect(text).not.toContain(w.ana.id);
      expect(text).not.toContain(w.ana.handle);
      expect(text).not.toContain('ana.contact@example.com');
      expect(text).not.toContain('Is parking included?');
    }
  });

  it('holds nothing of anyone else’s intents', async () => {
    await intentWorld(db());
    const stranger = await makeUser(db());
    const doc = await exportOf(stranger.id);
    expect(doc.intents).toEqual([]);
    expect(doc.offersReceived).toEqual([]);
    expect(doc.intentMessages).toEqual([]);
  });
});
