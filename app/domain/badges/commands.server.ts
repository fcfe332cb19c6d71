// Earning badges: run by the badge consumer (jobs/badges.server.ts) for each event of the log, after
// the event's commit, inside the consumer's batch transaction. Each badge is earned once per person
// (user_badges' key): the row, its `badge.earned` event and its notification are written together,
// only by the insert that created the row, so replays and concurrent runners add nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { userBadges, type Event } from '../../../db/schema';
import { appendEvent } from '#app/domain/events/log.server';
import { notify } from '#app/domain/notifications/commands.server';
import { BADGES, badgesOfMeasure, type BadgeKey } from './catalog';
import { MEASURE_IMPLEMENTATIONS, measuresFor } from './measures.server';

/** Events older than this when handled (the backfill on first start) earn badges silently. */
export const BADGE_NOTIFY_WITHIN_MS = 24 * 60 * 60 * 1000;

/** A badge a batch found earned, written when the batch ends (awardEarned). */
export type EarnedBadge = { userId: string; badge: BadgeKey; event: Event };

/**
 * What one batch already knows, so a busy person costs one lookup per batch: the badges each person
 * holds, and the (person, UTC day) pairs whose streak was already counted (later actions of that
 * day cannot lengthen it); and the badges it found earned, in log order. They are written at the
 * end of the batch: the batch's transaction writes nothing while it evaluates, so it holds no
 * transaction id then, and readers of the log do not wait for it (decision 013).
 */
export type BadgeBatch = {
  held: Map<string, Set<string>>;
  streaksSeen: Set<string>;
  earned: EarnedBadge[];
};

export const newBadgeBatch = (): BadgeBatch => ({
  held: new Map(),
  streaksSeen: new Set(),
  earned: [],
});

async function heldBy(tx: Db, batch: BadgeBatch, userId: string): Promise<Set<string>> {
  let held = batch.held.get(userId);
  if (!held) {
    const rows = await tx
      .select({ badge: userBadges.badge })
      .from(userBadges)
      .where(eq(userBadges.userId, userId));
    held = new Set(rows.map((r) => r.badge));
    batch.held.set(userId, held);
  }
  return held;
}

/**
 * Records that `userId` earned `badge` with `event` (dated by it), once: returns false when the
 * person already had it. The first time, appends `badge.earned` at the event's time and, unless the
 * event is older than a day at `now` (history being replayed), notifies the person.
 */
export async function awardBadge(
  tx: Db,
  { userId, badge, event, now }: { userId: string; badge: BadgeKey; event: Event; now: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(userBadges)
    .values({ userId, badge, earnedAt: event.createdAt, eventId: event.id })
    .onConflictDoNothing()
    .returning({ badge: userBadges.badge });
  if (!inserted.length) return false;
  const at = event.createdAt;
  const earnedEventId = await appendEvent(tx, {
    type: 'badge.earned',
    actorId: null,
    subjectUserId: userId,
    payload: { badge, tier: BADGES[badge].tier },
    at,
  });
  if (now.getTime() - at.getTime() <= BADGE_NOTIFY_WITHIN_MS)
    // Through notify(), so the person's preference for rewards (badges are one) is honoured.
    await notify(tx, { id: earnedEventId, createdAt: at }, { actorId: null }, [
      { userId, kind: 'badge' },
    ]);
  return true;
}

/**
 * Evaluates, as of `event`, every badge the event could earn for the people it concerns, and adds
 * those whose threshold is reached to the batch's `earned` (written by awardEarned). Reads only.
 */
export async function evaluateBadges(tx: Db, event: Event, batch: BadgeBatch): Promise<void> {
  if (event.type === 'badge.earned') return;
  for (const measure of measuresFor(event.type)) {
    const impl = MEASURE_IMPLEMENTATIONS[measure];
    const userId = await impl.person(tx, event);
    if (!userId) continue;
    if (measure === 'activeDays') {
      const key = `${userId}:${event.createdAt.toISOString().slice(0, 10)}`;
      if (batch.streaksSeen.has(key)) continue;
      batch.streaksSeen.add(key);
    }
    const held = await heldBy(tx, batch, userId);
    const open = badgesOfMeasure(measure).filter((b) => !held.has(b));
    if (!open.length) continue;
    const value = await impl.value(tx, userId, event);
    for (const badge of open) {
      if (value < BADGES[badge].threshold) break;
      held.add(badge);
      batch.earned.push({ userId, badge, event });
    }
  }
}

/** Awards what the batch found earned, in log order; returns those that were new. */
export async function awardEarned(
  tx: Db,
  batch: BadgeBatch,
  now: Date,
): Promise<{ userId: string; badge: BadgeKey }[]> {
  const awarded: { userId: string; badge: BadgeKey }[] = [];
  for (const { userId, badge, event } of batch.earned.splice(0)) {
    if (await awardBadge(tx, { userId, badge, event, now })) awarded.push({ userId, badge });
  }
  return awarded;
}
