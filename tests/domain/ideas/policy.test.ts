import { describe, expect, it } from 'vitest';
import {
  canBuildOn,
  canEditIdea,
  canWithdrawIdea,
  ideaLimitReached,
} from '#app/domain/ideas/policy';

const author = { id: 'u-author', role: 'prosumer' as const };
const other = { id: 'u-other', role: 'prosumer' as const };
const idea = { authorId: author.id, status: 'published' as const, stage: 'open' as const };

describe('idea policy', () => {
  it('lets the author withdraw a published idea, and no one else', () => {
    expect(canWithdrawIdea(author, idea)).toBe(true);
    expect(canWithdrawIdea(other, idea)).toBe(false);
    expect(canWithdrawIdea(null, idea)).toBe(false);
    expect(canWithdrawIdea(author, { ...idea, status: 'shortlisted' })).toBe(false);
  });

  it('lets the author edit a published idea while the challenge takes votes', () => {
    expect(canEditIdea(author, idea)).toBe(true);
    expect(canEditIdea(author, { ...idea, stage: 'voting' })).toBe(true);
    expect(canEditIdea(author, { ...idea, stage: 'review' })).toBe(false);
    expect(canEditIdea(other, idea)).toBe(false);
  });

  it('lets others build on an idea while the challenge accepts ideas', () => {
    expect(canBuildOn(other, idea)).toBe(true);
    expect(canBuildOn(author, idea)).toBe(false);
    expect(canBuildOn(null, idea)).toBe(false);
    expect(canBuildOn(other, { ...idea, stage: 'voting' })).toBe(false);
  });

  it('reaches the per-person limit at the maximum', () => {
    expect(ideaLimitReached(2, 3)).toBe(false);
    expect(ideaLimitReached(3, 3)).toBe(true);
  });
});
