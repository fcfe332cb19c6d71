// Email digests (docs/decisions/019): the notifications of topics a person sends to the digest,
// gathered per day or per week (UTC, by the clock) and mailed once the period has ended — at most
// once per person, frequency and period, enforced by digest_sends' unique key.
//
// Sending is two transactions around the mail: the first claims the period (inserts the
// digest_sends row, which makes a concurrent claim of the same period wait and then find it taken)
// and marks the notifications it covers; then the mail goes out; then the row records when the mail
// server accepted it. A mail server that refuses or cannot be reached releases the claim (row
// deleted, notifications unmarked) and the job is retried. A process that dies after the claim and
// before the release leaves the claim in place: that period's digest is not sent again (at most
// once; the notifications are in the app all the same).
import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { digestSends, notifications, users } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import type { Mailer } from '#app/utils/mail.server';
import { digestMail, type DigestItem } from './digest-mail.server';
import { notificationItems, shownItem } from './queries.server';
import type { DigestFrequency } from './preferences';

const DAY_MS = 24 * 60 * 60 * 1000;

/** At most this many notifications are written out in one mail; the rest are counted and linked. */
export const MAIL_ITEMS_LIMIT = 50;

export type Period = { start: Date; end: Date };

const utcDay = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());

/** The last whole period before `now`: yesterday (UTC), or last week (Monday to Monday, UTC). */
export function lastEndedPeriod(frequency: DigestFrequency, now: Date): Period {
  const today = utcDay(now);
  if (frequency === 'daily') return { start: new Date(today - DAY_MS), end: new Date(today) };
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const end = today - sinceMonday * DAY_MS;
  return { start: new Date(end - 7 * DAY_MS), end: new Date(end) };
}

/** The period that starts at `start`, or null if no period of that frequency starts then. */
export function periodStartingAt(frequency: DigestFrequency, start: Date): Period | null {
  const ms = start.getTime();
  if (!Number.isFinite(ms) || utcDay(start) !== ms) return null;
  if (frequency === 'weekly' && start.getUTCDay() !== 1) return null;
  return { start, end: new Date(ms + (frequency === 'daily' ? DAY_MS : 7 * DAY_MS)) };
}

export type DueDigest = { userId: string; frequency: DigestFrequency; periodStart: Date };

/**
 * Who is due a digest at `now`: people (with an address, account not deleted) who have
 * notifications waiting for their digest from before the end of their last whole period, and no
 * digest for that period yet. At most `limit` of them, by user id after `after` (keyset pages).
 */
export async function dueDigests(
  db: Db,
  now: Date,
  { after = '', limit = 500 }: { after?: string; limit?: number } = {},
): Promise<DueDigest[]> {
  const day = lastEndedPeriod('daily', now);
  const week = lastEndedPeriod('weekly', now);
  const frequency = sql`coalesce(m.digest_frequency, 'daily')`;
  const periodOf = (which: 'start' | 'end') =>
    sql`case ${frequency} when 'weekly' then ${week[which].toISOString()}::timestamptz
                          else ${day[which].toISOString()}::timestamptz end`;
  const rows = rowsOf<{ user_id: string; frequency: DigestFrequency }>(
    await db.execute(sql`
      select n.user_id, ${frequency} as frequency
      from notifications n
      join users u on u.id = n.user_id
      left join mail_settings m on m.user_id = n.user_id
      where n.digest and n.digest_send_id is null
        and u.deleted_at is null and u.email is not null
        and n.user_id > ${after}
        and n.created_at < ${periodOf('end')}
        and not exists (
          select 1 from digest_sends s
          where s.user_id = n.user_id and s.frequency = ${frequency}
            and s.period_start = ${periodOf('start')})
      group by n.user_id, ${frequency}
      order by n.user_id
      limit ${limit}`),
  );
  return rows.map((r) => ({
    userId: r.user_id,
    frequency: r.frequency,
    periodStart: lastEndedPeriod(r.frequency, now).start,
  }));
}

export type DigestOutcome =
  | { status: 'sent'; sendId: number; items: number; messageId: string }
  /** This period's digest was already taken in hand (sent, or its sender died mid-way). */
  | { status: 'already' }
  /** Nothing waited for it. */
  | { status: 'empty' }
  /** The account is gone or has no address. */
  | { status: 'no-address' };

