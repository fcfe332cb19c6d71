// Suspensions (issue 15, item 4): who may suspend whom, what a suspension writes (row, mirror on
// users, event, notification, audit entry), every session ended, a running one replaced, lifting
// early, and the job that ends expired ones exactly once, even when two run at the same moment.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, events, notifications, sessions, suspensions, users } from '../../../db/schema';
import { createAuth } from '#app/auth/lucia.server';
import { testClock } from '#app/domain/core/clock';
import { DomainError, inEnglish } from '#app/domain/core/errors';
import {
  assertNotSuspended,
  canLiftSuspension,
  canSuspend,
  suspendedUntil,
} from '#app/domain/moderation/suspensions';
import {
  endExpiredSuspensions,
  liftSuspension,
  ownSuspension,
  recentlyEndedSuspensions,
  suspendUser,
  suspensionHistory,
  suspensionPanel,
  suspensionsInForce,
} from '#app/domain/moderation/suspensions.server';
import { expectRefused } from '../../support/assertions';
import { useTestDatabase } from '../../support/db';
import { makeUser } from '../../support/factories';

const db = useTestDatabase();
const DAY = 86_400_000;
const START = new Date('2031-03-01T12:00:00Z');

const staff = async () => ({
  moderator: await makeUser(db(), { role: 'moderator' }),
  admin: await makeUser(db(), { role: 'admin' }),
});

/** The English text of a refusal's field messages (the domain words them in its namespace). */
const fieldText = (e: DomainError, field: string) =>
  (e.fieldMessages?.[field] ?? []).map((m) => inEnglish(m)).join(' ');

async function userRow(id: string) {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row!;
}

async function suspensionsOf(userId: string) {
  return db()
    .select()
    .from(suspensions)
    .where(eq(suspensions.userId, userId))
    .orderBy(asc(suspensions.id));
}

async function auditOf(userId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.subjectUserId, userId))
    .orderBy(asc(auditLog.id));
}

async function eventsOf(userId: string) {
  return db()
    .select()
    .from(events)
    .where(
      and(
        eq(events.subjectUserId, userId),
        inArray(events.type, ['user.suspended', 'user.unsuspended']),
      ),
    )
    .orderBy(asc(events.id));
}

describe('the rules of who may suspend whom (browser-safe)', () => {
  const prosumer = { id: 'p', role: 'prosumer' as const };
  const moderator = { id: 'm', role: 'moderator' as const };
  const otherModerator = { id: 'm2', role: 'moderator' as const };
  const admin = { id: 'a', role: 'admin' as const };
  const otherAdmin = { id: 'a2', role: 'admin' as const };

  it('lets moderators suspend prosumers, admins also moderators, and nobody an admin or themselves', () => {
    expect(canSuspend(moderator, prosumer)).toBe(true);
    expect(canSuspend(moderator, otherModerator)).toBe(false);
    expect(canSuspend(admin, otherModerator)).toBe(true);
    expect(canSuspend(admin, otherAdmin)).toBe(false);
    expect(canSuspend(moderator, moderator)).toBe(false);
    expect(canSuspend(prosumer, { id: 'x', role: 'prosumer' })).toBe(false);
    expect(canSuspend(null, prosumer)).toBe(false);
    expect(canLiftSuspension(moderator, prosumer)).toBe(true);
    expect(canLiftSuspension(moderator, otherModerator)).toBe(false);
    expect(canLiftSuspension(admin, otherModerator)).toBe(true);
    expect(canLiftSuspension(prosumer, { id: 'x', role: 'prosumer' })).toBe(false);
  });

  it('counts a suspension only until its end: a passed date refuses nothing, without the job', () => {
    const until = new Date(START.getTime() + DAY);
    expect(suspendedUntil({ suspendedUntil: until.toISOString() }, START)).toEqual(until);
    expect(() => assertNotSuspended({ suspendedUntil: until }, START)).toThrow(DomainError);
    expect(suspendedUntil({ suspendedUntil: until }, until)).toBeNull();
    expect(() =>
      assertNotSuspended({ suspendedUntil: until }, new Date(until.getTime() + 1)),
    ).not.toThrow();
    expect(() => assertNotSuspended({ suspendedUntil: null }, START)).not.toThrow();
  });
});

