// Keeps ideas.trending_score fresh (the rules are in app/domain/ideas/read-model.server.ts): a
// consumer of the event log recomputes the idea each vote, comment or idea event names, and a
// recurring job recomputes the scores that decay with time.
import { z } from 'zod';
import type { Db } from '../db/client.server';
import type { Event } from '../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { refreshDecayingScores, refreshIdeaScores } from '#app/domain/ideas/read-model.server';
import type { Consumer } from './consumers.server';
import { defineJob, type JobDefinition } from './runner.server';

/** How often decaying scores are recomputed; a score is at most this stale between events. */
export const TRENDING_DECAY_EVERY_MS = 5 * 60_000;

const CHANGES_SCORE = /^(vote|comment|idea)\./;

/**
 * The after-commit consumer: recomputes, as of the clock's time, the score of each idea the batch's
 * vote, comment or idea events name — once per idea, in one statement at the end of the batch, so a
 * busy idea's row is locked by the consumer only from that statement to the commit, not for the
 * whole batch (votes on it wait for that lock).
 */
export function trendingConsumer(clock: Clock = systemClock): Consumer {
  const named = new WeakMap<Db, Set<number>>();
  return {
    name: 'trending',
    async handle(tx: Db, event: Event) {
      if (event.ideaId === null || !CHANGES_SCORE.test(event.type)) return;
      const ids = named.get(tx) ?? new Set<number>();
      named.set(tx, ids);
      ids.add(event.ideaId);
    },
    async finish(tx: Db) {
      const ids = named.get(tx);
      named.delete(tx);
      if (ids?.size)
        await refreshIdeaScores(
          tx,
          [...ids].sort((a, b) => a - b),
          clock.now(),
        );
    },
  };
}

export const trendingDecay = defineJob({
  name: 'trending.decay',
  schema: z.object({}),
  everyMs: TRENDING_DECAY_EVERY_MS,
  async handle(_payload, { db, clock }) {
    await refreshDecayingScores(db, clock.now());
  },
});

export const trendingJobs: readonly JobDefinition[] = [trendingDecay];
