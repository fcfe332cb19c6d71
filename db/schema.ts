// The whole relational schema. drizzle-kit turns changes here into SQL migrations in db/migrations.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const userRole = pgEnum('user_role', ['prosumer', 'moderator', 'admin']);
export const brandRole = pgEnum('brand_role', ['owner', 'manager']);
export const challengeStage = pgEnum('challenge_stage', [
  'draft',
  'open',
  'voting',
  'review',
  'awarded',
  'archived',
]);
export const ideaStatus = pgEnum('idea_status', [
  'published',
  'hidden',
  'shortlisted',
  'winner',
  'merged',
  'withdrawn',
]);

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

export const brands = pgTable(
  'brands',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The description rendered once when written (app/domain/markdown.server.ts); null until backfilled. */
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

export type JudgingCriterion = { name: string; weight: number };

export const challenges = pgTable(
  'challenges',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    brief: text('brief').notNull(),
    briefHtml: text('brief_html'),
    briefExcerpt: text('brief_excerpt'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text('language').notNull().default('en'),
    rewardDescription: text('reward_description').notNull().default(''),
    rewardPoints: integer('reward_points').notNull().default(0),
    criteria: jsonb('criteria').$type<JudgingCriterion[]>().notNull().default([]),
    stage: challengeStage('stage').notNull().default('draft'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    votingAt: timestamp('voting_at', { withTimezone: true }),
    reviewAt: timestamp('review_at', { withTimezone: true }),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    maxIdeasPerUser: smallint('max_ideas_per_user').notNull().default(3),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('challenges_stage_idx').on(t.stage, t.stageChangedAt),
    index('challenges_brand_idx').on(t.brandId, t.createdAt),
    index('challenges_tags_idx').using('gin', t.tags),
    check('challenges_title_length', sql`char_length(${t.title}) between 5 and 120`),
    check('challenges_reward_points_nonnegative', sql`${t.rewardPoints} >= 0`),
    check('challenges_max_ideas_range', sql`${t.maxIdeasPerUser} between 1 and 50`),
    check('challenges_language', sql`${t.language} in ('en', 'es', 'it')`),
  ],
);

export const ideas = pgTable(
  'ideas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html'),
    bodyExcerpt: text('body_excerpt'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    buildsOnId: integer('builds_on_id').references((): AnyPgColumn => ideas.id),
    status: ideaStatus('status').notNull().default('published'),
    supportCount: integer('support_count').notNull().default(0),
    opposeCount: integer('oppose_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ideas_challenge_new_idx').on(t.challengeId, t.createdAt),
    index('ideas_challenge_score_idx').on(
      t.challengeId,
      sql`(${t.supportCount} - ${t.opposeCount})`,
    ),
    index('ideas_author_idx').on(t.authorId, t.createdAt),
    index('ideas_builds_on_idx').on(t.buildsOnId),
    index('ideas_activity_idx').on(t.lastActivityAt),
    check('ideas_title_length', sql`char_length(${t.title}) between 5 and 120`),
    check(
      'ideas_counts_nonnegative',
      sql`${t.supportCount} >= 0 and ${t.opposeCount} >= 0 and ${t.commentCount} >= 0`,
    ),
    check(
      'ideas_not_building_on_itself',
      sql`${t.buildsOnId} is null or ${t.buildsOnId} <> ${t.id}`,
    ),
  ],
);

export const votes = pgTable(
  'votes',
  {
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    value: smallint('value').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.userId] }),
    index('votes_user_idx').on(t.userId, t.createdAt),
    index('votes_idea_recent_idx').on(t.ideaId, t.updatedAt),
    check('votes_value_is_plus_or_minus_one', sql`${t.value} in (-1, 1)`),
  ],
);

export const comments = pgTable(
  'comments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    parentId: integer('parent_id').references((): AnyPgColumn => comments.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('comments_idea_idx').on(t.ideaId, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    index('comments_author_idx').on(t.authorId, t.createdAt),
    check('comments_body_length', sql`char_length(${t.body}) between 1 and 5000`),
  ],
);

/**
 * Append-only log of every state change others may see. Written in the same transaction as the
 * change; a trigger (migration 0001) refuses UPDATE and DELETE. No foreign keys, so history
 * outlives what it describes.
 */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    brandId: integer('brand_id'),
    challengeId: integer('challenge_id'),
    ideaId: integer('idea_id'),
    commentId: integer('comment_id'),
    subjectUserId: text('subject_user_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_challenge_idx').on(t.challengeId, t.id),
    index('events_idea_idx').on(t.ideaId, t.id),
    index('events_actor_idx').on(t.actorId, t.id),
    index('events_subject_idx').on(t.subjectUserId, t.id),
    index('events_type_idx').on(t.type, t.id),
  ],
);

export const notificationKind = pgEnum('notification_kind', [
  /** Someone supported the recipient's idea. */
  'vote',
  /** Someone opposed the recipient's idea (told apart from support: never "supported your idea"). */
  'oppose',
  'comment',
  'reply',
  'mention',
  'build',
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
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

export const jobStatus = pgEnum('job_status', [
  'pending',
  'running',
  'done',
  /** Parked: out of attempts or an invalid payload; kept with its error for someone to look at. */
  'failed',
]);

/** Work to do outside a request, run by jobs/runner.server.ts (docs/decisions/008). */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull().default({}),
    status: jobStatus('status').notNull().default('pending'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    /** The lease: a running job whose lease has passed belongs to a crashed process and runs again. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // One live job per key; finished ones keep their key for the record.
    uniqueIndex('jobs_dedupe_key_live_key')
      .on(t.dedupeKey)
      .where(sql`${t.status} in ('pending', 'running')`),
    index('jobs_due_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('jobs_lease_idx')
      .on(t.lockedUntil)
      .where(sql`${t.status} = 'running'`),
    check('jobs_attempts_range', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

/** How far each after-commit consumer of the event log has got (jobs/consumers.server.ts). */
export const consumerCursors = pgTable('consumer_cursors', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  /** Why the last batch failed; cleared when a batch succeeds. A stalled consumer shows it here. */
  lastError: text('last_error'),
  updatedAt: updatedAt(),
});

export type User = typeof users.$inferSelect;
export type Brand = typeof brands.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type Idea = typeof ideas.$inferSelect;
export type Vote = typeof votes.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type JobStatus = (typeof jobStatus.enumValues)[number];
export type NotificationKind = (typeof notificationKind.enumValues)[number];
export type ChallengeStage = (typeof challengeStage.enumValues)[number];
export type IdeaStatus = (typeof ideaStatus.enumValues)[number];
export type UserRole = (typeof userRole.enumValues)[number];
export type BrandRole = (typeof brandRole.enumValues)[number];
