// The event types of judging: follows, scorecards, the shortlist, awards and the rewards' lifecycle
// (see app/domain/events/registry.ts for what the fields mean). Each names the challenge's brand and
// challenge; those about an idea name the idea and, as subject, its author (the winner, for rewards).
import type { EventDeclarations } from '#app/domain/events/registry';

export const judgingEvents = {
  // Following is private to the follower.
  'challenge.followed': { rooms: [], published: [] },
  'challenge.unfollowed': { rooms: [], published: [] },
  // Scores are seen by the brand's judges only.
  'scorecard.submitted': { rooms: [], published: [] },
  /** payload: { status: 'shortlisted' } */
  'idea.shortlisted': { rooms: ['challenge', 'idea'], published: ['status'] },
  /** payload: { status: 'published' } */
  'idea.unshortlisted': { rooms: ['challenge', 'idea'], published: ['status'] },
  /** One per winner, in the award's transaction. payload: { rewardId, rank, points, prize } */
  'reward.granted': { rooms: ['challenge', 'idea'], published: ['rewardId', 'rank', 'points'] },
  /** payload: { rewardId, note } */
  'reward.fulfilled': { rooms: ['challenge', 'idea'], published: ['rewardId'] },
  /** payload: { rewardId, note } */
  'reward.revoked': { rooms: ['challenge', 'idea'], published: ['rewardId'] },
} as const satisfies EventDeclarations;
