import { describe, expect, it } from 'vitest';
import { canVote, voteRefusal } from '#app/domain/votes/policy';

const author = { id: 'u-author', role: 'prosumer' as const };
const voter = { id: 'u-voter', role: 'prosumer' as const };
const idea = { authorId: author.id, status: 'published' as const, stage: 'voting' as const };

describe('vote policy', () => {
  it('lets someone else vote while the challenge is open or voting', () => {
    expect(canVote(voter, idea)).toBe(true);
    expect(canVote(voter, { ...idea, stage: 'open' })).toBe(true);
  });

  it('refuses votes outside the open and voting stages, and on a withdrawn idea', () => {
    for (const stage of ['draft', 'review', 'awarded', 'archived'] as const)
      expect(voteRefusal(voter, { ...idea, stage })).toBe('closed');
    expect(voteRefusal(voter, { ...idea, status: 'withdrawn' })).toBe('closed');
  });

  it('refuses a vote on your own idea, and asks a visitor to sign in', () => {
    expect(voteRefusal(author, idea)).toBe('ownIdea');
    expect(voteRefusal(null, idea)).toBe('signedOut');
    expect(canVote(author, idea)).toBe(false);
  });

  it('explains a closed vote before anything about the viewer', () => {
    expect(voteRefusal(null, { ...idea, stage: 'review' })).toBe('closed');
    expect(voteRefusal(author, { ...idea, stage: 'review' })).toBe('closed');
  });
});
