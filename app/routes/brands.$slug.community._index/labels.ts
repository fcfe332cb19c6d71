import type { CommunitySort } from '#app/domain/community/schema';

/** Message keys of the sort choices, written out in full (tests/unit/messages.test.ts). */
export const SORT_KEYS = {
  engagement: 'community.sort.engagement',
  lastActive: 'community.sort.lastActive',
  ideas: 'community.sort.ideas',
  votes: 'community.sort.votes',
  comments: 'community.sort.comments',
  wins: 'community.sort.wins',
  points: 'community.sort.points',
  handle: 'community.sort.handle',
} as const satisfies Record<CommunitySort, string>;

export const CONSENT_KEYS = {
  activity: 'community.consent.activity',
  profile: 'community.consent.profile',
} as const;
