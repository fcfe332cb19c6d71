import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

export const userRole = pgEnum('user_role', ['prosumer', 'moderator', 'admin']);

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    handle: text('handle').notNull(),
    /** Null once the account is deleted (like the password hash, the name and the bio). */
    email: text('email'),
    passwordHash: text('password_hash'),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    locale: text('locale').notNull().default('en'),
    role: userRole('role').notNull().default('prosumer'),
    createdAt: createdAt(),
    /**
     * Set when the person deleted their account: email, password, name and bio are erased, the
     * handle becomes `deleted_…` (the old one is held in handle_reservations), and ledger and events
     * stay with this row, shown as "a deleted account".
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * The end of the suspension in force (db/schema/moderation.ts `suspensions`), null when none:
     * read with the session, so every write can refuse a suspended person without a query.
     */
    suspendedUntil: timestamp('suspended_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_handle_lower_key').on(sql`lower(${t.handle})`),
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    check('users_handle_format', sql`${t.handle} ~ '^[A-Za-z0-9_]{3,30}$'`),
    check(
      'users_display_name_length',
      sql`${t.deletedAt} is not null or char_length(${t.displayName}) between 1 and 60`,
    ),
    check(
      'users_deleted_erased',
      sql`${t.deletedAt} is null or (${t.email} is null and ${t.passwordHash} is null)`,
    ),
    check(
      'users_live_has_credentials',
      sql`${t.deletedAt} is not null or (${t.email} is not null and ${t.passwordHash} is not null)`,
    ),
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
