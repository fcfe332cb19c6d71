// The review queues (issue 15 item 2): who reviews what, which actions each reviewer may take, and
// the shapes of the action forms. Browser-safe: the queue page shows only the buttons the viewer
// may use, by the same rules the commands (queue.server.ts) check.
import { z } from 'zod';
import type { UserRole } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { idField, tagsField } from '#app/domain/core/fields';
import { PRIVILEGES } from '#app/domain/reputation/rules';
import { canSuspend } from './suspensions';

export const REVIEW_ACTIONS = [
  'dismiss',
  'hide',
  'restore',
  'editTags',
  'merge',
  'suspend',
  'approve',
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/**
 * How a reviewer reaches an item: site staff (moderators, admins) review everything; a brand's
 * members the items on their brand's challenges; people with the reviewQueue privilege a light
 * queue of the flagged items on challenges they follow.
 */
export type ReviewAccess = 'staff' | 'brand' | 'light';

export const ACTIONS_BY_ACCESS: Record<ReviewAccess, readonly ReviewAction[]> = {
  staff: REVIEW_ACTIONS,
  brand: ['dismiss', 'hide', 'restore', 'editTags', 'merge', 'approve'],
  light: ['dismiss', 'hide'],
};

/** What the viewer may review: everything, some brands' items, and/or the light queue. */
export type ReviewScope = {
  staff: boolean;
  /** The brands the viewer is a member (owner or manager) of. */
  brandIds: number[];
  /** The viewer has the reviewQueue privilege: flagged items on the challenges they follow. */
  light: boolean;
};

/** The viewer's scope, or null when they review nothing (the queue page answers 403). */
export function reviewScope(
  actor: Actor | null | undefined,
  { brandIds, reputation }: { brandIds: readonly number[]; reputation: number },
): ReviewScope | null {
  if (!actor) return null;
  const scope: ReviewScope = {
    staff: isModerator(actor),
    brandIds: [...brandIds],
    light: reputation >= PRIVILEGES.reviewQueue,
  };
  return scope.staff || scope.brandIds.length > 0 || scope.light ? scope : null;
}

/**
 * How the scope reaches one item (null: it does not). `followed`: the viewer follows the item's
 * challenge; `flagged`: the item has open flags (the light queue holds nothing else).
 */
export function accessTo(
  scope: ReviewScope | null,
  item: { brandId: number; followed: boolean; flagged: boolean },
): ReviewAccess | null {
  if (!scope) return null;
  if (scope.staff) return 'staff';
  if (scope.brandIds.includes(item.brandId)) return 'brand';
  if (scope.light && item.followed && item.flagged) return 'light';
  return null;
}

export const mayTake = (access: ReviewAccess | null, action: ReviewAction) =>
  access !== null && ACTIONS_BY_ACCESS[access].includes(action);

/** What the queue knows of an item's state, to offer only the actions that fit it. */
export type ItemState = {
  kind: 'idea' | 'comment';
  /** Open flags on it. */
  openFlags: number;
  hidden: boolean;
  /** Hidden by three flags, pending review (no moderator's reason yet). */
  autoHidden: boolean;
  /** Merged into another idea (ideas only): nothing but its flags is left to act on. */
  merged: boolean;
  author: { id: string; role: UserRole; deleted: boolean };
};

/** The actions a reviewer with `access` may take on an item in this state. */
export function availableActions(
  actor: Actor,
  access: ReviewAccess | null,
  item: ItemState,
): ReviewAction[] {
  const fits: Record<ReviewAction, boolean> = {
    dismiss: item.openFlags > 0,
    // Upholding an automatic hide gives it the reviewer's reason.
    hide: !item.merged && (!item.hidden || item.autoHidden),
    restore: item.hidden,
    editTags: item.kind === 'idea' && !item.merged,
    merge: item.kind === 'idea' && !item.merged && !item.hidden,
    suspend: !item.author.deleted && canSuspend(actor, item.author),
    approve: item.openFlags === 0 && !item.hidden,
  };
  return REVIEW_ACTIONS.filter((a) => fits[a] && mayTake(access, a));
}

export const REASON_MAX = 500;
export const QUEUE_PAGE_SIZE = 25;
export const SUSPEND_DAYS = { min: 1, max: 365 } as const;

/** Every action takes a reason: 1–500 characters, said to the author and kept in the audit log. */
export const reasonField = z
  .string({
    required_error: 'queue.errors.reasonRequired',
    invalid_type_error: 'queue.errors.reasonRequired',
  })
  .trim()
  .min(1, 'queue.errors.reasonRequired')
  .max(REASON_MAX, 'queue.errors.reasonLength');

/** The item an action is about: an idea or a comment, by id. */
export const itemSchema = z.object({
  kind: z.enum(['idea', 'comment'], { errorMap: () => ({ message: 'queue.errors.kind' }) }),
  id: idField('id'),
});
export type ReviewItemRef = z.infer<typeof itemSchema>;

/** The original an idea is merged into: its id, or its address (…/ideas/42) pasted whole. */
export const intoField = z
  .unknown()
  .transform((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    const match = /\/ideas\/(\d+)\/?(?:[?#].*)?$/.exec(text);
    return match ? match[1] : text;
  })
  .pipe(idField('idea'));

export const actionSchemas = {
  dismiss: itemSchema.extend({ reason: reasonField }),
  hide: itemSchema.extend({ reason: reasonField }),
  restore: itemSchema.extend({ reason: reasonField }),
  approve: itemSchema.extend({ reason: reasonField }),
  editTags: itemSchema.extend({ reason: reasonField, tags: tagsField }),
  merge: itemSchema.extend({ reason: reasonField, intoId: intoField }),
  suspend: itemSchema.extend({
    reason: reasonField,
    days: z.coerce
      .number({ invalid_type_error: 'queue.errors.days' })
      .int('queue.errors.days')
      .min(SUSPEND_DAYS.min, 'queue.errors.days')
      .max(SUSPEND_DAYS.max, 'queue.errors.days'),
  }),
} as const satisfies Record<ReviewAction, z.ZodTypeAny>;

export const intentSchema = z.object({
  intent: z.enum(REVIEW_ACTIONS, { errorMap: () => ({ message: 'errors.generic.unknownAction' }) }),
});

/** The queue's filters, from the URL: a brand (by slug), a kind, a page. */
export const QUEUE_KINDS = ['flagged', 'new'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
