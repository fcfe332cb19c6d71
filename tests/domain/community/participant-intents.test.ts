// The brand's view of one participant (issue 17): their intents the brand may see, with the
// brand's offers, the answers' dates and the size of their thread, only while the person shares at
// least their activity with the brand; the contact email only of an intent where the person
// accepted one of this brand's offers; nothing of intents addressed to other brands, or drafts.
import { describe, expect, it } from 'vitest';
import * as participantRoute from '#app/routes/brands.$slug.community.$handle';
import { makeOffer } from '#app/domain/intents/commands.server';
import type { ParticipantIntent } from '#app/domain/community/access.server';
import { callLoader, getRequest, makeContext, type TestViewer } from '../../support/context';
import { catchUpCommunity, consent } from '../../support/community';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { intentWorld, offerInput, publishIntent } from '../../support/intent-world';

const db = useTestDatabase();

/** The intent world, with Ana also taking part in a challenge of Acme's (so she is in its community). */
async function world() {
  const w = await intentWorld(db());
  const challenge = await makeChallenge(db(), w.owner, { brandId: w.acme.id, stage: 'open' });
  await makeIdea(db(), w.ana, challenge.id);
  await catchUpCommunity(db());
  return w;
}

const page = (viewer: TestViewer | null, slug: string, handle: string) =>
  callLoader(participantRoute, {
    params: { slug, handle },
    request: getRequest(`/brands/${slug}/community/${handle}`),
    context: makeContext(db(), viewer),
  });

describe('a participant’s intents on the community page', { timeout: 60_000 }, () => {
  it('lists what passed between them and the brand, and the contact email after an acceptance', async () => {
    const w = await world();
    await consent(db(), w.ana, w.acme.id, 'activity');
    // A second intent with an open offer of Acme's (no contact yet), one addressed to Rival only,
    // and a draft: only the second shows besides the first.
    w.clock.advance(60_000);
    const open = await publishIntent(db(), w.ana, w.clock, { title: 'Piano lessons' });
    await makeOffer(db(), {
      actor: w.manager,
      brandId: w.acme.id,
      intentId: open.id,
      input: offerInput(w.clock, { price: '', currency: '', benefit: 'First lesson free' }),
      clock: w.clock,
    });
    const result = await page(w.owner, w.acme.slug, w.ana.handle);
    expect(result.status).toBe(200);
    const intents = result.body.intents as ParticipantIntent[];
    expect(intents.map((i) => i.title)).toEqual(['Piano lessons', 'A week in Valencia in June']);
    const [second, first] = intents;
    expect(second).toMatchObject({
      id: open.id,
      status: 'published',
      contactEmail: null,
      messages: 0,
      offers: [{ status: 'open', benefit: 'First lesson free', price: null, answeredAt: null }],
    });
    expect(first).toMatchObject({
      id: w.intent.id,
      status: 'closed',
      contactEmail: 'ana.contact@example.com',
      messages: 2,
      offers: [{ id: w.offer.id, status: 'accepted', price: 650, currency: 'EUR' }],
    });
    expect(first!.offers[0]!.answeredAt).not.toBeNull();
    expect(first!.closedAt).not.toBeNull();
    // Rival's offer and its decline are Rival's business, not Acme's.
    expect(first!.offers.map((o) => o.id)).not.toContain(w.rivalOffer.id);
    expect(JSON.stringify(intents)).not.toContain('Too far');
    // A manager sees the same.
    expect((await page(w.manager, w.acme.slug, w.ana.handle)).body.intents).toEqual(intents);
  });

  it('shows no contact email to a brand whose offer was declined, nor intents addressed elsewhere', async () => {
    const w = await world();
    // Ana also took part in Rival's challenge and shares her activity with it.
    const challenge = await makeChallenge(db(), w.rivalOwner, {
      brandId: w.rival.id,
      stage: 'open',
    });
    await makeIdea(db(), w.ana, challenge.id);
    await catchUpCommunity(db());
    await consent(db(), w.ana, w.rival.id, 'activity');
    await publishIntent(db(), w.ana, w.clock, {
      title: 'For Acme only',
      audience: 'picked',
      brandIds: [String(w.acme.id)],
    });
    const result = await page(w.rivalOwner, w.rival.slug, w.ana.handle);
    expect(result.status).toBe(200);
    const intents = result.body.intents as ParticipantIntent[];
    expect(intents).toEqual([
      expect.objectContaining({
        id: w.intent.id,
        contactEmail: null,
        offers: [expect.objectContaining({ status: 'declined' })],
      }),
    ]);
    expect(intents[0]!.offers[0]!.answeredAt).not.toBeNull();
    expect(JSON.stringify(result.body)).not.toContain('ana.contact@example.com');
  });

  it('is not there for someone who shares nothing with the brand, nor for anyone but its members', async () => {
    const w = await world();
    // No consent: the whole page is the same 404 as a handle nobody has.
    expect((await page(w.owner, w.acme.slug, w.ana.handle)).status).toBe(404);
    await consent(db(), w.ana, w.acme.id, 'profile');
    expect((await page(w.owner, w.acme.slug, w.ana.handle)).status).toBe(200);
    await consent(db(), w.ana, w.acme.id, 'none');
    const refused = await page(w.owner, w.acme.slug, w.ana.handle);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain('Valencia');
    await consent(db(), w.ana, w.acme.id, 'activity');
    const stranger = await makeUser(db());
    const other = await page(stranger, w.acme.slug, w.ana.handle);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('Valencia');
    expect((await page(null, w.acme.slug, w.ana.handle)).status).not.toBe(200);
  });

  it('says so when the brand saw none of their intents', async () => {
    const w = await world();
    const bea = await makeUser(db());
    const challenge = await makeChallenge(db(), w.owner, { brandId: w.acme.id, stage: 'open' });
    await makeIdea(db(), bea, challenge.id);
    await catchUpCommunity(db());
    await consent(db(), bea, w.acme.id, 'activity');
    // A draft is the author's alone.
    await publishIntent(db(), bea, w.clock, { intent: 'save' });
    const result = await page(w.owner, w.acme.slug, bea.handle);
    expect(result.status).toBe(200);
    expect(result.body.intents).toEqual([]);
  });
});
