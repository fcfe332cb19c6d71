// In-transaction reactions: side effects that must be exact (notifications today; ledger entries
// later) declared per event type by each concept, run by appendEvent in the event's transaction.
// Derived views that may lag (badges, analytics, search) are after-commit consumers, not these.
import type { Db } from '../../../db/client.server';
import type { Event } from '../../../db/schema';
import { commentReactions } from '#app/domain/comments/reactions.server';
import type { EventType } from './registry';
import { ideaReactions } from '#app/domain/ideas/reactions.server';
import { voteReactions } from '#app/domain/votes/reactions.server';
import { reputationReactions } from '#app/domain/reputation/reactions.server';
import { judgingReactions } from '#app/domain/judging/reactions.server';
import { intentReactions } from '#app/domain/intents/reactions.server';

/**
 * Runs inside the event's transaction, after the event row is inserted (it has its id). What a
 * reaction writes takes its time from the event's created_at, so both tell the same moment.
 */
export type Reaction = (tx: Db, event: Event) => Promise<void>;

/** One concept's reactions, keyed by the event type they react to. */
export type Reactions = { readonly [T in EventType]?: Reaction | readonly Reaction[] };

/** Combines the concepts' reactions; several concepts may react to one type, in the given order. */
export function defineReactions(...groups: Reactions[]) {
  const all = new Map<string, Reaction[]>();
  for (const group of groups)
    for (const [type, reactions] of Object.entries(group) as [EventType, Reactions[EventType]][]) {
      const list = all.get(type) ?? [];
      list.push(...(typeof reactions === 'function' ? [reactions] : (reactions ?? [])));
      all.set(type, list);
    }
  return (type: string): readonly Reaction[] => all.get(type) ?? [];
}

// The ledger first: a reaction that notifies may then read the points already written.
export const reactionsFor = defineReactions(
  reputationReactions,
  voteReactions,
  commentReactions,
  ideaReactions,
  judgingReactions,
  intentReactions,
);
