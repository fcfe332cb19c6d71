import { eq } from 'drizzle-orm';
import { generateIdFromEntropySize } from 'lucia';
import { describe, expect, it } from 'vitest';
import { challenges, ideas, users, type UserRole } from '../../../db/schema';
import { CHECK_VIOLATION, UNIQUE_VIOLATION } from '#app/domain/core/pg-errors.server';
import { getPublicProfile } from '#app/domain/users/queries.server';
import { signInSchema, signUpSchema, type SignUpInput } from '#app/domain/users/schema';
import { signUp, verifyCredentials } from '#app/domain/users/commands.server';
import { useTestDatabase } from '../../support/db';
import {
  FACTORY_PASSWORD,
  makeChallenge,
  makeIdea,
  makeUser,
  setIdeaStatus,
} from '../../support/factories';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  repeat,
  snapshot,
  sqlStateOfRefused,
  unique,
} from '../../support/assertions';

const db = useTestDatabase();

const signUpInput = (overrides: Record<string, unknown> = {}) =>
  signUpSchema.parse({
    handle: unique('ada'),
    email: `${unique('ada')}@example.com`,
    password: 'a long enough pass phrase',
    ...overrides,
  });

describe('signUpSchema', () => {
  const valid = { handle: 'ada_l', email: 'ada@example.com', password: 'analytical engine 1843' };

  it('accepts a handle, an email and a password, trimming the text fields', () => {
    expect(
      signUpSchema.parse({
        ...valid,
        handle: '  ada_l ',
        email: ' ada@example.com ',
        displayName: ' Ada ',
      }),
    ).toEqual({
      ...valid,
      displayName: 'Ada',
    });
    expect(signUpSchema.parse(valid).displayName).toBe('');
  });

  it('asks for each missing field', () => {
    expect(fieldErrors(signUpSchema, {})).toEqual({
      handle: ['Choose a handle.'],
      email: ['Enter your email address.'],
      password: ['Choose a password.'],
    });
  });

  it('refuses values of the wrong type', () => {
    const errors = fieldErrors(signUpSchema, {
      handle: 42,
      email: ['a@b.c'],
      password: { p: 1 },
      displayName: false,
    });
    expect(Object.keys(errors).sort()).toEqual(['displayName', 'email', 'handle', 'password']);
  });

  it('refuses handles that are short, long or use other characters', () => {
    for (const handle of [
      'ab',
      repeat(31),
      'ada lovelace',
      'ada-l',
      'ada.l',
      '<script>',
      'adá',
      '',
    ]) {
      expect(fieldErrors(signUpSchema, { ...valid, handle }).handle, handle).toEqual([
        'Handles are 3–30 letters, digits or underscores.',
      ]);
    }
    expect(signUpSchema.parse({ ...valid, handle: repeat(30, 'x') }).handle).toHaveLength(30);
  });

  it('refuses malformed and over-long email addresses', () => {
    expect(fieldErrors(signUpSchema, { ...valid, email: 'not-an-email' }).email).toEqual([
      'Enter a valid email address, like name@example.com.',
    ]);
    expect(fieldErrors(signUpSchema, { ...valid, email: '' }).email).toEqual([
      'Enter a valid email address, like name@example.com.',
    ]);
    expect(fieldErrors(signUpSchema, { ...valid, email: `${repeat(250)}@x.io` }).email).toContain(
      'Email addresses are at most 254 characters.',
    );
  });

  it('refuses passwords shorter than 10 or longer than 200 characters', () => {
    expect(fieldErrors(signUpSchema, { ...valid, password: 'short1!' }).password).toEqual([
      'Passwords are at least 10 characters.',
    ]);
    expect(fieldErrors(signUpSchema, { ...valid, password: repeat(201, 'xy') }).password).toEqual([
      'Passwords are at most 200 characters.',
    ]);
  });

  it('refuses common and repetitive passwords', () => {
    for (const password of ['password123', 'PASSWORD123', 'qwertyuiop', 'aaaaaaaaaaaa']) {
      expect(fieldErrors(signUpSchema, { ...valid, password }).password, password).toEqual([
        'That password is too easy to guess. Try a short sentence.',
      ]);
    }
  });

  it('refuses a password that contains the handle, in any case', () => {
    expect(
      fieldErrors(signUpSchema, { ...valid, password: 'my name is ADA_L ok' }).password,
    ).toEqual(['Your password must not contain your handle.']);
  });

  it('refuses display names over 60 characters and keeps markup in them as plain text', () => {
    expect(fieldErrors(signUpSchema, { ...valid, displayName: repeat(61) }).displayName).toEqual([
      'Names are at most 60 characters.',
    ]);
    expect(signUpSchema.parse({ ...valid, displayName: '<script>x</script>' }).displayName).toBe(
      '<script>x</script>',
    );
  });
});

