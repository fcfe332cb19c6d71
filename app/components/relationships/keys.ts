// The message keys of /me's relationships parts, written out in full (tests/unit/messages.test.ts
// finds every key as a literal): one sentence per timeline entry, a label per filter kind and a
// short name per consent level.
import type { ConsentLevel } from '#app/domain/consent/schema';
import type { TimelineKey, TimelineKind } from '#app/domain/crm/timeline';

export const ENTRY_KEYS = {
  joined: 'relationships.timeline.entry.joined',
  ideaCreated: 'relationships.timeline.entry.ideaCreated',
  ideaBuiltOn: 'relationships.timeline.entry.ideaBuiltOn',
  ideaUpdated: 'relationships.timeline.entry.ideaUpdated',
  ideaWithdrawn: 'relationships.timeline.entry.ideaWithdrawn',
  supported: 'relationships.timeline.entry.supported',
  opposed: 'relationships.timeline.entry.opposed',
  voteChangedToSupport: 'relationships.timeline.entry.voteChangedToSupport',
  voteChangedToOppose: 'relationships.timeline.entry.voteChangedToOppose',
  voteWithdrawn: 'relationships.timeline.entry.voteWithdrawn',
  commented: 'relationships.timeline.entry.commented',
  replied: 'relationships.timeline.entry.replied',
  commentEdited: 'relationships.timeline.entry.commentEdited',
  commentDeleted: 'relationships.timeline.entry.commentDeleted',
  followed: 'relationships.timeline.entry.followed',
  unfollowed: 'relationships.timeline.entry.unfollowed',
  consentChanged: 'relationships.timeline.entry.consentChanged',
  brandCreated: 'relationships.timeline.entry.brandCreated',
  managerAdded: 'relationships.timeline.entry.managerAdded',
  managerRemoved: 'relationships.timeline.entry.managerRemoved',
  challengeCreated: 'relationships.timeline.entry.challengeCreated',
  stageMoved: 'relationships.timeline.entry.stageMoved',
  scored: 'relationships.timeline.entry.scored',
  shortlistedIdea: 'relationships.timeline.entry.shortlistedIdea',
  unshortlistedIdea: 'relationships.timeline.entry.unshortlistedIdea',
  awarded: 'relationships.timeline.entry.awarded',
  rewardFulfilledBy: 'relationships.timeline.entry.rewardFulfilledBy',
  rewardRevokedBy: 'relationships.timeline.entry.rewardRevokedBy',
  builtOnYours: 'relationships.timeline.entry.builtOnYours',
  supportReceived: 'relationships.timeline.entry.supportReceived',
  opposeReceived: 'relationships.timeline.entry.opposeReceived',
  voteChangedReceived: 'relationships.timeline.entry.voteChangedReceived',
  voteWithdrawnReceived: 'relationships.timeline.entry.voteWithdrawnReceived',
  commentReceived: 'relationships.timeline.entry.commentReceived',
  replyReceived: 'relationships.timeline.entry.replyReceived',
  shortlisted: 'relationships.timeline.entry.shortlisted',
  unshortlisted: 'relationships.timeline.entry.unshortlisted',
  won: 'relationships.timeline.entry.won',
  rewardFulfilled: 'relationships.timeline.entry.rewardFulfilled',
  rewardRevoked: 'relationships.timeline.entry.rewardRevoked',
  badgeEarned: 'relationships.timeline.entry.badgeEarned',
  ideaHidden: 'relationships.timeline.entry.ideaHidden',
  commentHidden: 'relationships.timeline.entry.commentHidden',
  addedToTeam: 'relationships.timeline.entry.addedToTeam',
  removedFromTeam: 'relationships.timeline.entry.removedFromTeam',
} as const satisfies Record<TimelineKey, string>;

export const KIND_KEYS = {
  ideas: 'relationships.timeline.kind.ideas',
  buildsOn: 'relationships.timeline.kind.buildsOn',
  votes: 'relationships.timeline.kind.votes',
  comments: 'relationships.timeline.kind.comments',
  shortlists: 'relationships.timeline.kind.shortlists',
  rewards: 'relationships.timeline.kind.rewards',
  badges: 'relationships.timeline.kind.badges',
  moderation: 'relationships.timeline.kind.moderation',
  consent: 'relationships.timeline.kind.consent',
  brandWork: 'relationships.timeline.kind.brandWork',
  other: 'relationships.timeline.kind.other',
} as const satisfies Record<TimelineKind, string>;

/** Short names of the consent levels, for sentences ("from … to …") and the cards. */
export const LEVEL_SHORT_KEYS = {
  none: 'relationships.level.none',
  activity: 'relationships.level.activity',
  profile: 'relationships.level.profile',
} as const satisfies Record<ConsentLevel, string>;
