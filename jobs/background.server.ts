// Everything the server runs in the background: the job runner with every job the app defines, and
// the after-commit consumers of the event log. server.ts starts it after realtime and stops it
// before the database closes.
import type { Database } from '../db/client.server';
import { ConsumerRunner, type Consumer } from './consumers.server';
import { JobRunner, type JobDefinition } from './runner.server';
import { stageJobs } from './stages.server';
import { trendingConsumer, trendingJobs } from './trending.server';
import { badgesConsumer } from './badges.server';
import { MAIL_JOBS } from './mail.server';
import { communityConsumer } from './community.server';
import { suspensionJobs } from './suspensions.server';
import { intentJobs } from './intents.server';
import { insightsConsumer, insightsJobs } from './insights.server';
import { embeddedJobs } from './maintenance.server';

export const JOBS: readonly JobDefinition[] = [
  ...stageJobs,
  ...trendingJobs,
  ...MAIL_JOBS,
  ...suspensionJobs,
  ...intentJobs,
  ...insightsJobs,
];

/** The jobs a server runs: all of JOBS, and on embedded PGlite its upkeep (no autovacuum there). */
export function jobsFor(kind: Database['kind']): readonly JobDefinition[] {
  return kind === 'pglite' ? [...JOBS, ...embeddedJobs] : JOBS;
}

/** Derived views (badges, analytics, search) register here as they arrive. */
export const CONSUMERS: readonly Consumer[] = [
  trendingConsumer(),
  badgesConsumer(),
  communityConsumer(),
  insightsConsumer(),
];

export async function startBackgroundWork(database: Database) {
  const jobs = new JobRunner({
    db: database.db,
    listen: database.listen,
    definitions: jobsFor(database.kind),
  });
  const consumers = new ConsumerRunner({
    db: database.db,
    listen: database.listen,
    consumers: CONSUMERS,
  });
  await jobs.start();
  await consumers.start();
  return {
    /** Finishes the job and batch in hand (each waited for at most `timeoutMs`), takes no more. */
    async stop(timeoutMs = 10_000) {
      await Promise.all([jobs.stop(timeoutMs), consumers.stop(timeoutMs)]);
    },
  };
}
