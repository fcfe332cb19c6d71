// Sessions (Lucia v3): random session ids stored in the sessions table, sent as an httpOnly cookie.
import { createHash } from 'node:crypto';
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { sql } from 'drizzle-orm';
import { Lucia } from 'lucia';
import type { Database, Db } from '../../db/client.server';
import { sessions, users, type UserRole } from '../../db/schema';

/**
 * How long a checked session is believed without asking the database again, per process. Signing
 * out in this process takes effect at once; in another process as soon as its notice arrives on
 * SIGNED_OUT_CHANNEL (milliseconds), and at the latest after this long if the notice is lost.
 */
export const SESSION_CACHE_MS = 5_000;
/** Sessions remembered at most, per process; the oldest go first. */
const SESSION_CACHE_ENTRIES = 10_000;

export function createAuth(
  db: Db,
  options: { secureCookies: boolean; /** 0 turns the cache off. */ sessionCacheMs?: number },
) {
  const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);
  const auth = new Lucia(adapter, {
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
      suspendedUntil: row.suspendedUntil,
    }),
  });
  Object.defineProperty(auth, SESSION_CACHE, {
    value: new SessionCache(options.sessionCacheMs ?? SESSION_CACHE_MS),
  });
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;

declare module 'lucia' {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: {
      handle: string;
      displayName: string;
      role: UserRole;
      locale: string;
      suspendedUntil: Date | null;
    };
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
  /**
   * The end of the suspension in force when the session was read (ISO time), if any: until then
   * every write is refused (app/domain/moderation/suspensions.ts). Past dates mean nothing.
   */
  suspendedUntil?: string | null;
};

type Cached = { viewer: Viewer; tag: string; until: number };

/**
 * Sessions this process checked a moment ago, so a page or a vote needs no session query. An
 * entry lives SESSION_CACHE_MS at most, never past the session's own expiry, and goes at once when
 * the session is signed out here or a sign-out notice names it.
 */
class SessionCache {
  private readonly byId = new Map<string, Cached>();
  private readonly idByTag = new Map<string, string>();
  /** Counts forgets: a check that began before one may have read what it removed, so is not kept. */
  generation = 0;

  constructor(readonly ttlMs: number) {}

  get(sessionId: string): Viewer | null {
    const entry = this.byId.get(sessionId);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.viewer;
    this.remove(sessionId, entry.tag);
    return null;
  }

  set(sessionId: string, viewer: Viewer, expiresAt: Date, generation: number) {
    if (this.ttlMs <= 0 || generation !== this.generation) return;
    if (this.byId.size >= SESSION_CACHE_ENTRIES) {
      const [oldest] = this.byId;
      if (oldest) this.remove(oldest[0], oldest[1].tag);
    }
    const tag = sessionTag(sessionId);
    this.byId.set(sessionId, {
      viewer,
      tag,
      until: Math.min(Date.now() + this.ttlMs, expiresAt.getTime()),
    });
    this.idByTag.set(tag, sessionId);
  }

  forget(sessionId: string) {
    this.generation++;
    const entry = this.byId.get(sessionId);
    if (entry) this.remove(sessionId, entry.tag);
  }

  forgetTag(tag: string) {
    this.generation++;
    const sessionId = this.idByTag.get(tag);
    if (sessionId) this.remove(sessionId, tag);
  }

  forgetUser(userId: string) {
    this.generation++;
    for (const [sessionId, entry] of this.byId)
      if (entry.viewer.id === userId) this.remove(sessionId, entry.tag);
  }

  private remove(sessionId: string, tag: string) {
    this.byId.delete(sessionId);
    this.idByTag.delete(tag);
  }
}

/**
 * Where an auth keeps its cache: on the object itself under a registered symbol, because server.ts
 * and the routes of the build each load their own copy of this module but share the one auth.
 */
const SESSION_CACHE = Symbol.for('cocrea.sessionCache');
const cacheOf = (auth: Auth) => (auth as Auth & { [SESSION_CACHE]?: SessionCache })[SESSION_CACHE];

/**
 * Reads the session cookie, validates it and says which cookie (if any) must be sent back. With
 * `cached`, a session this process checked within SESSION_CACHE_MS is taken as it was then.
 */
export async function resolveViewer(
  auth: Auth,
  cookieHeader: string | undefined,
  { cached = false }: { cached?: boolean } = {},
): Promise<{ viewer: Viewer | null; sessionId: string | null; setCookie: string | null }> {
  const sessionId = auth.readSessionCookie(cookieHeader ?? '');
  if (!sessionId) return { viewer: null, sessionId: null, setCookie: null };
  const cache = cached ? cacheOf(auth) : undefined;
  const known = cache?.get(sessionId);
  if (known) return { viewer: known, sessionId, setCookie: null };
  const generation = cache?.generation ?? 0;
  const { session, user } = await auth.validateSession(sessionId);
  if (!session || !user) {
    return {
      viewer: null,
      sessionId: null,
      setCookie: auth.createBlankSessionCookie().serialize(),
    };
  }
  const viewer: Viewer = {
    id: user.id,
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    suspendedUntil: user.suspendedUntil ? new Date(user.suspendedUntil).toISOString() : null,
  };
  cache?.set(session.id, viewer, session.expiresAt, generation);
  return {
    viewer,
    sessionId: session.id,
    setCookie: session.fresh ? auth.createSessionCookie(session.id).serialize() : null,
  };
}

/**
 * Drops this process's cached sessions of a user, so their next request reads them afresh: after
 * a request of theirs that changed how they are shown (their language, say).
 */
export function forgetCachedViewer(auth: Auth, userId: string) {
  cacheOf(auth)?.forgetUser(userId);
}

/**
 * Forgets cached sessions that another process signed out, as its notice arrives. Resolves once
 * listening, with a function that stops it. Notices lost while the listening connection is down
 * are covered by SESSION_CACHE_MS.
 */
export function followSignOuts(
  auth: Auth,
  database: Pick<Database, 'listen'>,
): Promise<() => Promise<void>> {
  return database.listen(SIGNED_OUT_CHANNEL, (tag) => cacheOf(auth)?.forgetTag(tag));
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
  cacheOf(auth)?.forget(sessionId);
  try {
    await db.execute(sql`select pg_notify(${SIGNED_OUT_CHANNEL}, ${sessionTag(sessionId)})`);
  } catch (error) {
    // The session is gone already: a socket that missed the notice is refused at its next subscribe.
    console.error('auth: could not announce a sign-out to the live layer', error);
  }
}
