// Who may comment, edit and delete: pure rules shared by the commands and the idea page's loader.
import type { ChallengeStage, IdeaStatus } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';

/** A discussion takes new comments and replies until the challenge is archived or the idea withdrawn. */
export function commentsOpen(target: { stage: ChallengeStage; ideaStatus: IdeaStatus }) {
  return target.stage !== 'archived' && target.ideaStatus !== 'withdrawn';
}

export function canComment(
  actor: Actor | null | undefined,
  target: { stage: ChallengeStage; ideaStatus: IdeaStatus },
) {
  return Boolean(actor) && commentsOpen(target);
}

/** Only the author edits a comment (a moderator removes, never rewrites, what someone said). */
export function canEditComment(actor: Actor | null | undefined, comment: { authorId: string }) {
  return actor != null && actor.id === comment.authorId;
}

export function canDeleteComment(actor: Actor | null | undefined, comment: { authorId: string }) {
  return canEditComment(actor, comment) || isModerator(actor);
}
