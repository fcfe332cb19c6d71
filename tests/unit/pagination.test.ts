import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, pageOf } from '#app/domain/core/pagination';

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
