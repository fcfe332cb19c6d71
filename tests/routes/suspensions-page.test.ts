// /moderation/suspensions and the moderator's suspension panel on a profile (issue 15, item 4):
// who sees them, the suspend and lift forms, and every bad input answered with a message and
// nothing written.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { suspendUser } from '#app/domain/moderation/suspensions.server';
import * as page from '#app/routes/moderation.suspensions';
import * as profile from '#app/routes/u.$handle';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeUser } from '../support/factories';
import { expectAccepted, expectRefused } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const loadPage = (viewer: TestViewer | null, search = '') =>
  callLoader(page, {
    request: getRequest(`/moderation/suspensions${search}`),
    context: makeContext(db(), viewer),
  });

const postPage = (viewer: TestViewer | null, fields: Record<string, string | string[]>) =>
  callAction(page, {
    request: formRequest('/moderation/suspensions', fields),
    context: makeContext(db(), viewer),
  });

const loadProfile = (viewer: TestViewer | null, handle: string) =>
  callLoader(profile, {
    params: { handle },
    request: getRequest(`/u/${handle}`),
    context: makeContext(db(), viewer),
  });

const postProfile = (
  viewer: TestViewer | null,
  handle: string,
  fields: Record<string, string | string[]>,
  locale: 'en' | 'es' = 'en',
) =>
  callAction(profile, {
    params: { handle },
    request: formRequest(`/u/${handle}`, fields),
    context: makeContext(db(), viewer, { locale }),
  });

async function people() {
  return {
    moderator: await makeUser(db(), { role: 'moderator' }),
    admin: await makeUser(db(), { role: 'admin' }),
    person: await makeUser(db()),
  };
}

describe('/moderation/suspensions', () => {
  it('sends visitors to sign in and refuses prosumers (403)', async () => {
    const visitor = await loadPage(null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toBe(
      `/signin?redirectTo=${encodeURIComponent('/moderation/suspensions')}`,
    );
    const prosumer = await loadPage(await makeUser(db()));
    expect(prosumer.status).toBe(403);
    expect(prosumer.body.message).toMatch(/Only moderators and admins/);
  });

  it('lists the suspensions in force with who and why, and the recently ended, for staff', async () => {
    const { moderator, admin, person } = await people();
    const suspendedModerator = await makeUser(db(), { role: 'moderator' });
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 3, reason: 'Spam' });
    await suspendUser(db(), {
      actor: admin,
      userId: suspendedModerator.id,
      days: 3,
      reason: 'Rude',
    });
    const result = await loadPage(moderator);
    expect(result.status).toBe(200);
    expect(result.body.role).toBe('moderator');
    const rows = result.body.inForce.items as { handle: string }[];
    expect(rows.find((r) => r.handle === person.handle)).toMatchObject({
      reason: 'Spam',
      byHandle: moderator.handle,
      canLift: true,
    });
    // A moderator's suspension is lifted by admins only: no form for a moderator.
    expect(rows.find((r) => r.handle === suspendedModerator.handle)).toMatchObject({
      canLift: false,
    });
    expect(JSON.stringify(result.body)).not.toContain(person.id);
    // A bad page number is read as the first page.
    expect((await loadPage(admin, '?page=-4')).body.inForce.page).toBe(1);
  });

  it('lifts a suspension early with a reason, back to the page with a message', async () => {
    const { moderator, person } = await people();
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 3, reason: 'Spam' });
    const { result } = await expectAccepted(
      db(),
      () => postPage(moderator, { intent: 'lift', handle: person.handle, reason: 'Apologised' }),
      { location: /^\/moderation\/suspensions$/, events: ['user.unsuspended'] },
    );
    expect(result.headers.get('Set-Cookie')).toBeTruthy();
    const [row] = await db().select().from(users).where(eq(users.id, person.id));
    expect(row!.suspendedUntil).toBeNull();
    const ended = (await loadPage(moderator)).body.ended as { handle: string }[];
    expect(ended.find((e) => e.handle === person.handle)).toMatchObject({
      endReason: 'Apologised',
      endedByHandle: moderator.handle,
    });
  });

  it('refuses bad lifts with a message and writes nothing', async () => {
    const { moderator, person } = await people();
    const prosumer = await makeUser(db());
    await expectRefused(
      db(),
      () => postPage(moderator, { intent: 'lift', handle: person.handle, reason: 'Nothing on' }),
      409,
      { error: /not suspended/ },
    );
    await suspendUser(db(), { actor: moderator, userId: person.id, days: 3, reason: 'Spam' });
    const cases: [TestViewer | null, Record<string, string | string[]>, number, RegExp?][] = [
      [null, { intent: 'lift', handle: person.handle, reason: 'x' }, 401],
      [prosumer, { intent: 'lift', handle: person.handle, reason: 'x' }, 403, /Only moderators/],
      [moderator, { intent: 'lift', handle: person.handle, reason: '' }, 400],
      [moderator, { intent: 'lift', handle: person.handle, reason: 'x'.repeat(501) }, 400],
      [moderator, { intent: 'lift', handle: person.handle }, 400],
      [moderator, { intent: 'lift', reason: 'x' }, 400],
      [moderator, { intent: 'lift', handle: [person.handle, 'b'], reason: 'x' }, 400],
      [moderator, { intent: 'explode', handle: person.handle, reason: 'x' }, 400],
      [moderator, { intent: 'lift', handle: 'x'.repeat(41), reason: 'x' }, 400],
      [moderator, { intent: 'lift', handle: 'nobody_here', reason: 'x' }, 404],
      [moderator, { intent: 'lift', handle: '<script>', reason: 'x' }, 404],
    ];
    for (const [viewer, fields, status, error] of cases)
      await expectRefused(db(), () => postPage(viewer, fields), status, {
        error,
        sent: status === 401 ? undefined : fields,
      });
    const e = await postPage(moderator, { intent: 'lift', handle: person.handle, reason: ' ' });
    expect(e.body.fieldErrors.reason).toEqual(['Give a reason of 1–500 characters.']);
  });
});

