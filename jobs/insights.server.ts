// Keeps the brand dashboard's aggregates (db/schema/insights.ts) as a consumer of the event log:
// each batch gathers its events' deltas in memory (app/domain/insights/aggregates.server.ts, where
// what counts is written down) and adds them once, in finish(), with one upsert per table. The
// consumer's cursor moves in the same transaction, so every event is counted exactly once
// (decision 008). A new consumer starts at the beginning of the log, so the first start is the
// backfill. An hourly job throws away the visit hashes and salts of days that are over.
import { z } from 'zod';
import type { Db } from '../db/client.server';
import type { Event } from '../db/schema';
import { InsightDeltas } from '#app/domain/insights/aggregates.server';
import { purgeVisits } from '#app/domain/insights/visits.server';
import { ConsumerRunner, type Consumer } from './consumers.server';
import { defineJob, type JobDefinition } from './runner.server';

export const INSIGHTS_CONSUMER = 'insights';

export function insightsConsumer(): Consumer {
  const gathered = new WeakMap<Db, InsightDeltas>();
  return {
    name: INSIGHTS_CONSUMER,
    async handle(tx: Db, event: Event) {
      let deltas = gathered.get(tx);
      if (!deltas) gathered.set(tx, (deltas = new InsightDeltas()));
      deltas.add(event);
    },
    async finish(tx: Db) {
      const deltas = gathered.get(tx);
      gathered.delete(tx);
      if (deltas && !deltas.empty) await deltas.write(tx);
    },
  };
}

/** Brings the aggregates up to date with the whole log now, in this process (the seed, tests). */
export async function backfillInsights(db: Db) {
  const runner = new ConsumerRunner({ db, consumers: [insightsConsumer()], batchSize: 500 });
  await runner.start();
  try {
    return await runner.poke();
  } finally {
    await runner.stop();
  }
}

/** How often past days' visit hashes and salts are deleted. */
export const VISIT_PURGE_EVERY_MS = 60 * 60_000;

export const visitPurge = defineJob({
  name: 'insights.purge_visits',
  schema: z.object({}),
  everyMs: VISIT_PURGE_EVERY_MS,
  async handle(_payload, { db, clock }) {
    await purgeVisits(db, clock.now());
  },
});

export const insightsJobs: readonly JobDefinition[] = [visitPurge];