describe('signInSchema', () => {
  it('accepts a login and a password, trimming the login', () => {
    expect(signInSchema.parse({ login: ' ada ', password: ' secret ' })).toEqual({
      login: 'ada',
      password: ' secret ',
    });
  });

  it('refuses an empty, missing or over-long login and an empty password', () => {
    expect(fieldErrors(signInSchema, {})).toEqual({
      login: ['Enter your handle or email.'],
      password: ['Enter your password.'],
    });
    expect(fieldErrors(signInSchema, { login: '   ', password: '' })).toEqual({
      login: ['Enter your handle or email.'],
      password: ['Enter your password.'],
    });
    expect(fieldErrors(signInSchema, { login: repeat(255), password: 'x' }).login).toHaveLength(1);
    expect(
      fieldErrors(signInSchema, { login: 'ada', password: repeat(201) }).password,
    ).toHaveLength(1);
  });
});

describe('signUp', () => {
  /** A sign-up that must have created the account. */
  const joined = async (input: SignUpInput, role?: UserRole) => {
    const outcome = await signUp(db(), { ...input, role });
    if (outcome.status !== 'created')
      throw new Error(`expected a new account, got ${outcome.status}`);
    return outcome.user;
  };

  it('creates a prosumer with a hashed password, a lowercased email and the handle as default name', async () => {
    const input = signUpInput({ email: `${unique('Ada')}@Example.COM` });
    const { result: user, event } = await expectOneEvent(db(), () => joined(input), 'user.joined');
    expect(user).toMatchObject({
      handle: input.handle,
      email: input.email.toLowerCase(),
      displayName: input.handle,
      role: 'prosumer',
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(input.password);
    expect(event).toMatchObject({
      actorId: user.id,
      subjectUserId: user.id,
      payload: { handle: input.handle },
    });
    // Written in the same transaction: both rows carry the transaction's timestamp.
    expect(event.createdAt).toEqual(user.createdAt);
  });

  it('keeps a chosen display name and a given role', async () => {
    const user = await joined(signUpInput({ displayName: 'Grace H.' }), 'moderator');
    expect(user).toMatchObject({ displayName: 'Grace H.', role: 'moderator' });
  });

  it('refuses a handle that is taken, whatever its case', async () => {
    const first = await joined(signUpInput());
    const error = await expectRefused(
      db(),
      () => signUp(db(), signUpInput({ handle: first.handle.toUpperCase() })),
      'Conflict',
    );
    expect(error.fieldErrors).toEqual({ handle: ['That handle is taken. Try another.'] });
  });

  it('creates nothing for an email that is taken, whatever its case, and names its owner instead of refusing', async () => {
    const first = await joined(signUpInput());
    const before = await snapshot(db());
    const outcome = await signUp(db(), signUpInput({ email: first.email!.toUpperCase() }));
    expect(outcome).toEqual({
      status: 'emailTaken',
      owner: { handle: first.handle, email: first.email },
    });
    expect(await snapshot(db())).toEqual(before);
  });

  it('reports only the handle when handle and email are both taken (handles are public)', async () => {
    const first = await joined(signUpInput());
    const error = await expectRefused(
      db(),
      () => signUp(db(), signUpInput({ handle: first.handle, email: first.email })),
      'Conflict',
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(['handle']);
  });

  it('lets exactly one of several simultaneous sign-ups with one handle through', async () => {
    const handle = unique('race');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        signUp(db(), signUpInput({ handle: i % 2 ? handle.toUpperCase() : handle })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ kind: 'Conflict' });
    }
    const rows = await db().select().from(users);
    expect(rows.filter((u) => u.handle.toLowerCase() === handle.toLowerCase())).toHaveLength(1);
  });

  it('creates one account for several simultaneous sign-ups with one email; the others name its owner', async () => {
    const email = `${unique('race')}@example.com`;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => signUp(db(), signUpInput({ email }))),
    );
    const created = outcomes.filter((o) => o.status === 'created');
    expect(created).toHaveLength(1);
    const owner = { handle: created[0]!.user.handle, email };
    for (const o of outcomes.filter((o) => o.status !== 'created'))
      expect(o).toEqual({ status: 'emailTaken', owner });
  });
});

