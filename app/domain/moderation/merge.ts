// Merging a duplicate idea (B) into its original (A), the rules both sides read (issue 15): who may
// merge, and the form's input. Browser-safe; the command is ./merge.server.ts.
import { z } from 'zod';
import type { BrandRole } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { idField } from '#app/domain/core/fields';

/** The longest reason a merge takes (the audit log keeps it). */
export const MERGE_REASON_MAX = 500;

/** The viewer's role in the brand whose challenge holds both ideas (null: not a member). */
export type MergeScope = { memberRole: BrandRole | null };

/** Moderators and admins merge anywhere; the brand's owner and managers merge on its challenges. */
export function canMerge(actor: Actor | null | undefined, scope: MergeScope) {
  if (!actor) return false;
  return isModerator(actor) || scope.memberRole !== null;
}

/** The reason as stored (trimmed), or the message key of what is wrong with it. */
export function checkMergeReason(reason: unknown): { reason: string } | { problem: string } {
  if (typeof reason !== 'string') return { problem: 'merge.errors.reasonMissing' };
  const trimmed = reason.trim();
  if (!trimmed) return { problem: 'merge.errors.reasonMissing' };
  if (trimmed.length > MERGE_REASON_MAX) return { problem: 'merge.errors.reasonTooLong' };
  return { reason: trimmed };
}

const reasonField = z.unknown().transform((value, ctx) => {
  const checked = checkMergeReason(value);
  if ('problem' in checked) {
    ctx.addIssue({ code: 'custom', message: checked.problem, params: { max: MERGE_REASON_MAX } });
    return z.NEVER;
  }
  return checked.reason;
});

/** The merge form of the review queue: the original to merge into, and why. */
export const mergeFormSchema = z.object({
  intoId: idField('idea'),
  reason: reasonField,
});
export type MergeFormInput = z.infer<typeof mergeFormSchema>;
