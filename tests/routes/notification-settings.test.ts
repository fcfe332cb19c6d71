// /settings/notifications (the signed-in person's topics × channels and digest frequency) and
// /unsubscribe (the signed link in every digest, working without signing in): what they show, what
// they save, and every bad input refused with nothing written.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as settingsPage from '#app/routes/settings.notifications';
import * as unsubscribePage from '#app/routes/unsubscribe';
import { DEFAULT_CHANNEL, TOPICS } from '#app/domain/notifications/preferences';
import { preferencesOf } from '#app/domain/notifications/preferences.server';
import {
  UNSUBSCRIBE_PURPOSE,
  unsubscribeToken,
  type UnsubscribeScope,
} from '#app/domain/notifications/unsubscribe.server';
import { purposeKey } from '#app/utils/mail.server';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeUser } from '../support/factories';
import { hearsAbout } from '../support/notification-preferences';
import { expectRefused, snapshot } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

// The server secret the unsubscribe links are signed with, and a mail server for "email is on".
const saved = { secret: process.env.SESSION_SECRET, smtp: process.env.SMTP_URL };
beforeAll(() => {
  process.env.SESSION_SECRET = 'a session secret for the route tests';
  delete process.env.SMTP_URL;
});
afterEach(() => {
  delete process.env.SMTP_URL;
});
const emailOn = () => {
  process.env.SMTP_URL = 'smtp://127.0.0.1:2525';
};
afterAll(() => {
  if (saved.secret === undefined) delete process.env.SESSION_SECRET;
  else process.env.SESSION_SECRET = saved.secret;
  if (saved.smtp !== undefined) process.env.SMTP_URL = saved.smtp;
});

const allIn = (channel: string) => Object.fromEntries(TOPICS.map((t) => [t, channel]));

const save = (viewer: TestViewer | null, fields: Record<string, string | string[]>) =>
  callAction(settingsPage, {
    request: formRequest('/settings/notifications', fields),
    context: makeContext(db(), viewer),
  });

describe('GET /settings/notifications', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    const result = await callLoader(settingsPage, {
      request: getRequest('/settings/notifications'),
      context: makeContext(db(), null),
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/signin?redirectTo=%2Fsettings%2Fnotifications');
  });

  it('shows the quiet defaults and, with no SMTP, that email is off', async () => {
    const person = await makeUser(db());
    const result = await callLoader(settingsPage, {
      request: getRequest('/settings/notifications'),
      context: makeContext(db(), person),
    });
    expect(result.body).toMatchObject({
      emailEnabled: false,
      channels: DEFAULT_CHANNEL,
      frequency: 'daily',
    });
  });

  it('shows the digest with SMTP, and a digest chosen earlier as in the app once email is off', async () => {
    const person = await makeUser(db());
    await hearsAbout(db(), person.id, ['votes'], 'digest', { frequency: 'weekly' });
    emailOn();
    const on = await callLoader(settingsPage, {
      request: getRequest('/settings/notifications'),
      context: makeContext(db(), person),
    });
    expect(on.body).toMatchObject({
      emailEnabled: true,
      channels: { votes: 'digest' },
      frequency: 'weekly',
    });
    delete process.env.SMTP_URL;
    const off = await callLoader(settingsPage, {
      request: getRequest('/settings/notifications'),
      context: makeContext(db(), person),
    });
    expect(off.body).toMatchObject({ emailEnabled: false, channels: { votes: 'in_app' } });
  });
});

