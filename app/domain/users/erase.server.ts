// "Delete my account" (docs/decisions/018-account-deletion.md): after the password again, in one
// transaction, the person's ideas and comments are removed or left to "a deleted account"; email,
// password, name and bio are erased; consents go to `none`; notifications, follows and brand
// memberships go; every session ends (and, through SIGNED_OUT_CHANNEL, every live socket opened
// with one); the handle becomes `deleted_…` and the old one is held for 30 days. The ledger, the
// events, votes and rewards stay, attached to the detached row.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  brandConsents,
  brandMembers,
  challengeFollows,
  challenges,
  digestSends,
  mailSettings,
  notificationPreferences,
  comments,
  handleReservations,
  ideas,
  notifications,
  sessions,
  users,
} from '../../../db/schema';
import { SIGNED_OUT_CHANNEL, sessionTag } from '#app/auth/lucia.server';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { invalid, msg } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { retireIntentsOf } from '#app/domain/intents/erase.server';
import { passwordMatches } from './commands.server';
import type { DeleteContentChoice } from './schema';

/** How long a deleted account's handle cannot be taken by anyone else. */
export const HANDLE_RESERVATION_DAYS = 30;
const DAY_MS = 86_400_000;

/** What a removed idea's title and a removed comment's body become (the rows stay for references). */
export const REMOVED_TEXT = '[deleted]';

export type DeleteAccount = {
  actor: Actor;
  password: string;
  content: DeleteContentChoice;
} & Timed;

export type DeletedAccount = {
  /** The detached row's new handle (`deleted_…`), shown nowhere. */
  handle: string;
  /** The old handle, reserved until `reservedUntil`. */
  reservedHandle: string;
  reservedUntil: Date;
  removedIdeas: number;
  removedComments: number;
  /** Sessions ended (each announced on SIGNED_OUT_CHANNEL when the transaction commits). */
  endedSessions: number;
};

const wrongPassword = () =>
  invalid('errors.user.passwordAgain', undefined, { password: msg('errors.user.passwordAgain') });

/** A handle nobody chose, within users_handle_format (^[A-Za-z0-9_]{3,30}$): 24 characters. */
const detachedHandle = () => `deleted_${randomBytes(8).toString('hex')}`;

/**
 * Deletes the actor's own account. There is no way to name another person: the account is the
 * actor's. A wrong password (or an account already deleted) is refused as Invalid, with nothing
 * written. The password is checked before the transaction (argon2 takes a while) and the row is
 * then locked with the hash it was checked against, so a password changed meanwhile is refused.
 */
export async function deleteAccount(
  db: Db,
  { actor, password, content, ...timed }: DeleteAccount,
): Promise<DeletedAccount> {
  const now = nowFrom(timed);
  const [found] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, actor.id), isNull(users.deletedAt)));
  const hash = found?.passwordHash ?? null;
  if (!(await passwordMatches(hash, password)) || !hash) throw wrongPassword();

  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ handle: users.handle })
      .from(users)
      .where(and(eq(users.id, actor.id), isNull(users.deletedAt), eq(users.passwordHash, hash)))
      .for('update');
    if (!user) throw wrongPassword();

    const removed =
      content === 'remove' ? await removeContent(tx, actor.id, now) : { ideas: 0, comments: 0 };
    // Their intents close and are scrubbed, whatever `content` says: they were private to them.
    await retireIntentsOf(tx, { userId: actor.id, at: now, placeholder: REMOVED_TEXT });
    await resetConsents(tx, actor.id, now);
    await tx.delete(notifications).where(eq(notifications.userId, actor.id));
    await tx.delete(challengeFollows).where(eq(challengeFollows.userId, actor.id));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
    await tx.delete(mailSettings).where(eq(mailSettings.userId, actor.id));
    await tx.delete(digestSends).where(eq(digestSends.userId, actor.id));
    await leaveBrands(tx, actor.id, now);
    const endedSessions = await endAllSessions(tx, actor.id);

    const reservedHandle = user.handle.toLowerCase();
    const reservedUntil = new Date(now.getTime() + HANDLE_RESERVATION_DAYS * DAY_MS);
    await tx
      .insert(handleReservations)
      .values({ handle: reservedHandle, until: reservedUntil })
      .onConflictDoUpdate({ target: handleReservations.handle, set: { until: reservedUntil } });
    const handle = detachedHandle();
    await tx
      .update(users)
      .set({
        handle,
        email: null,
        passwordHash: null,
        displayName: '',
        bio: '',
        role: 'prosumer',
        deletedAt: now,
      })
      .where(eq(users.id, actor.id));
    await appendEvent(tx, {
      type: 'user.deleted',
      actorId: actor.id,
      subjectUserId: actor.id,
      payload: { content, ideas: removed.ideas, comments: removed.comments },
      at: now,
    });
    return {
      handle,
      reservedHandle,
      reservedUntil,
      removedIdeas: removed.ideas,
      removedComments: removed.comments,
      endedSessions,
    };
  });
}

