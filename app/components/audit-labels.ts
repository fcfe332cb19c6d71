// Message keys for the audit log's words, one literal per key (tests/unit/messages.test.ts finds
// every key in the code). Browser-safe.
import type { AuditAction } from '#app/domain/audit/actions';
import type { AuditTargetKindName } from '#app/domain/audit/schema';
import type { UserRole } from '../../db/schema';

export const ACTION_KEYS = {
  'flags.dismissed': 'audit.actions.flags_dismissed',
  'content.hidden': 'audit.actions.content_hidden',
  'content.restored': 'audit.actions.content_restored',
  'content.auto_hidden': 'audit.actions.content_auto_hidden',
  'content.approved': 'audit.actions.content_approved',
  'comment.deleted': 'audit.actions.comment_deleted',
  'idea.tags_edited': 'audit.actions.idea_tags_edited',
  'idea.merged': 'audit.actions.idea_merged',
  'user.suspended': 'audit.actions.user_suspended',
  'user.unsuspended': 'audit.actions.user_unsuspended',
  'user.flag_banned': 'audit.actions.user_flag_banned',
  'user.role_changed': 'audit.actions.user_role_changed',
  'brand.member_added': 'audit.actions.brand_member_added',
  'brand.member_removed': 'audit.actions.brand_member_removed',
  'brand.ownership_transferred': 'audit.actions.brand_ownership_transferred',
  'challenge.edited': 'audit.actions.challenge_edited',
  'challenge.stage_moved': 'audit.actions.challenge_stage_moved',
  'idea.scored': 'audit.actions.idea_scored',
  'idea.shortlisted': 'audit.actions.idea_shortlisted',
  'idea.unshortlisted': 'audit.actions.idea_unshortlisted',
  'reward.granted': 'audit.actions.reward_granted',
  'reward.fulfilled': 'audit.actions.reward_fulfilled',
  'reward.revoked': 'audit.actions.reward_revoked',
} as const satisfies Record<AuditAction, string>;

export const KIND_KEYS = {
  idea: 'audit.kinds.idea',
  comment: 'audit.kinds.comment',
  user: 'audit.kinds.user',
  challenge: 'audit.kinds.challenge',
  brand: 'audit.kinds.brand',
  reward: 'audit.kinds.reward',
} as const satisfies Record<AuditTargetKindName, string>;

export const ROLE_KEYS = {
  prosumer: 'audit.roles.names.prosumer',
  moderator: 'audit.roles.names.moderator',
  admin: 'audit.roles.names.admin',
} as const satisfies Record<UserRole, string>;

/** The fields an entry's before/after may name; any other is shown as stored. */
export const FIELD_KEYS: Record<string, string> = {
  status: 'audit.fields.status',
  stage: 'audit.fields.stage',
  role: 'audit.fields.role',
  weighted: 'audit.fields.weighted',
  scores: 'audit.fields.scores',
  body: 'audit.fields.body',
  title: 'audit.fields.title',
  brief: 'audit.fields.brief',
  tags: 'audit.fields.tags',
  language: 'audit.fields.language',
  rewardDescription: 'audit.fields.rewardDescription',
  rewardPoints: 'audit.fields.rewardPoints',
  criteria: 'audit.fields.criteria',
  prizes: 'audit.fields.prizes',
  maxIdeasPerUser: 'audit.fields.maxIdeasPerUser',
  opensAt: 'audit.fields.opensAt',
  votingAt: 'audit.fields.votingAt',
  reviewAt: 'audit.fields.reviewAt',
  awardedAt: 'audit.fields.awardedAt',
  owner: 'audit.fields.owner',
  manager: 'audit.fields.manager',
  rank: 'audit.fields.rank',
  points: 'audit.fields.points',
  prize: 'audit.fields.prize',
  by: 'audit.fields.by',
  until: 'audit.fields.until',
  kind: 'audit.fields.kind',
  reason: 'audit.fields.reason',
  flags: 'audit.fields.flags',
  intoId: 'audit.fields.intoId',
};
