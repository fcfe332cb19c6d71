// Moderation and trust (issue 15, docs/decisions/020): flags on ideas and comments, reviews of the
// first posts of new accounts, flag bans, suspensions, and the append-only audit log of every
// moderation and brand-administration action.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './users';
import { ideas } from './ideas';
import { comments } from './comments';

export const flagReason = pgEnum('flag_reason', [
  'spam',
  'offensive',
  'off_topic',
  /** Duplicate of another idea: duplicate_of_id names it. */
  'duplicate',
  /** Anything else: the note says what. */
  'other',
]);

/** How a flag was resolved: dismissed (the content stays or comes back) or upheld (hidden). */
export const flagOutcome = pgEnum('flag_outcome', ['dismissed', 'upheld']);

/**
 * One person's flag on an idea (comment_id null) or on one of its comments. One flag per person per
 * item, ever: a dismissed flag cannot be raised again. Open while resolved_at is null.
 */
export const flags = pgTable(
  'flags',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The idea flagged, or the idea of the comment flagged. */
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    commentId: integer('comment_id').references(() => comments.id),
    flaggerId: text('flagger_id')
      .notNull()
      .references(() => users.id),
    reason: flagReason('reason').notNull(),
    duplicateOfId: integer('duplicate_of_id').references(() => ideas.id),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by').references(() => users.id),
    outcome: flagOutcome('outcome'),
  },
  (t) => [
    uniqueIndex('flags_one_per_person_key').on(
      t.flaggerId,
      t.ideaId,
      sql`coalesce(${t.commentId}, 0)`,
    ),
    index('flags_open_item_idx')
      .on(t.ideaId, t.commentId)
      .where(sql`${t.resolvedAt} is null`),
    index('flags_flagger_idx').on(t.flaggerId, t.resolvedAt),
    check('flags_note_length', sql`char_length(${t.note}) <= 500`),
    check(
      'flags_duplicate_names_original',
      sql`(${t.reason} = 'duplicate') = (${t.duplicateOfId} is not null)`,
    ),
    check('flags_other_has_note', sql`${t.reason} <> 'other' or char_length(${t.note}) > 0`),
    check(
      'flags_resolution_whole',
      sql`(${t.resolvedAt} is null) = (${t.outcome} is null) and (${t.resolvedAt} is null) = (${t.resolvedBy} is null)`,
    ),
  ],
);

/**
 * A person who may not flag until `ends_at`: their flags were dismissed again and again
 * (app/domain/moderation/flags.server.ts says how often).
 */
export const flagBans = pgTable(
  'flag_bans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('flag_bans_user_idx').on(t.userId, t.endsAt),
    check('flag_bans_period', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A reviewer looked at an item that was in the queue without open flags (the first post of an
 * account younger than a day) and let it be: it leaves the queue.
 */
export const contentReviews = pgTable(
  'content_reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ideaId: integer('idea_id')
      .notNull()
      .references(() => ideas.id),
    commentId: integer('comment_id').references(() => comments.id),
    reviewedBy: text('reviewed_by')
      .notNull()
      .references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('content_reviews_item_key').on(t.ideaId, sql`coalesce(${t.commentId}, 0)`)],
);

/**
 * A suspension: from starts_at to ends_at the person reads but cannot write. Ended early by a
 * moderator (ended_at before ends_at, ended_by set) or by the job once ends_at passes (ended_at =
 * ends_at, ended_by null). users.suspended_until mirrors the one in force.
 */
export const suspensions = pgTable(
  'suspensions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    suspendedBy: text('suspended_by')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by').references(() => users.id),
    endReason: text('end_reason'),
  },
  (t) => [
    index('suspensions_user_idx').on(t.userId, t.startsAt),
    // The job's work: suspensions in force, by when they end.
    index('suspensions_running_idx')
      .on(t.endsAt)
      .where(sql`${t.endedAt} is null`),
    // At most one suspension in force per person: a new one replaces (ends) the old first.
    uniqueIndex('suspensions_one_running_key')
      .on(t.userId)
      .where(sql`${t.endedAt} is null`),
    check('suspensions_reason_length', sql`char_length(${t.reason}) between 1 and 500`),
    check('suspensions_period', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Every action the audit log records (app/domain/audit/actions.ts lists what each means). */
export const auditAction = pgEnum('audit_action', [
  // Moderation
  'flags.dismissed',
  'content.hidden',
  'content.restored',
  'content.auto_hidden',
  'content.approved',
  'comment.deleted',
  'idea.tags_edited',
  'idea.merged',
  'user.suspended',
  'user.unsuspended',
  'user.flag_banned',
  'user.role_changed',
  // Brand administration
  'brand.member_added',
  'brand.member_removed',
  'brand.ownership_transferred',
  'challenge.edited',
  'challenge.stage_moved',
  'idea.scored',
  'idea.shortlisted',
  'idea.unshortlisted',
  'reward.granted',
  'reward.fulfilled',
  'reward.revoked',
]);

/** What an audit entry is about. */
export const auditTargetKind = pgEnum('audit_target_kind', [
  'idea',
  'comment',
  'user',
  'brand',
  'challenge',
  'reward',
]);

/**
 * The audit log: who did what to what, why, and what it was before and after. Append-only like the
 * event log (migration 0014's trigger refuses UPDATE, DELETE and TRUNCATE); no foreign keys, so an
 * entry outlives what it describes. actor_id null: the system (a job, or three flags).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: text('actor_id'),
    action: auditAction('action').notNull(),
    targetKind: auditTargetKind('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    /** The brand the target belongs to, if any: brand members read the entries of their brand. */
    brandId: integer('brand_id'),
    challengeId: integer('challenge_id'),
    ideaId: integer('idea_id'),
    /** The person the action was about (the author of hidden content, the suspended person). */
    subjectUserId: text('subject_user_id'),
    reason: text('reason').notNull().default(''),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at.desc(), t.id.desc()),
    index('audit_log_actor_idx').on(t.actorId, t.at.desc(), t.id.desc()),
    index('audit_log_brand_idx').on(t.brandId, t.at.desc(), t.id.desc()),
    index('audit_log_action_idx').on(t.action, t.at.desc(), t.id.desc()),
    index('audit_log_target_idx').on(t.targetKind, t.targetId, t.at.desc()),
    index('audit_log_subject_idx').on(t.subjectUserId, t.at.desc()),
    check('audit_log_reason_length', sql`char_length(${t.reason}) <= 1000`),
  ],
);

export type Flag = typeof flags.$inferSelect;
export type FlagReason = (typeof flagReason.enumValues)[number];
export type Suspension = typeof suspensions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditAction = (typeof auditAction.enumValues)[number];
export type AuditTargetKind = (typeof auditTargetKind.enumValues)[number];