describe('suspendUser', () => {
  it('suspends a person: the row, suspended_until, the event, a notification and an audit entry', async () => {
    const { moderator } = await staff();
    const person = await makeUser(db());
    const clock = testClock(START);
    const { suspensionId, until } = await suspendUser(db(), {
      actor: moderator,
      userId: person.id,
      days: 7,
      reason: '  Spam in three challenges  ',
      clock,
    });
    expect(until).toEqual(new Date(START.getTime() + 7 * DAY));
    const [row] = await suspensionsOf(person.id);
    expect(row).toMatchObject({
      id: suspensionId,
      suspendedBy: moderator.id,
      reason: 'Spam in three challenges',
      startsAt: START,
      endsAt: until,
      endedAt: null,
    });
    expect((await userRow(person.id)).suspendedUntil).toEqual(until);

    const [event] = await eventsOf(person.id);
    expect(event).toMatchObject({
      type: 'user.suspended',
      actorId: moderator.id,
      subjectUserId: person.id,
      payload: { suspensionId, until: until.toISOString() },
      createdAt: START,
    });
    const told = await db().select().from(notifications).where(eq(notifications.userId, person.id));
    expect(told).toMatchObject([{ kind: 'moderation', eventId: event!.id, actorId: moderator.id }]);

    const [entry] = await auditOf(person.id);
    expect(entry).toMatchObject({
      actorId: moderator.id,
      action: 'user.suspended',
      targetKind: 'user',
      targetId: person.id,
      reason: 'Spam in three challenges',
      before: { suspendedUntil: null },
      after: { suspendedUntil: until.toISOString(), days: 7 },
      at: START,
    });
    expect(await ownSuspension(db(), person.id, START)).toEqual({
      until,
      reason: 'Spam in three challenges',
    });
  });

  it('ends every session of the person at once, and nobody else’s', async () => {
    const { moderator } = await staff();
    const person = await makeUser(db());
    const bystander = await makeUser(db());
    const auth = createAuth(db(), { secureCookies: false, sessionCacheMs: 0 });
    const theirs = [
      await auth.createSession(person.id, {}),
      await auth.createSession(person.id, {}),
    ];
    const other = await auth.createSession(bystander.id, {});
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 1, reason: 'Abuse' });
    const left = await db()
      .select({ id: sessions.id })
      .from(sessions)
      .where(inArray(sessions.id, [...theirs.map((s) => s.id), other.id]));
    expect(left.map((s) => s.id)).toEqual([other.id]);
    for (const s of theirs) expect((await auth.validateSession(s.id)).session).toBeNull();
    // They may sign in again: a new session reads the suspension.
    const again = await auth.createSession(person.id, {});
    const { user } = await auth.validateSession(again.id);
    expect(user?.suspendedUntil).toBeInstanceOf(Date);
  });

  it('replaces a running suspension: the old one ends (replaced), the new one counts from now', async () => {
    const { moderator, admin } = await staff();
    const person = await makeUser(db());
    const clock = testClock(START);
    const first = await suspendUser(db(), {
      actor: moderator,
      userId: person.id,
      days: 30,
      reason: 'First',
      clock,
    });
    clock.advance(DAY);
    const second = await suspendUser(db(), {
      actor: admin,
      userId: person.id,
      days: 2,
      reason: 'Second',
      clock,
    });
    const rows = await suspensionsOf(person.id);
    expect(rows).toMatchObject([
      { id: first.suspensionId, endedAt: clock.now(), endedBy: admin.id, endReason: 'replaced' },
      { id: second.suspensionId, endedAt: null, endsAt: new Date(clock.now().getTime() + 2 * DAY) },
    ]);
    expect((await userRow(person.id)).suspendedUntil).toEqual(second.until);
    const entries = await auditOf(person.id);
    expect(entries.at(-1)).toMatchObject({
      before: { suspendedUntil: first.until.toISOString() },
      after: { suspendedUntil: second.until.toISOString() },
    });
  });

  it('refuses a moderator suspending a moderator, anyone suspending an admin or themselves, and prosumers', async () => {
    const { moderator, admin } = await staff();
    const otherModerator = await makeUser(db(), { role: 'moderator' });
    const otherAdmin = await makeUser(db(), { role: 'admin' });
    const prosumer = await makeUser(db());
    const victim = await makeUser(db());
    const attempt = (actor: typeof moderator, userId: string) => () =>
      suspendUser(db(), { actor, userId, days: 3, reason: 'Because' });
    await expectRefused(db(), attempt(moderator, otherModerator.id), 'Forbidden', /admin/);
    await expectRefused(db(), attempt(moderator, otherAdmin.id), 'Forbidden', /Admins cannot/);
    await expectRefused(db(), attempt(admin, otherAdmin.id), 'Forbidden', /Admins cannot/);
    await expectRefused(db(), attempt(admin, admin.id), 'Forbidden', /yourself/);
    await expectRefused(db(), attempt(moderator, moderator.id), 'Forbidden', /yourself/);
    await expectRefused(db(), attempt(prosumer, victim.id), 'Forbidden', /Only moderators/);
    // An admin may suspend a moderator.
    await suspendUser(db(), {
      actor: admin,
      userId: otherModerator.id,
      days: 1,
      reason: 'Overreach',
    });
    expect((await userRow(otherModerator.id)).suspendedUntil).not.toBeNull();
  });

  it('refuses an unknown or deleted person with 404', async () => {
    const { moderator } = await staff();
    const gone = await makeUser(db());
    await db()
      .update(users)
      .set({
        deletedAt: START,
        email: null,
        passwordHash: null,
        displayName: '',
        handle: `deleted_${gone.id}`,
      })
      .where(eq(users.id, gone.id));
    for (const userId of ['no-such-user', gone.id, "'; drop table users; --"])
      await expectRefused(
        db(),
        () => suspendUser(db(), { actor: moderator, userId, days: 3, reason: 'Why' }),
        'NotFound',
      );
  });

  it('refuses days outside 1–365 or not whole, and reasons empty or longer than 500, writing nothing', async () => {
    const { moderator } = await staff();
    const person = await makeUser(db());
    for (const days of [0, -1, 366, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = await expectRefused(
        db(),
        () => suspendUser(db(), { actor: moderator, userId: person.id, days, reason: 'Fine' }),
        'Invalid',
      );
      expect(fieldText(e, 'days')).toMatch(/1 to 365/);
    }
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      const e = await expectRefused(
        db(),
        () => suspendUser(db(), { actor: moderator, userId: person.id, days: 3, reason }),
        'Invalid',
      );
      expect(fieldText(e, 'reason')).toMatch(/1–500/);
    }
    // Text is text: a script tag is stored as typed (pages escape it), never run.
    await suspendUser(db(), {
      actor: moderator,
      userId: person.id,
      days: 365,
      reason: '<script>alert(1)</script>',
    });
    expect((await suspensionsOf(person.id))[0]!.reason).toBe('<script>alert(1)</script>');
  });
});

