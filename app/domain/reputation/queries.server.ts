// What the reputation concept reads for others: a person's reputation, from the totals the ledger
// trigger keeps (never a sum over the ledger per request).
import { inArray, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { reputationTotals } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { reputationOf as fromTotal, type Privilege } from './rules';
import { privilegeRefusal, type PrivilegeRefusal } from './policy';

/** A person's reputation: their ledger total, never below 1 (1 when they have no entries yet). */
export async function reputationOf(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ points: reputationTotals.points })
    .from(reputationTotals)
    .where(eq(reputationTotals.userId, userId));
  return fromTotal(row?.points ?? 0);
}

/** Several people's reputations at once, by id (everyone asked for is in the map). */
export async function reputationsOf(db: Db, userIds: readonly string[]) {
  const out = new Map<string, number>(userIds.map((id) => [id, fromTotal(0)]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: reputationTotals.userId, points: reputationTotals.points })
    .from(reputationTotals)
    .where(inArray(reputationTotals.userId, [...new Set(userIds)]));
  for (const row of rows) out.set(row.userId, fromTotal(row.points));
  return out;
}

/**
 * Why the viewer may not use a privilege yet (what unlocks it and what they have), or null when
 * they may — for a page's `can` flags. `brandMember`: they are a member of the brand concerned,
 * whose role powers hold whatever their points (as do moderators and admins).
 */
export async function privilegeLockOf(
  db: Db,
  viewer: Actor | null | undefined,
  privilege: Privilege,
  { brandMember }: { brandMember: boolean },
): Promise<PrivilegeRefusal | null> {
  if (!viewer) return null;
  const roleOverride = brandMember || isModerator(viewer);
  const reputation = roleOverride ? 1 : await reputationOf(db, viewer.id);
  return privilegeRefusal(privilege, { reputation, roleOverride });
}
