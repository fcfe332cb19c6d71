// One-click unsubscribe from the email digest (docs/decisions/019). Every digest carries signed
// links, `/unsubscribe?token=…`, that work without signing in: the token names the person, what to
// stop ('all' or one topic) and when it was issued, signed with HMAC-SHA256 under a key derived
// from the server secret. A token that does not verify changes nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { notificationPreferences, notifications, users } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { isTopic, kindsOfTopic, TOPICS, type NotificationTopic } from './preferences';

export type UnsubscribeScope = NotificationTopic | 'all';

/** What the unsubscribe key is derived for (app/utils/mail.server.ts purposeKey). */
export const UNSUBSCRIBE_PURPOSE = 'unsubscribe/v1';

export type UnsubscribeClaim = { userId: string; scope: UnsubscribeScope; issuedAt: Date };

/** Longer than any token this module makes; anything longer is refused unread. */
export const MAX_TOKEN_LENGTH = 200;

const TOKEN = /^([A-Za-z0-9_-]{1,64})\.([a-z]{3,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(key: Buffer, payload: string) {
  return createHmac('sha256', key).update(`unsubscribe.v1:${payload}`).digest('base64url');
}

/** A token for `userId` to stop `scope`, issued now (seconds: it only has to tell before/after). */
export function unsubscribeToken(
  key: Buffer,
  { userId, scope, issuedAt }: UnsubscribeClaim,
): string {
  const payload = `${userId}.${scope}.${Math.floor(issuedAt.getTime() / 1000)}`;
  return `${payload}.${signature(key, payload)}`;
}

/** What a token says, or null when it is malformed, forged or tampered with. */
export function readUnsubscribeToken(key: Buffer, token: unknown): UnsubscribeClaim | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, userId, scope, seconds, given] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (scope !== 'all' && !isTopic(scope)) return null;
  const expected = Buffer.from(signature(key, `${userId}.${scope}.${seconds}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { userId, scope, issuedAt: new Date(Number(seconds) * 1000) };
}

export const topicsOf = (scope: UnsubscribeScope): NotificationTopic[] =>
  scope === 'all' ? [...TOPICS] : [scope];

/**
 * Who a verified token is for, and which of its topics currently go to their digest (what
 * unsubscribing would change). Null when the account no longer exists or was deleted.
 */
export async function unsubscribePreview(db: Db, claim: UnsubscribeClaim) {
  const [person] = await db
    .select({ handle: users.handle, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, claim.userId));
  if (!person || person.deletedAt) return null;
  const rows = await db
    .select({ topic: notificationPreferences.topic })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.userId, claim.userId),
        eq(notificationPreferences.channel, 'digest'),
        inArray(notificationPreferences.topic, topicsOf(claim.scope)),
      ),
    );
  return { handle: person.handle, digestTopics: rows.map((r) => r.topic) };
}

/**
 * Stops the email for a verified token: each of its topics that goes to the digest comes in the
 * app only from now on (the person asked to stop the mail, not to hear nothing), and what waited
 * for the next digest of those topics no longer goes there. Idempotent: a replay finds nothing
 * left in the digest. A topic changed after the token was issued is left alone, so an old link
 * cannot undo a newer choice. Returns the topics it changed.
 */
export async function unsubscribe(
  db: Db,
  { claim, ...timed }: { claim: UnsubscribeClaim } & Timed,
): Promise<NotificationTopic[]> {
  const now = nowFrom(timed);
  // Issued at second precision: changes within the second it was issued count as before it.
  const issuedBy = new Date(claim.issuedAt.getTime() + 1000);
  return db.transaction(async (tx) => {
    await lockPerson(tx, claim.userId);
    const changed = await tx
      .update(notificationPreferences)
      .set({ channel: 'in_app', updatedAt: now })
      .where(
        and(
          eq(notificationPreferences.userId, claim.userId),
          eq(notificationPreferences.channel, 'digest'),
          inArray(notificationPreferences.topic, topicsOf(claim.scope)),
          lt(notificationPreferences.updatedAt, issuedBy),
        ),
      )
      .returning({ topic: notificationPreferences.topic });
    const topics = changed.map((c) => c.topic);
    await leaveDigest(tx, claim.userId, topics);
    return topics;
  });
}

/**
 * Changes to one person's preferences take turns (a save and an unsubscribe link at once), so what
 * leaves the digest is worked out from what the other left. Not a key lock: rows that reference
 * the person are not held up.
 */
export async function lockPerson(tx: Db, userId: string) {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
}

/** What waits for the person's next digest under these topics stays in the app only. */
export async function leaveDigest(tx: Db, userId: string, topics: NotificationTopic[]) {
  if (!topics.length) return;
  await tx
    .update(notifications)
    .set({ digest: false })
    .where(
      and(
        eq(notifications.userId, userId),
        sql`${notifications.digest}`,
        isNull(notifications.digestSendId),
        inArray(notifications.kind, topics.flatMap(kindsOfTopic)),
      ),
    );
}