describe('liftSuspension', () => {
  it('ends the suspension early, clears suspended_until, records the event, notification and audit entry', async () => {
    const { moderator } = await staff();
    const person = await makeUser(db());
    const clock = testClock(START);
    const { suspensionId, until } = await suspendUser(db(), {
      actor: moderator,
      userId: person.id,
      days: 10,
      reason: 'Heated',
      clock,
    });
    clock.advance(DAY);
    await liftSuspension(db(), {
      actor: moderator,
      userId: person.id,
      reason: 'Apologised',
      clock,
    });
    const [row] = await suspensionsOf(person.id);
    expect(row).toMatchObject({
      id: suspensionId,
      endedAt: clock.now(),
      endedBy: moderator.id,
      endReason: 'Apologised',
    });
    expect((await userRow(person.id)).suspendedUntil).toBeNull();
    const evts = await eventsOf(person.id);
    expect(evts.map((e) => [e.type, e.actorId])).toEqual([
      ['user.suspended', moderator.id],
      ['user.unsuspended', moderator.id],
    ]);
    const entries = await auditOf(person.id);
    expect(entries.at(-1)).toMatchObject({
      action: 'user.unsuspended',
      actorId: moderator.id,
      reason: 'Apologised',
      before: { suspendedUntil: until.toISOString() },
      after: { suspendedUntil: null },
    });
    const told = await db().select().from(notifications).where(eq(notifications.userId, person.id));
    expect(told).toHaveLength(2);
    expect(await ownSuspension(db(), person.id, clock.now())).toBeNull();
  });

  it('answers 409 when nothing is running, and refuses the wrong people and empty reasons', async () => {
    const { moderator, admin } = await staff();
    const person = await makeUser(db());
    const otherModerator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: moderator, userId: person.id, reason: 'Nothing' }),
      'Conflict',
      /not suspended/,
    );
    await suspendUser(db(), { actor: admin, userId: otherModerator.id, days: 5, reason: 'Rude' });
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 5, reason: 'Rude' });
    await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: moderator, userId: otherModerator.id, reason: 'Mate' }),
      'Forbidden',
      /admin/,
    );
    await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: person, userId: person.id, reason: 'Let me out' }),
      'Forbidden',
    );
    const e = await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: moderator, userId: person.id, reason: ' ' }),
      'Invalid',
    );
    expect(Object.keys(e.fieldMessages ?? {})).toEqual(['reason']);
    await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: moderator, userId: 'nobody', reason: 'Why' }),
      'NotFound',
    );
    await liftSuspension(db(), { actor: admin, userId: otherModerator.id, reason: 'Sorted out' });
    expect((await userRow(otherModerator.id)).suspendedUntil).toBeNull();
  });

  it('answers 409 for a suspension whose end has passed (the job ends it)', async () => {
    const { moderator } = await staff();
    const person = await makeUser(db());
    const clock = testClock(START);
    await suspendUser(db(), {
      actor: moderator,
      userId: person.id,
      days: 1,
      reason: 'Short',
      clock,
    });
    clock.advance(2 * DAY);
    await expectRefused(
      db(),
      () => liftSuspension(db(), { actor: moderator, userId: person.id, reason: 'Late', clock }),
      'Conflict',
    );
  });
});