/** What a digest lists about one notification: who did what, where (as the notification page). */
async function digestItems(db: Db, sendId: number): Promise<DigestItem[]> {
  const rows = await notificationItems(db)
    .where(eq(notifications.digestSendId, sendId))
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(MAIL_ITEMS_LIMIT);
  return rows.map(shownItem).map((r) => ({
    ...r,
    commentBody: r.commentDeleted ? null : r.commentBody,
  }));
}

/**
 * Sends `userId`'s digest of the period of `frequency` starting at `periodStart`, at most once
 * (see the top of this file). Throws when the mail server fails, after releasing the claim, so the
 * job runner retries it; a period that has not ended yet or does not exist is a caller's mistake.
 */
export async function sendDigest(
  db: Db,
  {
    userId,
    frequency,
    periodStart,
    mailer,
    unsubscribeKey,
    ...timed
  }: {
    userId: string;
    frequency: DigestFrequency;
    periodStart: Date;
    mailer: Mailer;
    /** The key unsubscribe links are signed with (app/utils/mail.server.ts purposeKey). */
    unsubscribeKey: Buffer;
  } & Timed,
): Promise<DigestOutcome> {
  const now = nowFrom(timed);
  const period = periodStartingAt(frequency, periodStart);
  if (!period) throw new Error(`No ${frequency} period starts at ${periodStart.toISOString()}.`);
  if (period.end > now)
    throw new Error(`The ${frequency} period from ${periodStart.toISOString()} has not ended.`);

  const claim = await db.transaction(async (tx) => {
    const [person] = await tx
      .select({
        email: users.email,
        handle: users.handle,
        locale: users.locale,
        deletedAt: users.deletedAt,
      })
      .from(users)
      .where(eq(users.id, userId));
    if (!person?.email || person.deletedAt) return { status: 'no-address' } as const;
    // A claim of the same period by another runner waits here for this one's commit, then finds
    // the key taken.
    const [send] = await tx
      .insert(digestSends)
      .values({
        userId,
        frequency,
        periodStart: period.start,
        periodEnd: period.end,
        items: 0,
        claimedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: digestSends.id });
    if (!send) return { status: 'already' } as const;
    const marked = await tx
      .update(notifications)
      .set({ digestSendId: send.id })
      .where(
        and(
          eq(notifications.userId, userId),
          sql`${notifications.digest}`,
          isNull(notifications.digestSendId),
          lt(notifications.createdAt, period.end),
        ),
      )
      .returning({ id: notifications.id });
    if (!marked.length) {
      await tx.delete(digestSends).where(eq(digestSends.id, send.id));
      return { status: 'empty' } as const;
    }
    await tx.update(digestSends).set({ items: marked.length }).where(eq(digestSends.id, send.id));
    return {
      status: 'claimed',
      sendId: send.id,
      person: { ...person, email: person.email },
      total: marked.length,
      items: await digestItems(tx, send.id),
    } as const;
  });
  if (claim.status !== 'claimed') return claim;

  const mail = digestMail({
    to: claim.person.email,
    userId,
    handle: claim.person.handle,
    locale: claim.person.locale,
    frequency,
    items: claim.items,
    total: claim.total,
    appUrl: mailer.appUrl,
    unsubscribeKey,
    issuedAt: now,
  });
  let messageId: string;
  try {
    ({ messageId } = await mailer.send(mail));
  } catch (error) {
    await releaseClaim(db, claim.sendId);
    throw error;
  }
  await db
    .update(digestSends)
    .set({ sentAt: nowFrom(timed) })
    .where(eq(digestSends.id, claim.sendId));
  return { status: 'sent', sendId: claim.sendId, items: claim.total, messageId };
}

/** The mail did not go: its notifications wait for the next attempt, and the period is free again. */
async function releaseClaim(db: Db, sendId: number) {
  await db.transaction(async (tx) => {
    await tx
      .update(notifications)
      .set({ digestSendId: null })
      .where(eq(notifications.digestSendId, sendId));
    await tx.delete(digestSends).where(eq(digestSends.id, sendId));
  });
}

/** How many notifications wait for a person's next digest (for tests and the settings page). */
export async function waitingForDigest(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        sql`${notifications.digest}`,
        isNull(notifications.digestSendId),
      ),
    );
  return row?.n ?? 0;
}
