// What the votes concept does, inside the transaction, when a vote event is appended.
import type { Reactions } from '#app/domain/events/reactions.server';
import { notify } from '#app/domain/notifications/commands.server';

export const voteReactions: Reactions = {
  // Only a first vote is news to the author (changes and withdrawals are not), told by its own
  // kind so an oppose is never announced as support. The event's subject is the idea's author.
  'vote.cast': async (tx, event) => {
    if (!event.actorId || !event.subjectUserId) return;
    await notify(tx, event, { actorId: event.actorId, ideaId: event.ideaId }, [
      { userId: event.subjectUserId, kind: event.payload.to === 1 ? 'vote' : 'oppose' },
    ]);
  },
};