describe('endExpiredSuspensions (the job)', () => {
  it('ends passed suspensions at their end date, once, with an event and audit entry by nobody', async () => {
    const { moderator } = await staff();
    const expired = await makeUser(db());
    const running = await makeUser(db());
    const clock = testClock(START);
    const a = await suspendUser(db(), {
      actor: moderator,
      userId: expired.id,
      days: 1,
      reason: 'A',
      clock,
    });
    await suspendUser(db(), { actor: moderator, userId: running.id, days: 30, reason: 'B', clock });
    // Others' expired suspensions (from other tests) are ended too; ours are checked by person.
    clock.advance(2 * DAY);
    await endExpiredSuspensions(db(), { clock });
    const [row] = await suspensionsOf(expired.id);
    expect(row).toMatchObject({ endedAt: a.until, endedBy: null, endReason: 'expired' });
    expect((await userRow(expired.id)).suspendedUntil).toBeNull();
    expect((await suspensionsOf(running.id))[0]!.endedAt).toBeNull();
    expect((await userRow(running.id)).suspendedUntil).not.toBeNull();
    const evts = await eventsOf(expired.id);
    expect(evts.at(-1)).toMatchObject({ type: 'user.unsuspended', actorId: null });
    const entries = await auditOf(expired.id);
    expect(entries.at(-1)).toMatchObject({
      action: 'user.unsuspended',
      actorId: null,
      reason: 'expired',
      before: { suspendedUntil: a.until.toISOString() },
      after: { suspendedUntil: null },
    });
    // A second run finds nothing more of theirs.
    await endExpiredSuspensions(db(), { clock });
    expect(await eventsOf(expired.id)).toHaveLength(2);
    expect(await auditOf(expired.id)).toHaveLength(2);
  });

  it('ends each expired suspension exactly once when two runs go at the same moment', async () => {
    const { moderator } = await staff();
    const clock = testClock(new Date(START.getTime() + 1000 * DAY));
    const people = [];
    for (let i = 0; i < 8; i++) {
      const person = await makeUser(db());
      await suspendUser(db(), {
        actor: moderator,
        userId: person.id,
        days: 1,
        reason: 'Batch',
        clock,
      });
      people.push(person);
    }
    clock.advance(2 * DAY);
    const runs = await Promise.all([
      endExpiredSuspensions(db(), { clock, limit: 5 }),
      endExpiredSuspensions(db(), { clock, limit: 5 }),
      endExpiredSuspensions(db(), { clock, limit: 5 }),
    ]);
    // Whatever the runs took between them, a last one finishes the rest.
    const rest = await endExpiredSuspensions(db(), { clock });
    expect(runs.reduce((a, b) => a + b, 0) + rest).toBeGreaterThanOrEqual(people.length);
    for (const person of people) {
      const ended = (await eventsOf(person.id)).filter((e) => e.type === 'user.unsuspended');
      expect(ended).toHaveLength(1);
      expect(
        (await auditOf(person.id)).filter((e) => e.action === 'user.unsuspended'),
      ).toHaveLength(1);
      expect((await userRow(person.id)).suspendedUntil).toBeNull();
    }
    expect(await endExpiredSuspensions(db(), { clock })).toBe(0);
  });
});

