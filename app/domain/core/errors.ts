// Typed domain errors. Domain functions throw these; app/utils/http.server.ts maps them to 4xx
// responses. An error carries a message key (the `errors` namespace) and its values, so the edge
// can say it in the reader's language; `message` is the English text, for logs and tests.
import { createTranslator } from 'use-intl';
import type { ZodError, ZodIssue } from 'zod';
import { ENGLISH } from '#app/i18n/english';

export type MessageValues = Record<string, string | number>;
/** A translatable message: a full key such as `errors.notFound.idea` and the values it needs. */
export type Message = { key: string; values?: MessageValues };

/** Per-field messages as the domain raises them (keys), before the edge translates them. */
export type FieldMessages = Record<string, Message[] | undefined>;
/** Per-field messages as a form shows them: already translated. */
export type FieldErrors = Record<string, string[] | undefined>;

/** What a failed form action sends back: the message, per-field messages and what was typed. */
export type ActionError = {
  error: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string | string[] | undefined>;
};

/** A `t` from use-intl (app/i18n/translator.ts), seen as taking any key: error keys vary at run time. */
export type Translate = (key: string, values?: MessageValues) => string;

const english = createTranslator({
  locale: 'en',
  // Every namespace: a domain's own error keys live in its namespace (`flags.errors.own`).
  messages: ENGLISH,
  timeZone: 'UTC',
}) as unknown as Translate;

/** Any use-intl translator, typed for keys chosen at run time (every key is a literal at its call site). */
export const asTranslate = (t: unknown) => t as Translate;

export function renderMessage(t: Translate, message: Message): string {
  return t(message.key, message.values);
}

export function renderFieldErrors(
  t: Translate,
  fieldErrors: FieldMessages | undefined,
): FieldErrors | undefined {
  if (!fieldErrors) return undefined;
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, list]) => [
      field,
      list?.map((m) => renderMessage(t, m)),
    ]),
  );
}

/** English, for `Error.message` (logs, tests) and wherever no request locale is known. */
export const inEnglish = (message: Message) => renderMessage(english, message);

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
    readonly key: string,
    readonly values?: MessageValues,
    readonly fieldMessages?: FieldMessages,
    readonly retryAfterSeconds?: number,
  ) {
    super(inEnglish({ key, values }));
    this.name = `${kind}Error`;
  }
  get status() {
    return statusOf[this.kind];
  }
  /** The per-field messages in English, like `message`. */
  get fieldErrors(): FieldErrors | undefined {
    return renderFieldErrors(english, this.fieldMessages);
  }
  /** The message and per-field messages in the language of `t`. */
  render(t: Translate): { error: string; fieldErrors?: FieldErrors } {
    return {
      error: renderMessage(t, { key: this.key, values: this.values }),
      fieldErrors: renderFieldErrors(t, this.fieldMessages),
    };
  }
}

/** True for a DomainError from any copy of this module (source or bundle). */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === 'object' && error !== null && brand in error;
}

/** `msg(key, values)` → one message for one field, the shape DomainError's fieldErrors take. */
export const msg = (key: string, values?: MessageValues): Message[] => [{ key, values }];

export const invalid = (key: string, values?: MessageValues, fieldErrors?: FieldMessages) =>
  new DomainError('Invalid', key, values, fieldErrors);
export const unauthorized = (key = 'errors.generic.signIn') => new DomainError('Unauthorized', key);
export const forbidden = (key = 'errors.generic.forbidden') => new DomainError('Forbidden', key);
export const notFound = (key: string, values?: MessageValues) =>
  new DomainError('NotFound', key, values);
export const conflict = (key: string, values?: MessageValues, fieldErrors?: FieldMessages) =>
  new DomainError('Conflict', key, values, fieldErrors);

// Zod issues: schemas give keys as messages ('errors.idea.titleLength', values in `params`);
// zod's own English defaults (a wrong type, a bare `.max(254)`) are mapped to keys by issue code.
// `errors.*`, or a domain namespace's own `<namespace>.errors.*`.
const isKey = (message: string) => /^(?:[a-z]+\.)?errors\./.test(message);

export function issueMessage(issue: ZodIssue): Message {
  if (isKey(issue.message)) {
    const params =
      issue.code === 'custom' ? (issue.params as MessageValues | undefined) : undefined;
    return { key: issue.message, values: params };
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return { key: 'errors.field.required' };
      if (issue.expected === 'integer') return { key: 'errors.field.notInteger' };
      return { key: 'errors.field.invalidType' };
    case 'too_small':
      if (issue.type === 'string' || issue.type === 'array')
        return { key: 'errors.field.tooShort', values: { min: Number(issue.minimum) } };
      return { key: 'errors.field.tooSmall', values: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.type === 'string' || issue.type === 'array')
        return { key: 'errors.field.tooLong', values: { max: Number(issue.maximum) } };
      return { key: 'errors.field.tooBig', values: { max: Number(issue.maximum) } };
    case 'invalid_string':
      return { key: 'errors.field.invalidFormat' };
    case 'invalid_enum_value':
    case 'invalid_literal':
    case 'invalid_union':
      return { key: 'errors.field.invalidChoice' };
    default:
      return { key: 'errors.field.invalid' };
  }
}

/** A failed parse as per-field message keys; issues without a path go under `form`. */
export function issueFieldMessages(error: ZodError): FieldMessages {
  const out: FieldMessages = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'form';
    (out[field] ??= []).push(issueMessage(issue));
  }
  return out;
}
