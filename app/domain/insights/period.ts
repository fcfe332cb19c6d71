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

/** The first day of `day`'s calendar month. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** The first day of the month after `day`'s. */
export function nextMonth(day: string): string {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * A period cut for the monthly rollups: the calendar months wholly inside it (`months`, first days
 * of the first and the last, or null when there is none) and the days at its edges (`days`, zero,
 * one or two spans) that the day rows cover. Together they are every day of the period, once.
 */
export type PeriodParts = { months: { from: string; to: string } | null; days: InsightsPeriod[] };

export function periodParts(period: InsightsPeriod): PeriodParts {
  const first = period.from === monthOf(period.from) ? period.from : nextMonth(period.from);
  // The month after the last whole month begins the day after `to` when `to` ends its month.
  const afterLast =
    addDays(period.to, 1) === nextMonth(period.to) ? nextMonth(period.to) : monthOf(period.to);
  if (first >= afterLast) return { months: null, days: [period] };
  const days: InsightsPeriod[] = [];
  if (period.from < first) days.push({ from: period.from, to: addDays(first, -1) });
  if (afterLast <= period.to) days.push({ from: afterLast, to: period.to });
  return { months: { from: first, to: addDays(afterLast, -1).slice(0, 8) + '01' }, days };
}

/**
 * How the sums over a period are read from the day rows and the monthly rollups, with as few day
 * rows as may be: every month the period touches is read whole from its rollup (`months`, first
 * days of the first and the last) when the period covers more than half of it, the days of it
 * outside the period then taken away (`minus`); the other months' days in the period are read from
 * the day rows (`plus`). Summing months + plus − minus gives every day of the period once. So a
 * year reads 12 or 13 months and at most about 15 days at each edge, a month 1 or 2 months and a
 * few days. (Only for sums: a distinct count or "the latest" cannot be taken away.)
 */
export type PeriodPlan = {
  months: { from: string; to: string } | null;
  plus: InsightsPeriod[];
  minus: InsightsPeriod[];
};

export function periodPlan(period: InsightsPeriod): PeriodPlan {
  const plan: PeriodPlan = { months: null, plus: [], minus: [] };
  for (let month = monthOf(period.from); month <= period.to; month = nextMonth(month)) {
    const last = addDays(nextMonth(month), -1);
    const inside = {
      from: period.from > month ? period.from : month,
      to: period.to < last ? period.to : last,
    };
    if (periodDays(inside) * 2 > periodDays({ from: month, to: last })) {
      plan.months = { from: plan.months?.from ?? month, to: month };
      if (inside.from > month) plan.minus.push({ from: month, to: addDays(inside.from, -1) });
      if (inside.to < last) plan.minus.push({ from: addDays(inside.to, 1), to: last });
    } else plan.plus.push(inside);
  }
  return plan;
}

/** Periods longer than this show sentiment per week (Monday to Sunday) rather than per day. */
export const WEEKLY_AFTER_DAYS = 90;

/** The Monday of `day`'s week (UTC). */
export function weekOf(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -dow);
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
