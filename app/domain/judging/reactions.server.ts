// What judging does, inside the transaction, when its events are appended: notifications to the
// authors, winners and followers.
import type { Reactions } from '#app/domain/events/reactions.server';

export const judgingReactions: Reactions = {};
