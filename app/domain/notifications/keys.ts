// What each notification kind says, as a message key: a whole sentence with the actor and the idea
// in it, since languages put them in different places. Shared by the notification list and
// anything else that words a notification; browser-safe.
import type { NotificationKind } from '../../../db/schema';

const KEYS = {
  vote: 'notifications.kind.vote',
  oppose: 'notifications.kind.oppose',
  comment: 'notifications.kind.comment',
  reply: 'notifications.kind.reply',
  mention: 'notifications.kind.mention',
  build: 'notifications.kind.build',
  shortlisted: 'notifications.kind.shortlisted',
  reward: 'notifications.kind.reward',
  reward_fulfilled: 'notifications.kind.reward_fulfilled',
  reward_revoked: 'notifications.kind.reward_revoked',
  stage: 'notifications.kind.stage',
  results: 'notifications.kind.results',
  badge: 'notifications.kind.badge',
  moderation: 'notifications.kind.moderation',
  merged: 'notifications.kind.merged',
  offer: 'notifications.kind.offer',
  offer_answer: 'notifications.kind.offer_answer',
  intent_message: 'notifications.kind.intent_message',
  intent_expired: 'notifications.kind.intent_expired',
} as const satisfies Record<NotificationKind, string>;

/** What a `moderation` notification is about (read from its event by notificationItems). */
export type ModerationNote =
  'hidden' | 'restored' | 'flagBanned' | 'suspended' | 'unsuspended' | 'other';

const MODERATION_KEYS = {
  hidden: 'notifications.moderation.hidden',
  restored: 'notifications.moderation.restored',
  flagBanned: 'notifications.moderation.flagBanned',
  suspended: 'notifications.moderation.suspended',
  unsuspended: 'notifications.moderation.unsuspended',
  other: 'notifications.kind.moderation',
} as const satisfies Record<ModerationNote, string>;

export type NotificationKey =
  | (typeof KEYS)[NotificationKind]
  | (typeof MODERATION_KEYS)[ModerationNote]
  | 'notifications.kind.other';

/**
 * The key of a kind's sentence. Its values: `actor` (@handle, or "someone") and `idea` (the
 * idea's title); its tags: `<profile>` around the actor and `<link>` around the idea. A moderation
 * notice is worded by what it is about (`moderation`); a suspension's also takes `until` (a date).
 */
export function notificationKey(kind: string, moderation?: ModerationNote | null): NotificationKey {
  if (kind === 'moderation' && moderation && moderation in MODERATION_KEYS)
    return MODERATION_KEYS[moderation];
  return (KEYS as Record<string, NotificationKey>)[kind] ?? 'notifications.kind.other';
}
