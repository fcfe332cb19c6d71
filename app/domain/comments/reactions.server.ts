// What the comments concept does, inside the transaction, when a comment event is appended.
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { comments, ideas } from '../../../db/schema';
import type { Reactions } from '#app/domain/events/reactions.server';
import { notify, usersByHandles } from '#app/domain/notifications/commands.server';
import { mentionedHandles } from './mentions';

const parent = alias(comments, 'parent');

export const commentReactions: Reactions = {
  // A new comment tells the parent comment's author (a reply), the people it @mentions and the
  // idea's author, each once and in that order of precedence, never the commenter.
  'comment.created': async (tx, event) => {
    if (!event.actorId || event.commentId === null) return;
    const [row] = await tx
      .select({
        body: comments.body,
        ideaAuthorId: ideas.authorId,
        parentAuthorId: parent.authorId,
      })
      .from(comments)
      .innerJoin(ideas, eq(ideas.id, comments.ideaId))
      .leftJoin(parent, eq(parent.id, comments.parentId))
      .where(eq(comments.id, event.commentId));
    // The comment was inserted by the same transaction: missing, the event is wrong; refuse it.
    if (!row)
      throw new Error(`comment.created names comment ${event.commentId}, which is missing.`);
    const mentioned = await usersByHandles(tx, mentionedHandles(row.body));
    await notify(
      tx,
      event,
      { actorId: event.actorId, ideaId: event.ideaId, commentId: event.commentId },
      [
        ...(row.parentAuthorId ? [{ userId: row.parentAuthorId, kind: 'reply' as const }] : []),
        ...mentioned.map((u) => ({ userId: u.id, kind: 'mention' as const })),
        { userId: row.ideaAuthorId, kind: 'comment' as const },
      ],
    );
  },
};
