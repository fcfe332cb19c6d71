// Comments on ideas: top-level comments and one level of replies; authors edit and delete their own.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, comments, ideas, users } from '../../../db/schema';
import type { ContentLanguage } from '../../../db/schema/columns';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, invalid, msg, notFound } from '#app/domain/core/errors';
import { recordAudit } from '#app/domain/audit/log.server';
import { excerpt } from '#app/domain/audit/diff';
import { appendEvent } from '#app/domain/events/log.server';
import { lockPublicIdea } from '#app/domain/ideas/queries.server';
import { asContentLanguage } from '#app/domain/listening/language.server';
import { listenTo } from '#app/domain/listening/listen.server';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { canDeleteComment, canEditComment, commentsOpen } from './policy';
import type { CommentInput } from './schema';

/**
 * The guess for a comment too short to tell its language: its idea's language, else its author's
 * interface language when that is a content language. Read before the transaction.
 */
async function commentFallback(
  db: Db,
  actor: Actor,
  where: { ideaId: number } | { commentId: number },
): Promise<ContentLanguage> {
  const [row] =
    'ideaId' in where
      ? await db.select({ language: ideas.language }).from(ideas).where(eq(ideas.id, where.ideaId))
      : await db
          .select({ language: ideas.language })
          .from(comments)
          .innerJoin(ideas, eq(ideas.id, comments.ideaId))
          .where(eq(comments.id, where.commentId));
  const fromIdea = asContentLanguage(row?.language);
  if (fromIdea) return fromIdea;
  const [author] = await db
    .select({ locale: users.locale })
    .from(users)
    .where(eq(users.id, actor.id));
  return asContentLanguage(author?.locale) ?? 'en';
}

