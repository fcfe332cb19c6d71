import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { comments, users } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { invalid } from '#app/domain/core/errors';
import { shownHandle, shownName } from '#app/domain/users/shown.server';
import type { HiddenNotice } from '#app/domain/moderation/flags';
import { hiddenNoticeOf } from '#app/domain/moderation/hidden.server';
import { canDeleteComment, canEditComment } from './policy';

export type CommentView = {
  id: number;
  body: string | null;
  /** The language it is written in (detected when written): its `lang` attribute. */
  language: string;
  /** Null (both) once the author deleted their account: shown as "a deleted account". */
  authorHandle: string | null;
  authorName: string | null;
  /** Computed here rather than by comparing ids in the browser, which never sees user ids. */
  canEdit: boolean;
  canDelete: boolean;
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
  /** Hidden by moderation, as its author and reviewers see it (why), else null (issue 15). */
  hidden: HiddenNotice | null;
  /**
   * Hidden, seen by anyone else: only a placeholder holding its replies, with no author and no
   * text (a hidden comment without replies to show is left out altogether).
   */
  withheld: boolean;
  replies: CommentView[];
};

/** Top-level comments (each with all its replies) per page of a discussion. */
export const COMMENTS_PER_PAGE = 50;

export type CommentPage = {
  threads: CommentView[];
  /** The id of the top-level comment the next page starts at; null on the last page. */
  next: number | null;
  /** Whether the page starts at the discussion's beginning. */
  first: boolean;
};

/**
 * Where a page that starts at comment `from` (or at the thread it replies to) begins, as its sort
 * key. A comment of another idea, or none, is not a page of this discussion: Invalid (400).
 */
async function threadStart(db: Db, ideaId: number, from: number) {
  const [start] = await db
    .select({
      // To the microsecond, which a JS Date would not keep.
      createdAt: sql<string>`to_char(${comments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      id: comments.id,
    })
    .from(comments)
    .where(
      and(
        eq(comments.ideaId, ideaId),
        eq(
          comments.id,
          sql`(select coalesce(parent_id, id) from comments where id = ${from} and idea_id = ${ideaId})`,
        ),
      ),
    );
  if (!start) throw invalid('errors.page.cursor');
  return start;
}

/**
 * A page of an idea's discussion as a two-level thread, oldest first, with what the viewer may do
 * to each comment: `size` top-level comments from the one `from` names (or the first), each with
 * all its replies. Read by keyset on (created_at, id), so the tenth page costs what the first does.
 */
export async function listComments(
  db: Db,
  ideaId: number,
  viewer: Actor | null = null,
  options: {
    from?: number;
    size?: number;
    /** The viewer reviews this idea's content (a member of its brand, a moderator): sees hidden comments. */
    reviewer?: boolean;
  } = {},
): Promise<CommentPage> {
  const size = options.size ?? COMMENTS_PER_PAGE;
  const start = options.from === undefined ? null : await threadStart(db, ideaId, options.from);
  const withAuthor = { c: comments, authorHandle: shownHandle, authorName: shownName };
  const roots = await db
    .select(withAuthor)
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.ideaId, ideaId),
        isNull(comments.parentId),
        start
          ? sql`(${comments.createdAt}, ${comments.id}) >= (${start.createdAt}::timestamptz, ${start.id}::integer)`
          : undefined,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(size + 1);
  const shown = roots.slice(0, size);
  const replies = shown.length
    ? await db
        .select(withAuthor)
        .from(comments)
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(
          inArray(
            comments.parentId,
            shown.map((r) => r.c.id),
          ),
        )
        .orderBy(asc(comments.createdAt), asc(comments.id))
    : [];
  const views = new Map<number, CommentView>();
  const top: CommentView[] = [];
  for (const { c, authorHandle, authorName } of [...shown, ...replies]) {
    const seesHidden = options.reviewer === true || viewer?.id === c.authorId;
    const withheld = c.hiddenAt !== null && !seesHidden;
    const view: CommentView = withheld
      ? {
          id: c.id,
          body: null,
          language: c.language,
          authorHandle: null,
          authorName: null,
          canEdit: false,
          canDelete: false,
          createdAt: c.createdAt,
          updatedAt: c.createdAt,
          deleted: false,
          hidden: null,
          withheld: true,
          replies: [],
        }
      : {
          id: c.id,
          body: c.deletedAt ? null : c.body,
          language: c.language,
          authorHandle,
          authorName,
          canEdit: canEditComment(viewer, c),
          canDelete: canDeleteComment(viewer, c),
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
          deleted: c.deletedAt !== null,
          hidden:
            c.hiddenAt && !c.deletedAt
              ? await hiddenNoticeOf(db, {
                  ideaId: c.ideaId,
                  commentId: c.id,
                  hiddenReason: c.hiddenReason,
                })
              : null,
          withheld: false,
          replies: [],
        };
    views.set(c.id, view);
    if (c.parentId === null) top.push(view);
    else views.get(c.parentId)?.replies.push(view);
  }
  // A deleted comment (or one hidden from this viewer) with no replies left to hold together is
  // simply gone.
  const gone = (c: CommentView) => c.deleted || c.withheld;
  const threads = top
    .filter((c) => !gone(c) || c.replies.some((r) => !gone(r)))
    .map((c) => ({ ...c, replies: c.replies.filter((r) => !gone(r)) }));
  return { threads, next: roots[size]?.c.id ?? null, first: start === null };
}

export async function countComments(db: Db, ideaId: number) {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    // As ideas.comment_count counts them: hidden comments are not counted (issue 15).
    .where(and(eq(comments.ideaId, ideaId), isNull(comments.deletedAt), isNull(comments.hiddenAt)));
  return n;
}
