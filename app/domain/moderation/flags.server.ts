// Flags (issue 15): a person with the flag privilege flags an idea or a comment; the third open
// flag from distinct people hides the item at once, pending review (the review queue,
// queue.server.ts, dismisses or upholds them). The rules both sides read are in flags.ts.
import { and, asc, eq, gt, isNull, lte, sql, desc } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  brandMembers,
  challenges,
  comments,
  flagBans,
  flags,
  ideas,
  type ChallengeStage,
  type Comment,
  type FlagReason,
  type IdeaStatus,
} from '../../../db/schema';
import { recordAudit } from '#app/domain/audit/log.server';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import {
  DomainError,
  conflict,
  forbidden,
  invalid,
  msg,
  notFound,
  unauthorized,
} from '#app/domain/core/errors';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { appendEvent } from '#app/domain/events/log.server';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { lockIdea } from '#app/domain/ideas/queries.server';
import { reputationOf } from '#app/domain/reputation/queries.server';
import { privilegeRefusal } from '#app/domain/reputation/policy';
import {
  AUTO_HIDE_FLAGS,
  flagRefusal,
  type FlagItem,
  type FlagRefusal,
  type FlagStanding,
} from './flags';

export type FlagCommand = {
  /** Null: nobody is signed in (401). */
  actor: Actor | null;
  ideaId: number;
  /** Set when flagging one of the idea's comments. */
  commentId?: number | null;
  reason: FlagReason;
  /** For 'duplicate': the original idea. */
  duplicateOfId?: number | null;
  note: string;
} & Timed;

export type FlagResult = {
  flagId: number;
  /** Whether this flag was the one that hid the item. */
  hidden: boolean;
  /** The idea's challenge, where a flagger goes once the idea is hidden from them. */
  challengeSlug: string;
};

/** The end of the flag ban in force at `now`, or null. */
export async function flagBanOf(db: Db, userId: string, now: Date): Promise<Date | null> {
  const [ban] = await db
    .select({ endsAt: flagBans.endsAt })
    .from(flagBans)
    .where(and(eq(flagBans.userId, userId), lte(flagBans.startsAt, now), gt(flagBans.endsAt, now)))
    .orderBy(desc(flagBans.endsAt))
    .limit(1);
  return ban?.endsAt ?? null;
}

/**
 * A person's flagging standing on a brand's content: their reputation (read from the ledger's
 * totals, as votes read it), whether a role lifts the threshold (a member of the brand, a
 * moderator or admin), and a flag ban in force.
 */
export async function flagStandingOf(
  db: Db,
  actor: Actor,
  brandId: number,
  now: Date,
): Promise<FlagStanding> {
  const [member] = await db
    .select({ role: brandMembers.role })
    .from(brandMembers)
    .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, actor.id)));
  return {
    reputation: await reputationOf(db, actor.id),
    roleOverride: member !== undefined || isModerator(actor),
    bannedUntil: await flagBanOf(db, actor.id, now),
  };
}

const REFUSALS: Record<Exclude<FlagRefusal, 'gone'>, (s: FlagStanding) => DomainError> = {
  signIn: () => unauthorized('flags.errors.signIn'),
  own: () => forbidden('flags.errors.own'),
  flagged: () => conflict('flags.errors.twice'),
  banned: (s) =>
    new DomainError('Forbidden', 'flags.errors.banned', {
      until: new Date(s.bannedUntil!).getTime(),
    }),
  privilege: (s) => {
    const lock = privilegeRefusal('flag', s)!;
    return new DomainError('Forbidden', 'flags.errors.privilege', {
      threshold: lock.threshold,
      reputation: lock.reputation,
    });
  },
};

/** The comment being flagged, locked; one of another idea, or none, is not found. */
async function lockComment(tx: Db, ideaId: number, commentId: number): Promise<Comment> {
  // NO KEY UPDATE, taken before the idea's lock: deleting a comment locks the comment and then
  // writes the idea (the same order), and a reply being added holds the idea and takes a key-share
  // lock on its parent, which this lock does not block.
  const [comment] = await tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.ideaId, ideaId)))
    .for('no key update');
  if (!comment) throw notFound('errors.notFound.comment');
  return comment;
}

/**
 * Flags an idea (or one of its comments). One transaction: the item is locked, so flags on one
 * item apply one after another and the one that brings the open flags from distinct people to
 * AUTO_HIDE_FLAGS — exactly one — hides it. Refused (4xx, nothing written): not signed in, below the
 * privilege, banned from flagging, own content, flagged before, content that is not there to flag,
 * a bad duplicate-of.
 */
