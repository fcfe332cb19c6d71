// What a person wants to be told about, and how (docs/decisions/019): per topic in the app, also in
// the email digest, or not at all; how often the digest comes; and the record of each digest sent.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { updatedAt } from './columns';
import { users } from './users';

/**
 * What a person chooses about, each covering notification kinds (app/domain/notifications/
 * preferences.ts maps them): votes (vote, oppose), comments, replies, mentions, builds, follows
 * (results of followed challenges), stages (stage moves of followed challenges) and rewards
 * (shortlisted, reward, reward_fulfilled, reward_revoked, badge).
 */
export const notificationTopic = pgEnum('notification_topic', [
  'votes',
  'comments',
  'replies',
  'mentions',
  'builds',
  'follows',
  'stages',
  'rewards',
  /** What moderation did about the person's content or account, and merges of their ideas. */
  'moderation',
  /** Offers on the person's intents, their answers, and the private threads (issue 17). */
  'intents',
]);

/** `in_app`: a notification row; `digest`: the row and a line in the email digest; `off`: nothing. */
export const notificationChannel = pgEnum('notification_channel', ['in_app', 'digest', 'off']);

export const digestFrequency = pgEnum('digest_frequency', ['daily', 'weekly']);

/** A person's choice for one topic. No row: the topic's quiet default (preferences.ts). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    topic: notificationTopic('topic').notNull(),
    channel: notificationChannel('channel').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.topic] })],
);

/** How often a person's digest comes. No row: daily. */
export const mailSettings = pgTable('mail_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  digestFrequency: digestFrequency('digest_frequency').notNull().default('daily'),
  updatedAt: updatedAt(),
});

/**
 * One row per person, frequency and period whose digest was taken in hand: the unique key is what
 * makes a digest go out at most once per period, however often or concurrently the job runs. Written
 * with the notifications it covers marked (notifications.digest_send_id) in one transaction;
 * `sent_at` is set once the mail server accepted the mail, and stays null if the process died
 * in between (see decision 019: at most once).
 */
export const digestSends = pgTable(
  'digest_sends',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    frequency: digestFrequency('frequency').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** How many notifications the digest covers. */
    items: integer('items').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('digest_sends_user_period_key').on(t.userId, t.periodStart, t.frequency),
    index('digest_sends_user_idx').on(t.userId, t.periodEnd),
    check('digest_sends_period_order', sql`${t.periodStart} < ${t.periodEnd}`),
    check('digest_sends_items_count', sql`${t.items} >= 0`),
  ],
);

export type NotificationTopic = (typeof notificationTopic.enumValues)[number];
export type NotificationChannel = (typeof notificationChannel.enumValues)[number];
export type DigestFrequency = (typeof digestFrequency.enumValues)[number];
export type DigestSend = typeof digestSends.$inferSelect;
