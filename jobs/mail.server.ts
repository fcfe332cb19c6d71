// Email digests: a recurring check finds people whose day or week has ended with notifications
// waiting for their digest and enqueues one `mail.digest` job per person and period (dedupe key per
// person and period), each sent at most once (app/domain/notifications/digests.server.ts). With no
// SMTP configured, nothing is enqueued or sent: everything stays in the app.
import { z } from 'zod';
import type { Db } from '../db/client.server';
import type { Clock } from '#app/domain/core/clock';
import { dueDigests, sendDigest, type DueDigest } from '#app/domain/notifications/digests.server';
import { FREQUENCIES } from '#app/domain/notifications/preferences';
import { UNSUBSCRIBE_PURPOSE } from '#app/domain/notifications/unsubscribe.server';
import { mailerFromEnv, purposeKey, type Mailer } from '#app/utils/mail.server';
import { defineJob, enqueue, type JobDefinition } from './runner.server';

/** How often the check runs: a digest goes out at most this long after its period ends. */
export const DIGEST_CHECK_EVERY_MS = 15 * 60_000;

/** People looked at per query of the check (dueDigests' default page). */
const DUE_PAGE = 500;

export type MailJobOptions = {
  /** The mailer, or null when email is off (default: from SMTP_URL, read at every run). */
  mailer?: () => Mailer | null;
  /** The key unsubscribe links are signed with (default: derived from the server secret). */
  unsubscribeKey?: () => Buffer;
};

export const digestKey = (d: { userId: string; frequency: string; periodStart: Date }) =>
  `digest:${d.userId}:${d.frequency}:${d.periodStart.toISOString()}`;

export function mailJobs(options: MailJobOptions = {}): readonly JobDefinition[] {
  const mailer = options.mailer ?? (() => mailerFromEnv());
  const key = options.unsubscribeKey ?? (() => purposeKey(UNSUBSCRIBE_PURPOSE));

  const digest = defineJob({
    name: 'mail.digest',
    schema: z.object({
      userId: z.string().min(1).max(64),
      frequency: z.enum(FREQUENCIES),
      periodStart: z.string().datetime(),
    }),
    async handle({ userId, frequency, periodStart }, { db, clock }) {
      const m = mailer();
      if (!m) return; // email was turned off since the job was enqueued
      await sendDigest(db, {
        userId,
        frequency,
        periodStart: new Date(periodStart),
        mailer: m,
        unsubscribeKey: key(),
        clock,
      });
    },
  });

  const digests = defineJob({
    name: 'mail.digests',
    schema: z.object({}),
    everyMs: DIGEST_CHECK_EVERY_MS,
    async handle(_payload, { db, clock }) {
      if (!mailer()) return;
      const now = clock.now();
      let after = '';
      for (;;) {
        const page = await dueDigests(db, now, { after, limit: DUE_PAGE });
        for (const due of page) await enqueueDigest(db, due, clock);
        if (page.length < DUE_PAGE) return;
        after = page.at(-1)!.userId;
      }
    },
  });

  async function enqueueDigest(db: Db, due: DueDigest, clock: Clock) {
    await enqueue(
      db,
      {
        name: digest.name,
        payload: {
          userId: due.userId,
          frequency: due.frequency,
          periodStart: due.periodStart.toISOString(),
        },
        dedupeKey: digestKey(due),
      },
      clock,
    );
  }

  return [digests, digest];
}

export const MAIL_JOBS = mailJobs();