export async function flagContent(db: Db, command: FlagCommand): Promise<FlagResult> {
  const { actor, ideaId, reason, note } = command;
  const commentId = command.commentId ?? null;
  const duplicateOfId = reason === 'duplicate' ? (command.duplicateOfId ?? null) : null;
  if (!actor) throw unauthorized('flags.errors.signIn');
  const now = nowFrom(command);
  try {
    return await db.transaction(async (tx) => {
      const comment = commentId === null ? null : await lockComment(tx, ideaId, commentId);
      const row = await lockIdea(tx, ideaId);
      if (!row || row.stage === 'draft') throw notFound('errors.notFound.idea');
      const { idea, brandId } = row;
      const standing = await flagStandingOf(tx, actor, brandId, now);
      const reviewer = standing.roleOverride;

      // What is there to flag. Content the flagger cannot see is not found, as on its page.
      if (idea.status === 'merged') throw conflict('flags.errors.merged');
      if (!PUBLIC_IDEA_STATUSES.includes(idea.status)) {
        const seesIt = idea.authorId === actor.id || reviewer;
        if (idea.status === 'hidden' && seesIt && !comment) throw conflict('flags.errors.hidden');
        throw notFound('errors.notFound.idea');
      }
      if (comment?.deletedAt) throw conflict('flags.errors.deleted');
      if (comment?.hiddenAt) {
        if (comment.authorId === actor.id || reviewer) throw conflict('flags.errors.hidden');
        throw notFound('errors.notFound.comment');
      }

      const authorId = comment ? comment.authorId : idea.authorId;
      const [already] = await tx
        .select({ id: flags.id })
        .from(flags)
        .where(
          and(
            eq(flags.flaggerId, actor.id),
            eq(flags.ideaId, ideaId),
            sql`coalesce(${flags.commentId}, 0) = ${commentId ?? 0}`,
          ),
        );
      const item: FlagItem = { own: authorId === actor.id, gone: false, flagged: !!already };
      const refusal = flagRefusal(actor, standing, item);
      if (refusal && refusal !== 'gone') throw REFUSALS[refusal](standing);

      if (reason === 'duplicate') await checkOriginal(tx, idea, comment, duplicateOfId);

      const [flag] = await tx
        .insert(flags)
        .values({
          ideaId,
          commentId,
          flaggerId: actor.id,
          reason,
          duplicateOfId,
          note,
          createdAt: now,
        })
        .returning({ id: flags.id });
      const where = { brandId, challengeId: idea.challengeId, ideaId, commentId };
      await appendEvent(tx, {
        type: 'content.flagged',
        actorId: actor.id,
        subjectUserId: authorId,
        ...where,
        payload: { reason, flagId: flag!.id },
        at: now,
      });

      const open = await openFlagsOn(tx, ideaId, commentId);
      const flaggers = new Set(open.map((f) => f.flaggerId)).size;
      if (flaggers < AUTO_HIDE_FLAGS)
        return {
          flagId: flag!.id,
          hidden: false,
          challengeSlug: await slugOf(tx, idea.challengeId),
        };
      const kind = comment ? 'comment' : 'idea';
      if (comment) {
        await tx
          .update(comments)
          .set({ hiddenAt: now, hiddenReason: null })
          .where(eq(comments.id, comment.id));
        // Hidden comments are not counted; restoring one counts it again.
        await tx
          .update(ideas)
          .set({ commentCount: sql`${ideas.commentCount} - 1` })
          .where(eq(ideas.id, ideaId));
      } else {
        await tx
          .update(ideas)
          .set({ status: 'hidden', hiddenAt: now, hiddenFrom: idea.status, hiddenReason: null })
          .where(eq(ideas.id, ideaId));
      }
      await appendEvent(tx, {
        type: 'content.auto_hidden',
        actorId: actor.id,
        subjectUserId: authorId,
        ...where,
        payload: { kind },
        at: now,
      });
      const reasons = [...new Set(open.map((f) => f.reason))];
      await recordAudit(tx, {
        at: now,
        actorId: null,
        action: 'content.auto_hidden',
        target: { kind, id: comment ? comment.id : ideaId },
        brandId,
        challengeId: idea.challengeId,
        ideaId,
        subjectUserId: authorId,
        reason: `${flaggers} flags: ${reasons.join(', ')}`,
        before: comment ? { hidden: false } : { status: idea.status },
        after: comment ? { hidden: true } : { status: 'hidden' },
      });
      return { flagId: flag!.id, hidden: true, challengeSlug: await slugOf(tx, idea.challengeId) };
    });
  } catch (e) {
    // The last line: a flag by the same person that slipped past the check above.
    if (pgErrorCode(e) === UNIQUE_VIOLATION) throw conflict('flags.errors.twice');
    throw e;
  }
}

