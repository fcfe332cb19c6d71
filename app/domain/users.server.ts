// Accounts: sign-up, credential checks and public profiles.
import { hash, verify } from '@node-rs/argon2';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { generateIdFromEntropySize } from 'lucia';
import { z } from 'zod';
import type { Db } from '../../db/client.server';
import { challenges, ideas, users, type UserRole } from '../../db/schema';
import { conflict, invalid, notFound } from './errors';
import { appendEvent } from './events.server';
import { UNIQUE_VIOLATION, pgErrorCode } from './pg-errors.server';

const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'passw0rd123',
  'abcdefghij',
  'contraseña',
  'password12',
  '0123456789',
  'qwerty1234',
  'cocrea1234',
]);

export const handleSchema = z
  .string({ required_error: 'Choose a handle.' })
  .trim()
  .regex(/^[A-Za-z0-9_]{3,30}$/, 'Handles are 3–30 letters, digits or underscores.');

export const signUpSchema = z
  .object({
    handle: handleSchema,
    displayName: z
      .string()
      .trim()
      .max(60, 'Names are at most 60 characters.')
      .optional()
      .default(''),
    email: z
      .string({ required_error: 'Enter your email address.' })
      .trim()
      .max(254, 'Email addresses are at most 254 characters.')
      .email('Enter a valid email address, like name@example.com.'),
    password: z
      .string({ required_error: 'Choose a password.' })
      .min(10, 'Passwords are at least 10 characters.')
      .max(200, 'Passwords are at most 200 characters.'),
  })
  .superRefine((v, ctx) => {
    const lower = v.password.toLowerCase();
    if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(v.password)) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'That password is too easy to guess. Try a short sentence.',
      });
    } else if (v.handle && lower.includes(v.handle.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'Your password must not contain your handle.',
      });
    }
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  login: z
    .string({ required_error: 'Enter your handle or email.' })
    .trim()
    .min(1, 'Enter your handle or email.')
    .max(254),
  password: z
    .string({ required_error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

export async function hashPassword(password: string) {
  return hash(password, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
}

export async function signUp(db: Db, input: SignUpInput, role: UserRole = 'prosumer') {
  const passwordHash = await hashPassword(input.password);
  const id = generateIdFromEntropySize(10);
  try {
    return await db.transaction(async (tx) => {
      const taken = await tx
        .select({ handle: users.handle, email: users.email })
        .from(users)
        .where(
          sql`lower(${users.handle}) = lower(${input.handle}) or lower(${users.email}) = lower(${input.email})`,
        );
      const fieldErrors: Record<string, string[]> = {};
      if (taken.some((u) => u.handle.toLowerCase() === input.handle.toLowerCase()))
        fieldErrors.handle = ['That handle is taken. Try another.'];
      if (taken.some((u) => u.email.toLowerCase() === input.email.toLowerCase()))
        fieldErrors.email = ['An account with that email already exists. Sign in instead?'];
      if (Object.keys(fieldErrors).length)
        throw conflict('Some details are already in use.', fieldErrors);
      const [user] = await tx
        .insert(users)
        .values({
          id,
          handle: input.handle,
          email: input.email.toLowerCase(),
          displayName: input.displayName || input.handle,
          passwordHash,
          role,
        })
        .returning();
      await appendEvent(tx, {
        type: 'user.joined',
        actorId: id,
        subjectUserId: id,
        payload: { handle: input.handle },
      });
      return user!;
    });
  } catch (e) {
    if (pgErrorCode(e) === UNIQUE_VIOLATION)
      throw conflict('That handle or email is already in use.', {
        handle: ['That handle or email is already in use.'],
      });
    throw e;
  }
}

// Verified against when no account matches, so a wrong handle costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export async function verifyCredentials(db: Db, input: SignInInput) {
  const [user] = await db
    .select()
    .from(users)
    .where(
      sql`lower(${users.handle}) = lower(${input.login}) or lower(${users.email}) = lower(${input.login})`,
    )
    .limit(1);
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const ok = await verify(user?.passwordHash ?? (await decoyHash), input.password).catch(
    () => false,
  );
  if (!user || !ok)
    throw invalid('That handle/email and password do not match. Check them and try again.');
  return user;
}

export async function getUserById(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function findUserByHandle(db: Db, handle: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.handle}) = lower(${handle})`);
  return user ?? null;
}

export async function getPublicProfile(db: Db, handle: string) {
  const user = await findUserByHandle(db, handle);
  if (!user) throw notFound('That person');
  const authored = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      status: ideas.status,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      commentCount: ideas.commentCount,
      createdAt: ideas.createdAt,
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(
      and(
        eq(ideas.authorId, user.id),
        inArray(ideas.status, ['published', 'shortlisted', 'winner']),
        sql`${challenges.stage} <> 'draft'`,
      ),
    )
    .orderBy(desc(ideas.createdAt))
    .limit(50);
  return {
    handle: user.handle,
    displayName: user.displayName,
    bio: user.bio,
    role: user.role,
    joinedAt: user.createdAt,
    ideas: authored,
  };
}