describe('POST /settings/notifications', () => {
  it('saves every topic and the frequency, only for the signed-in person, with a message', async () => {
    const person = await makeUser(db());
    const other = await makeUser(db());
    emailOn();
    const result = await save(person, {
      ...allIn('off'),
      votes: 'in_app',
      comments: 'digest',
      frequency: 'weekly',
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/settings/notifications');
    expect(result.headers.get('Set-Cookie')).toMatch(/cocrea_flash=/);
    expect(await preferencesOf(db(), person.id)).toEqual({
      channels: { ...allIn('off'), votes: 'in_app', comments: 'digest' },
      frequency: 'weekly',
    });
    expect(await preferencesOf(db(), other.id)).toEqual({
      channels: DEFAULT_CHANNEL,
      frequency: 'daily',
    });
  });

  it('sends a signed-out visitor to sign in, writing nothing', async () => {
    const before = await snapshot(db());
    const result = await save(null, allIn('in_app'));
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toMatch(/^\/signin\?redirectTo=/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses an unknown topic, someone else’s id and too many fields (400), writing nothing', async () => {
    const person = await makeUser(db());
    const other = await makeUser(db());
    for (const extra of [
      { likes: 'in_app' },
      { userId: other.id },
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`topic${i}`, 'off'])),
    ]) {
      const result = await expectRefused(
        db(),
        () => save(person, { ...allIn('off'), ...extra }),
        400,
        {
          fields: ['form'],
        },
      );
      expect(result.body.fieldErrors.form[0]).toMatch(/setting that does not exist/);
    }
  });

  it('refuses a bad value, a missing topic, a repeated field, a script tag and a long value (400)', async () => {
    const person = await makeUser(db());
    const { votes: _votes, ...missing } = allIn('in_app');
    const cases: [Record<string, string | string[]>, string][] = [
      [{ ...allIn('in_app'), votes: 'loud' }, 'votes'],
      [missing, 'votes'],
      [{ ...allIn('in_app'), votes: ['off', 'in_app'] }, 'votes'],
      [{ ...allIn('in_app'), mentions: '<script>alert(1)</script>' }, 'mentions'],
      [{ ...allIn('in_app'), replies: 'x'.repeat(5_000) }, 'replies'],
      [{ ...allIn('in_app'), frequency: 'hourly' }, 'frequency'],
    ];
    for (const [fields, field] of cases) {
      const result = await expectRefused(db(), () => save(person, fields), 400, {
        fields: [field],
        sent: fields,
      });
      expect(result.body.error).toMatch(/correct the highlighted fields/);
    }
    expect(await preferencesOf(db(), person.id)).toEqual({
      channels: DEFAULT_CHANNEL,
      frequency: 'daily',
    });
  });

  it('refuses the email digest while this site sends no email (400), writing nothing', async () => {
    const person = await makeUser(db());
    await expectRefused(db(), () => save(person, { ...allIn('in_app'), votes: 'digest' }), 400, {
      error: /Email is off on this site/,
    });
  });

  it('answers in the person’s language', async () => {
    const person = await makeUser(db());
    const result = await callAction(settingsPage, {
      request: formRequest('/settings/notifications', { ...allIn('in_app'), votes: 'loud' }),
      context: makeContext(db(), person, { locale: 'it' }),
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.votes[0]).toBe(
      'Scegli nell’app, nel riepilogo via email oppure disattivato.',
    );
  });
});

describe('/unsubscribe', () => {
  const key = () => purposeKey(UNSUBSCRIBE_PURPOSE);
  const link = (userId: string, scope: UnsubscribeScope, issuedAt = new Date()) =>
    `/unsubscribe?token=${unsubscribeToken(key(), { userId, scope, issuedAt })}`;
  const open = (path: string, viewer: TestViewer | null = null) =>
    callLoader(unsubscribePage, { request: getRequest(path), context: makeContext(db(), viewer) });
  const confirm = (path: string, fields: Record<string, string> = {}) =>
    callAction(unsubscribePage, {
      request: formRequest(path, fields),
      context: makeContext(db(), null),
    });

  async function digestPerson() {
    const person = await makeUser(db());
    await hearsAbout(db(), person.id, ['comments', 'votes'], 'digest', {
      // Chosen before the mail (and its link) went out.
      clock: { now: () => new Date(Date.now() - 60_000) },
    });
    return person;
  }

  it('shows, without signing in and without changing anything, what would stop', async () => {
    const person = await digestPerson();
    const before = await snapshot(db());
    const all = await open(link(person.id, 'all'));
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      state: 'confirm',
      scope: 'all',
      handle: person.handle,
      digestTopics: expect.arrayContaining(['comments', 'votes']),
    });
    // Route data reaches the browser: it names the person by handle, never by their user id.
    expect(JSON.stringify(all.body)).not.toContain(person.id);
    const votes = await open(link(person.id, 'votes'));
    expect(votes.body).toMatchObject({ state: 'confirm', scope: 'votes', digestTopics: ['votes'] });
    expect(await snapshot(db())).toEqual(before);
  });

  it('stops the email on POST — the button, or a mail client’s one-click — and a replay changes nothing', async () => {
    const person = await digestPerson();
    const path = link(person.id, 'all');
    const done = await confirm(path, { 'List-Unsubscribe': 'One-Click' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', scope: 'all', changed: true });
    expect(JSON.stringify(done.body)).not.toContain(person.id);
    expect((await preferencesOf(db(), person.id)).channels).toMatchObject({
      comments: 'in_app',
      votes: 'in_app',
    });
    const before = await snapshot(db());
    const again = await confirm(path);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'done', changed: false });
    expect(await snapshot(db())).toEqual(before);
  });

  it('stops one topic with a topic link', async () => {
    const person = await digestPerson();
    await confirm(link(person.id, 'votes'));
    expect((await preferencesOf(db(), person.id)).channels).toMatchObject({
      comments: 'digest',
      votes: 'in_app',
    });
  });

  it('answers a forged, tampered, cut or missing token with 400, writing nothing', async () => {
    const person = await digestPerson();
    const other = await digestPerson();
    const good = link(person.id, 'all');
    const token = new URL(`http://x${good}`).searchParams.get('token')!;
    const [, scope, seconds, signature] = token.split('.');
    const bad = [
      // Someone else's id under this person's signature.
      `/unsubscribe?token=${[other.id, scope, seconds, signature].join('.')}`,
      `/unsubscribe?token=${token.slice(0, -2)}`,
      `/unsubscribe?token=${token}A`,
      `/unsubscribe?token=${[person.id, 'votes', seconds, signature].join('.')}`,
      `/unsubscribe?token=${encodeURIComponent('<script>alert(1)</script>')}`,
      `/unsubscribe?token=${'a'.repeat(5_000)}`,
      `/unsubscribe?token=`,
      `/unsubscribe`,
      // Signed with another key.
      `/unsubscribe?token=${unsubscribeToken(purposeKey(UNSUBSCRIBE_PURPOSE, 'some other secret here'), { userId: person.id, scope: 'all', issuedAt: new Date() })}`,
    ];
    const before = await snapshot(db());
    for (const path of bad) {
      const shown = await open(path);
      expect(shown.status, path).toBe(400);
      expect(shown.body).toMatchObject({ state: 'invalid' });
      const posted = await confirm(path, { 'List-Unsubscribe': 'One-Click' });
      expect(posted.status, path).toBe(400);
      expect(posted.body).toMatchObject({ state: 'invalid' });
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('works the same for a visitor signed in as someone else: the token decides whose email stops', async () => {
    const person = await digestPerson();
    const other = await digestPerson();
    const result = await callAction(unsubscribePage, {
      request: formRequest(link(person.id, 'all'), {}),
      context: makeContext(db(), other),
    });
    expect(result.body).toMatchObject({ state: 'done', handle: person.handle, changed: true });
    expect((await preferencesOf(db(), other.id)).channels.comments).toBe('digest');
  });

  it('is rate limited per address', async () => {
    const person = await digestPerson();
    const context = makeContext(db(), null, { rateLimits: true, clientIp: '203.0.113.9' });
    let last = { status: 0, body: null as unknown };
    for (let i = 0; i < 70 && last.status !== 429; i++)
      last = await callAction(unsubscribePage, {
        request: formRequest(link(person.id, 'votes'), {}),
        context,
      });
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ error: expect.stringMatching(/Too many attempts/) });
  });
});