describe('verifyCredentials', () => {
  it('signs in with the handle or the email, in any case, with the right password', async () => {
    const user = await makeUser(db());
    for (const login of [
      user.handle,
      user.handle.toUpperCase(),
      user.email,
      user.email.toUpperCase(),
    ]) {
      const found = await verifyCredentials(
        db(),
        signInSchema.parse({ login: ` ${login} `, password: FACTORY_PASSWORD }),
      );
      expect(found.id, login).toBe(user.id);
    }
  });

  it('gives the same answer for a wrong password and an unknown account, and writes nothing', async () => {
    const user = await makeUser(db());
    const wrongPassword = await expectRefused(
      db(),
      () => verifyCredentials(db(), { login: user.handle, password: 'not the password' }),
      'Invalid',
    );
    const unknownHandle = await expectRefused(
      db(),
      () => verifyCredentials(db(), { login: unique('nobody'), password: FACTORY_PASSWORD }),
      'Invalid',
    );
    const unknownEmail = await expectRefused(
      db(),
      () => verifyCredentials(db(), { login: 'nobody@example.com', password: 'x' }),
      'Invalid',
    );
    expect(wrongPassword.message).toBe(
      'That handle/email and password do not match. Check them and try again.',
    );
    expect(unknownHandle.message).toBe(wrongPassword.message);
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(unknownHandle.fieldErrors).toEqual(wrongPassword.fieldErrors);
  });

  it('treats the password as case-sensitive', async () => {
    const user = await makeUser(db());
    await expectRefused(
      db(),
      () =>
        verifyCredentials(db(), { login: user.handle, password: FACTORY_PASSWORD.toUpperCase() }),
      'Invalid',
    );
  });

  it('signs in a user created through signUp', async () => {
    const input = signUpInput();
    const outcome = await signUp(db(), input);
    expect(outcome.status).toBe('created');
    const before = await snapshot(db());
    expect(
      (await verifyCredentials(db(), { login: input.email, password: input.password })).handle,
    ).toBe(input.handle);
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('getPublicProfile', () => {
  it('finds a person by handle in any case and never exposes email or password hash', async () => {
    const user = await makeUser(db());
    const profile = await getPublicProfile(db(), user.handle.toUpperCase());
    expect(profile).toMatchObject({
      handle: user.handle,
      displayName: user.handle,
      role: 'prosumer',
      ideas: [],
    });
    expect(JSON.stringify(profile)).not.toContain(user.email);
    expect(profile).not.toHaveProperty('email');
    expect(profile).not.toHaveProperty('passwordHash');
  });

  it('lists only the public ideas of challenges that are not drafts, newest first', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const open = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const older = await makeIdea(db(), author, open.id, { title: 'Older public idea' });
    const newer = await makeIdea(db(), author, open.id, { title: 'Newer public idea' });
    const shortlisted = await makeIdea(db(), author, open.id, { title: 'Shortlisted idea' });
    const hidden = await makeIdea(db(), author, open.id, { title: 'Hidden idea' });
    const withdrawn = await makeIdea(db(), author, open.id, { title: 'Withdrawn idea' });
    await db().update(ideas).set({ status: 'shortlisted' }).where(eq(ideas.id, shortlisted.id));
    await setIdeaStatus(db(), hidden.id, 'hidden');
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, withdrawn.id));
    const draft = await makeChallenge(db(), owner, { stage: 'open' });
    await makeIdea(db(), author, draft.id, { title: 'Idea in a draft' });
    await db().update(challenges).set({ stage: 'draft' }).where(eq(challenges.id, draft.id));

    const profile = await getPublicProfile(db(), author.handle);
    expect(profile.ideas.map((i) => i.id)).toEqual([shortlisted.id, newer.id, older.id]);
    expect(profile.ideas[0]).toMatchObject({
      challengeSlug: open.slug,
      challengeTitle: open.title,
      status: 'shortlisted',
    });
  });

  it('says NotFound for an unknown handle', async () => {
    await expectRefused(db(), () => getPublicProfile(db(), unique('ghost')), 'NotFound');
  });
});

describe('the users table, as a last line of defence', () => {
  const row = (handle: string, email: string) => ({
    id: generateIdFromEntropySize(10),
    handle,
    email,
    displayName: handle,
    passwordHash: 'x',
  });

  it('refuses handles and emails that differ only in case from existing ones, written directly', async () => {
    const handle = unique('Case');
    await db()
      .insert(users)
      .values(row(handle, `${handle}@example.com`));
    expect(
      await sqlStateOfRefused(db(), () =>
        db()
          .insert(users)
          .values(row(handle.toLowerCase(), `${unique('o')}@example.com`)),
      ),
    ).toBe(UNIQUE_VIOLATION);
    expect(
      await sqlStateOfRefused(db(), () =>
        db()
          .insert(users)
          .values(row(unique('other'), `${handle.toUpperCase()}@EXAMPLE.COM`)),
      ),
    ).toBe(UNIQUE_VIOLATION);
  });

  it('refuses malformed handles and empty display names, written directly', async () => {
    expect(
      await sqlStateOfRefused(db(), () =>
        db()
          .insert(users)
          .values(row('bad handle', `${unique('b')}@example.com`)),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlStateOfRefused(db(), () =>
        db()
          .insert(users)
          .values({ ...row(unique('ok'), `${unique('c')}@example.com`), displayName: '' }),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
