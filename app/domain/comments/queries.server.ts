import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { comments, users } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canDeleteComment, canEditComment } from './policy';

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
      canEdit: canEditComment(viewer, c),
      canDelete: canDeleteComment(viewer, c),
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