/**
 * The original a 'duplicate' flag names: another public idea of the same challenge. Only ideas are
 * duplicates; a comment is flagged as something else.
 */
async function checkOriginal(
  tx: Db,
  idea: { id: number; challengeId: number },
  comment: Comment | null,
  duplicateOfId: number | null,
) {
  const refuse = (key: string) => invalid(key, undefined, { duplicateOf: msg(key) });
  if (comment) throw refuse('flags.errors.duplicateComment');
  if (duplicateOfId === null) throw refuse('flags.errors.duplicateRequired');
  if (duplicateOfId === idea.id) throw refuse('flags.errors.duplicateSelf');
  const [original] = await tx
    .select({ challengeId: ideas.challengeId, status: ideas.status })
    .from(ideas)
    .where(eq(ideas.id, duplicateOfId));
  if (!original || !PUBLIC_IDEA_STATUSES.includes(original.status))
    throw refuse('flags.errors.duplicateNotFound');
  if (original.challengeId !== idea.challengeId) throw refuse('flags.errors.duplicateElsewhere');
}

async function slugOf(tx: Db, challengeId: number) {
  const [row] = await tx
    .select({ slug: challenges.slug })
    .from(challenges)
    .where(eq(challenges.id, challengeId));
  return row!.slug;
}

/** The open flags on an item, one per person (the unique index), oldest first. */
async function openFlagsOn(tx: Db, ideaId: number, commentId: number | null) {
  return tx
    .select({ flaggerId: flags.flaggerId, reason: flags.reason })
    .from(flags)
    .where(
      and(
        eq(flags.ideaId, ideaId),
        commentId === null ? isNull(flags.commentId) : eq(flags.commentId, commentId),
        isNull(flags.resolvedAt),
      ),
    )
    .orderBy(asc(flags.createdAt), asc(flags.id));
}

/** What the idea page's flag controls show, computed by the policy flagContent checks. */
export type FlagControls = {
  /** Why the viewer may not flag the idea, or null. */
  idea: FlagRefusal | null;
  /** The same for each comment on the page, by id. */
  comments: Record<number, FlagRefusal | null>;
  /** What unlocks flagging and what the viewer has ('privilege'), and a ban's end ('banned'). */
  lock: { threshold: number; reputation: number } | null;
  bannedUntil: string | null;
};

type ShownComment = {
  id: number;
  canEdit: boolean;
  deleted: boolean;
  hidden?: unknown;
  withheld?: boolean;
  replies: ShownComment[];
};

/**
 * The flag controls of the idea page for this viewer: the idea and the comments the page shows
 * (own: the viewer may edit it, which only its author may). Content that is not public is not
 * there to flag.
 */
export async function flagControlsOf(
  db: Db,
  viewer: Actor | null,
  page: {
    ideaId: number;
    brandId: number;
    isAuthor: boolean;
    status: IdeaStatus;
    stage: ChallengeStage;
    threads: ShownComment[];
    /** When a flag ban is in force is read at the request's time. */
    now: Date;
  },
): Promise<FlagControls> {
  const now = page.now;
  const gone = page.stage === 'draft' || !PUBLIC_IDEA_STATUSES.includes(page.status);
  const standing = viewer ? await flagStandingOf(db, viewer, page.brandId, now) : null;
  const mine = viewer
    ? await db
        .select({ commentId: flags.commentId })
        .from(flags)
        .where(and(eq(flags.flaggerId, viewer.id), eq(flags.ideaId, page.ideaId)))
    : [];
  const flaggedComments = new Set(mine.map((f) => f.commentId));
  const lock = standing && privilegeRefusal('flag', standing);
  const out: FlagControls = {
    idea: flagRefusal(viewer, standing, {
      own: page.isAuthor,
      gone,
      flagged: flaggedComments.has(null),
    }),
    comments: {},
    lock: lock ? { threshold: lock.threshold, reputation: lock.reputation } : null,
    bannedUntil: standing?.bannedUntil ? new Date(standing.bannedUntil).toISOString() : null,
  };
  const visit = (c: ShownComment) => {
    out.comments[c.id] = flagRefusal(viewer, standing, {
      own: c.canEdit,
      gone: gone || c.deleted || !!c.hidden || !!c.withheld,
      flagged: flaggedComments.has(c.id),
    });
    c.replies.forEach(visit);
  };
  page.threads.forEach(visit);
  return out;
}
