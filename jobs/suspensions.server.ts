// Ends suspensions whose end date has passed (app/domain/moderation/suspensions.server.ts): a
// recurring check every minute. Only the records wait for it: a passed end date refuses no write
// (the check compares users.suspended_until with now), so a late run changes nothing for the person.
import { z } from 'zod';
import { endExpiredSuspensions } from '#app/domain/moderation/suspensions.server';
import { defineJob, type JobDefinition } from './runner.server';

/** How often expired suspensions are ended. */
export const SUSPENSION_CHECK_EVERY_MS = 60_000;
/** Suspensions ended per transaction; a backlog is worked through in turns of this many. */
const BATCH = 200;

export const suspensionExpiry = defineJob({
  name: 'suspensions.expire',
  schema: z.object({}),
  everyMs: SUSPENSION_CHECK_EVERY_MS,
  async handle(_payload, { db, clock }) {
    while ((await endExpiredSuspensions(db, { clock, limit: BATCH })) === BATCH);
  },
});

export const suspensionJobs: readonly JobDefinition[] = [suspensionExpiry];
