// The dashboard's period (both ends included, UTC days), from the date range picker's `from` and
// `to` (yyyy-mm-dd). Browser-safe: the form and the loader read it the same way. Missing ends take
// defaults (the last 30 days up to today by the clock, or 30 days ending at `to`); a `to` in the
// future is today; a reversed range, a range longer than 366 days, a day that does not exist or a
// `from` after today are errors with a message key of the insights namespace.
import { z } from 'zod';
import { invalid, issueMessage } from '#app/domain/core/errors';
import type { InsightsPeriod } from './types';

/** Days in the default period (today and the 29 before). */
export const DEFAULT_PERIOD_DAYS = 30;
/** The longest period: a year, leap day included. */
export const MAX_PERIOD_DAYS = 366;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written yyyy-mm-dd ("2026-02-30" is not one). */
export function isDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function periodDays({ from, to }: InsightsPeriod): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The same number of days just before the period (trending tags compare the two). */
export function previousPeriod(period: InsightsPeriod): InsightsPeriod {
  const days = periodDays(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

/** A query parameter: absent or empty (an untouched field) is "not set". */
const dayParam = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : v),
  z
    .string({ invalid_type_error: 'insights.errors.date' })
    .max(10, 'insights.errors.date')
    .refine(isDay, 'insights.errors.date')
    .optional(),
);

export const periodParamsSchema = z.object({ from: dayParam, to: dayParam });
export type PeriodParams = z.infer<typeof periodParamsSchema>;

/**
 * The period the parameters ask for, as of `now`: an Invalid error (400) with the first thing
 * wrong. Parameters it does not know are ignored.
 */
export function parsePeriod(input: Record<string, unknown>, now: Date): InsightsPeriod {
  const parsed = periodParamsSchema.safeParse({ from: input.from, to: input.to });
  if (!parsed.success) {
    const { key, values } = issueMessage(parsed.error.issues[0]!);
    throw invalid(key.startsWith('insights.') ? key : 'insights.errors.date', values);
  }
  const today = now.toISOString().slice(0, 10);
  const { from: askedFrom, to: askedTo } = parsed.data;
  if (askedFrom !== undefined && askedFrom > today) throw invalid('insights.errors.fromFuture');
  const to = askedTo === undefined || askedTo > today ? today : askedTo;
  const from = askedFrom ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw invalid('insights.errors.reversed');
  if (periodDays({ from, to }) > MAX_PERIOD_DAYS)
    throw invalid('insights.errors.tooLong', { max: MAX_PERIOD_DAYS });
  return { from, to };
}
