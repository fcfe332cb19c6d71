// Who may vote on an idea: pure rules shared by castVote and the idea page's loader.
import type { ChallengeStage, IdeaStatus } from '../../../db/schema';
import { canVote as stageTakesVotes } from '#app/domain/challenges/policy';
import type { Actor } from '#app/domain/core/actor';
import {
  privilegeRefusal,
  type PrivilegeRefusal,
  type Standing,
} from '#app/domain/reputation/policy';
import type { VoteValue } from './schema';

/**
 * Why a viewer may not vote, in the order the page explains it; null when they may. 'locked': an
 * oppose before the voter's reputation unlocks it (supporting and withdrawing never are).
 */
export type VoteRefusal = 'closed' | 'ownIdea' | 'signedOut' | 'locked';

/** A vote being cast: from what to what, and the voter's standing (reputation, role powers). */
export type VoteChange = { from: VoteValue; to: VoteValue; standing: Standing };

export function voteRefusal(
  actor: Actor | null | undefined,
  idea: { stage: ChallengeStage; status: IdeaStatus; authorId: string },
  change?: VoteChange,
): VoteRefusal | null {
  if (!stageTakesVotes(idea.stage) || idea.status === 'withdrawn') return 'closed';
  if (!actor) return 'signedOut';
  if (actor.id === idea.authorId) return 'ownIdea';
  // A new oppose, or a support turned into one; keeping or withdrawing an oppose is not locked.
  if (change && change.to === -1 && change.from !== -1 && opposeLock(change.standing))
    return 'locked';
  return null;
}

/** Why the oppose control is locked for this voter (what unlocks it, what they have), or null. */
export const opposeLock = (standing: Standing): PrivilegeRefusal | null =>
  privilegeRefusal('oppose', standing);

export function canVote(
  actor: Actor | null | undefined,
  idea: { stage: ChallengeStage; status: IdeaStatus; authorId: string },
) {
  return voteRefusal(actor, idea) === null;
}
