// What the two sides read of intents (issue 17). The author reads everything of their own intents;
// a brand's members read the intents addressed to their brand (access.server.ts), the author only
// as the author's consent to that brand allows, and the contact email only once one of the
// brand's offers is accepted. Both are decided in SQL: a column a viewer may not see is never
// selected (it is null in the row), and the views are then built from explicit fields.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  brandConsents,
  brands,
  intentBrands,
  intentMessages,
  intentOffers,
  intents,
  users,
  type Intent,
  type IntentOffer,
  type IntentStatus,
  type OfferStatus,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { forbidden, notFound, unauthorized } from '#app/domain/core/errors';
import { PAGE_SIZE } from '#app/domain/core/pagination';
import { shownHandle } from '#app/domain/users/shown.server';
import {
  I,
  addressedToBrand,
  brandBySlug,
  brandRoleOf,
  visibleToBrand,
  type BrandRef,
} from './access.server';
import { canOffer } from './policy';
import type { BrandIntentsQuery } from './schema';

const NOT_FOUND = 'errors.intents.notFound';

/** How a brand sees an intent's author (app/domain/intents/policy.ts authorShownAs). */
export type AuthorView =
  | { shown: 'profile'; displayName: string; handle: string }
  | { shown: 'handle'; handle: string }
  | { shown: 'anonymous' };

/** One message of a thread as its reader sees it. */
export type IntentMessageView = {
  id: number;
  body: string;
  fromBrand: boolean;
  createdAt: Date;
  /**
   * Who wrote it, as the reader may know: the author sees null for the brand's messages (the brand
   * speaks as itself) and their own handle for theirs; the brand sees its members' handles and the
   * author's only as their consent allows (else null).
   */
  sender: { handle: string } | null;
};

// ---------------------------------------------------------------------------------------------
// The author's side

export type MyIntentRow = {
  id: number;
  title: string;
  status: IntentStatus;
  publishedAt: Date | null;
  expiresAt: Date;
  audience: Intent['audience'];
  offers: { open: number; accepted: number; total: number };
};

/** The actor's intents, newest first, with counts of the offers on each. */
export async function myIntents(
  db: Db,
  actor: Actor,
  { status }: { status?: IntentStatus } = {},
): Promise<MyIntentRow[]> {
  const rows = await db
    .select({
      id: intents.id,
      title: intents.title,
      status: intents.status,
      publishedAt: intents.publishedAt,
      expiresAt: intents.expiresAt,
      audience: intents.audience,
      // The offers on it, counted in one pass.
      offers: sql<MyIntentRow['offers']>`(select json_build_object(
          'open', count(*) filter (where o.status = 'open'),
          'accepted', count(*) filter (where o.status = 'accepted'),
          'total', count(*) filter (where o.status <> 'withdrawn'))
        from intent_offers o where o.intent_id = ${I.id})`,
    })
    .from(intents)
    .where(and(eq(intents.authorId, actor.id), status ? eq(intents.status, status) : undefined))
    .orderBy(desc(intents.createdAt), desc(intents.id));
  return rows.map(({ offers, ...row }) => ({
    ...row,
    offers: {
      open: Number(offers.open),
      accepted: Number(offers.accepted),
      total: Number(offers.total),
    },
  }));
}

/** The brand side's handle of a message sender: a live member's; a deleted account's is null. */
const senderHandle = sql<
  string | null
>`(select ${shownHandle} from users where users.id = "intent_messages"."sender_id")`;

async function threadRows(db: Db, intentId: number, brandIds?: number[]) {
  if (brandIds && !brandIds.length) return [];
  return db
    .select({
      id: intentMessages.id,
      brandId: intentMessages.brandId,
      body: intentMessages.body,
      fromBrand: intentMessages.fromBrand,
      createdAt: intentMessages.createdAt,
      handle: senderHandle,
    })
    .from(intentMessages)
    .where(
      and(
        eq(intentMessages.intentId, intentId),
        brandIds ? inArray(intentMessages.brandId, brandIds) : undefined,
      ),
    )
    .orderBy(asc(intentMessages.id));
}

export type AuthorOfferView = {
  offer: IntentOffer;
  brand: BrandRef;
  messages: IntentMessageView[];
};