describe('the suspension panel on a profile', () => {
  it('is shown to moderators and admins only, never to the person, others or visitors', async () => {
    const { moderator, admin, person } = await people();
    const prosumer = await makeUser(db());
    for (const viewer of [null, prosumer, person])
      expect((await loadProfile(viewer, person.handle)).body.suspension).toBeNull();
    expect((await loadProfile(moderator, moderator.handle)).body.suspension).toBeNull();
    expect((await loadProfile(moderator, person.handle)).body.suspension).toEqual({
      running: null,
      past: [],
      canSuspend: true,
      canLift: false,
    });
    expect((await loadProfile(moderator, admin.handle)).body.suspension).toMatchObject({
      canSuspend: false,
    });
  });

  it('suspends from the profile and shows the status, then lifts', async () => {
    const { moderator, person } = await people();
    const { result } = await expectAccepted(
      db(),
      () =>
        postProfile(moderator, person.handle, {
          intent: 'suspend',
          handle: person.handle,
          days: '7',
          reason: 'Spam in the comments',
        }),
      { location: new RegExp(`^/u/${person.handle}$`), events: ['user.suspended'] },
    );
    expect(result.headers.get('Set-Cookie')).toBeTruthy();
    const panel = (await loadProfile(moderator, person.handle)).body.suspension;
    expect(panel).toMatchObject({
      running: { reason: 'Spam in the comments', byHandle: moderator.handle },
      canSuspend: true,
      canLift: true,
    });
    await expectAccepted(
      db(),
      () =>
        postProfile(moderator, person.handle, {
          intent: 'lift',
          handle: person.handle,
          reason: 'Cleared up',
        }),
      { location: new RegExp(`^/u/${person.handle}$`), events: ['user.unsuspended'] },
    );
    const after = (await loadProfile(moderator, person.handle)).body.suspension;
    expect(after).toMatchObject({
      running: null,
      canLift: false,
      past: [{ endReason: 'Cleared up' }],
    });
  });

  it('refuses bad days, bad reasons and people who may not be suspended, writing nothing', async () => {
    const { moderator, admin, person } = await people();
    const otherModerator = await makeUser(db(), { role: 'moderator' });
    const prosumer = await makeUser(db());
    const suspend = (handle: string, days: string, reason = 'Because') => ({
      intent: 'suspend',
      handle,
      days,
      reason,
    });
    for (const days of ['0', '366', '1.5', 'abc', '', '-3', '1e2', '9'.repeat(30)]) {
      const fields = suspend(person.handle, days);
      const result = await expectRefused(
        db(),
        () => postProfile(moderator, person.handle, fields),
        400,
        { sent: fields, fields: ['days'] },
      );
      expect(result.body.fieldErrors.reason).toBeUndefined();
    }
    const noReason = suspend(person.handle, '3', '');
    const r = await expectRefused(
      db(),
      () => postProfile(moderator, person.handle, noReason),
      400,
      {
        fields: ['reason'],
        sent: noReason,
      },
    );
    expect(r.body.fieldErrors.reason).toEqual(['Give a reason of 1–500 characters.']);
    await expectRefused(
      db(),
      () => postProfile(moderator, otherModerator.handle, suspend(otherModerator.handle, '3')),
      403,
      { error: /Only an admin can suspend a moderator/ },
    );
    await expectRefused(
      db(),
      () => postProfile(admin, admin.handle, suspend(admin.handle, '3')),
      403,
    );
    await expectRefused(
      db(),
      () => postProfile(moderator, admin.handle, suspend(admin.handle, '3')),
      403,
      { error: /Admins cannot be suspended/ },
    );
    await expectRefused(
      db(),
      () => postProfile(prosumer, person.handle, suspend(person.handle, '3')),
      403,
    );
    await expectRefused(
      db(),
      () => postProfile(null, person.handle, suspend(person.handle, '3')),
      401,
    );
  });

  it('answers in the reader’s language', async () => {
    const { moderator, person } = await people();
    const result = await postProfile(
      moderator,
      person.handle,
      { intent: 'suspend', handle: person.handle, days: '400', reason: 'x' },
      'es',
    );
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.days).toEqual(['Elige un número entero de días entre 1 y 365.']);
  });
});
