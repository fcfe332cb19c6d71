import { describe, expect, it } from 'vitest';
import { mentionedHandles, splitMentions } from '#app/domain/comments/mentions';
import { handleSchema } from '#app/domain/users/schema';

const h30 = 'a'.repeat(30);
const h31 = 'b'.repeat(31);
const tricky = [
  'Thanks @ana_m, and @Bob!',
  'mail me at ana@example.com or x@@carla',
  `@ab is too short, @abc is fine; @${h30} is the longest and @${h31} is too long.`,
  '(@dani) @dani, @ANA_M again',
].join('\n');

const linked = (text: string) =>
  splitMentions(text).flatMap((p) => ('handle' in p ? [p.handle] : []));

describe('@mentions', () => {
  it('finds the handles a sign-up would accept, and nothing glued to a word or too long', () => {
    expect(mentionedHandles(tricky)).toEqual(['ana_m', 'bob', 'abc', h30, 'dani']);
    for (const handle of mentionedHandles(tricky))
      expect(handleSchema.safeParse(handle).success).toBe(true);
  });

  it('links on the page exactly the handles the server notifies', () => {
    const unique = [...new Set(linked(tricky).map((h) => h.toLowerCase()))];
    expect(unique).toEqual(mentionedHandles(tricky));
  });

  it('keeps the text whole around the links', () => {
    const parts = splitMentions(tricky);
    const rebuilt = parts.map((p) => ('handle' in p ? `@${p.handle}` : p.text)).join('');
    expect(rebuilt).toBe(tricky);
    expect(parts.slice(0, 4)).toEqual([
      { text: 'Thanks ' },
      { handle: 'ana_m' },
      { text: ', and ' },
      { handle: 'Bob' },
    ]);
  });

  it('notifies at most ten people from one comment', () => {
    const many = Array.from({ length: 12 }, (_, i) => `@user${i}`).join(' ');
    expect(mentionedHandles(many)).toHaveLength(10);
  });
});
