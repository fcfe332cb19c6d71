// Typed domain errors. Domain functions throw these; app/utils/http.server.ts maps them to 4xx responses.
export type FieldErrors = Record<string, string[] | undefined>;

/** What a failed form action sends back: the message, per-field messages and what was typed. */
export type ActionError = {
  error: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string | string[] | undefined>;
};

export type DomainErrorKind =
  'Invalid' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'RateLimited';

export const statusOf: Record<DomainErrorKind, number> = {
  Invalid: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  RateLimited: 429,
};

// server.ts loads the source modules while routes run from the Vite bundle, which has its own copy
// of this class, so `instanceof` fails across that line. A registry symbol is the same in both.
const brand = Symbol.for('cocrea.DomainError');

export class DomainError extends Error {
  readonly [brand] = true;
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = `${kind}Error`;
  }
  get status() {
    return statusOf[this.kind];
  }
}

/** True for a DomainError from any copy of this module (source or bundle). */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === 'object' && error !== null && brand in error;
}

export const invalid = (message: string, fieldErrors?: FieldErrors) =>
  new DomainError('Invalid', message, fieldErrors);
export const unauthorized = (message = 'Please sign in to do that.') =>
  new DomainError('Unauthorized', message);
export const forbidden = (message = 'You are not allowed to do that.') =>
  new DomainError('Forbidden', message);
export const notFound = (what: string) => new DomainError('NotFound', `${what} was not found.`);
export const conflict = (message: string, fieldErrors?: FieldErrors) =>
  new DomainError('Conflict', message, fieldErrors);
