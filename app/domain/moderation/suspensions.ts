// Suspensions, the rules both sides read (issue 15): whether a person is suspended now, who may
// suspend whom, and the one refusal every write answers a suspended person with. Browser-safe.
import type { UserRole } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { DomainError, type Message } from '#app/domain/core/errors';

/** The end of the suspension in force at `now`, or null: a past end date is no suspension. */
export function suspendedUntil(
  who: { suspendedUntil?: string | Date | null } | null | undefined,
  now: Date,
): Date | null {
  if (!who?.suspendedUntil) return null;
  const until = new Date(who.suspendedUntil);
  return until.getTime() > now.getTime() ? until : null;
}

/** The 403 every write of a suspended person gets, with the end date (a timestamp for ICU). */
export const suspendedError = (until: Date) =>
  new DomainError('Forbidden', 'suspensions.errors.suspended', { until: until.getTime() });

/** Throws suspendedError when the actor is suspended at `now`. */
export function assertNotSuspended(
  who: { suspendedUntil?: string | Date | null } | null | undefined,
  now: Date,
) {
  const until = suspendedUntil(who, now);
  if (until) throw suspendedError(until);
}

/**
 * Moderators suspend prosumers; admins also suspend moderators. Nobody suspends an admin (an admin
 * is made a moderator or prosumer first, on the roles page) or themselves.
 */
export function canSuspend(
  actor: Actor | null | undefined,
  target: { id: string; role: UserRole },
) {
  if (!actor || !isModerator(actor) || actor.id === target.id) return false;
  if (target.role === 'admin') return false;
  if (target.role === 'moderator') return actor.role === 'admin';
  return true;
}

/** A suspension lasts 1–365 whole days. */
export const SUSPENSION_DAYS = { min: 1, max: 365 } as const;
/** Reasons (to suspend, to lift early) are 1–500 characters (suspensions_reason_length). */
export const SUSPENSION_REASON_MAX = 500;

/**
 * Who may lift a suspension early: a moderator for a prosumer, an admin for anyone else. Nobody
 * lifts their own (a suspended moderator cannot write anyway).
 */
export function canLiftSuspension(
  actor: Actor | null | undefined,
  target: { id: string; role: UserRole },
) {
  if (!actor || !isModerator(actor) || actor.id === target.id) return false;
  return target.role === 'prosumer' || actor.role === 'admin';
}

/** Why the days of a suspension are not acceptable, or null. */
export function daysProblem(days: unknown): Message | null {
  const ok =
    typeof days === 'number' &&
    Number.isInteger(days) &&
    days >= SUSPENSION_DAYS.min &&
    days <= SUSPENSION_DAYS.max;
  return ok ? null : { key: 'suspensions.errors.days', values: { ...SUSPENSION_DAYS } };
}

/** Why a reason is not acceptable (after trimming), or null. */
export function reasonProblem(reason: unknown): Message | null {
  const ok =
    typeof reason === 'string' &&
    reason.trim().length >= 1 &&
    reason.trim().length <= SUSPENSION_REASON_MAX;
  return ok ? null : { key: 'suspensions.errors.reason', values: { max: SUSPENSION_REASON_MAX } };
}
