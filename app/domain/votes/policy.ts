// Who may vote on an idea: pure rules shared by castVote and the idea page's loader.
import type { ChallengeStage, IdeaStatus } from '../../../db/schema';
import { canVote as stageTakesVotes } from '#app/domain/challenges/policy';
import type { Actor } from '#app/domain/core/actor';

/** Why a viewer may not vote, in the order the page explains it; null when they may. */
export type VoteRefusal = 'closed' | 'ownIdea' | 'signedOut';

export function voteRefusal(
  actor: Actor | null | undefined,
  idea: { stage: ChallengeStage; status: IdeaStatus; authorId: string },
): VoteRefusal | null {
  if (!stageTakesVotes(idea.stage) || idea.status === 'withdrawn') return 'closed';
  if (!actor) return 'signedOut';
  if (actor.id === idea.authorId) return 'ownIdea';
  return null;
}

export function canVote(
  actor: Actor | null | undefined,
  idea: { stage: ChallengeStage; status: IdeaStatus; authorId: string },
) {
  return voteRefusal(actor, idea) === null;
}
