// Sessions (Lucia v3): random session ids stored in the sessions table, sent as an httpOnly cookie.
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
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
    }),
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module 'lucia' {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: { handle: string; displayName: string; role: UserRole };
  }
}

/** Who is asking, as the rest of the app sees it. */
export type Viewer = { id: string; handle: string; displayName: string; role: UserRole };

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
    viewer: { id: user.id, handle: user.handle, displayName: user.displayName, role: user.role },
    sessionId: session.id,
    setCookie: session.fresh ? auth.createSessionCookie(session.id).serialize() : null,
  };
}

/** Opens a session for a user who just proved who they are; returns the Set-Cookie value. */
export async function startSession(auth: Auth, userId: string): Promise<string> {
  const session = await auth.createSession(userId, {});
  return auth.createSessionCookie(session.id).serialize();
}
