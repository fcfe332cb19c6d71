import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './users';

export const brandRole = pgEnum('brand_role', ['owner', 'manager']);

export const brands = pgTable(
  'brands',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The description rendered once when written (app/domain/markdown/render.server.ts); null until backfilled. */
    descriptionHtml: text('description_html'),
    descriptionExcerpt: text('description_excerpt'),
    website: text('website'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('brands_name_length', sql`char_length(${t.name}) between 2 and 80`),
    check('brands_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    // Slugs of taken names get a random suffix, so the slug no longer stops two brands with one
    // name created at the same moment: the name itself must be unique, whatever its case.
    uniqueIndex('brands_name_lower_key').on(sql`lower(${t.name})`),
  ],
);

export const brandMembers = pgTable(
  'brand_members',
  {
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: brandRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.userId] }),
    index('brand_members_user_id_idx').on(t.userId),
  ],
);
export type Brand = typeof brands.$inferSelect;
export type BrandRole = (typeof brandRole.enumValues)[number];
