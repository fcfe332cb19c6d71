// What the author of hidden content (and reviewers) are told about why it is hidden (issue 15).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { flags } from '../../../db/schema';
import type { HiddenNotice } from './flags';

/**
 * The notice for an idea (commentId null) or comment that is hidden: a moderator's reason, or —
 * hidden by flags, pending review (hidden_reason null) — the count and reasons of its open flags.
 */
export async function hiddenNoticeOf(
  db: Db,
  item: { ideaId: number; commentId: number | null; hiddenReason: string | null },
): Promise<HiddenNotice> {
  if (item.hiddenReason !== null) return { by: 'moderator', reason: item.hiddenReason };
  const open = await db
    .select({ reason: flags.reason })
    .from(flags)
    .where(
      and(
        eq(flags.ideaId, item.ideaId),
        item.commentId === null ? isNull(flags.commentId) : eq(flags.commentId, item.commentId),
        isNull(flags.resolvedAt),
      ),
    )
    .orderBy(asc(flags.createdAt), asc(flags.id));
  return { by: 'flags', flags: open.length, reasons: [...new Set(open.map((f) => f.reason))] };
}
