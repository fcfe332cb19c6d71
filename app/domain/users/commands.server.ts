// Accounts: sign-up, credential checks and public profiles.
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, sql } from 'drizzle-orm';
import { generateIdFromEntropySize } from 'lucia';
import type { Db } from '../../../db/client.server';
import { handleReservations, users, type User, type UserRole } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, invalid, msg } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import type { SignUpInput, SignInInput } from './schema';

export async function hashPassword(password: string) {
  return hash(password, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
}

/** The owner of an address someone tried to sign up with: whom to tell, and how to greet them. */
export type AccountOwner = { handle: string; email: string };

/** A sign-up: the form's fields, the account's role and the language it was made in. */
export type SignUp = SignUpInput & {
  role?: UserRole;
  /** The language the person signed up in, kept as their choice from then on. */
  locale?: string;
} & Timed;

export type SignUpOutcome =
  { status: 'created'; user: User } | { status: 'emailTaken'; owner: AccountOwner };

/**
 * Creates an account. A taken handle is refused (handles are public anyway), and so is the handle
 * of an account deleted less than 30 days ago, with the same message; a taken email is not
 * an error the caller may show: the outcome names the address's owner, to be told by mail, and the
 * caller answers exactly as for a new account, so sign-up cannot be used to test addresses. The
 * password is hashed first either way, so both take as long.
 */
export async function signUp(
  db: Db,
  { role = 'prosumer', locale = 'en', clock, ...input }: SignUp,
): Promise<SignUpOutcome> {
  const now = nowFrom({ clock });
  const passwordHash = await hashPassword(input.password);
  const id = generateIdFromEntropySize(10);
  try {
    return await db.transaction(async (tx) => {
      const taken = await takenBy(tx, input, now);
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
          createdAt: now,
        })
        .returning();
      await appendEvent(tx, {
        type: 'user.joined',
        actorId: id,
        subjectUserId: id,
        payload: { handle: input.handle },
        at: now,
      });
      return { status: 'created', user: user! } as const;
    });
  } catch (e) {
    if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
    // Someone took the handle or the email in the same moment: answer as if they had been first.
    const taken = await takenBy(db, input, now);
    if (taken.email && !taken.handle) return { status: 'emailTaken', owner: taken.email };
    throw handleTaken();
  }
}

const handleTaken = () =>
  conflict('errors.user.handleTaken', undefined, { handle: msg('errors.user.handleTakenField') });

/**
 * Who holds the handle or the email: an account, or a reservation of a deleted account's handle
 * still running at `now`. One statement, so an account deleted meanwhile is seen either under its
 * old handle or as its reservation (they change in one transaction), never as neither.
 */
async function takenBy(db: Db, input: SignUpInput, now: Date) {
  const rows = await db
    .select({ handle: users.handle, email: users.email })
    .from(users)
    .where(
      sql`lower(${users.handle}) = lower(${input.handle}) or lower(${users.email}) = lower(${input.email})`,
    )
    .unionAll(
      db
        .select({ handle: handleReservations.handle, email: sql<string | null>`null` })
        .from(handleReservations)
        .where(
          and(
            eq(handleReservations.handle, input.handle.toLowerCase()),
            gt(handleReservations.until, now),
          ),
        ),
    );
  return {
    handle: rows.some((u) => u.handle.toLowerCase() === input.handle.toLowerCase()),
    email: rows
      .map((u) => ({ handle: u.handle, email: u.email }))
      .find((u): u is AccountOwner => u.email?.toLowerCase() === input.email.toLowerCase()),
  };
}

// Verified against when no account matches, so a wrong handle costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Whether `password` is the one `hash` was made from. With no hash (no such account, or a deleted
 * one) the decoy is verified instead, so the answer takes as long, and it is always no.
 */
export async function passwordMatches(hash: string | null | undefined, password: string) {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const ok = await verify(hash ?? (await decoyHash), password).catch(() => false);
  return ok && !!hash;
}

export async function verifyCredentials(db: Db, input: SignInInput) {
  const [user] = await db
    .select()
    .from(users)
    .where(
      sql`lower(${users.handle}) = lower(${input.login}) or lower(${users.email}) = lower(${input.login})`,
    )
    .limit(1);
  // A deleted account has no hash left: it fails exactly as a wrong password does.
  const ok = await passwordMatches(user?.deletedAt ? null : user?.passwordHash, input.password);
  if (!user || !ok) throw invalid('errors.user.credentials');
  return user;
}

/** Saves the language a user chose, so it follows them to every device they sign in on. */
export async function setUserLocale(
  db: Db,
  { userId, locale }: { userId: string; locale: string },
) {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
