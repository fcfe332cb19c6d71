// Badges are a derived view of the event log (docs/decisions/008-jobs-and-consumers.md): this
// after-commit consumer evaluates, for each event, the badges of the people it concerns, as of that
// event (app/domain/badges/commands.server.ts). A new consumer starts at the beginning of the log,
// so the first start of the feature is the backfill: the whole history is replayed, each badge is
// dated by the event that earned it, and events older than a day earn their badges silently.
import type { Db } from '../db/client.server';
import type { Event } from '../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';
import {
  awardEarned,
  evaluateBadges,
  newBadgeBatch,
  type BadgeBatch,
} from '#app/domain/badges/commands.server';
import { ConsumerRunner, type Consumer } from './consumers.server';

export const BADGES_CONSUMER = 'badges';

export function badgesConsumer(clock: Clock = systemClock): Consumer {
  // What the batch in hand has learnt (the badges people hold), dropped when it ends.
  const batches = new WeakMap<Db, BadgeBatch>();
  return {
    name: BADGES_CONSUMER,
    async handle(tx: Db, event: Event) {
      let batch = batches.get(tx);
      if (!batch) batches.set(tx, (batch = newBadgeBatch()));
      await evaluateBadges(tx, event, batch);
    },
    async finish(tx: Db) {
      const batch = batches.get(tx);
      batches.delete(tx);
      if (batch?.earned.length) await awardEarned(tx, batch, clock.now());
    },
  };
}

/**
 * Brings the badges up to date with the whole log now, in this process (the seed, a maintenance
 * script): the same consumer and cursor the server runs, so running it again, or the server after
 * it, adds nothing that is already there.
 */
export async function backfillBadges(db: Db, { clock = systemClock }: { clock?: Clock } = {}) {
  const runner = new ConsumerRunner({ db, consumers: [badgesConsumer(clock)], batchSize: 500 });
  await runner.start();
  try {
    return await runner.poke();
  } finally {
    await runner.stop();
  }
}
