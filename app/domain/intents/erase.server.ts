// What deleting an account does to the person's intents (docs/decisions/018, issue 17), inside the
// deletion's transaction: published intents close (their open offers lapse, each with its event, as
// closeIntent does), and every intent of theirs is scrubbed: title to the placeholder deleted
// content shows, body, tags and place emptied, the contact email erased, and what they wrote in the
// intents' threads replaced by the placeholder. Drafts stay drafts (no brand ever saw them, and a
// closed intent is one that was published). Brands keep the rows of their offers and messages.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { intentMessages, intentOffers, intents } from '../../../db/schema';
import { appendEvent } from '#app/domain/events/log.server';

export async function retireIntentsOf(
  tx: Db,
  { userId, at, placeholder }: { userId: string; at: Date; placeholder: string },
): Promise<number> {
  const mine = await tx
    .select({ id: intents.id, status: intents.status })
    .from(intents)
    .where(eq(intents.authorId, userId))
    .orderBy(asc(intents.id))
    .for('update');
  if (!mine.length) return 0;
  const ids = mine.map((i) => i.id);
  const published = mine.filter((i) => i.status === 'published').map((i) => i.id);
  if (published.length) {
    await tx
      .update(intents)
      .set({ status: 'closed', closedAt: at })
      .where(inArray(intents.id, published));
    const lapsed = await tx
      .update(intentOffers)
      .set({ status: 'lapsed', updatedAt: at })
      .where(and(inArray(intentOffers.intentId, published), eq(intentOffers.status, 'open')))
      .returning({
        id: intentOffers.id,
        intentId: intentOffers.intentId,
        brandId: intentOffers.brandId,
      });
    lapsed.sort((a, b) => a.id - b.id);
    for (const offer of lapsed)
      await appendEvent(tx, {
        type: 'offer.lapsed',
        actorId: userId,
        brandId: offer.brandId,
        subjectUserId: userId,
        payload: { intentId: offer.intentId, offerId: offer.id },
        at,
      });
    for (const intentId of published)
      await appendEvent(tx, {
        type: 'intent.closed',
        actorId: userId,
        subjectUserId: userId,
        payload: { intentId, reason: 'deleted' },
        at,
      });
  }
  await tx
    .update(intents)
    .set({
      title: placeholder,
      body: '',
      bodyHtml: '',
      bodyExcerpt: '',
      tags: [],
      place: null,
      contactEmail: '',
      updatedAt: at,
    })
    .where(inArray(intents.id, ids));
  await tx
    .update(intentMessages)
    .set({ body: placeholder })
    .where(and(inArray(intentMessages.intentId, ids), eq(intentMessages.fromBrand, false)));
  return mine.length;
}
