// Suspensions (issue 15): a moderator suspends a person for 1–365 days with a reason; until then
// they read but every write is refused (app/domain/moderation/suspensions.ts assertNotSuspended,
// checked by runAction, the vote API and the socket). Suspending ends every session of theirs at
// once (and so their live sockets); the suspension ends by itself (endExpiredSuspensions, run by
// jobs/suspensions.server.ts) or early by a moderator (liftSuspension). users.suspended_until
// mirrors the suspension in force, so a request needs no extra query to know.
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.server';
import { suspensions, users, type UserRole } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { nowFrom, type Clock, type Timed } from '#app/domain/core/clock';
import {
  conflict,
  forbidden,
  invalid,
  notFound,
  type FieldMessages,
} from '#app/domain/core/errors';
import { PAGE_SIZE, pageOf, type Page } from '#app/domain/core/pagination';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent } from '#app/domain/events/log.server';
import { notify } from '#app/domain/notifications/commands.server';
import { endAllSessions } from '#app/domain/users/erase.server';
import { canLiftSuspension, canSuspend, daysProblem, reasonProblem } from './suspensions';

const DAY_MS = 86_400_000;

export type SuspendUser = {
  actor: Actor;
  userId: string;
  days: number;
  reason: string;
} & Timed;

export type LiftSuspension = { actor: Actor; userId: string; reason: string } & Timed;

/** Field problems of a suspension's input as one Invalid error (400), or nothing. */
function checkInput(input: { days?: unknown; reason: unknown }) {
  const fields: FieldMessages = {};
  if ('days' in input) {
    const days = daysProblem(input.days);
    if (days) fields.days = [days];
  }
  const reason = reasonProblem(input.reason);
  if (reason) fields.reason = [reason];
  if (Object.keys(fields).length) throw invalid('errors.generic.correctFields', undefined, fields);
}

/** The person, locked for the rest of the transaction; deleted accounts count as unknown. */
async function lockTarget(tx: Db, userId: string) {
  const [target] = await tx
    .select({ id: users.id, role: users.role, suspendedUntil: users.suspendedUntil })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .for('update');
  if (!target) throw notFound('suspensions.errors.notFound');
  return target;
}

/** Why the actor may not suspend (or lift for) this person, as the 403 they get. */
function refusal(actor: Actor, target: { id: string; role: UserRole }) {
  if (actor.id === target.id) return forbidden('suspensions.errors.self');
  if (target.role === 'admin') return forbidden('suspensions.errors.admin');
  return forbidden('suspensions.errors.moderator');
}

/** The suspension in force of a person (ended_at null), locked. */
async function lockRunning(tx: Db, userId: string) {
  const [running] = await tx
    .select()
    .from(suspensions)
    .where(and(eq(suspensions.userId, userId), isNull(suspensions.endedAt)))
    .for('update');
  return running ?? null;
}

/**
 * Suspends a person for `days` days from now. A suspension already running is ended first
 * ('replaced') so the new one counts from now. Every session of theirs ends when this commits
 * (each announced on SIGNED_OUT_CHANNEL, so every process closes the live sockets opened with
 * one); they may sign in again and read, but every write answers 403 with the end date.
 */
export async function suspendUser(
  db: Db,
  { actor, userId, days, reason, ...timed }: SuspendUser,
): Promise<{ suspensionId: number; until: Date }> {
  const now = nowFrom(timed);
  if (!isModerator(actor)) throw forbidden('suspensions.errors.forbidden');
  checkInput({ days, reason });
  const why = reason.trim();
  const until = new Date(now.getTime() + days * DAY_MS);
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (!canSuspend(actor, target)) throw refusal(actor, target);
    const running = await lockRunning(tx, target.id);
    if (running)
      await tx
        .update(suspensions)
        .set({ endedAt: now, endedBy: actor.id, endReason: 'replaced' })
        .where(eq(suspensions.id, running.id));
    const [row] = await tx
      .insert(suspensions)
      .values({
        userId: target.id,
        suspendedBy: actor.id,
        reason: why,
        startsAt: now,
        endsAt: until,
      })
      .returning({ id: suspensions.id });
    const suspensionId = row!.id;
    await tx.update(users).set({ suspendedUntil: until }).where(eq(users.id, target.id));
    const eventId = await appendEvent(tx, {
      type: 'user.suspended',
      actorId: actor.id,
      subjectUserId: target.id,
      payload: { suspensionId, until: until.toISOString() },
      at: now,
    });
    await notify(tx, { id: eventId, createdAt: now }, { actorId: actor.id }, [
      { userId: target.id, kind: 'moderation' },
    ]);
    const before = suspendedUntilIn(target.suspendedUntil, now);
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.suspended',
      target: { kind: 'user', id: target.id },
      subjectUserId: target.id,
      reason: why,
      before: { suspendedUntil: before?.toISOString() ?? null },
      after: { suspendedUntil: until.toISOString(), days },
    });
    await endAllSessions(tx, target.id);
    return { suspensionId, until };
  });
}

