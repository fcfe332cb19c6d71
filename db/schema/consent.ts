import { index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { users } from './users';
import { brands } from './brands';

/**
 * What a brand may see about a person: `none` (public content only, with no link to them),
 * `activity` (their activity on its challenges, under their handle), `profile` (also their name,
 * interests and a contact email).
 */
export const consentLevel = pgEnum('consent_level', ['none', 'activity', 'profile']);

/**
 * One row per person and brand once the person has answered the consent question (dismissing it
 * records `none`). No row means `none` too, but the person is still to be asked.
 */
export const brandConsents = pgTable(
  'brand_consents',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    level: consentLevel('level').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.brandId] }),
    index('brand_consents_brand_level_idx').on(t.brandId, t.level),
  ],
);
export type BrandConsent = typeof brandConsents.$inferSelect;
export type ConsentLevel = (typeof consentLevel.enumValues)[number];
