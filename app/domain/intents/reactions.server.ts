// What the intents concept does, inside the transaction, when one of its events is appended: tells
// the other side (issue 17), through notify(), which honours each person's preferences (topic
// `intents`). Between an author and a brand, the brand's side is the offer's writer while they are
// still a member of the brand, else its owners (answers) or its owners and managers (messages).
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandMembers, intentOffers, type Event, type NotificationKind } from '../../../db/schema';
import type { Reactions } from '#app/domain/events/reactions.server';
import { notify } from '#app/domain/notifications/commands.server';
import { brandPeople } from './access.server';

const num = (value: unknown) => (typeof value === 'number' ? value : null);

/** The writer of the offer, if they are still a member of its brand. */
async function writerStillMember(tx: Db, offerId: number) {
  const [row] = await tx
    .select({ userId: brandMembers.userId })
    .from(intentOffers)
    .innerJoin(
      brandMembers,
      and(
        eq(brandMembers.brandId, intentOffers.brandId),
        eq(brandMembers.userId, intentOffers.authorId),
      ),
    )
    .where(eq(intentOffers.id, offerId));
  return row?.userId ?? null;
}

/** The author of the intent is told (they are the event's subject). */
const tellAuthor =
  (kind: NotificationKind) =>
  async (tx: Db, event: Event): Promise<void> => {
    const intentId = num(event.payload.intentId);
    if (!event.subjectUserId || intentId === null) return;
    await notify(tx, event, { actorId: event.actorId, intentId }, [
      { userId: event.subjectUserId, kind },
    ]);
  };

/** The author accepted or declined: the offer's writer, or the brand's owners if they left. */
async function tellBrandOfAnswer(tx: Db, event: Event) {
  const intentId = num(event.payload.intentId);
  const offerId = num(event.payload.offerId);
  if (intentId === null || offerId === null || event.brandId === null) return;
  const writer = await writerStillMember(tx, offerId);
  const people = writer ? [writer] : await brandPeople(tx, event.brandId, ['owner']);
  await notify(
    tx,
    event,
    { actorId: event.actorId, intentId },
    people.map((userId) => ({ userId, kind: 'offer_answer' as const })),
  );
}

/** A thread message: the author when the brand wrote; else the brand's side. */
async function tellOtherSide(tx: Db, event: Event) {
  const intentId = num(event.payload.intentId);
  if (intentId === null || event.brandId === null) return;
  if (event.payload.fromBrand === true) {
    if (event.subjectUserId)
      await notify(tx, event, { actorId: event.actorId, intentId }, [
        { userId: event.subjectUserId, kind: 'intent_message' },
      ]);
    return;
  }
  // The brand's latest offer on the intent, if any: its writer answers for the brand.
  const [offer] = await tx
    .select({ id: intentOffers.id })
    .from(intentOffers)
    .where(and(eq(intentOffers.intentId, intentId), eq(intentOffers.brandId, event.brandId)))
    .orderBy(desc(intentOffers.id))
    .limit(1);
  const writer = offer ? await writerStillMember(tx, offer.id) : null;
  const people = writer ? [writer] : await brandPeople(tx, event.brandId, ['owner', 'manager']);
  await notify(
    tx,
    event,
    { actorId: event.actorId, intentId },
    people.map((userId) => ({ userId, kind: 'intent_message' as const })),
  );
}

export const intentReactions: Reactions = {
  'offer.made': tellAuthor('offer'),
  'offer.updated': tellAuthor('offer'),
  'offer.accepted': tellBrandOfAnswer,
  'offer.declined': tellBrandOfAnswer,
  'intent.message_sent': tellOtherSide,
  'intent.expired': tellAuthor('intent_expired'),
};
