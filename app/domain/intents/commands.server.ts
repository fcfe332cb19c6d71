// Intents (issue 17): a person posts a need and chooses which brands see it; brand members answer
// with offers; the author accepts, declines or asks in a private thread. Every change appends its
// event in its transaction (app/domain/intents/events.ts); the notifications follow from those
// events (reactions.server.ts). Who may see what is decided in SQL (access.server.ts) and by the
// pure rules of policy.ts. A refused command writes nothing.
import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  brands,
  intentBrands,
  intentMessages,
  intentOffers,
  intents,
  users,
  type Intent,
  type IntentMessage,
  type IntentOffer,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Clock, type Timed } from '#app/domain/core/clock';
import {
  conflict,
  invalid,
  issueFieldMessages,
  msg,
  notFound,
  type FieldMessages,
} from '#app/domain/core/errors';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { appendEvent } from '#app/domain/events/log.server';
import { asContentLanguage, detectLanguage } from '#app/domain/listening/language.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { reputationOf } from '#app/domain/reputation/queries.server';
import { addressedToBrand, brandRoleOf, visibleToBrand } from './access.server';
import {
  MAX_EXPIRY_DAYS,
  MIN_EXPIRY_DAYS,
  canCloseIntent,
  canEditIntent,
  canOffer,
  canChangeOffer,
  dayOf,
  expiresAtOf,
  expiresOnOf,
  expiryInRange,
  offerStillValid,
  openIntentLimit,
} from './policy';
import { DECLINE_REASON_MAX, messageSchema, type IntentInput, type OfferInput } from './schema';

const NOT_FOUND = 'errors.intents.notFound';
const OFFER_NOT_FOUND = 'errors.intents.offerNotFound';

type IntentPayload = Record<string, unknown> & { intentId: number };

/** Appends one intent event: the author is the subject; `brandId` when it is between them and a brand. */
async function append(
  tx: Db,
  type: Parameters<typeof appendEvent>[1]['type'],
  intent: Pick<Intent, 'id' | 'authorId'>,
  {
    actorId,
    brandId = null,
    payload = {},
    at,
  }: { actorId: string | null; brandId?: number | null; payload?: object; at: Date },
) {
  const full: IntentPayload = { ...payload, intentId: intent.id };
  return appendEvent(tx, {
    type,
    actorId,
    brandId,
    subjectUserId: intent.authorId,
    payload: full,
    at,
  });
}

function expiryProblem(expiresOn: string, now: Date) {
  if (expiryInRange(expiresOn, now)) return;
  throw invalid(
    'errors.intents.expiresOnRange',
    { min: MIN_EXPIRY_DAYS, max: MAX_EXPIRY_DAYS },
    {
      expiresOn: msg('errors.intents.expiresOnRange', {
        min: MIN_EXPIRY_DAYS,
        max: MAX_EXPIRY_DAYS,
      }),
    },
  );
}

/** The intent, locked for the transaction (`update` to change it, `share` to act on it). */
async function lockIntent(tx: Db, intentId: number, mode: 'update' | 'share') {
  const [row] = await tx.select().from(intents).where(eq(intents.id, intentId)).for(mode);
  return row ?? null;
}

/** The actor's own intent, locked; anyone else's (or none) is a 404, never a 403. */
async function ownIntent(tx: Db, actor: Actor, intentId: number) {
  const intent = await lockIntent(tx, intentId, 'update');
  if (!intent || intent.authorId !== actor.id) throw notFound(NOT_FOUND);
  return intent;
}

/** Picked brands must all exist. */
async function checkBrands(tx: Db, brandIds: number[]) {
  if (!brandIds.length) return;
  const found = await tx.select({ id: brands.id }).from(brands).where(inArray(brands.id, brandIds));
  if (found.length !== brandIds.length)
    throw invalid('errors.intents.unknownBrands', undefined, {
      brandIds: msg('errors.intents.unknownBrands'),
    });
}

