import { describe, expect, it } from 'vitest';
import {
  canComment,
  canDeleteComment,
  canEditComment,
  commentsOpen,
} from '#app/domain/comments/policy';

const author = { id: 'u-author', role: 'prosumer' as const };
const other = { id: 'u-other', role: 'prosumer' as const };
const moderator = { id: 'u-mod', role: 'moderator' as const };
const comment = { authorId: author.id };

describe('comment policy', () => {
  it('keeps a discussion open until the challenge is archived or the idea withdrawn', () => {
    expect(commentsOpen({ stage: 'review', ideaStatus: 'shortlisted' })).toBe(true);
    expect(commentsOpen({ stage: 'archived', ideaStatus: 'published' })).toBe(false);
    expect(commentsOpen({ stage: 'open', ideaStatus: 'withdrawn' })).toBe(false);
  });

  it('lets signed-in people comment on an open discussion only', () => {
    expect(canComment(other, { stage: 'open', ideaStatus: 'published' })).toBe(true);
    expect(canComment(null, { stage: 'open', ideaStatus: 'published' })).toBe(false);
    expect(canComment(other, { stage: 'archived', ideaStatus: 'published' })).toBe(false);
  });

  it('lets only the author edit a comment', () => {
    expect(canEditComment(author, comment)).toBe(true);
    expect(canEditComment(other, comment)).toBe(false);
    expect(canEditComment(moderator, comment)).toBe(false);
    expect(canEditComment(null, comment)).toBe(false);
  });

  it('lets the author or a moderator delete a comment', () => {
    expect(canDeleteComment(author, comment)).toBe(true);
    expect(canDeleteComment(moderator, comment)).toBe(true);
    expect(canDeleteComment({ id: 'u-admin', role: 'admin' }, comment)).toBe(true);
    expect(canDeleteComment(other, comment)).toBe(false);
    expect(canDeleteComment(null, comment)).toBe(false);
  });
});
