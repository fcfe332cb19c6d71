import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

export const jobStatus = pgEnum('job_status', [
  'pending',
  'running',
  'done',
  /** Parked: out of attempts or an invalid payload; kept with its error for someone to look at. */
  'failed',
]);

/** Work to do outside a request, run by jobs/runner.server.ts (docs/decisions/008). */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull().default({}),
    status: jobStatus('status').notNull().default('pending'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    /** The lease: a running job whose lease has passed belongs to a crashed process and runs again. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // One live job per key; finished ones keep their key for the record.
    uniqueIndex('jobs_dedupe_key_live_key')
      .on(t.dedupeKey)
      .where(sql`${t.status} in ('pending', 'running')`),
    index('jobs_due_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('jobs_lease_idx')
      .on(t.lockedUntil)
      .where(sql`${t.status} = 'running'`),
    check('jobs_attempts_range', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

/** How far each after-commit consumer of the event log has got (jobs/consumers.server.ts). */
export const consumerCursors = pgTable('consumer_cursors', {
  name: text('name').primaryKey(),
  /** The position (txid, id) of the last event handled (decision 013). */
  lastTxid: bigint('last_txid', { mode: 'number' }).notNull().default(0),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  /** Why the last batch failed; cleared when a batch succeeds. A stalled consumer shows it here. */
  lastError: text('last_error'),
  updatedAt: updatedAt(),
});
export type Job = typeof jobs.$inferSelect;
export type JobStatus = (typeof jobStatus.enumValues)[number];
