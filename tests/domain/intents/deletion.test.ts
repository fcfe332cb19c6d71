// Deleting an account (docs/decisions/018) and intents (issue 17): the author's published intents
// close, open offers lapse, and every intent of theirs is scrubbed (text, tags, place, contact
// email) in the same transaction; a brand member who leaves keeps their offers' and messages' rows.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { intentMessages, intentOffers, intents } from '../../../db/schema';
import { acceptOffer, sendIntentMessage } from '#app/domain/intents/commands.server';
import { intentForBrand } from '#app/domain/intents/queries.server';
import { REMOVED_TEXT, deleteAccount } from '#app/domain/users/erase.server';
import { useTestDatabase } from '../../support/db';
import { eventsSince, lastEventId } from '../../support/assertions';
import { FACTORY_PASSWORD } from '../../support/factories';
import { consent } from '../../support/community';
import { intentWorld, person, type IntentWorld } from './world';

const db = useTestDatabase();
let w: IntentWorld;
beforeAll(async () => {
  w = await intentWorld(db());
});

describe('an author deletes their account', () => {
  it('closes and scrubs their intents, lapses open offers', async () => {
    const author = await person(db(), w.clock);
    await consent(db(), author, w.brandA.id, 'profile');
    const open = await w.post({ contactEmail: 'secret@me.test', accepts: 'several' }, author);
    const done = await w.post({ contactEmail: 'secret@me.test' }, author);
    const draft = await w.post({ intent: 'save', contactEmail: 'secret@me.test' }, author);
    const lapsing = await w.offer(open.id, { brandId: w.brandB.id, who: w.ownerB });
    const accepted = await w.offer(done.id);
    await acceptOffer(db(), { actor: author, offerId: accepted.id, clock: w.clock });
    await sendIntentMessage(db(), {
      actor: author,
      intentId: done.id,
      brandId: w.brandA.id,
      body: 'My phone is 555-0100',
      clock: w.clock,
    });
    const before = await lastEventId(db());
    await deleteAccount(db(), {
      actor: author,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock: w.clock,
    });
    const rows = await db().select().from(intents).where(eq(intents.authorId, author.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(open.id)!.status).toBe('closed');
    expect(byId.get(done.id)!.status).toBe('closed');
    expect(byId.get(draft.id)!.status).toBe('draft');
    for (const r of rows)
      expect(r).toMatchObject({
        title: REMOVED_TEXT,
        body: '',
        bodyHtml: '',
        bodyExcerpt: '',
        tags: [],
        place: null,
        contactEmail: '',
      });
    const [offer] = await db().select().from(intentOffers).where(eq(intentOffers.id, lapsing.id));
    expect(offer!.status).toBe('lapsed');
    const types = (await eventsSince(db(), before)).map((e) => e.type);
    expect(types).toContain('offer.lapsed');
    expect(types.filter((t) => t === 'intent.closed')).toHaveLength(1);
    const [message] = await db()
      .select()
      .from(intentMessages)
      .where(eq(intentMessages.intentId, done.id));
    expect(message!.body).toBe(REMOVED_TEXT);
    // The brand with the accepted offer still reads the intent, with nothing left of the person.
    const view = await intentForBrand(db(), {
      actor: w.managerA,
      brandSlug: w.brandA.slug,
      intentId: done.id,
      clock: w.clock,
    });
    expect(view.author).toEqual({ shown: 'anonymous' });
    expect(view.contactEmail).toBeNull();
    expect(JSON.stringify(view)).not.toContain('secret@me.test');
    expect(JSON.stringify(view)).not.toContain(author.handle);
  });
});

describe('a brand member deletes their account', () => {
  it('keeps their offers and messages, with no writer', async () => {
    const member = await person(db(), w.clock);
    const { addManager } = await import('#app/domain/brands/commands.server');
    await addManager(db(), { actor: w.ownerC, brandId: w.brandC.id, handle: member.handle });
    const intent = await w.post();
    const offer = await w.offer(intent.id, { brandId: w.brandC.id, who: member });
    const message = await sendIntentMessage(db(), {
      actor: member,
      intentId: intent.id,
      brandId: w.brandC.id,
      body: 'Any questions?',
      clock: w.clock,
    });
    await deleteAccount(db(), {
      actor: member,
      password: FACTORY_PASSWORD,
      content: 'remove',
      clock: w.clock,
    });
    const [o] = await db().select().from(intentOffers).where(eq(intentOffers.id, offer.id));
    expect(o).toMatchObject({ status: 'open', body: offer.body });
    const [m] = await db().select().from(intentMessages).where(eq(intentMessages.id, message.id));
    expect(m).toMatchObject({ body: 'Any questions?' });
    const view = await intentForBrand(db(), {
      actor: w.ownerC,
      brandSlug: w.brandC.slug,
      intentId: intent.id,
      clock: w.clock,
    });
    expect(view.offers[0]!.writer).toBeNull();
    expect(view.messages[0]!.sender).toBeNull();
  });
});