describe('the lists', () => {
  it('shows staff the suspensions in force, the recently ended and a person’s history; nobody else', async () => {
    const { moderator, admin } = await staff();
    const person = await makeUser(db());
    const suspendedModerator = await makeUser(db(), { role: 'moderator' });
    const now = new Date();
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 3, reason: 'Spam' });
    await suspendUser(db(), {
      actor: admin,
      userId: suspendedModerator.id,
      days: 3,
      reason: 'Rude',
    });
    const forModerator = await suspensionsInForce(db(), moderator, 1, now);
    const mine = forModerator.items.filter((s) =>
      [person.handle, suspendedModerator.handle].includes(s.handle),
    );
    expect(mine.map((s) => [s.handle, s.reason, s.byHandle, s.canLift]).sort()).toEqual(
      [
        [person.handle, 'Spam', moderator.handle, true],
        [suspendedModerator.handle, 'Rude', admin.handle, false],
      ].sort(),
    );
    // No internal ids in what the page receives.
    expect(Object.keys(forModerator.items[0]!)).not.toContain('personId');
    const forAdmin = await suspensionsInForce(db(), admin, 1, now);
    expect(forAdmin.items.find((s) => s.handle === suspendedModerator.handle)?.canLift).toBe(true);

    const prosumer = await makeUser(db());
    await expect(suspensionsInForce(db(), prosumer)).rejects.toMatchObject({ kind: 'Forbidden' });
    await expect(suspensionsInForce(db(), null)).rejects.toMatchObject({ kind: 'Forbidden' });
    await expect(recentlyEndedSuspensions(db(), prosumer)).rejects.toMatchObject({
      kind: 'Forbidden',
    });

    await liftSuspension(db(), { actor: moderator, userId: person.id, reason: 'Ok now' });
    const ended = await recentlyEndedSuspensions(db(), moderator);
    expect(ended.find((e) => e.handle === person.handle)).toMatchObject({
      handle: person.handle,
      endReason: 'Ok now',
      endedByHandle: moderator.handle,
    });
    expect(await suspensionHistory(db(), person.id)).toHaveLength(1);

    expect(await suspensionPanel(db(), prosumer, person.handle, now)).toBeNull();
    expect(await suspensionPanel(db(), moderator, moderator.handle, now)).toBeNull();
    const panel = await suspensionPanel(db(), moderator, suspendedModerator.handle, now);
    expect(panel).toMatchObject({ canSuspend: false, canLift: false, running: { reason: 'Rude' } });
  });
});
