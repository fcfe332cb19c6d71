// Sessions (Lucia v3): random session ids stored in the sessions table, sent as an httpOnly cookie.
import { createHash } from 'node:crypto';
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { sql } from 'drizzle-orm';
import { Lucia } from 'lucia';
import type { Db } from '../../db/client.server';
import { sessions, users, type UserRole } from '../../db/schema';

export function createAuth(db: Db, options: { secureCookies: boolean }) {
  const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);
  return new Lucia(adapter, {
    sessionCookie: {
      name: 'cocrea_session',
      expires: false,
      attributes: { secure: options.secureCookies, sameSite: 'lax' },
    },
    getUserAttributes: (row) => ({
      handle: row.handle,
      displayName: row.displayName,
      role: row.role,
      locale: row.locale,
    }),
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module 'lucia' {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: { handle: string; displayName: string; role: UserRole; locale: string };
  }
}

/** Who is asking, as the rest of the app sees it. */
export type Viewer = {
  id: string;
  handle: string;
  displayName: string;
  role: UserRole;
  /** The language the user chose (users.locale); checked against our locales where it is used. */
  locale?: string;
};

/** Reads the session cookie, validates it and says which cookie (if any) must be sent back. */
export async function resolveViewer(
  auth: Auth,
  cookieHeader: string | undefined,
): Promise<{ viewer: Viewer | null; sessionId: string | null; setCookie: string | null }> {
  const sessionId = auth.readSessionCookie(cookieHeader ?? '');
  if (!sessionId) return { viewer: null, sessionId: null, setCookie: null };
  const { session, user } = await auth.validateSession(sessionId);
  if (!session || !user) {
    return {
      viewer: null,
      sessionId: null,
      setCookie: auth.createBlankSessionCookie().serialize(),
    };
  }
  return {
    viewer: {
      id: user.id,
      handle: user.handle,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
    },
    sessionId: session.id,
    setCookie: session.fresh ? auth.createSessionCookie(session.id).serialize() : null,
  };
}

/** Opens a session for a user who just proved who they are; returns the Set-Cookie value. */
export async function startSession(auth: Auth, userId: string): Promise<string> {
  const session = await auth.createSession(userId, {});
  return auth.createSessionCookie(session.id).serialize();
}

/** Every server process LISTENs here and ends the live sockets of a session that was signed out. */
export const SIGNED_OUT_CHANNEL = 'cocrea_signed_out';

/**
 * What the sign-out notice carries instead of the session id: the id is a bearer secret, and
 * NOTIFY payloads can end up in database logs.
 */
export function sessionTag(sessionId: string) {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 32);
}

/** Signs a session out and tells every process to close the live sockets opened with it. */
export async function endSession(auth: Auth, db: Db, sessionId: string) {
  await auth.invalidateSession(sessionId);
  try {
    await db.execute(sql`select pg_notify(${SIGNED_OUT_CHANNEL}, ${sessionTag(sessionId)})`);
  } catch (error) {
    // The session is gone already: a socket that missed the notice is refused at its next subscribe.
    console.error('auth: could not announce a sign-out to the live layer', error);
  }
}