export async function addComment(
  db: Db,
  {
    actor,
    ideaId,
    comment: input,
    ...timed
  }: { actor: Actor; ideaId: number; comment: CommentInput } & Timed,
) {
  const now = nowFrom(timed);
  const heard = await listenTo(input.body, await commentFallback(db, actor, { ideaId }));
  return db.transaction(async (tx) => {
    const row = await lockPublicIdea(tx, ideaId);
    if (!commentsOpen({ stage: row.stage, ideaStatus: row.idea.status }))
      throw conflict('errors.comment.archived');
    let parentAuthorId: string | null = null;
    if (input.parentId !== null) {
      const [parent] = await tx.select().from(comments).where(eq(comments.id, input.parentId));
      if (!parent || parent.ideaId !== ideaId)
        throw invalid('errors.comment.parentElsewhere', undefined, {
          parentId: msg('errors.comment.parentElsewhereField'),
        });
      if (parent.parentId !== null)
        throw invalid('errors.comment.tooDeep', undefined, {
          parentId: msg('errors.comment.tooDeepField'),
        });
      if (parent.deletedAt) throw conflict('errors.comment.parentDeleted');
      parentAuthorId = parent.authorId;
    }
    const [comment] = await tx
      .insert(comments)
      .values({
        ideaId,
        authorId: actor.id,
        parentId: input.parentId,
        body: input.body,
        ...heard,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [counted] = await tx
      .update(ideas)
      .set({ commentCount: sql`${ideas.commentCount} + 1`, lastActivityAt: now })
      .where(eq(ideas.id, ideaId))
      .returning({ commentCount: ideas.commentCount });
    // Who is told (parent's author, @mentions, idea's author): comments/reactions.server.ts.
    await appendEvent(tx, {
      type: 'comment.created',
      actorId: actor.id,
      brandId: row.brandId,
      challengeId: row.idea.challengeId,
      ideaId,
      commentId: comment!.id,
      subjectUserId: parentAuthorId ?? row.idea.authorId,
      payload: {
        parentId: input.parentId,
        commentCount: counted!.commentCount,
        language: comment!.language,
        sentiment: comment!.sentiment,
      },
      at: now,
    });
    return comment!;
  });
}

async function ownComment(
  tx: Db,
  actor: Actor,
  commentId: number,
  allowModerator: boolean,
  ideaId?: number,
) {
  const [row] = await tx
    .select({
      comment: comments,
      challengeId: ideas.challengeId,
      brandId: challenges.brandId,
      stage: challenges.stage,
      ideaStatus: ideas.status,
    })
    .from(comments)
    .innerJoin(ideas, eq(ideas.id, comments.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(comments.id, commentId))
    .for('update', { of: comments });
  if (!row || row.comment.deletedAt || (ideaId !== undefined && row.comment.ideaId !== ideaId))
    throw notFound('errors.notFound.comment');
  if (!(allowModerator ? canDeleteComment : canEditComment)(actor, row.comment))
    throw forbidden('errors.comment.onlyOwn');
  return row;
}

/** `ideaId`, when given, is the idea the request came from: a comment of another idea is not found. */
export async function editComment(
  db: Db,
  {
    actor,
    commentId,
    body,
    ideaId,
    ...timed
  }: { actor: Actor; commentId: number; body: string; ideaId?: number } & Timed,
) {
  const now = nowFrom(timed);
  const heard = await listenTo(body, await commentFallback(db, actor, { commentId }));
  return db.transaction(async (tx) => {
    const { comment, challengeId, brandId, stage, ideaStatus } = await ownComment(
      tx,
      actor,
      commentId,
      false,
      ideaId,
    );
    if (stage === 'archived' || !PUBLIC_IDEA_STATUSES.includes(ideaStatus))
      throw conflict('errors.comment.closed');
    const [updated] = await tx
      .update(comments)
      .set({ body, ...heard, updatedAt: now })
      .where(eq(comments.id, commentId))
      .returning();
    await appendEvent(tx, {
      type: 'comment.updated',
      actorId: actor.id,
      brandId,
      challengeId,
      ideaId: comment.ideaId,
      commentId,
      payload: { language: updated!.language, sentiment: updated!.sentiment },
      at: now,
    });
    return updated!;
  });
}

/** How much of a deleted comment the audit log keeps, so a reviewer sees what was removed. */
const DELETED_EXCERPT_LENGTH = 200;

/**
 * Deleting keeps the row (replies still hang off it) but erases what it said. A moderator deleting
 * someone else's comment leaves an audit entry (with `reason`, when given) and an excerpt of it.
 */
export async function deleteComment(
  db: Db,
  {
    actor,
    commentId,
    ideaId,
    reason = '',
    ...timed
  }: { actor: Actor; commentId: number; ideaId?: number; reason?: string } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const { comment, challengeId, brandId } = await ownComment(tx, actor, commentId, true, ideaId);
    if (comment.authorId !== actor.id)
      await recordAudit(tx, {
        at: now,
        actorId: actor.id,
        action: 'comment.deleted',
        target: { kind: 'comment', id: commentId },
        brandId,
        challengeId,
        ideaId: comment.ideaId,
        subjectUserId: comment.authorId,
        reason,
        before: { body: excerpt(comment.body, DELETED_EXCERPT_LENGTH) },
        after: { body: '[deleted]' },
      });
    await tx
      .update(comments)
      .set({ body: '[deleted]', deletedAt: now })
      .where(eq(comments.id, commentId));
    // A hidden comment already left the idea's count when it was hidden.
    const [counted] = await tx
      .update(ideas)
      .set({ commentCount: sql`${ideas.commentCount} - ${comment.hiddenAt ? 0 : 1}::int` })
      .where(eq(ideas.id, comment.ideaId))
      .returning({ commentCount: ideas.commentCount });
    await appendEvent(tx, {
      type: 'comment.deleted',
      actorId: actor.id,
      brandId,
      challengeId,
      ideaId: comment.ideaId,
      commentId,
      payload: { commentCount: counted!.commentCount },
      at: now,
    });
  });
}
