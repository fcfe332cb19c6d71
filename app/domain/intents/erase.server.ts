// What deleting an account does to the person's intents (docs/decisions/018, issue 17), inside the
// deletion's transaction: published intents close as their author would close them (closeIn: their
// open offers lapse, each with its event), and every intent of theirs is scrubbed: title to the
// placeholder deleted content shows, body, tags and place emptied, the contact email erased, and
// what they wrote in the intents' threads replaced by the placeholder. Drafts stay drafts (no brand ever saw them, and a
// closed intent is one that was published). Brands keep the rows of their offers and messages.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { intentMessages, intents } from '../../../db/schema';
import { closeIn } from './commands.server';

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
  for (const intentId of published)
    await closeIn(
      tx,
      { id: intentId, authorId: userId },
      { actorId: userId, at, reason: 'deleted' },
    );
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
