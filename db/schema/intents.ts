// Intents (issue 17, PRODUCT.md "Intents (VRM)"): a person states a need, chooses which brands may
// see it, and brands answer with offers. The person owns the relationship: brands see the author
// only as their consent allows, and the contact email the author shares for an intent only once
// they accept that brand's offer. Nothing here is public.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { users } from './users';
import { brands } from './brands';

/**
 * `draft` (only the author sees it), `published` (the chosen brands see it and may offer),
 * `closed` (by the author, or by accepting an offer when only one may be), `expired` (its expiry
 * date passed; closed by the `intents.expire` job).
 */
export const intentStatus = pgEnum('intent_status', ['draft', 'published', 'closed', 'expired']);

/**
 * Who may see a published intent: `any` brand, only the brands `picked` (intent_brands), or only
 * brands whose challenges the author `participated` in (an idea, a vote or a comment there).
 */
export const intentAudience = pgEnum('intent_audience', ['any', 'picked', 'participated']);

/** How many offers the author may accept: `one` (accepting closes the intent) or `several`. */
export const intentAccepts = pgEnum('intent_accepts', ['one', 'several']);

export const intents = pgTable(
  'intents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    status: intentStatus('status').notNull().default('draft'),
    title: text('title').notNull(),
    /** Markdown as written; `bodyHtml` is it rendered and sanitized once, when written. */
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyExcerpt: text('body_excerpt').notNull().default(''),
    /** Detected like ideas' (en, es or it), falling back to the author's locale. */
    language: text('language').notNull().default('en'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Free text: "Valencia", "near Milan", "online". */
    place: text('place'),
    /** The time window of the need (dates, inclusive), either end optional. */
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    /** A budget range in whole units of `currency` (ISO 4217), either end optional. */
    budgetMin: integer('budget_min'),
    budgetMax: integer('budget_max'),
    currency: text('currency'),
    audience: intentAudience('audience').notNull().default('any'),
    accepts: intentAccepts('accepts').notNull().default('one'),
    /** The email the author shares with a brand whose offer they accept (and only with it). */
    contactEmail: text('contact_email').notNull(),
    /** When it stops taking offers; the job moves it to `expired` after this moment. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('intents_title_length', sql`char_length(${t.title}) between 3 and 140`),
    check('intents_body_length', sql`char_length(${t.body}) <= 5000`),
    check('intents_place_length', sql`${t.place} is null or char_length(${t.place}) <= 120`),
    check(
      'intents_window',
      sql`${t.startsOn} is null or ${t.endsOn} is null or ${t.startsOn} <= ${t.endsOn}`,
    ),
    check(
      'intents_budget',
      sql`(${t.budgetMin} is null or ${t.budgetMin} >= 0) and (${t.budgetMax} is null or ${t.budgetMax} >= 0)
        and (${t.budgetMin} is null or ${t.budgetMax} is null or ${t.budgetMin} <= ${t.budgetMax})
        and ((${t.budgetMin} is null and ${t.budgetMax} is null) = (${t.currency} is null))`,
    ),
    check('intents_currency', sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check('intents_published_at', sql`${t.status} = 'draft' or ${t.publishedAt} is not null`),
    index('intents_author_idx').on(t.authorId, t.id),
    // What brands list: published intents, newest first.
    index('intents_published_idx')
      .on(t.publishedAt, t.id)
      .where(sql`${t.status} = 'published'`),
    // What the expiry job looks for.
    index('intents_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'published'`),
    index('intents_tags_idx').using('gin', t.tags),
  ],
);
export type Intent = typeof intents.$inferSelect;
export type IntentStatus = (typeof intentStatus.enumValues)[number];
export type IntentAudience = (typeof intentAudience.enumValues)[number];
export type IntentAccepts = (typeof intentAccepts.enumValues)[number];

/** The brands an intent with audience `picked` is addressed to. */
export const intentBrands = pgTable(
  'intent_brands',
  {
    intentId: integer('intent_id')
      .notNull()
      .references(() => intents.id, { onDelete: 'cascade' }),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.intentId, t.brandId] }),
    index('intent_brands_brand_idx').on(t.brandId, t.intentId),
  ],
);

/**
 * `open` (editable by the brand until the author answers), `accepted`, `declined` (by the author,
 * with an optional reason), `withdrawn` (by the brand), `lapsed` (the intent closed or expired, or
 * the author accepted another when only one may be, while it was open).
 */
export const offerStatus = pgEnum('offer_status', [
  'open',
  'accepted',
  'declined',
  'withdrawn',
  'lapsed',
]);

export const intentOffers = pgTable(
  'intent_offers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    intentId: integer('intent_id')
      .notNull()
      .references(() => intents.id),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    /** The brand member who wrote it (null once their account is deleted). */
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    status: offerStatus('status').notNull().default('open'),
    /** The offer itself, Markdown, rendered and sanitized once when written. */
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** Conditions in plain text (cancellation, what is included). */
    conditions: text('conditions').notNull().default(''),
    /** A price in whole units of `currency`, or a benefit in words ("free breakfast"), or both. */
    price: integer('price'),
    currency: text('currency'),
    benefit: text('benefit'),
    /** The last day the brand holds the offer (inclusive). */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    declineReason: text('decline_reason'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('intent_offers_body_length', sql`char_length(${t.body}) between 1 and 5000`),
    check('intent_offers_conditions_length', sql`char_length(${t.conditions}) <= 2000`),
    check(
      'intent_offers_benefit_length',
      sql`${t.benefit} is null or char_length(${t.benefit}) <= 200`,
    ),
    check(
      'intent_offers_price',
      sql`(${t.price} is null or ${t.price} >= 0) and ((${t.price} is null) = (${t.currency} is null))`,
    ),
    check('intent_offers_currency', sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'intent_offers_reason_length',
      sql`${t.declineReason} is null or char_length(${t.declineReason}) <= 500`,
    ),
    // One open offer per brand per intent.
    uniqueIndex('intent_offers_one_open_key')
      .on(t.intentId, t.brandId)
      .where(sql`${t.status} = 'open'`),
    index('intent_offers_intent_idx').on(t.intentId, t.id),
    index('intent_offers_brand_idx').on(t.brandId, t.id),
  ],
);
export type IntentOffer = typeof intentOffers.$inferSelect;
export type OfferStatus = (typeof offerStatus.enumValues)[number];

/**
 * The private thread between an intent's author and one brand: questions about the intent or an
 * offer, and the answers. Only that author and that brand's members read it.
 */
export const intentMessages = pgTable(
  'intent_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    intentId: integer('intent_id')
      .notNull()
      .references(() => intents.id),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    /** Who wrote it (null once their account is deleted). */
    senderId: text('sender_id').references(() => users.id, { onDelete: 'set null' }),
    /** Which side wrote it: the author, or the brand (one of its members). */
    fromBrand: boolean('from_brand').notNull(),
    /** Plain text, shown as text (never HTML). */
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('intent_messages_body_length', sql`char_length(${t.body}) between 1 and 2000`),
    index('intent_messages_thread_idx').on(t.intentId, t.brandId, t.id),
  ],
);
export type IntentMessage = typeof intentMessages.$inferSelect;
