// Keeps ideas.trending_score fresh (the rules are in app/domain/ideas/read-model.server.ts): a
// consumer of the event log recomputes the idea each vote, comment or idea event names, and a
// recurring job recomputes the scores that decay with time.
import { z } from 'zod';
import type { Db } from '../db/client.server';
import type { Event } from '../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { refreshDecayingScores, refreshIdeaScore } from '#app/domain/ideas/read-model.server';
import type { Consumer } from './consumers.server';
import { defineJob, type JobDefinition } from './runner.server';

/** How often decaying scores are recomputed; a score is at most this stale between events. */
export const TRENDING_DECAY_EVERY_MS = 5 * 60_000;

const CHANGES_SCORE = /^(vote|comment|idea)\./;

/**
 * The after-commit consumer: recomputes, as of the clock's time, the score of the idea an event
 * names. It reads the idea's votes and comments as they are when it runs, so within one batch (one
 * transaction) an idea is recomputed once however many of the batch's events name it.
 */
export function trendingConsumer(clock: Clock = systemClock): Consumer {
  const done = new WeakMap<Db, Set<number>>();
  return {
    name: 'trending',
    async handle(tx: Db, event: Event) {
      if (event.ideaId === null || !CHANGES_SCORE.test(event.type)) return;
      const seen = done.get(tx) ?? new Set<number>();
      done.set(tx, seen);
      if (seen.has(event.ideaId)) return;
      seen.add(event.ideaId);
      await refreshIdeaScore(tx, event.ideaId, clock.now());
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
