// Notifications about intents (issue 17): an offer, an answer, a message and an expiry are worded
// on the notifications page and in the digest, linked to the author's or the brand's page of the
// intent; the author sees the brand, never which member acted; a brand member sees the author only
// as far as they consented to that brand ("A participant" otherwise).
import { describe, expect, it } from 'vitest';
import * as notificationsPage from '#app/routes/notifications';
import { expireIntents, makeOffer, updateOffer } from '#app/domain/intents/commands.server';
import { digestMail, type DigestItem } from '#app/domain/notifications/digest-mail.server';
import { listNotifications } from '#app/domain/notifications/queries.server';
import { callLoader, getRequest, makeContext } from '../../support/context';
import { consent } from '../../support/community';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeUser, type TestUser } from '../../support/factories';
import { intentWorld, offerInput, publishIntent } from '../../support/intent-world';

const db = useTestDatabase();

type Listed = Awaited<ReturnType<typeof listNotifications>>['items'][number];

/** The person's notifications, newest first. */
async function listed(user: { id: string }) {
  return (await listNotifications(db(), user.id, 1)).items;
}

/** The sentences and links the digest writes for these items (oldest first), in `locale`. */
function digestLines(items: Listed[], locale = 'en') {
  const mail = digestMail({
    to: 'x@example.com',
    userId: 'u',
    handle: 'reader',
    locale,
    frequency: 'daily',
    items: [...items]
      .reverse()
      .map((r) => ({ ...r, createdAt: new Date(r.createdAt) }) as DigestItem),
    total: items.length,
    appUrl: 'https://cocrea.test',
    unsubscribeKey: Buffer.alloc(32, 1),
    issuedAt: new Date('2026-05-05T00:00:00Z'),
  });
  return mail.text
    .split('\n')
    .filter((l) => l.startsWith('- ') || l.startsWith('  https://cocrea.test/'))
    .map((l) => l.replace(/^- [^:]+: /, '').trim());
}

/** The page's items for `user`, as its loader gives them. */
async function pageItems(user: TestUser) {
  const result = await callLoader(notificationsPage, {
    request: getRequest('/notifications'),
    context: makeContext(db(), user),
  });
  expect(result.status).toBe(200);
  return result.body.items as Listed[];
}

describe('notifications about intents', { timeout: 60_000 }, () => {
  it('tell the author which brand made an offer and wrote, never which member, linked to their intent', async () => {
    const w = await intentWorld(db());
    const items = await listed(w.ana);
    expect(items.map((n) => n.kind)).toEqual(['intent_message', 'offer', 'offer']);
    for (const n of items) {
      expect(n).toMatchObject({
        intentId: w.intent.id,
        intentForAuthor: true,
        actorHandle: null,
        participantHandle: null,
      });
    }
    const text = JSON.stringify(items);
    for (const member of [w.owner, w.manager, w.rivalOwner])
      expect(text).not.toContain(member.handle);
    const title = 'A week in Valencia in June';
    expect(digestLines(items)).toEqual([
      `${w.acme.name} made an offer on ${title}`,
      `https://cocrea.test/intents/${w.intent.id}`,
      `${w.rival.name} made an offer on ${title}`,
      `https://cocrea.test/intents/${w.intent.id}`,
      `New message about ${title}`,
      `https://cocrea.test/intents/${w.intent.id}`,
    ]);
    expect(digestLines(items, 'es')[0]).toBe(`${w.acme.name} hizo una oferta sobre ${title}`);
    expect(digestLines(items, 'it')[4]).toBe(`Nuovo messaggio su ${title}`);
    // The page gives the same items.
    expect((await pageItems(w.ana)).map((n) => n.id)).toEqual(items.map((n) => n.id));
  });

  it('tell the brand of the answer naming the author only as far as they consented to it', async () => {
    const w = await intentWorld(db());
    const title = 'A week in Valencia in June';
    // Acme's offer writer (its owner) hears of Ana's question and her acceptance; Rival's of the decline.
    const owner = await listed(w.owner);
    expect(owner.map((n) => [n.kind, n.step])).toEqual([
      ['offer_answer', 'accepted'],
      ['intent_message', 'other'],
    ]);
    expect(owner.every((n) => !n.intentForAuthor && n.brandSlug === w.acme.slug)).toBe(true);
    expect(JSON.stringify(owner)).not.toContain(w.ana.handle);
    expect(JSON.stringify(owner)).not.toContain(w.ana.id);
    const brandLink = `https://cocrea.test/brands/${w.acme.slug}/intents/${w.intent.id}`;
    expect(digestLines(owner)).toEqual([
      `New message about ${title}`,
      brandLink,
      `A participant accepted your offer on ${title}`,
      brandLink,
    ]);
    const rival = await listed(w.rivalOwner);
    expect(digestLines(rival)).toEqual([
      `A participant declined your offer on ${title}`,
      `https://cocrea.test/brands/${w.rival.slug}/intents/${w.intent.id}`,
    ]);
    expect(digestLines(rival, 'es')[0]).toBe(`Un participante rechazó tu oferta sobre ${title}`);

    // Sharing activity with Acme shows the handle to Acme (not to Rival); a profile, also the name.
    await consent(db(), w.ana, w.acme.id, 'activity');
    expect(digestLines(await listed(w.owner))[2]).toBe(
      `@${w.ana.handle} accepted your offer on ${title}`,
    );
    expect(JSON.stringify(await listed(w.rivalOwner))).not.toContain(w.ana.handle);
    await consent(db(), w.ana, w.acme.id, 'profile');
    const [accepted] = await listed(w.owner);
    expect(accepted).toMatchObject({
      participantHandle: w.ana.handle,
      // The factory names people after their handle.
      participantName: expect.stringMatching(/\S/),
    });
    // Withdrawn again: "A participant" at once.
    await consent(db(), w.ana, w.acme.id, 'none');
    const [again] = await pageItems(w.owner);
    expect(again).toMatchObject({
      participantHandle: null,
      participantName: null,
      actorHandle: null,
    });
  });

  it('word a changed offer and an expiry', async () => {
    const w = await intentWorld(db());
    const bea = await makeUser(db());
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const intent = await publishIntent(db(), bea, w.clock, { title: 'Piano lessons' });
    const offer = await makeOffer(db(), {
      actor: owner,
      brandId: brand.id,
      intentId: intent.id,
      input: offerInput(w.clock),
      clock: w.clock,
    });
    await updateOffer(db(), {
      actor: owner,
      offerId: offer.id,
      input: offerInput(w.clock, { price: '500' }),
      clock: w.clock,
    });
    w.clock.advance(40 * 86_400_000);
    await expireIntents(db(), { clock: w.clock });
    const lines = digestLines(await listed(bea));
    expect(lines.filter((l) => !l.startsWith('https://'))).toEqual([
      `${brand.name} made an offer on Piano lessons`,
      `${brand.name} changed its offer on Piano lessons`,
      'Your intent Piano lessons expired',
    ]);
    expect(digestLines(await listed(bea), 'it').at(-2)).toBe(
      'La tua intenzione Piano lessons è scaduta',
    );
  });

  it('are nobody else’s', async () => {
    await intentWorld(db());
    const stranger = await makeUser(db());
    expect(await listed(stranger)).toEqual([]);
  });
});
