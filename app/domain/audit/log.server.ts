// The audit log (db/schema/moderation.ts `audit_log`): one row per moderation or brand-administration
// action, written by the command itself inside its transaction, so an action and its record commit
// or fail together. The table refuses UPDATE and DELETE (migration 0014).
import type { Db } from '../../../db/client.server';
import { auditLog, type AuditAction, type AuditTargetKind } from '../../../db/schema';

export type AuditDraft = {
  /** The command's one `now`. */
  at: Date;
  /** Who acted; null for the system (a job, or the third flag hiding an item by itself). */
  actorId: string | null;
  action: AuditAction;
  target: { kind: AuditTargetKind; id: string | number };
  brandId?: number | null;
  challengeId?: number | null;
  ideaId?: number | null;
  /** The person the action is about: the author of the content, the suspended person. */
  subjectUserId?: string | null;
  /** Why, in the actor's words ('' when the action takes none). */
  reason?: string;
  /** What changed, before and after: only the fields the action changed. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Appends one entry inside the caller's transaction; returns its id. */
export async function recordAudit(tx: Db, draft: AuditDraft): Promise<number> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      at: draft.at,
      actorId: draft.actorId,
      action: draft.action,
      targetKind: draft.target.kind,
      targetId: String(draft.target.id),
      brandId: draft.brandId ?? null,
      challengeId: draft.challengeId ?? null,
      ideaId: draft.ideaId ?? null,
      subjectUserId: draft.subjectUserId ?? null,
      reason: draft.reason ?? '',
      before: draft.before ?? null,
      after: draft.after ?? null,
    })
    .returning({ id: auditLog.id });
  return row!.id;
}
