// Accounts: sign-up, credential checks and public profiles.
import { hash, verify } from '@node-rs/argon2';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { generateIdFromEntropySize } from 'lucia';
import { z } from 'zod';
import type { Db } from '../../db/client.server';
import { challenges, ideas, users, type User, type UserRole } from '../../db/schema';
import { conflict, invalid, msg, notFound } from './errors';
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
  .string({ required_error: 'errors.user.handleRequired' })
  .trim()
  .regex(/^[A-Za-z0-9_]{3,30}$/, 'errors.user.handleFormat');

export const signUpSchema = z
  .object({
    handle: handleSchema,
    displayName: z.string().trim().max(60, 'errors.user.nameLength').optional().default(''),
    email: z
      .string({ required_error: 'errors.user.emailRequired' })
      .trim()
      .max(254, 'errors.user.emailLength')
      .email('errors.user.emailFormat'),
    password: z
      .string({ required_error: 'errors.user.passwordRequired' })
      .min(10, 'errors.user.passwordMin')
      .max(200, 'errors.user.passwordMax'),
  })
  .superRefine((v, ctx) => {
    const lower = v.password.toLowerCase();
    if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(v.password)) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'errors.user.passwordCommon',
      });
    } else if (v.handle && lower.includes(v.handle.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'errors.user.passwordHandle',
      });
    }
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  login: z
    .string({ required_error: 'errors.user.loginRequired' })
    .trim()
    .min(1, 'errors.user.loginRequired')
    .max(254),
  password: z
    .string({ required_error: 'errors.user.loginPassword' })
    .min(1, 'errors.user.loginPassword')
    .max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

export async function hashPassword(password: string) {
  return hash(password, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
}

/** The owner of an address someone tried to sign up with: whom to tell, and how to greet them. */
export type AccountOwner = { handle: string; email: string };

export type SignUpOutcome =
  { status: 'created'; user: User } | { status: 'emailTaken'; owner: AccountOwner };

/**
 * Creates an account. A taken handle is refused (handles are public anyway); a taken email is not
 * an error the caller may show: the outcome names the address's owner, to be told by mail, and the
 * caller answers exactly as for a new account, so sign-up cannot be used to test addresses. The
 * password is hashed first either way, so both take as long.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  role: UserRole = 'prosumer',
  /** The language the person signed up in, kept as their choice from then on. */
  locale = 'en',
): Promise<SignUpOutcome> {
  const passwordHash = await hashPassword(input.password);
  const id = generateIdFromEntropySize(10);
  try {
    return await db.transaction(async (tx) => {
      const taken = await takenBy(tx, input);
      if (taken.handle) throw handleTaken();
      if (taken.email) return { status: 'emailTaken', owner: taken.email } as const;
      const [user] = await tx
        .insert(users)
        .values({
          id,
          handle: input.handle,
          email: input.email.toLowerCase(),
          displayName: input.displayName || input.handle,
          passwordHash,
          role,
          locale,
        })
        .returning();
      await appendEvent(tx, {
        type: 'user.joined',
        actorId: id,
        subjectUserId: id,
        payload: { handle: input.handle },
      });
      return { status: 'created', user: user! } as const;
    });
  } catch (e) {
    if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
    // Someone took the handle or the email in the same moment: answer as if they had been first.
    const taken = await takenBy(db, input);
    if (taken.email && !taken.handle) return { status: 'emailTaken', owner: taken.email };
    throw handleTaken();
  }
}

const handleTaken = () =>
  conflict('errors.user.handleTaken', undefined, { handle: msg('errors.user.handleTakenField') });

async function takenBy(db: Db, input: SignUpInput) {
  const rows = await db
    .select({ handle: users.handle, email: users.email })
    .from(users)
    .where(
      sql`lower(${users.handle}) = lower(${input.handle}) or lower(${users.email}) = lower(${input.email})`,
    );
  return {
    handle: rows.some((u) => u.handle.toLowerCase() === input.handle.toLowerCase()),
    email: rows.find((u) => u.email.toLowerCase() === input.email.toLowerCase()),
  };
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
  if (!user || !ok) throw invalid('errors.user.credentials');
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
  if (!user) throw notFound('errors.notFound.person');
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
      challengeLanguage: challenges.language,
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

/** Saves the language a user chose, so it follows them to every device they sign in on. */
export async function setUserLocale(db: Db, userId: string, locale: string) {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
