import { describe, expect, it } from 'vitest';
import { changedFields, diffLines, excerpt } from '#app/domain/audit/diff';

describe('the audit log’s before and after', () => {
  it('keeps only the fields that changed, long texts as an excerpt', () => {
    expect(
      changedFields(
        { title: 'Old', stage: 'open', brief: 'x'.repeat(50) },
        { title: 'New', stage: 'open', brief: 'y'.repeat(50), reward: undefined },
        { brief: 10 },
      ),
    ).toEqual({
      before: { title: 'Old', brief: `${'x'.repeat(9)}…` },
      after: { title: 'New', brief: `${'y'.repeat(9)}…` },
    });
    expect(changedFields({ prizes: { b: 1, a: 2 } }, { prizes: { a: 2, b: 1 } })).toBeNull();
  });

  it('shows nested values as dotted fields and leaves out what reads the same on both sides', () => {
    expect(
      diffLines(
        { status: 'hidden', hiddenReason: null, into: { id: 7, supportCount: 3 } },
        { status: 'published', into: { id: 7, supportCount: 5 }, tags: ['a', 'b'] },
      ),
    ).toEqual([
      { field: 'status', before: 'hidden', after: 'published' },
      { field: 'into.supportCount', before: '3', after: '5' },
      { field: 'tags', before: null, after: 'a, b' },
    ]);
    expect(excerpt('  a \n b  ', 10)).toBe('a b');
  });
});