/**
 * One of the actor's own intents with the brands it is addressed to, every offer side by side
 * (newest first) with the thread of its brand, and the threads of brands that wrote without an
 * offer. Anyone but the author gets a 404.
 */
export async function intentForAuthor(db: Db, actor: Actor, intentId: number) {
  const [intent] = await db
    .select()
    .from(intents)
    .where(and(eq(intents.id, intentId), eq(intents.authorId, actor.id)));
  if (!intent) throw notFound(NOT_FOUND);
  // The rest reads side by side.
  const [pickedBrands, offerRows, messages, ownHandle] = await Promise.all([
    db
      .select({ id: brands.id, slug: brands.slug, name: brands.name })
      .from(intentBrands)
      .innerJoin(brands, eq(brands.id, intentBrands.brandId))
      .where(eq(intentBrands.intentId, intentId))
      .orderBy(asc(brands.name)),
    db
      .select({
        offer: intentOffers,
        brand: { id: brands.id, slug: brands.slug, name: brands.name },
      })
      .from(intentOffers)
      .innerJoin(brands, eq(brands.id, intentOffers.brandId))
      .where(eq(intentOffers.intentId, intentId))
      .orderBy(desc(intentOffers.id)),
    threadRows(db, intentId),
    db.select({ handle: users.handle }).from(users).where(eq(users.id, actor.id)),
  ]);
  const view = (m: (typeof messages)[number]): IntentMessageView => ({
    id: m.id,
    body: m.body,
    fromBrand: m.fromBrand,
    createdAt: m.createdAt,
    sender: m.fromBrand ? null : { handle: ownHandle[0]?.handle ?? '' },
  });
  const withOffer = new Set(offerRows.map((r) => r.brand.id));
  const offers: AuthorOfferView[] = offerRows.map(({ offer, brand }) => ({
    offer,
    brand,
    messages: messages.filter((m) => m.brandId === brand.id).map(view),
  }));
  const silentBrandIds = [
    ...new Set(messages.filter((m) => !withOffer.has(m.brandId)).map((m) => m.brandId)),
  ];
  const silentBrands = silentBrandIds.length
    ? await db
        .select({ id: brands.id, slug: brands.slug, name: brands.name })
        .from(brands)
        .where(inArray(brands.id, silentBrandIds))
        .orderBy(asc(brands.name))
    : [];
  const threadsWithoutOffer = silentBrands.map((brand) => ({
    brand,
    messages: messages.filter((m) => m.brandId === brand.id).map(view),
  }));
  return { intent, pickedBrands, offers, threadsWithoutOffer };
}

// ---------------------------------------------------------------------------------------------
// The brand's side

/** The brand, for one of its members (owner or manager): 404 unknown brand, 401 visitor, 403 anyone else. */
async function openBrand(db: Db, actor: Actor | null | undefined, slug: string) {
  const brand = await brandBySlug(db, slug);
  if (!actor) throw unauthorized();
  if (!(await brandRoleOf(db, actor, brand.id))) throw forbidden('errors.intents.notMember');
  return brand;
}

/**
 * The author as the brand may see them: the level from brand_consents (no row is `none`), and the
 * handle and name selected only when that level allows (a deleted account: nothing).
 */
function authorColumns(brandId: number) {
  const level = sql`(select bc.level from ${brandConsents} bc where bc.user_id = ${I.authorId} and bc.brand_id = ${brandId})`;
  const live = sql`"users"."deleted_at" is null`;
  return {
    authorShown: sql<
      'profile' | 'handle' | 'anonymous'
    >`case when not (${live}) then 'anonymous' when ${level} = 'profile' then 'profile' when ${level} = 'activity' then 'handle' else 'anonymous' end`,
    authorHandle: sql<
      string | null
    >`case when (${live}) and ${level} in ('profile', 'activity') then "users"."handle" end`,
    authorName: sql<
      string | null
    >`case when (${live}) and ${level} = 'profile' then "users"."display_name" end`,
  };
}

function authorView(row: {
  authorShown: string;
  authorHandle: string | null;
  authorName: string | null;
}): AuthorView {
  if (row.authorShown === 'profile' && row.authorHandle && row.authorName !== null)
    return { shown: 'profile', displayName: row.authorName, handle: row.authorHandle };
  if ((row.authorShown === 'profile' || row.authorShown === 'handle') && row.authorHandle)
    return { shown: 'handle', handle: row.authorHandle };
  return { shown: 'anonymous' };
}

