// Comments on ideas: top-level comments and one level of replies; authors edit and delete their own.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.server';
import { challenges, comments, ideas, users } from '../../db/schema';
import { isModerator, type Actor } from './actor';
import { conflict, forbidden, invalid, msg, notFound } from './errors';
import { appendEvent } from './events.server';
import { idField } from './fields';
import { PUBLIC_IDEA_STATUSES } from './ideas.server';

const bodyField = z
  .string({ required_error: 'errors.comment.bodyRequired' })
  .trim()
  .min(1, 'errors.comment.bodyRequired')
  .max(5000, 'errors.comment.bodyLength');

export const commentSchema = z.object({
  body: bodyField,
  parentId: z
    .union([z.literal('').transform(() => null), idField('replyTo')])
    .optional()
    .transform((v) => v ?? null),
});
export const commentEditSchema = z.object({ body: bodyField });
export type CommentInput = z.infer<typeof commentSchema>;

export async function addComment(db: Db, actor: Actor, ideaId: number, input: CommentInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ idea: ideas, stage: challenges.stage, brandId: challenges.brandId })
      .from(ideas)
      .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
      .where(eq(ideas.id, ideaId))
      .for('update', { of: ideas });
    if (!row || row.stage === 'draft' || !PUBLIC_IDEA_STATUSES.includes(row.idea.status))
      throw notFound('errors.notFound.idea');
    if (row.stage === 'archived') throw conflict('errors.comment.archived');
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
      .values({ ideaId, authorId: actor.id, parentId: input.parentId, body: input.body })
      .returning();
    const [counted] = await tx
      .update(ideas)
      .set({ commentCount: sql`${ideas.commentCount} + 1`, lastActivityAt: new Date() })
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
      payload: { parentId: input.parentId, commentCount: counted!.commentCount },
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
  if (row.comment.authorId !== actor.id && !(allowModerator && isModerator(actor)))
    throw forbidden('errors.comment.onlyOwn');
  return row;
}

/** `ideaId`, when given, is the idea the request came from: a comment of another idea is not found. */
export async function editComment(
  db: Db,
  actor: Actor,
  commentId: number,
  body: string,
  ideaId?: number,
) {
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
      .set({ body, updatedAt: new Date() })
      .where(eq(comments.id, commentId))
      .returning();
    await appendEvent(tx, {
      type: 'comment.updated',
      actorId: actor.id,
      brandId,
      challengeId,
      ideaId: comment.ideaId,
      commentId,
    });
    return updated!;
  });
}

/** Deleting keeps the row (replies still hang off it) but erases what it said. */
export async function deleteComment(db: Db, actor: Actor, commentId: number, ideaId?: number) {
  return db.transaction(async (tx) => {
    const { comment, challengeId, brandId } = await ownComment(tx, actor, commentId, true, ideaId);
    await tx
      .update(comments)
      .set({ body: '[deleted]', deletedAt: new Date() })
      .where(eq(comments.id, commentId));
    const [counted] = await tx
      .update(ideas)
      .set({ commentCount: sql`${ideas.commentCount} - 1` })
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
    });
  });
}

export type CommentView = {
  id: number;
  body: string | null;
  authorHandle: string;
  authorName: string;
  /** Computed here rather than by comparing ids in the browser, which never sees user ids. */
  canEdit: boolean;
  canDelete: boolean;
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
  replies: CommentView[];
};

/** Comments of an idea as a two-level thread, oldest first, with what the viewer may do to each. */
export async function listComments(
  db: Db,
  ideaId: number,
  viewer: Actor | null = null,
): Promise<CommentView[]> {
  const rows = await db
    .select({ c: comments, authorHandle: users.handle, authorName: users.displayName })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.ideaId, ideaId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const views = new Map<number, CommentView>();
  const top: CommentView[] = [];
  for (const { c, authorHandle, authorName } of rows) {
    const view: CommentView = {
      id: c.id,
      body: c.deletedAt ? null : c.body,
      authorHandle,
      authorName,
      canEdit: viewer?.id === c.authorId,
      canDelete: viewer?.id === c.authorId || isModerator(viewer),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      deleted: c.deletedAt !== null,
      replies: [],
    };
    views.set(c.id, view);
    if (c.parentId === null) top.push(view);
    else views.get(c.parentId)?.replies.push(view);
  }
  // A deleted comment with no replies left to hold together is simply gone.
  return top
    .filter((c) => !c.deleted || c.replies.some((r) => !r.deleted))
    .map((c) => ({ ...c, replies: c.replies.filter((r) => !r.deleted) }));
}

export async function countComments(db: Db, ideaId: number) {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    .where(and(eq(comments.ideaId, ideaId), isNull(comments.deletedAt)));
  return n;
}