/** A stored suspended_until that is still ahead of `now`, or null. */
const suspendedUntilIn = (value: Date | null, now: Date) =>
  value && value.getTime() > now.getTime() ? value : null;

/**
 * Ends a person's suspension early. Moderators lift a prosumer's, admins anyone's; 409 when none
 * is in force (one whose end has passed is left to the job).
 */
export async function liftSuspension(
  db: Db,
  { actor, userId, reason, ...timed }: LiftSuspension,
): Promise<{ suspensionId: number }> {
  const now = nowFrom(timed);
  if (!isModerator(actor)) throw forbidden('suspensions.errors.forbidden');
  checkInput({ reason });
  const why = reason.trim();
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (!canLiftSuspension(actor, target)) throw refusal(actor, target);
    const running = await lockRunning(tx, target.id);
    if (!running || running.endsAt.getTime() <= now.getTime())
      throw conflict('suspensions.errors.noneRunning');
    await tx
      .update(suspensions)
      .set({ endedAt: now, endedBy: actor.id, endReason: why })
      .where(eq(suspensions.id, running.id));
    await tx.update(users).set({ suspendedUntil: null }).where(eq(users.id, target.id));
    const eventId = await appendEvent(tx, {
      type: 'user.unsuspended',
      actorId: actor.id,
      subjectUserId: target.id,
      payload: { suspensionId: running.id, early: true },
      at: now,
    });
    await notify(tx, { id: eventId, createdAt: now }, { actorId: actor.id }, [
      { userId: target.id, kind: 'moderation' },
    ]);
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.unsuspended',
      target: { kind: 'user', id: target.id },
      subjectUserId: target.id,
      reason: why,
      before: { suspendedUntil: running.endsAt.toISOString() },
      after: { suspendedUntil: null },
    });
    return { suspensionId: running.id };
  });
}

/**
 * The job's work: ends up to `limit` suspensions whose end has passed (ended_at = ends_at), each
 * with its event and audit entry (actor null, reason 'expired'). Rows another process is ending,
 * or whose person a moderator is acting on, are skipped (SKIP LOCKED), so no suspension is ended
 * twice and the job never waits. Enforcement never waits for this: an end date in the past
 * refuses nothing (suspensions.ts suspendedUntil). Returns how many it ended.
 */
export async function endExpiredSuspensions(
  db: Db,
  { clock, limit = 200 }: { clock?: Clock; limit?: number },
): Promise<number> {
  const now = nowFrom({ clock });
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: suspensions.id, userId: suspensions.userId, endsAt: suspensions.endsAt })
      .from(suspensions)
      .innerJoin(users, eq(users.id, suspensions.userId))
      .where(and(isNull(suspensions.endedAt), lte(suspensions.endsAt, now)))
      .orderBy(asc(suspensions.endsAt), asc(suspensions.id))
      .limit(limit)
      .for('update', { of: [suspensions, users], skipLocked: true });
    for (const s of due) {
      await tx
        .update(suspensions)
        .set({ endedAt: s.endsAt, endReason: 'expired' })
        .where(eq(suspensions.id, s.id));
      await tx.update(users).set({ suspendedUntil: null }).where(eq(users.id, s.userId));
      await appendEvent(tx, {
        type: 'user.unsuspended',
        actorId: null,
        subjectUserId: s.userId,
        payload: { suspensionId: s.id, early: false },
        at: now,
      });
      await recordAudit(tx, {
        at: now,
        actorId: null,
        action: 'user.unsuspended',
        target: { kind: 'user', id: s.userId },
        subjectUserId: s.userId,
        reason: 'expired',
        before: { suspendedUntil: s.endsAt.toISOString() },
        after: { suspendedUntil: null },
      });
    }
    return due.length;
  });
}

const person = alias(users, 'person');
const by = alias(users, 'suspender');
const ender = alias(users, 'ender');

/** One suspension as the pages show it: people by handle, never by id. */
const listed = {
  id: suspensions.id,
  personId: person.id,
  personRole: person.role,
  handle: person.handle,
  displayName: person.displayName,
  reason: suspensions.reason,
  startsAt: suspensions.startsAt,
  endsAt: suspensions.endsAt,
  endedAt: suspensions.endedAt,
  endReason: suspensions.endReason,
  byHandle: by.handle,
  endedByHandle: ender.handle,
};

