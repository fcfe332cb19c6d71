import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

export const userRole = pgEnum('user_role', ['prosumer', 'moderator', 'admin']);

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    handle: text('handle').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    locale: text('locale').notNull().default('en'),
    role: userRole('role').notNull().default('prosumer'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_handle_lower_key').on(sql`lower(${t.handle})`),
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    check('users_handle_format', sql`${t.handle} ~ '^[A-Za-z0-9_]{3,30}$'`),
    check('users_display_name_length', sql`char_length(${t.displayName}) between 1 and 60`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
