// Reading badges: a person's whole catalog for the profile, earned ones with their date.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { userBadges } from '../../../db/schema';
import { BADGES, BADGE_KEYS, isBadgeKey, type BadgeKey, type BadgeTier } from './catalog';

export type ProfileBadge = { key: BadgeKey; tier: BadgeTier; earnedAt: Date | null };

/** Every badge of the catalog in its order, with when the person earned it (null: not yet). */
export async function badgesOfUser(db: Db, userId: string): Promise<ProfileBadge[]> {
  const rows = await db
    .select({ badge: userBadges.badge, earnedAt: userBadges.earnedAt })
    .from(userBadges)
    .where(eq(userBadges.userId, userId));
  const earned = new Map(rows.filter((r) => isBadgeKey(r.badge)).map((r) => [r.badge, r.earnedAt]));
  return BADGE_KEYS.map((key) => ({
    key,
    tier: BADGES[key].tier,
    earnedAt: earned.get(key) ?? null,
  }));
}
