// The dashboard's period from the date range picker: defaults by the clock, both ends included, a
// future end clamped to today, and every bad input a 400 with a message of the insights namespace;
// the plan that reads a period from monthly rollups and day rows reads each of its days once.
import { describe, expect, it } from 'vitest';
import { isDomainError } from '#app/domain/core/errors';
import {
  addDays,
  MAX_PERIOD_DAYS,
  nextMonth,
  parsePeriod,
  periodDays,
  periodPlan,
  previousPeriod,
  weekOf,
} from '#app/domain/insights/period';

const NOW = new Date('2026-05-07T15:30:00Z');

function refusal(input: Record<string, unknown>) {
  try {
    parsePeriod(input, NOW);
  } catch (error) {
    if (isDomainError(error))
      return { status: error.status, key: error.key, message: error.message };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parsePeriod', () => {
  it('defaults to the last 30 days up to today (UTC), or 30 days ending at `to`', () => {
    expect(parsePeriod({}, NOW)).toEqual({ from: '2026-04-08', to: '2026-05-07' });
    expect(periodDays(parsePeriod({}, NOW))).toBe(30);
    expect(parsePeriod({ from: '', to: '' }, NOW)).toEqual({
      from: '2026-04-08',
      to: '2026-05-07',
    });
    expect(parsePeriod({ to: '2026-03-31' }, NOW)).toEqual({
      from: '2026-03-02',
      to: '2026-03-31',
    });
    expect(parsePeriod({ from: '2026-05-01' }, NOW)).toEqual({
      from: '2026-05-01',
      to: '2026-05-07',
    });
  });

  it('takes a one-day period and a whole leap year, and clamps a future end to today', () => {
    expect(parsePeriod({ from: '2026-05-07', to: '2026-05-07' }, NOW)).toEqual({
      from: '2026-05-07',
      to: '2026-05-07',
    });
    expect(periodDays(parsePeriod({ from: '2024-01-01', to: '2024-12-31' }, NOW))).toBe(
      MAX_PERIOD_DAYS,
    );
    expect(parsePeriod({ from: '2026-05-01', to: '2027-01-01' }, NOW)).toEqual({
      from: '2026-05-01',
      to: '2026-05-07',
    });
  });

  it('refuses reversed ranges, ranges over 366 days, a start after today and days that do not exist', () => {
    expect(refusal({ from: '2026-05-03', to: '2026-05-01' })).toEqual({
      status: 400,
      key: 'insights.errors.reversed',
      message: 'The start date is after the end date. Swap them or pick new dates.',
    });
    expect(refusal({ from: '2006-01-01', to: '2026-01-01' })).toMatchObject({
      status: 400,
      key: 'insights.errors.tooLong',
      message: 'A period can be at most 366 days long. Pick a shorter range.',
    });
    expect(refusal({ from: '2025-05-06', to: '2026-05-07' })).toMatchObject({
      key: 'insights.errors.tooLong',
    });
    expect(refusal({ from: '2026-06-01' })).toMatchObject({
      status: 400,
      key: 'insights.errors.fromFuture',
    });
    for (const from of [
      '2026-02-30',
      '2026-13-01',
      '26-05-01',
      '2026-5-1',
      '<script>alert(1)</script>',
      'x'.repeat(10_000),
      "2026-05-01' or 1=1 --",
      '2026-05-01T00:00:00Z',
    ])
      expect(refusal({ from })).toMatchObject({ status: 400, key: 'insights.errors.date' });
    for (const to of [20260501, ['2026-05-01'], { day: '2026-05-01' }, true])
      expect(refusal({ to })).toMatchObject({ status: 400, key: 'insights.errors.date' });
  });

  it('compares with the same number of days just before', () => {
    expect(previousPeriod({ from: '2026-05-01', to: '2026-05-07' })).toEqual({
      from: '2026-04-24',
      to: '2026-04-30',
    });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
  });
});

describe('periodPlan', () => {
  /** Every day the plan reads, counted: months whole and days added, minus the days taken away. */
  function daysRead(plan: ReturnType<typeof periodPlan>): Map<string, number> {
    const count = new Map<string, number>();
    const add = (from: string, to: string, n: number) => {
      for (let d = from; d <= to; d = addDays(d, 1)) count.set(d, (count.get(d) ?? 0) + n);
    };
    if (plan.months)
      for (let m = plan.months.from; m <= plan.months.to; m = nextMonth(m))
        add(m, addDays(nextMonth(m), -1), 1);
    for (const span of plan.plus) add(span.from, span.to, 1);
    for (const span of plan.minus) add(span.from, span.to, -1);
    for (const [day, n] of count) if (n === 0) count.delete(day);
    return count;
  }

  it('reads every day of any period exactly once, with at most half a month of days per edge', () => {
    for (let start = 0; start < 400; start += 7)
      for (const length of [1, 2, 14, 15, 16, 27, 30, 31, 45, 60, 89, 90, 91, 200, 365, 366]) {
        const from = addDays('2025-11-03', start);
        const period = { from, to: addDays(from, length - 1) };
        const plan = periodPlan(period);
        const read = daysRead(plan);
        expect(read.size, JSON.stringify(period)).toBe(length);
        for (const [day, n] of read) {
          expect(n).toBe(1);
          expect(day >= period.from && day <= period.to).toBe(true);
        }
        for (const span of [...plan.plus, ...plan.minus])
          expect(periodDays(span)).toBeLessThanOrEqual(16);
      }
  });

  it('reads a year as twelve or thirteen months and a few days', () => {
    expect(periodPlan({ from: '2025-12-03', to: '2026-12-02' })).toEqual({
      months: { from: '2025-12-01', to: '2026-11-01' },
      plus: [{ from: '2026-12-01', to: '2026-12-02' }],
      minus: [{ from: '2025-12-01', to: '2025-12-02' }],
    });
    expect(periodPlan({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      months: { from: '2026-03-01', to: '2026-03-01' },
      plus: [],
      minus: [],
    });
  });

  it('names the Monday of a day’s week', () => {
    expect(weekOf('2026-01-07')).toBe('2026-01-05');
    expect(weekOf('2026-01-05')).toBe('2026-01-05');
    expect(weekOf('2026-01-04')).toBe('2025-12-29');
  });
});