/** The columns an intent's form sets. */
async function intentColumns(input: IntentInput, fallbackLanguage: string) {
  const body = await renderMarkdown(input.body);
  const language = await detectLanguage(
    `${input.title}\n\n${input.body}`,
    asContentLanguage(fallbackLanguage) ?? 'en',
  );
  return {
    title: input.title,
    body: input.body,
    bodyHtml: body.html,
    bodyExcerpt: body.excerpt,
    language,
    tags: input.tags,
    place: input.place,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    budgetMin: input.budgetMin,
    budgetMax: input.budgetMax,
    currency: input.currency,
    audience: input.audience,
    accepts: input.accepts,
    contactEmail: input.contactEmail,
    expiresAt: expiresAtOf(input.expiresOn),
  };
}

/**
 * Locks the author's intents (an advisory lock per person, held to the end of the transaction) and
 * refuses when they already have as many open intents (draft + published) as they may.
 */
async function checkOpenLimit(tx: Db, authorId: string, now: Date) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`intents:${authorId}`}, 0))`,
  );
  const [person] = await tx
    .select({ createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, authorId));
  if (!person) throw notFound('errors.notFound.person');
  const max = openIntentLimit(
    { createdAt: person.createdAt, reputation: await reputationOf(tx, authorId) },
    now,
  );
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(intents)
    .where(and(eq(intents.authorId, authorId), inArray(intents.status, ['draft', 'published'])));
  if (n >= max) throw conflict('errors.intents.limit', { max });
}

export async function createIntent(
  db: Db,
  {
    actor,
    input,
    locale = 'en',
    ...timed
  }: { actor: Actor; input: IntentInput; locale?: string } & Timed,
): Promise<Intent> {
  const now = nowFrom(timed);
  expiryProblem(input.expiresOn, now);
  const columns = await intentColumns(input, locale);
  const publish = input.intent === 'publish';
  return db.transaction(async (tx) => {
    await checkOpenLimit(tx, actor.id, now);
    await checkBrands(tx, input.brandIds);
    const [intent] = await tx
      .insert(intents)
      .values({
        ...columns,
        authorId: actor.id,
        status: publish ? 'published' : 'draft',
        publishedAt: publish ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (input.brandIds.length)
      await tx
        .insert(intentBrands)
        .values(input.brandIds.map((brandId) => ({ intentId: intent!.id, brandId })));
    await append(tx, 'intent.created', intent!, {
      actorId: actor.id,
      payload: { status: intent!.status, audience: intent!.audience },
      at: now,
    });
    if (publish) await append(tx, 'intent.published', intent!, { actorId: actor.id, at: now });
    return intent!;
  });
}

/**
 * The author changes a draft or a published intent; `input.intent = 'publish'` also publishes a
 * draft. An expiry date left as it was is kept even when it is now less than a day away.
 */
export async function updateIntent(
  db: Db,
  {
    actor,
    intentId,
    input,
    ...timed
  }: { actor: Actor; intentId: number; input: IntentInput } & Timed,
): Promise<Intent> {
  const now = nowFrom(timed);
  const [current] = await db
    .select({ language: users.locale, expiresAt: intents.expiresAt })
    .from(intents)
    .innerJoin(users, eq(users.id, intents.authorId))
    .where(and(eq(intents.id, intentId), eq(intents.authorId, actor.id)));
  if (!current) throw notFound(NOT_FOUND);
  if (input.expiresOn !== expiresOnOf(current.expiresAt)) expiryProblem(input.expiresOn, now);
  const columns = await intentColumns(input, current.language);
  return db.transaction(async (tx) => {
    const intent = await ownIntent(tx, actor, intentId);
    if (!canEditIntent(intent))
      throw conflict('errors.intents.notEditable', { status: intent.status });
    if (input.expiresOn !== expiresOnOf(intent.expiresAt)) expiryProblem(input.expiresOn, now);
    await checkBrands(tx, input.brandIds);
    const publish = intent.status === 'draft' && input.intent === 'publish';
    const [updated] = await tx
      .update(intents)
      .set({
        ...columns,
        ...(publish ? { status: 'published' as const, publishedAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(intents.id, intentId))
      .returning();
    await tx.delete(intentBrands).where(eq(intentBrands.intentId, intentId));
    if (input.brandIds.length)
      await tx
        .insert(intentBrands)
        .values(input.brandIds.map((brandId) => ({ intentId, brandId })));
    await append(tx, 'intent.updated', intent, {
      actorId: actor.id,
      payload: { audience: updated!.audience },
      at: now,
    });
    if (publish) await append(tx, 'intent.published', intent, { actorId: actor.id, at: now });
    return updated!;
  });
}

export async function publishIntent(
  db: Db,
  { actor, intentId, ...timed }: { actor: Actor; intentId: number } & Timed,
): Promise<Intent> {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const intent = await ownIntent(tx, actor, intentId);
    if (intent.status !== 'draft')
      throw conflict('errors.intents.notDraft', { status: intent.status });
    // A draft left for long may have an expiry date that passed, or is about to.
    expiryProblem(expiresOnOf(intent.expiresAt), now);
    const [updated] = await tx
      .update(intents)
      .set({ status: 'published', publishedAt: now, updatedAt: now })
      .where(eq(intents.id, intentId))
      .returning();
    await append(tx, 'intent.published', intent, { actorId: actor.id, at: now });
    return updated!;
  });
}

/**
 * Every open offer on the intent (but `except`) lapses, each with its offer.lapsed event between
 * the author and that brand. `actorId`: the author (they closed it or accepted another) or null
 * (the expiry job).
 */
async function lapseOpenOffers(
  tx: Db,
  intent: Pick<Intent, 'id' | 'authorId'>,
  { actorId, at, except }: { actorId: string | null; at: Date; except?: number },
) {
  const lapsed = await tx
    .update(intentOffers)
    .set({ status: 'lapsed', updatedAt: at })
    .where(
      and(
        eq(intentOffers.intentId, intent.id),
        eq(intentOffers.status, 'open'),
        except === undefined ? undefined : sql`${intentOffers.id} <> ${except}`,
      ),
    )
    .returning({ id: intentOffers.id, brandId: intentOffers.brandId });
  lapsed.sort((a, b) => a.id - b.id);
  for (const offer of lapsed)
    await append(tx, 'offer.lapsed', intent, {
      actorId,
      brandId: offer.brandId,
      payload: { offerId: offer.id },
      at,
    });
  return lapsed.length;
}

/**
 * Closes a published intent inside `tx`: it closes, its open offers lapse (each with its event),
 * then `intent.closed`. By its author (closeIntent) or with their account (retireIntentsOf).
 */
export async function closeIn(
  tx: Db,
  intent: Pick<Intent, 'id' | 'authorId'>,
  { actorId, at, reason }: { actorId: string; at: Date; reason: 'author' | 'deleted' },
): Promise<Intent> {
  const [updated] = await tx
    .update(intents)
    .set({ status: 'closed', closedAt: at, updatedAt: at })
    .where(eq(intents.id, intent.id))
    .returning();
  await lapseOpenOffers(tx, intent, { actorId, at });
  await append(tx, 'intent.closed', intent, { actorId, payload: { reason }, at });
  return updated!;
}

export async function closeIntent(
  db: Db,
  { actor, intentId, ...timed }: { actor: Actor; intentId: number } & Timed,
): Promise<Intent> {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const intent = await ownIntent(tx, actor, intentId);
    if (!canCloseIntent(intent))
      throw conflict('errors.intents.notClosable', { status: intent.status });
    return closeIn(tx, intent, { actorId: actor.id, at: now, reason: 'author' });
  });
}

/**
 * The `intents.expire` job's work: published intents past their expiry become `expired`, their
 * open offers lapse, and the author is told (intent.expired's reaction). Rows another runner holds
 * are skipped, so two runners never expire one intent twice. Returns how many it expired.
 */
export async function expireIntents(
  db: Db,
  { limit = 100, clock }: { limit?: number; clock?: Clock } = {},
): Promise<number> {
  const now = nowFrom({ clock });
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: intents.id, authorId: intents.authorId, expiresAt: intents.expiresAt })
      .from(intents)
      .where(and(eq(intents.status, 'published'), lte(intents.expiresAt, now)))
      .orderBy(asc(intents.expiresAt), asc(intents.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    for (const intent of due) {
      await tx
        .update(intents)
        .set({ status: 'expired', closedAt: now, updatedAt: now })
        .where(and(eq(intents.id, intent.id), eq(intents.status, 'published')));
      await lapseOpenOffers(tx, intent, { actorId: null, at: now });
      await append(tx, 'intent.expired', intent, {
        actorId: null,
        payload: { expiresAt: intent.expiresAt.toISOString() },
        at: now,
      });
    }
    return due.length;
  });
}

function validUntilProblem(validUntil: string, now: Date) {
  if (validUntil >= dayOf(now)) return;
  throw invalid('errors.intents.validUntilPast', undefined, {
    validUntil: msg('errors.intents.validUntilPast'),
  });
}

const offerColumns = async (input: OfferInput) => {
  const body = await renderMarkdown(input.body);
  return {
    body: input.body,
    bodyHtml: body.html,
    conditions: input.conditions,
    price: input.price,
    currency: input.currency,
    benefit: input.benefit,
    validUntil: input.validUntil,
  };
};

/** A unique violation of intent_offers_one_open_key, as the 409 it means. */
function oneOpenOffer(error: unknown): never {
  if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('errors.intents.offerExists');
  throw error;
}

export async function makeOffer(
  db: Db,
  {
    actor,
    brandId,
    intentId,
    input,
    ...timed
  }: { actor: Actor; brandId: number; intentId: number; input: OfferInput } & Timed,
): Promise<IntentOffer> {
  const now = nowFrom(timed);
  const columns = await offerColumns(input);
  return db
    .transaction(async (tx) => {
      if (!(await brandRoleOf(tx, actor, brandId))) throw notFound(NOT_FOUND);
      // FOR SHARE: offers on one intent are made side by side, but not while it is being closed,
      // expired or an offer accepted (those lock it FOR UPDATE).
      const [row] = await tx
        .select({ intent: intents, addressed: addressedToBrand(brandId) })
        .from(intents)
        .where(and(eq(intents.id, intentId), visibleToBrand(brandId)))
        .for('share', { of: intents });
      if (!row) throw notFound(NOT_FOUND);
      const { intent } = row;
      if (!canOffer(intent, now) || !row.addressed)
        throw conflict('errors.intents.notTakingOffers');
      validUntilProblem(input.validUntil, now);
      const [open] = await tx
        .select({ id: intentOffers.id })
        .from(intentOffers)
        .where(
          and(
            eq(intentOffers.intentId, intentId),
            eq(intentOffers.brandId, brandId),
            eq(intentOffers.status, 'open'),
          ),
        );
      if (open) throw conflict('errors.intents.offerExists');
      const [offer] = await tx
        .insert(intentOffers)
        .values({
          ...columns,
          intentId,
          brandId,
          authorId: actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await append(tx, 'offer.made', intent, {
        actorId: actor.id,
        brandId,
        payload: { offerId: offer!.id },
        at: now,
      });
      return offer!;
    })
    .catch(oneOpenOffer);
}

/**
 * An offer and its intent, for a change by the brand: the intent locked FOR SHARE first (as
 * makeOffer and the author's answers lock it), then the offer FOR UPDATE. A member of another
 * brand, or anyone else, gets a 404.
 */
async function brandOffer(tx: Db, actor: Actor, offerId: number) {
  const [ref] = await tx
    .select({ intentId: intentOffers.intentId, brandId: intentOffers.brandId })
    .from(intentOffers)
    .where(eq(intentOffers.id, offerId));
  if (!ref || !(await brandRoleOf(tx, actor, ref.brandId))) throw notFound(OFFER_NOT_FOUND);
  const intent = (await lockIntent(tx, ref.intentId, 'share'))!;
  const [offer] = await tx
    .select()
    .from(intentOffers)
    .where(eq(intentOffers.id, offerId))
    .for('update');
  return { intent, offer: offer! };
}

export async function updateOffer(
  db: Db,
  { actor, offerId, input, ...timed }: { actor: Actor; offerId: number; input: OfferInput } & Timed,
): Promise<IntentOffer> {
  const now = nowFrom(timed);
  const columns = await offerColumns(input);
  return db.transaction(async (tx) => {
    const { intent, offer } = await brandOffer(tx, actor, offerId);
    if (!canChangeOffer(offer))
      throw conflict('errors.intents.offerAnswered', { status: offer.status });
    if (!canOffer(intent, now)) throw conflict('errors.intents.notTakingOffers');
    validUntilProblem(input.validUntil, now);
    const [updated] = await tx
      .update(intentOffers)
      .set({ ...columns, updatedAt: now })
      .where(eq(intentOffers.id, offerId))
      .returning();
    await append(tx, 'offer.updated', intent, {
      actorId: actor.id,
      brandId: offer.brandId,
      payload: { offerId },
      at: now,
    });
    return updated!;
  });
}

export async function withdrawOffer(
  db: Db,
  { actor, offerId, ...timed }: { actor: Actor; offerId: number } & Timed,
): Promise<IntentOffer> {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const { intent, offer } = await brandOffer(tx, actor, offerId);
    if (!canChangeOffer(offer))
      throw conflict('errors.intents.offerAnswered', { status: offer.status });
    const [updated] = await tx
      .update(intentOffers)
      .set({ status: 'withdrawn', updatedAt: now })
      .where(eq(intentOffers.id, offerId))
      .returning();
    await append(tx, 'offer.withdrawn', intent, {
      actorId: actor.id,
      brandId: offer.brandId,
      payload: { offerId },
      at: now,
    });
    return updated!;
  });
}

/**
 * An offer on the actor's own intent, for their answer: the intent locked FOR UPDATE (so two
 * answers on one intent take turns), then the offer. Anyone but the author gets a 404.
 */
async function authorOffer(tx: Db, actor: Actor, offerId: number) {
  const [ref] = await tx
    .select({ intentId: intentOffers.intentId })
    .from(intentOffers)
    .innerJoin(intents, eq(intents.id, intentOffers.intentId))
    .where(and(eq(intentOffers.id, offerId), eq(intents.authorId, actor.id)));
  if (!ref) throw notFound(OFFER_NOT_FOUND);
  const intent = (await lockIntent(tx, ref.intentId, 'update'))!;
  const [offer] = await tx
    .select()
    .from(intentOffers)
    .where(eq(intentOffers.id, offerId))
    .for('update');
  if (offer!.status !== 'open')
    throw conflict('errors.intents.offerNotOpen', { status: offer!.status });
  return { intent, offer: offer! };
}

export async function acceptOffer(
  db: Db,
  { actor, offerId, ...timed }: { actor: Actor; offerId: number } & Timed,
): Promise<IntentOffer> {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const { intent, offer } = await authorOffer(tx, actor, offerId);
    if (!canOffer(intent, now)) throw conflict('errors.intents.notTakingOffers');
    if (!offerStillValid(offer, now)) throw conflict('errors.intents.offerExpired');
    if (intent.accepts === 'one') {
      const [accepted] = await tx
        .select({ id: intentOffers.id })
        .from(intentOffers)
        .where(and(eq(intentOffers.intentId, intent.id), eq(intentOffers.status, 'accepted')));
      if (accepted) throw conflict('errors.intents.alreadyAccepted');
    }
    const [updated] = await tx
      .update(intentOffers)
      .set({ status: 'accepted', answeredAt: now, updatedAt: now })
      .where(eq(intentOffers.id, offerId))
      .returning();
    await append(tx, 'offer.accepted', intent, {
      actorId: actor.id,
      brandId: offer.brandId,
      payload: { offerId },
      at: now,
    });
    if (intent.accepts === 'one') {
      await tx
        .update(intents)
        .set({ status: 'closed', closedAt: now, updatedAt: now })
        .where(eq(intents.id, intent.id));
      await lapseOpenOffers(tx, intent, { actorId: actor.id, at: now, except: offerId });
      await append(tx, 'intent.closed', intent, {
        actorId: actor.id,
        payload: { reason: 'accepted', offerId },
        at: now,
      });
    }
    return updated!;
  });
}

export async function declineOffer(
  db: Db,
  {
    actor,
    offerId,
    reason,
    ...timed
  }: { actor: Actor; offerId: number; reason?: string | null } & Timed,
): Promise<IntentOffer> {
  const now = nowFrom(timed);
  if (reason != null && typeof reason !== 'string')
    throw invalid('errors.field.invalidType', undefined, {
      reason: msg('errors.field.invalidType'),
    });
  const why = reason?.trim() || null;
  if (why && why.length > DECLINE_REASON_MAX)
    throw invalid('errors.intents.reasonLength', undefined, {
      reason: msg('errors.intents.reasonLength'),
    });
  return db.transaction(async (tx) => {
    const { intent, offer } = await authorOffer(tx, actor, offerId);
    const [updated] = await tx
      .update(intentOffers)
      .set({ status: 'declined', declineReason: why, answeredAt: now, updatedAt: now })
      .where(eq(intentOffers.id, offerId))
      .returning();
    await append(tx, 'offer.declined', intent, {
      actorId: actor.id,
      brandId: offer.brandId,
      payload: { offerId },
      at: now,
    });
    return updated!;
  });
}

/**
 * A message in the private thread of the intent and one brand. The author writes to a brand that
 * has an offer on the intent; a member of the brand writes while the intent is addressed to it
 * (published) or it has an offer there. Anyone else: 404. Plain text, 1–2000 characters.
 */
export async function sendIntentMessage(
  db: Db,
  {
    actor,
    intentId,
    brandId,
    body,
    ...timed
  }: { actor: Actor; intentId: number; brandId: number; body: string } & Timed,
): Promise<IntentMessage> {
  const now = nowFrom(timed);
  const parsed = messageSchema.safeParse({ body });
  if (!parsed.success) {
    const fields: FieldMessages = issueFieldMessages(parsed.error);
    const first = fields.body?.[0] ?? { key: 'errors.field.invalid' };
    throw invalid(first.key, first.values, fields);
  }
  return db.transaction(async (tx) => {
    const intent = await lockIntent(tx, intentId, 'share');
    if (!intent) throw notFound(NOT_FOUND);
    let fromBrand: boolean;
    if (intent.authorId === actor.id) {
      const [offer] = await tx
        .select({ id: intentOffers.id })
        .from(intentOffers)
        .where(and(eq(intentOffers.intentId, intentId), eq(intentOffers.brandId, brandId)))
        .limit(1);
      if (!offer) throw notFound(NOT_FOUND);
      fromBrand = false;
    } else {
      if (!(await brandRoleOf(tx, actor, brandId))) throw notFound(NOT_FOUND);
      const [visible] = await tx
        .select({ id: intents.id })
        .from(intents)
        .where(and(eq(intents.id, intentId), visibleToBrand(brandId)));
      if (!visible) throw notFound(NOT_FOUND);
      fromBrand = true;
    }
    const [message] = await tx
      .insert(intentMessages)
      .values({
        intentId,
        brandId,
        senderId: actor.id,
        fromBrand,
        body: parsed.data.body,
        createdAt: now,
      })
      .returning();
    await append(tx, 'intent.message_sent', intent, {
      actorId: actor.id,
      brandId,
      payload: { messageId: message!.id, fromBrand },
      at: now,
    });
    return message!;
  });
}
