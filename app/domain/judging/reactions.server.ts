// What judging does, inside the transaction, when its events are appended: notifications to the
// authors, winners and followers. The ledger's entries for the same events are reputation's
// reactions, which run first (app/domain/events/reactions.server.ts).
import { eq } from 'drizzle-orm';
import { challengeFollows } from '../../../db/schema';
import type { Reaction, Reactions } from '#app/domain/events/reactions.server';
import { notify } from '#app/domain/notifications/commands.server';
import type { NotificationKind } from '../../../db/schema';

/** Tells the idea's author (the event's subject) of what happened to their idea. */
const toSubject =
  (kind: NotificationKind): Reaction =>
  async (tx, event) => {
    if (!event.subjectUserId) return;
    await notify(tx, event, { actorId: event.actorId, ideaId: event.ideaId }, [
      { userId: event.subjectUserId, kind },
    ]);
  };

/**
 * Followers hear of every stage move; the move to awarded comes with the winners, so it is told
 * as the results (one notification, not two). Whoever moved it is not told.
 */
const toFollowers: Reaction = async (tx, event) => {
  if (!event.challengeId) return;
  const followers = await tx
    .select({ userId: challengeFollows.userId })
    .from(challengeFollows)
    .where(eq(challengeFollows.challengeId, event.challengeId));
  const kind: NotificationKind = event.payload.to === 'awarded' ? 'results' : 'stage';
  await notify(
    tx,
    event,
    { actorId: event.actorId },
    followers.map((f) => ({ userId: f.userId, kind })),
  );
};

export const judgingReactions: Reactions = {
  'idea.shortlisted': toSubject('shortlisted'),
  'reward.granted': toSubject('reward'),
  'reward.fulfilled': toSubject('reward_fulfilled'),
  'reward.revoked': toSubject('reward_revoked'),
  'challenge.stage_changed': toFollowers,
};
