import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, decodeCursor, pageOf, type Keyset } from '#app/domain/core/pagination';

describe('pageOf', () => {
  it('counts pages from the total and page size', () => {
    expect(pageOf(['a', 'b'], 5, 1, 2)).toEqual({
      items: ['a', 'b'],
      page: 1,
      pageCount: 3,
      total: 5,
    });
    expect(pageOf([], 4, 3, 2).pageCount).toBe(2);
  });

  it('always reports at least one page', () => {
    expect(pageOf([], 0, 1)).toEqual({ items: [], page: 1, pageCount: 1, total: 0 });
  });

  it('uses the default page size', () => {
    expect(pageOf([], PAGE_SIZE + 1, 1).pageCount).toBe(2);
  });
});

describe('decodeCursor', () => {
  const keyset: Keyset = {
    name: 'top',
    parts: [
      { type: 'int', expr: sql`score` },
      { type: 'timestamp', expr: sql`created_at` },
      { type: 'float', expr: sql`trending` },
      { type: 'int', expr: sql`id` },
    ],
  };
  const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

  it('reads back the key values of its own order', () => {
    const values = [-3, '2026-03-01T10:00:00.123456Z', 0.1 + 0.2, 42];
    expect(decodeCursor(keyset, cursor(['top', ...values]))).toEqual(values);
  });

  it('refuses anything else as Invalid, never passing it on to the database', () => {
    const good = ['top', 1, '2026-03-01T10:00:00.000000Z', 1.5, 7];
    const bad = [
      '',
      'not base64!',
      'e30',
      cursor(['new', ...good.slice(1)]),
      cursor(good.slice(0, -1)),
      cursor([...good, 8]),
      cursor(['top', 1.5, ...good.slice(2)]),
      cursor(['top', 2 ** 31, ...good.slice(2)]),
      cursor(['top', 1, '2026-02-30T10:00:00.000000Z', 1.5, 7]),
      cursor(['top', 1, '2026-03-01 10:00:00', 1.5, 7]),
      cursor(['top', 1, '2026-03-01T10:00:00.000000Z', '1.5', 7]),
      cursor({ top: 1 }),
      'A'.repeat(400),
    ];
    for (const raw of bad) {
      let error: unknown;
      try {
        decodeCursor(keyset, raw);
      } catch (e) {
        error = e;
      }
      expect(error, raw).toMatchObject({ kind: 'Invalid', key: 'errors.page.cursor' });
    }
  });
});
