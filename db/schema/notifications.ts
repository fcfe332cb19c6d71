import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './users';
import { ideas } from './ideas';
import { comments } from './comments';
import { intents } from './intents';
import { events } from './events';
import { digestSends } from './mail';

export const notificationKind = pgEnum('notification_kind', [
  /** Someone supported the recipient's idea. */
  'vote',
  /** Someone opposed the recipient's idea (told apart from support: never "supported your idea"). */
  'oppose',
  'comment',
  'reply',
  'mention',
  'build',
  /** The recipient's idea was shortlisted. */
  'shortlisted',
  /** The recipient's idea won: the reward is on its way. */
  'reward',
  /** A reward of the recipient was fulfilled or revoked (the note says how). */
  'reward_fulfilled',
  'reward_revoked',
  /** A challenge the recipient follows moved stage. */
  'stage',
  /** A challenge the recipient follows announced its winners. */
  'results',
  /** The recipient earned a badge. */
  'badge',
  /** Moderation acted on the recipient's content or account (hidden, restored, suspended, …). */
  'moderation',
  /** An idea the recipient wrote or voted on was merged into another (their vote moved there). */
  'merged',
  /** A brand made (or changed) an offer on the recipient's intent (issue 17). */
  'offer',
  /** The author of an intent accepted, declined or asked about the recipient's offer (issue 17). */
  'offer_answer',
  /** A new message in the private thread of an intent the recipient wrote, or answers for. */
  'intent_message',
  /** The recipient's intent expired (the job closed it). */
  'intent_expired',
]);

/** What a person is told about: one row per recipient, pointing at the event that caused it. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id),
    kind: notificationKind('kind').notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    ideaId: integer('idea_id').references(() => ideas.id),
    commentId: integer('comment_id').references(() => comments.id),
    /** The intent it is about (issue 17). */
    intentId: integer('intent_id').references(() => intents.id),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** Also goes in the recipient's email digest: their topic was `digest` when it was written. */
    digest: boolean('digest').notNull().default(false),
    /** The digest that covered it (db/schema/mail.ts); null while it waits for one. */
    digestSendId: bigint('digest_send_id', { mode: 'number' }).references(() => digestSends.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    // The digests' queue: what waits for a person's next digest.
    index('notifications_digest_pending_idx')
      .on(t.userId, t.createdAt)
      .where(sql`${t.digest} and ${t.digestSendId} is null`),
    // What a digest covered, so releasing a digest whose mail failed does not scan the table.
    index('notifications_digest_send_idx')
      .on(t.digestSendId)
      .where(sql`${t.digestSendId} is not null`),
  ],
);
export type Notification = typeof notifications.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
