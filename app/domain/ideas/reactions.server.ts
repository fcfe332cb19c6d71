// What the ideas concept does, inside the transaction, when an idea event is appended.
import type { Reactions } from '#app/domain/events/reactions.server';
import { notify } from '#app/domain/notifications/commands.server';

export const ideaReactions: Reactions = {
  // An idea built on another tells the original's author, who is the event's subject.
  'idea.created': async (tx, event) => {
    if (!event.actorId || event.payload.buildsOnId == null || !event.subjectUserId) return;
    await notify(tx, event, { actorId: event.actorId, ideaId: event.ideaId }, [
      { userId: event.subjectUserId, kind: 'build' },
    ]);
  },
};
