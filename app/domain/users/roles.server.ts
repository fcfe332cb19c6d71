// Site roles (issue 15): admins make and unmake moderators and admins, each change with a reason,
// an event and an audit entry. At least one admin always remains.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { users, type UserRole } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, invalid, msg, notFound } from '#app/domain/core/errors';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent } from '#app/domain/events/log.server';

export const ROLES = ['prosumer', 'moderator', 'admin'] as const satisfies readonly UserRole[];

/** Only admins change roles (browser-safe twin of the command's check, for the page). */
export const canChangeRoles = (actor: Actor | null | undefined) => actor?.role === 'admin';

export type RoleChange = {
  actor: Actor;
  /** The person, by handle (the page) or by id. */
  handle?: string;
  userId?: string;
  role: UserRole;
  reason: string;
} & Timed;

/**
 * Gives a person a site role. The admins' rows are locked first, in one order, so two admins
 * demoting each other at the same moment apply one after the other: the second then finds it is no
 * longer an admin (403), and the last admin can never be demoted. Their sessions read the new
 * role within SESSION_CACHE_MS (the route forgets this process's cache at once).
 */
export async function changeRole(
  db: Db,
  { actor, handle, userId, role, reason: rawReason, ...timed }: RoleChange,
) {
  const now = nowFrom(timed);
  if (!canChangeRoles(actor)) throw forbidden('audit.roles.errors.adminsOnly');
  const reason = rawReason.trim();
  if (!reason)
    throw invalid('audit.roles.errors.reasonRequired', undefined, {
      reason: msg('audit.roles.errors.reasonRequired'),
    });
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.deletedAt)))
      .orderBy(asc(users.id))
      .for('update');
    // Read under the lock: an admin demoted a moment ago no longer changes anyone's role.
    if (!admins.some((a) => a.id === actor.id)) throw forbidden('audit.roles.errors.adminsOnly');
    const [person] = await tx
      .select()
      .from(users)
      .where(
        and(
          userId !== undefined
            ? eq(users.id, userId)
            : sql`lower(${users.handle}) = lower(${handle ?? ''})`,
          isNull(users.deletedAt),
        ),
      )
      .for('update');
    if (!person) throw notFound('audit.roles.errors.unknown', { handle: handle ?? '' });
    if (person.role === role)
      throw conflict('audit.roles.errors.unchanged', { handle: person.handle, role });
    if (person.role === 'admin' && admins.length <= 1)
      throw conflict('audit.roles.errors.lastAdmin');
    await tx.update(users).set({ role }).where(eq(users.id, person.id));
    await appendEvent(tx, {
      type: 'user.role_changed',
      actorId: actor.id,
      subjectUserId: person.id,
      payload: { from: person.role, to: role },
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.role_changed',
      target: { kind: 'user', id: person.id },
      subjectUserId: person.id,
      reason,
      before: { role: person.role },
      after: { role },
    });
    return { id: person.id, handle: person.handle, from: person.role, to: role };
  });
}

/** The people with a staff role, admins first, for the roles page. */
export async function staff(db: Db) {
  return db
    .select({ handle: users.handle, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(inArray(users.role, ['admin', 'moderator']), isNull(users.deletedAt)))
    .orderBy(desc(users.role), asc(users.handle));
}

/** People whose handle starts with `query` (any case), for the roles page's search. */
export async function findPeople(db: Db, query: string, limit = 20) {
  const pattern = `${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ handle: users.handle, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(sql`lower(${users.handle}) like ${pattern}`, isNull(users.deletedAt)))
    .orderBy(asc(users.handle))
    .limit(limit);
}
