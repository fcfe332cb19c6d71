// Sign-up, sign-in and sign-out forms, called through their route actions.
import { describe, expect, it } from 'vitest';
import * as signinRoute from '#app/routes/signin';
import * as signoutRoute from '#app/routes/signout';
import * as signupRoute from '#app/routes/signup';
import { callAction, formRequest, makeContext, type ContextOptions } from '../support/context';
import { FACTORY_PASSWORD, makeUser } from '../support/factories';
import {
  expectAccepted,
  expectRefused,
  repeat,
  setCookies,
  unique,
} from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const PASSWORD = 'a long enough passphrase';
const signUp = (fields: Record<string, string>, options?: ContextOptions) =>
  callAction(signupRoute, {
    request: formRequest('/signup', fields),
    context: makeContext(db(), null, options),
  });
const signupFields = (overrides: Record<string, string> = {}) => {
  const handle = unique('new_');
  return {
    handle,
    displayName: 'New Person',
    email: `${handle}@example.test`,
    password: PASSWORD,
    redirectTo: '',
    ...overrides,
  };
};

describe('signup action', () => {
  it('asks for every missing field', async () => {
    const sent = { handle: '', email: '', password: '' };
    await expectRefused(db(), () => signUp(sent), 400, {
      sent,
      error: /correct/,
      fields: ['handle', 'email', 'password'],
    });
    await expectRefused(db(), () => signUp({}), 400, {
      sent: {},
      fields: ['handle', 'email', 'password'],
    });
  });

  it('refuses a malformed email address', async () => {
    const sent = signupFields({ email: 'not-an-email' });
    const result = await expectRefused(db(), () => signUp(sent), 400, { sent, fields: ['email'] });
    expect(result.body.fieldErrors.email).toEqual([
      'Enter a valid email address, like name@example.com.',
    ]);
  });

  it('refuses short and common passwords, and never sends the password back', async () => {
    for (const password of ['short', '123456789', 'password123', 'Password123', 'aaaaaaaaaaaa']) {
      const sent = signupFields({ password });
      const result = await expectRefused(db(), () => signUp(sent), 400, {
        sent,
        fields: ['password'],
      });
      expect(result.body.values.password).toBeUndefined();
      expect(JSON.stringify(result.body)).not.toContain(`"${password}"`);
    }
  });

  it('refuses a password that contains the handle', async () => {
    const sent = signupFields();
    sent.password = `my ${sent.handle} secret`;
    await expectRefused(db(), () => signUp(sent), 400, { sent, fields: ['password'] });
  });

  it.each([
    ['with spaces', 'two words'],
    ['too long', repeat(31, 'h')],
    ['too short', 'ab'],
    ['with markup', '<script>'],
    ['with a quote', "o'neil_x"],
  ])('refuses a handle %s', async (_label, handle) => {
    const sent = signupFields({ handle });
    const result = await expectRefused(db(), () => signUp(sent), 400, { sent, fields: ['handle'] });
    expect(result.body.fieldErrors.handle).toEqual([
      'Handles are 3–30 letters, digits or underscores.',
    ]);
  });

  it('refuses a handle that is taken in another case with 409 and a handle message', async () => {
    const existing = await makeUser(db(), { handle: unique('Taken_') });
    const sent = signupFields({ handle: existing.handle.toLowerCase() });
    const result = await expectRefused(db(), () => signUp(sent), 409, {
      sent,
      error: /already in use/,
      fields: ['handle'],
    });
    expect(result.body.fieldErrors.handle).toEqual(['That handle is taken. Try another.']);
    expect(result.body.fieldErrors.email).toBeUndefined();
  });

  it('creates nothing for an email that is taken, in any case, and answers as for a new one', async () => {
    const existing = await makeUser(db());
    const sent = signupFields({ email: existing.email.toUpperCase() });
    const { result, added } = await expectAccepted(db(), () => signUp(sent), {
      location: /^\/signin\?redirectTo=%2Fchallenges$/,
      events: [],
    });
    expect(added).toEqual({});
    expect(setCookies(result).map((c) => c.split('=')[0])).toEqual(['cocrea_flash']);
  });

  it('creates the account and sends the new member to sign in, then to where they were going', async () => {
    const sent = signupFields({ redirectTo: '/brands' });
    const { result, added, events } = await expectAccepted(db(), () => signUp(sent), {
      location: /^\/signin\?redirectTo=%2Fbrands$/,
      events: ['user.joined'],
    });
    // No session yet: being signed in at once would tell a new email from a taken one.
    expect(added).toEqual({ users: 1, events: 1 });
    expect(events[0]!.payload).toEqual({ handle: sent.handle });
    expect(setCookies(result).map((c) => c.split('=')[0])).toEqual(['cocrea_flash']);
  });

  it('does not follow an off-site redirectTo after sign-up', async () => {
    const sent = signupFields({ redirectTo: '//evil.example/phish' });
    const { result } = await expectAccepted(db(), () => signUp(sent), { events: ['user.joined'] });
    expect(result.headers.get('Location')).toBe('/signin?redirectTo=%2Fchallenges');
  });

  it('rate-limits sign-ups per IP when limits are on', async () => {
    const context = makeContext(db(), null, { rateLimits: true, clientIp: '10.9.9.9' });
    // Invalid submissions still count, so no accounts are needed to reach the limit.
    for (let i = 0; i < 10; i++) {
      const r = await callAction(signupRoute, {
        request: formRequest('/signup', { handle: 'x' }),
        context,
      });
      expect(r.status).toBe(400);
    }
    const sent = signupFields();
    const result = await expectRefused(
      db(),
      () => callAction(signupRoute, { request: formRequest('/signup', sent), context }),
      429,
      {
        sent,
        error: /Too many attempts/,
      },
    );
    expect(Number(result.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});

describe('signin action', () => {
  const signIn = (fields: Record<string, string>, context = makeContext(db())) =>
    callAction(signinRoute, { request: formRequest('/signin', fields), context });

  it('asks for a login and a password', async () => {
    await expectRefused(db(), () => signIn({ login: '', password: '' }), 400, {
      sent: { login: '' },
      fields: ['login', 'password'],
    });
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const user = await makeUser(db());
    const wrong = await expectRefused(
      db(),
      () => signIn({ login: user.handle, password: 'not the password' }),
      400,
      {
        sent: { login: user.handle },
      },
    );
    const unknown = await expectRefused(
      db(),
      () => signIn({ login: unique('nobody_'), password: 'not the password' }),
      400,
    );
    expect(wrong.body.error).toBe(
      'That handle/email and password do not match. Check them and try again.',
    );
    expect(unknown.body.error).toBe(wrong.body.error);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body.fieldErrors).toEqual(wrong.body.fieldErrors);
    expect(wrong.body.values.password).toBeUndefined();
  });

  it('locks out the 11th wrong attempt for one login from one IP with 429 and Retry-After', async () => {
    const user = await makeUser(db());
    const context = makeContext(db(), null, { rateLimits: true, clientIp: '10.1.2.3' });
    for (let i = 1; i <= 10; i++) {
      const r = await signIn({ login: user.handle, password: `wrong guess ${i}` }, context);
      expect(r.status, `attempt ${i}`).toBe(400);
    }
    // The limit is per login and IP, and logins are compared without case.
    const result = await expectRefused(
      db(),
      () => signIn({ login: user.handle.toUpperCase(), password: FACTORY_PASSWORD }, context),
      429,
      {
        error: /Too many attempts\. Please wait \d+ minutes/,
      },
    );
    const retryAfter = Number(result.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account from the same IP is not locked out by it.
    const other = await makeUser(db());
    expect((await signIn({ login: other.handle, password: 'wrong again' }, context)).status).toBe(
      400,
    );
  });

  it('signs in by handle or email, case-insensitively, and sets the session cookie', async () => {
    const user = await makeUser(db());
    for (const login of [user.handle.toUpperCase(), user.email]) {
      const { result, added } = await expectAccepted(
        db(),
        () => signIn({ login, password: FACTORY_PASSWORD, redirectTo: '/brands/new' }),
        {
          location: /^\/brands\/new$/,
          events: [],
        },
      );
      expect(added).toEqual({ sessions: 1 });
      const cookie = setCookies(result).find((c) => c.startsWith('cocrea_session='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });
});

describe('signout action', () => {
  it('ends the session and clears the cookie', async () => {
    const user = await makeUser(db());
    const viewer = { ...user, displayName: user.handle };
    const auth = makeContext(db()).auth;
    const session = await auth.createSession(user.id, {});
    const context = makeContext(db(), viewer, { sessionId: session.id });
    const { result, added } = await expectAccepted(
      db(),
      () => callAction(signoutRoute, { request: formRequest('/signout', {}), context }),
      {
        location: /^\/$/,
        events: [],
      },
    );
    expect(added).toEqual({ sessions: -1 });
    expect(setCookies(result).find((c) => c.startsWith('cocrea_session='))).toMatch(/Max-Age=0/i);
  });
});
