import { describe, expect, it } from 'vitest';
import type { SafeParseReturnType } from 'zod';
import { inEnglish, issueMessage } from '#app/domain/core/errors';
import { idField, optionalDate, pageField, tagsField } from '#app/domain/core/fields';

/** Schemas carry message keys; these tests read what an English reader sees. */
const firstMessage = (result: SafeParseReturnType<unknown, unknown>) =>
  result.error ? inEnglish(issueMessage(result.error.issues[0]!)) : undefined;

const tagsError = (input: unknown) => {
  const result = tagsField.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => inEnglish(issueMessage(i)));
};

describe('tagsField', () => {
  it('splits on commas, hashes and new lines, lowercases, and joins words with hyphens', () => {
    expect(tagsField.parse('Eco, packaging,  reuse')).toEqual(['eco', 'packaging', 'reuse']);
    expect(tagsField.parse('#Zero Waste #refill\nlocal food')).toEqual([
      'zero-waste',
      'refill',
      'local-food',
    ]);
  });

  it('accepts repeated form fields as an array', () => {
    expect(tagsField.parse(['eco', 'Reuse, refill'])).toEqual(['eco', 'reuse', 'refill']);
  });

  it('drops duplicates and empty entries', () => {
    expect(tagsField.parse('eco, ECO, , eco,,')).toEqual(['eco']);
  });

  it('gives no tags for a missing or empty value', () => {
    expect(tagsField.parse(undefined)).toEqual([]);
    expect(tagsField.parse('')).toEqual([]);
    expect(tagsField.parse(' , # ')).toEqual([]);
  });

  it('accepts letters of any language and digits', () => {
    expect(tagsField.parse('café, niño, città, 2026')).toEqual(['café', 'niño', 'città', '2026']);
  });

  it('accepts up to 8 tags and refuses a ninth', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `tag${i}`).join(',');
    expect(tagsField.parse(eight)).toHaveLength(8);
    expect(tagsError(`${eight},tag8`)).toContain('Use at most 8 tags.');
  });

  it('refuses tags shorter than 2 or longer than 30 characters', () => {
    const message = 'Tags are 2–30 letters, digits or hyphens, separated by commas.';
    expect(tagsError('a')).toContain(message);
    expect(tagsError('x'.repeat(31))).toContain(message);
    expect(tagsField.parse('x'.repeat(30))).toEqual(['x'.repeat(30)]);
  });

  it('refuses markup and punctuation in tags', () => {
    const message = 'Tags are 2–30 letters, digits or hyphens, separated by commas.';
    expect(tagsError('<script>alert(1)</script>')).toContain(message);
    expect(tagsError('eco; drop table')).toContain(message);
    expect(tagsError('c++')).toContain(message);
  });

  it('refuses values that are not text', () => {
    expect(tagsField.safeParse(42).success).toBe(false);
    expect(tagsField.safeParse({ tag: 'eco' }).success).toBe(false);
  });
});

describe('idField', () => {
  const field = idField('idea');

  it('reads whole positive numbers from form text', () => {
    expect(field.parse('42')).toBe(42);
    expect(field.parse(7)).toBe(7);
  });

  it('refuses text, zero, negatives, fractions and numbers beyond an int4', () => {
    expect(firstMessage(field.safeParse('abc'))).toBe('The idea must be a number.');
    expect(firstMessage(field.safeParse('0'))).toBe('The idea must be a positive number.');
    expect(firstMessage(field.safeParse('-3'))).toBe('The idea must be a positive number.');
    expect(firstMessage(field.safeParse('1.5'))).toBe('The idea must be a whole number.');
    expect(firstMessage(field.safeParse('2147483648'))).toBe('The idea is out of range.');
    expect(field.parse('2147483647')).toBe(2_147_483_647);
  });
});

describe('optionalDate', () => {
  const field = optionalDate('opens');

  it('reads a YYYY-MM-DD date as midnight UTC', () => {
    expect(field.parse('2026-12-31')).toEqual(new Date('2026-12-31T00:00:00Z'));
    expect(field.parse(' 2026-01-02 ')).toEqual(new Date('2026-01-02T00:00:00Z'));
  });

  it('treats a missing or empty date as no date', () => {
    expect(field.parse(undefined)).toBeNull();
    expect(field.parse('')).toBeNull();
    expect(field.parse('   ')).toBeNull();
  });

  it('refuses other date formats with an example of the right one', () => {
    for (const bad of ['31/12/2026', '2026-1-2', 'tomorrow', '2026-12-31T10:00', '20261231']) {
      expect(firstMessage(field.safeParse(bad)), bad).toBe(
        'Opening date: use a date like 2026-12-31.',
      );
    }
  });

  it('refuses a month that does not exist', () => {
    expect(firstMessage(field.safeParse('2026-13-01'))).toBe('Opening date is not a real date.');
    expect(firstMessage(field.safeParse('2026-00-10'))).toBe('Opening date is not a real date.');
  });

  it('refuses a day that does not exist in its month, which Date would roll over', () => {
    for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-06-31', '2026-01-32']) {
      expect(firstMessage(field.safeParse(bad)), bad).toBe('Opening date is not a real date.');
    }
    expect(field.parse('2028-02-29')).toEqual(new Date('2028-02-29T00:00:00Z'));
  });

  it('refuses non-text values', () => {
    expect(field.safeParse(20261231).success).toBe(false);
  });
});

describe('pageField', () => {
  it('reads a page number and falls back to page 1 for anything unusable', () => {
    expect(pageField.parse('3')).toBe(3);
    expect(pageField.parse(undefined)).toBe(1);
    expect(pageField.parse('0')).toBe(1);
    expect(pageField.parse('-2')).toBe(1);
    expect(pageField.parse('abc')).toBe(1);
    expect(pageField.parse('1.5')).toBe(1);
    expect(pageField.parse('10001')).toBe(1);
    expect(pageField.parse('10000')).toBe(10_000);
  });
});
