// Expires intents whose expiry date has passed (app/domain/intents/commands.server.ts
// expireIntents, issue 17): a recurring check every five minutes. Each run moves published intents
// past expires_at to `expired`, lapses their open offers and tells the authors. Brands cannot make
// an offer on an intent past expires_at even before the job runs (policy.ts canOffer), so a late
// run changes only when the author hears of it.
import { z } from 'zod';
import { expireIntents } from '#app/domain/intents/commands.server';
import { defineJob, type JobDefinition } from './runner.server';

/** How often intents past their expiry are expired. */
export const INTENT_EXPIRY_EVERY_MS = 5 * 60_000;
/** Intents expired per transaction; a backlog is worked through in turns of this many. */
const BATCH = 100;

export const intentExpiry = defineJob({
  name: 'intents.expire',
  schema: z.object({}),
  everyMs: INTENT_EXPIRY_EVERY_MS,
  async handle(_payload, { db, clock }) {
    while ((await expireIntents(db, { clock, limit: BATCH })) === BATCH);
  },
});

export const intentJobs: readonly JobDefinition[] = [intentExpiry];
