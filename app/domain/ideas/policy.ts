import type { ChallengeStage, IdeaStatus } from '../../../db/schema';
import { canSubmitIdeas, canVote as stageTakesVotes } from '#app/domain/challenges/policy';
import type { Actor } from '#app/domain/core/actor';

export const PUBLIC_IDEA_STATUSES: IdeaStatus[] = ['published', 'shortlisted', 'winner'];

type OwnIdea = { authorId: string; status: IdeaStatus };

/** The author withdraws a published idea (shortlisted and winning ideas stay). */
export function canWithdrawIdea(actor: Actor | null | undefined, idea: OwnIdea) {
  return actor != null && actor.id === idea.authorId && idea.status === 'published';
}

/** The author edits a published idea while its challenge still takes votes. */
export function canEditIdea(
  actor: Actor | null | undefined,
  idea: OwnIdea & { stage: ChallengeStage },
) {
  return canWithdrawIdea(actor, idea) && stageTakesVotes(idea.stage);
}

/** Someone else may build on an idea while its challenge accepts new ideas. */
export function canBuildOn(
  actor: Actor | null | undefined,
  idea: { authorId: string; stage: ChallengeStage },
) {
  return actor != null && actor.id !== idea.authorId && canSubmitIdeas(idea.stage);
}

/** The per-person limit counts every idea the author has not withdrawn. */
export function ideaLimitReached(ideasSoFar: number, maxIdeasPerUser: number) {
  return ideasSoFar >= maxIdeasPerUser;
}