/**
 * The tags the brand is about: of its challenges, of ideas on them, of intents it offered on. The
 * ideas' tags are read from the dashboard's monthly tag counts (insight_tag_months, kept by the
 * insights consumer): a few rows per tag and month, where the ideas themselves grow without bound.
 */
function fitOf(brandId: number): SQL<number> {
  return sql<number>`(
    select count(*)::int from unnest(${I.tags}) as t(tag)
    where t.tag in (
      select unnest(c.tags) from challenges c where c.brand_id = ${brandId} and c.stage <> 'draft'
      union
      select m.tag from insight_tag_months m where m.brand_id = ${brandId} and m.ideas > 0
      union
      select unnest(x.tags) from intents x
        where exists (select 1 from intent_offers o where o.intent_id = x.id and o.brand_id = ${brandId})
    )
  )`;
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type BrandIntentSummary = {
  id: number;
  title: string;
  excerpt: string;
  tags: string[];
  place: string | null;
  startsOn: string | null;
  endsOn: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string | null;
  publishedAt: Date | null;
  expiresAt: Date;
  language: string;
  /** `published`, or `closed` / `expired` for an intent the brand made an offer on. */
  status: IntentStatus;
};

export type BrandIntentItem = {
  intent: BrandIntentSummary;
  author: AuthorView;
  fit: number;
  myOffer: { id: number; status: OfferStatus } | null;
};

/**
 * The intents a brand's member may read for the brand: those addressed to it, and those it made an
 * offer on (read only once closed or expired), filtered, by fit then newest.
 */
export async function brandIntents(
  db: Db,
  {
    actor,
    brandSlug,
    query,
  }: { actor: Actor | null | undefined; brandSlug: string; query: BrandIntentsQuery } & Timed,
) {
  const brand = await openBrand(db, actor, brandSlug);
  const where: SQL[] = [visibleToBrand(brand.id)];
  if (query.tag) where.push(sql`${intents.tags} @> array[${query.tag}]::text[]`);
  if (query.place) where.push(sql`${intents.place} ilike ${like(query.place)}`);
  if (query.from)
    where.push(sql`(${intents.endsOn} is null or ${intents.endsOn} >= ${query.from}::date)`);
  if (query.to)
    where.push(sql`(${intents.startsOn} is null or ${intents.startsOn} <= ${query.to}::date)`);
  if (query.budget !== null)
    where.push(
      sql`(${intents.budgetMin} is not null or ${intents.budgetMax} is not null)
        and (${intents.budgetMin} is null or ${intents.budgetMin} <= ${query.budget})
        and (${intents.budgetMax} is null or ${intents.budgetMax} >= ${query.budget})`,
    );
  const condition = and(...where);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(intents)
    .where(condition);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const fit = fitOf(brand.id);
  const rows = await db
    .select({
      id: intents.id,
      title: intents.title,
      excerpt: intents.bodyExcerpt,
      tags: intents.tags,
      place: intents.place,
      startsOn: intents.startsOn,
      endsOn: intents.endsOn,
      budgetMin: intents.budgetMin,
      budgetMax: intents.budgetMax,
      currency: intents.currency,
      publishedAt: intents.publishedAt,
      expiresAt: intents.expiresAt,
      language: intents.language,
      status: intents.status,
      fit,
      // The brand's latest offer on it, as one row (id, status).
      myOffer: sql<{
        id: number;
        status: OfferStatus;
      } | null>`(select json_build_object('id', o.id, 'status', o.status) from intent_offers o
        where o.intent_id = ${I.id} and o.brand_id = ${brand.id} order by o.id desc limit 1)`,
      ...authorColumns(brand.id),
    })
    .from(intents)
    .innerJoin(users, eq(users.id, intents.authorId))
    .where(condition)
    .orderBy(
      sql`(${intents.status} = 'published') desc`,
      desc(fit),
      sql`${intents.publishedAt} desc nulls last`,
      desc(intents.id),
    )
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  const items: BrandIntentItem[] = rows.map((r) => ({
    intent: {
      id: r.id,
      title: r.title,
      excerpt: r.excerpt,
      tags: r.tags,
      place: r.place,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      budgetMin: r.budgetMin,
      budgetMax: r.budgetMax,
      currency: r.currency,
      publishedAt: r.publishedAt,
      expiresAt: r.expiresAt,
      language: r.language,
      status: r.status,
    },
    author: authorView(r),
    fit: Number(r.fit),
    myOffer: r.myOffer ? { id: Number(r.myOffer.id), status: r.myOffer.status } : null,
  }));
  return { brand, items, page, pageCount, total };
}

/** An intent as a brand reads it: everything but the author's id and the contact email. */
export type BrandIntentView = Omit<Intent, 'authorId' | 'contactEmail'>;

export type BrandOfferView = IntentOffer & { writer: { handle: string } | null };

/**
 * One intent for a member of the brand: the intent (no contact email), the author as consent
 * allows, this brand's offers newest first, its thread with the author, the contact email only
 * when one of this brand's offers is accepted, and what the member may do. 404 when the brand may
 * not read the intent.
 */
export async function intentForBrand(
  db: Db,
  {
    actor,
    brandSlug,
    intentId,
    ...timed
  }: { actor: Actor | null | undefined; brandSlug: string; intentId: number } & Timed,
) {
  const now = nowFrom(timed);
  const brand = await openBrand(db, actor, brandSlug);
  const [row] = await db
    .select({
      id: intents.id,
      status: intents.status,
      title: intents.title,
      body: intents.body,
      bodyHtml: intents.bodyHtml,
      bodyExcerpt: intents.bodyExcerpt,
      language: intents.language,
      tags: intents.tags,
      place: intents.place,
      startsOn: intents.startsOn,
      endsOn: intents.endsOn,
      budgetMin: intents.budgetMin,
      budgetMax: intents.budgetMax,
      currency: intents.currency,
      audience: intents.audience,
      accepts: intents.accepts,
      expiresAt: intents.expiresAt,
      publishedAt: intents.publishedAt,
      closedAt: intents.closedAt,
      createdAt: intents.createdAt,
      updatedAt: intents.updatedAt,
      addressed: addressedToBrand(brand.id),
      // Selected only under this condition: the email never leaves the database otherwise.
      contactEmail: sql<string | null>`case when exists (
          select 1 from intent_offers a
          where a.intent_id = ${I.id} and a.brand_id = ${brand.id} and a.status = 'accepted')
        then ${I.contactEmail} end`,
      ...authorColumns(brand.id),
    })
    .from(intents)
    .innerJoin(users, eq(users.id, intents.authorId))
    .where(and(eq(intents.id, intentId), visibleToBrand(brand.id)));
  if (!row) throw notFound(NOT_FOUND);
  const { addressed, contactEmail, authorShown, authorHandle, authorName, ...intent } = row;
  const author = authorView({ authorShown, authorHandle, authorName });
  const offers: BrandOfferView[] = (
    await db
      .select({
        offer: intentOffers,
        writer: sql<
          string | null
        >`(select ${shownHandle} from users where users.id = "intent_offers"."author_id")`,
      })
      .from(intentOffers)
      .where(and(eq(intentOffers.intentId, intentId), eq(intentOffers.brandId, brand.id)))
      .orderBy(desc(intentOffers.id))
  ).map(({ offer, writer }) => ({ ...offer, writer: writer ? { handle: writer } : null }));
  const authorHandleShown = author.shown === 'anonymous' ? null : author.handle;
  const messages: IntentMessageView[] = (await threadRows(db, intentId, [brand.id])).map((m) => ({
    id: m.id,
    body: m.body,
    fromBrand: m.fromBrand,
    createdAt: m.createdAt,
    sender: m.fromBrand
      ? m.handle
        ? { handle: m.handle }
        : null
      : authorHandleShown
        ? { handle: authorHandleShown }
        : null,
  }));
  const openOffer = offers.some((o) => o.status === 'open');
  return {
    brand,
    intent: intent as BrandIntentView,
    author,
    offers,
    messages,
    // '' once the author deleted their account: nothing to contact.
    contactEmail: contactEmail || null,
    can: {
      offer: Boolean(addressed) && canOffer(intent, now) && !openOffer,
      message: true,
    },
  };
}
