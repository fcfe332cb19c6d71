// The audit log's actions, grouped as its page filters them. Browser-safe.
import type { AuditAction } from '../../../db/schema';

export type { AuditAction };

export const MODERATION_ACTIONS = [
  'flags.dismissed',
  'content.hidden',
  'content.restored',
  'content.auto_hidden',
  'content.approved',
  'comment.deleted',
  'idea.tags_edited',
  'idea.merged',
  'user.suspended',
  'user.unsuspended',
  'user.flag_banned',
  'user.role_changed',
] as const satisfies readonly AuditAction[];

export const BRAND_ACTIONS = [
  'brand.member_added',
  'brand.member_removed',
  'brand.ownership_transferred',
  'challenge.edited',
  'challenge.stage_moved',
  'idea.scored',
  'idea.shortlisted',
  'idea.unshortlisted',
  'reward.granted',
  'reward.fulfilled',
  'reward.revoked',
] as const satisfies readonly AuditAction[];

export const AUDIT_ACTIONS: readonly AuditAction[] = [...MODERATION_ACTIONS, ...BRAND_ACTIONS];

export const isAuditAction = (value: unknown): value is AuditAction =>
  typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
