// SQLSTATE of a database error, from either driver (postgres.js or PGlite), possibly wrapped by drizzle.
export function pgErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';
export const FOREIGN_KEY_VIOLATION = '23503';
/** lock_not_available: a row lock was not granted within lock_timeout. */
export const LOCK_NOT_AVAILABLE = '55P03';

/** What a person sees while the database cannot be reached (a message key). */
export const DATABASE_UNAVAILABLE_MESSAGE = 'errors.database.unavailable';
/** Seconds a client is asked to wait (Retry-After) before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Errors a driver reports when it cannot talk to the server at all (postgres.js uses the name of
// the failure as `code`; Node's socket errors carry theirs the same way).
const CONNECTION_FAILURES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * True when the database could not be reached or dropped the connection: SQLSTATE class 08
 * (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections), or a socket-level failure. Such a request may succeed if simply retried, so it answers 503 rather than 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (/^08[0-9A-Z]{3}$/.test(code)) return true;
      if (['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
      if (CONNECTION_FAILURES.has(code)) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * True when the database answered but gave up waiting: a lock wait past lock_timeout (55P03) or a
 * statement past statement_timeout (57014). Retrying later may work; the request is not at fault.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === LOCK_NOT_AVAILABLE || code === '57014';
}

/** What a person sees when the database is too busy to answer in time (a message key). */
export const DATABASE_BUSY_MESSAGE = 'errors.database.busy';