export type ListedSuspension = {
  id: number;
  handle: string;
  displayName: string;
  reason: string;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  byHandle: string;
  endedByHandle: string | null;
};

function assertStaff(viewer: Actor | null | undefined) {
  if (!isModerator(viewer)) throw forbidden('suspensions.errors.forbidden');
}

/** A listed row without the person's id and role, which only decide what the viewer may do. */
const shown = <T extends { personId: string; personRole: UserRole }>({
  personId: _id,
  personRole: _role,
  ...row
}: T) => row;

/**
 * The suspensions in force at `now`, soonest to end first, a page at a time, each saying whether
 * the viewer may lift it. Staff only.
 */
export async function suspensionsInForce(
  db: Db,
  viewer: Actor | null | undefined,
  page = 1,
  now: Date = new Date(),
): Promise<Page<ListedSuspension & { canLift: boolean }>> {
  if (!isModerator(viewer)) throw forbidden('suspensions.errors.forbidden');
  const where = and(isNull(suspensions.endedAt), gt(suspensions.endsAt, now));
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(suspensions)
    .where(where);
  const items = await db
    .select(listed)
    .from(suspensions)
    .innerJoin(person, eq(person.id, suspensions.userId))
    .innerJoin(by, eq(by.id, suspensions.suspendedBy))
    .leftJoin(ender, eq(ender.id, suspensions.endedBy))
    .where(where)
    .orderBy(asc(suspensions.endsAt), asc(suspensions.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(
    items.map((s) => ({
      ...shown(s),
      canLift: canLiftSuspension(viewer, { id: s.personId, role: s.personRole }),
    })),
    Number(total),
    page,
  );
}

/** The suspensions that ended most recently (lifted, expired or replaced). Staff only. */
export async function recentlyEndedSuspensions(
  db: Db,
  viewer: Actor | null | undefined,
  limit = 20,
): Promise<ListedSuspension[]> {
  assertStaff(viewer);
  const rows = await db
    .select(listed)
    .from(suspensions)
    .innerJoin(person, eq(person.id, suspensions.userId))
    .innerJoin(by, eq(by.id, suspensions.suspendedBy))
    .leftJoin(ender, eq(ender.id, suspensions.endedBy))
    .where(isNotNull(suspensions.endedAt))
    .orderBy(desc(suspensions.endedAt), desc(suspensions.id))
    .limit(limit);
  return rows.map(shown);
}

/** Every suspension of one person, newest first (their profile, for staff). */
export async function suspensionHistory(db: Db, userId: string): Promise<ListedSuspension[]> {
  const rows = await db
    .select(listed)
    .from(suspensions)
    .innerJoin(person, eq(person.id, suspensions.userId))
    .innerJoin(by, eq(by.id, suspensions.suspendedBy))
    .leftJoin(ender, eq(ender.id, suspensions.endedBy))
    .where(eq(suspensions.userId, userId))
    .orderBy(desc(suspensions.startsAt), desc(suspensions.id))
    .limit(50);
  return rows.map(shown);
}

/**
 * The suspended person's own view of their suspension in force (the banner): its end and reason.
 * Only called when the session says they are suspended now, so nobody else pays for the query.
 */
export async function ownSuspension(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ until: Date; reason: string } | null> {
  const [row] = await db
    .select({ until: suspensions.endsAt, reason: suspensions.reason })
    .from(suspensions)
    .where(
      and(eq(suspensions.userId, userId), isNull(suspensions.endedAt), gt(suspensions.endsAt, now)),
    );
  return row ?? null;
}

/** A person by handle, as the suspension forms name them: id and role, or 404. */
export async function suspensionTarget(db: Db, handle: string) {
  const [row] = await db
    .select({ id: users.id, handle: users.handle, role: users.role })
    .from(users)
    .where(and(sql`lower(${users.handle}) = lower(${handle})`, isNull(users.deletedAt)));
  if (!row) throw notFound('suspensions.errors.notFound');
  return row;
}

/**
 * What a moderator sees of a person on their profile: the suspension in force, the past ones and
 * which form they may use. Null for everyone else (and on one's own profile), with no query.
 */
export async function suspensionPanel(
  db: Db,
  viewer: Actor | null | undefined,
  handle: string,
  now: Date,
) {
  if (!viewer || !isModerator(viewer)) return null;
  const target = await suspensionTarget(db, handle);
  if (target.id === viewer.id) return null;
  const history = await suspensionHistory(db, target.id);
  const running =
    history.find((s) => s.endedAt === null && s.endsAt.getTime() > now.getTime()) ?? null;
  return {
    running,
    past: history.filter((s) => s !== running),
    canSuspend: canSuspend(viewer, target),
    canLift: running !== null && canLiftSuspension(viewer, target),
  };
}