/**
 * "Remove": every idea of the person is withdrawn and every live comment deleted, as their own
 * commands would (the same statuses, counts and events, so pages, counts and read models follow),
 * and what they said is erased from the rows, which stay for what references them. The ideas
 * touched are locked first, in id order, as withdrawIdea and comments lock them one at a time.
 */
async function removeContent(tx: Db, userId: string, now: Date) {
  const mine = await tx
    .select({ id: ideas.id, challengeId: ideas.challengeId, brandId: challenges.brandId })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(ideas.authorId, userId), ne(ideas.status, 'withdrawn')))
    .orderBy(asc(ideas.id));
  const said = await tx
    .select({
      id: comments.id,
      ideaId: comments.ideaId,
      challengeId: ideas.challengeId,
      brandId: challenges.brandId,
    })
    .from(comments)
    .innerJoin(ideas, eq(ideas.id, comments.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(comments.authorId, userId), isNull(comments.deletedAt)))
    .orderBy(asc(comments.id));
  const touched = [...new Set([...mine.map((i) => i.id), ...said.map((c) => c.ideaId)])].sort(
    (a, b) => a - b,
  );
  if (touched.length)
    await tx
      .select({ id: ideas.id })
      .from(ideas)
      .where(inArray(ideas.id, touched))
      .orderBy(asc(ideas.id))
      .for('no key update');

  if (mine.length) {
    await tx
      .update(ideas)
      .set({
        status: 'withdrawn',
        title: REMOVED_TEXT,
        body: '',
        bodyHtml: '',
        bodyExcerpt: '',
        tags: [],
        updatedAt: now,
      })
      .where(
        inArray(
          ideas.id,
          mine.map((i) => i.id),
        ),
      );
    for (const idea of mine)
      await appendEvent(tx, {
        type: 'idea.withdrawn',
        actorId: userId,
        brandId: idea.brandId,
        challengeId: idea.challengeId,
        ideaId: idea.id,
        at: now,
      });
  }

  if (said.length) {
    await tx
      .update(comments)
      .set({ body: REMOVED_TEXT, deletedAt: now })
      .where(
        inArray(
          comments.id,
          said.map((c) => c.id),
        ),
      );
    const perIdea = new Map<number, number>();
    for (const c of said) perIdea.set(c.ideaId, (perIdea.get(c.ideaId) ?? 0) + 1);
    const counts = new Map<number, number>();
    for (const [ideaId, n] of perIdea) {
      const [counted] = await tx
        .update(ideas)
        .set({ commentCount: sql`${ideas.commentCount} - ${n}` })
        .where(eq(ideas.id, ideaId))
        .returning({ commentCount: ideas.commentCount });
      counts.set(ideaId, counted!.commentCount);
    }
    for (const c of said)
      await appendEvent(tx, {
        type: 'comment.deleted',
        actorId: userId,
        brandId: c.brandId,
        challengeId: c.challengeId,
        ideaId: c.ideaId,
        commentId: c.id,
        payload: { commentCount: counts.get(c.ideaId) },
        at: now,
      });
  }
  return { ideas: mine.length, comments: said.length };
}

/** Every consent back to `none`, each change recorded as setConsent records one. */
async function resetConsents(tx: Db, userId: string, now: Date) {
  const given = await tx
    .select({ brandId: brandConsents.brandId, level: brandConsents.level })
    .from(brandConsents)
    .where(and(eq(brandConsents.userId, userId), ne(brandConsents.level, 'none')))
    .orderBy(asc(brandConsents.brandId))
    .for('update');
  if (!given.length) return;
  await tx
    .update(brandConsents)
    .set({ level: 'none', updatedAt: now })
    .where(and(eq(brandConsents.userId, userId), ne(brandConsents.level, 'none')));
  for (const c of given)
    await appendEvent(tx, {
      type: 'consent.changed',
      actorId: userId,
      subjectUserId: userId,
      brandId: c.brandId,
      payload: { from: c.level, to: 'none' },
      at: now,
    });
}

/** A brand member leaves their brands (an admin can still manage a brand left without an owner). */
async function leaveBrands(tx: Db, userId: string, now: Date) {
  const left = await tx
    .delete(brandMembers)
    .where(eq(brandMembers.userId, userId))
    .returning({ brandId: brandMembers.brandId });
  for (const m of left.sort((a, b) => a.brandId - b.brandId))
    await appendEvent(tx, {
      type: 'brand.member_removed',
      actorId: userId,
      brandId: m.brandId,
      subjectUserId: userId,
      at: now,
    });
}

/**
 * Deletes every session of the person and announces each on SIGNED_OUT_CHANNEL, as endSession
 * does: NOTIFY inside a transaction is delivered when it commits, so every process drops its
 * cached sessions and closes the live sockets opened with them then, and never if this rolls back.
 * Also used by a suspension (app/domain/moderation/suspensions.server.ts).
 */
export async function endAllSessions(tx: Db, userId: string) {
  const ended = await tx
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  for (const s of ended)
    await tx.execute(sql`select pg_notify(${SIGNED_OUT_CHANNEL}, ${sessionTag(s.id)})`);
  return ended.length;
}
