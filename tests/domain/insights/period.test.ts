// The dashboard's period from the date range picker: defaults by the clock, both ends included, a
// future end clamped to today, and every bad input a 400 with a message of the insights namespace.
import { describe, expect, it } from 'vitest';
import { isDomainError } from '#app/domain/core/errors';
import {
  MAX_PERIOD_DAYS,
  parsePeriod,
  periodDays,
  previousPeriod,
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
