import { describe, expect, it } from 'vitest';
import {
  DAILY_VOTE_CAP,
  LEVELS,
  PRIVILEGES,
  RULES,
  levelOf,
  pointsGiven,
  reputationOf,
  utcDay,
  voteEntries,
} from '#app/domain/reputation/rules';

describe('reputation rules', () => {
  it('are worth what the product says', () => {
    expect(RULES.supportReceived.points).toBe(10);
    expect(RULES.opposeReceived.points).toBe(-2);
    expect(RULES.opposeCast.points).toBe(-1);
    expect(RULES.builtOn.points).toBe(5);
    expect(RULES.shortlisted.points).toBe(25);
    expect(RULES.winner.points).toBe(100);
    expect(RULES.hidden.points).toBe(-50);
    expect(DAILY_VOTE_CAP).toBe(200);
    const fromVotes = Object.entries(RULES)
      .filter(([, r]) => r.fromVotes)
      .map(([k]) => k);
    expect(fromVotes.sort()).toEqual(['opposeCast', 'opposeReceived', 'supportReceived']);
  });

  it('caps gains from votes at 200 a day, giving what is left and then 0', () => {
    expect(pointsGiven(10, 0, true)).toBe(10);
    expect(pointsGiven(10, 185, true)).toBe(10);
    expect(pointsGiven(10, 195, true)).toBe(5);
    expect(pointsGiven(10, 200, true)).toBe(0);
    expect(pointsGiven(10, 260, true)).toBe(0);
  });

  it('never caps losses, nor what is exempt (shortlist, win, reward)', () => {
    expect(pointsGiven(-2, 200, true)).toBe(-2);
    expect(pointsGiven(-1, 500, true)).toBe(-1);
    expect(pointsGiven(25, 200, false)).toBe(25);
    expect(pointsGiven(600, 200, false)).toBe(600);
  });

  it('counts the day in UTC', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:30:00+02:00'))).toBe('2026-03-01');
  });

  it('keeps reputation at 1 or more', () => {
    expect(reputationOf(0)).toBe(1);
    expect(reputationOf(-60)).toBe(1);
    expect(reputationOf(42)).toBe(42);
  });

  it('unlocks flag at 15, oppose at 125 and the review queue at 500', () => {
    expect(PRIVILEGES).toMatchObject({
      submit: 1,
      comment: 1,
      support: 1,
      flag: 15,
      oppose: 125,
      reviewQueue: 500,
    });
    expect(LEVELS.map((l) => l.threshold)).toEqual([1, 15, 125, 500]);
    expect(levelOf(1)).toMatchObject({
      level: 1,
      next: { threshold: 15, unlocks: ['flag'], missing: 14 },
    });
    expect(levelOf(40)).toMatchObject({
      level: 2,
      next: { threshold: 125, unlocks: ['oppose'], missing: 85 },
    });
    expect(levelOf(40).next!.progress).toBeCloseTo(25 / 110);
    expect(levelOf(500)).toEqual({ level: 4, next: null });
  });

  it('reverses and applies the right entries for every vote change', () => {
    expect(voteEntries(0, 1)).toEqual({ reverse: [], apply: ['supportReceived'] });
    expect(voteEntries(0, -1)).toEqual({ reverse: [], apply: ['opposeReceived', 'opposeCast'] });
    expect(voteEntries(1, -1)).toEqual({
      reverse: ['supportReceived'],
      apply: ['opposeReceived', 'opposeCast'],
    });
    expect(voteEntries(-1, 1)).toEqual({
      reverse: ['opposeReceived', 'opposeCast'],
      apply: ['supportReceived'],
    });
    expect(voteEntries(1, 0)).toEqual({ reverse: ['supportReceived'], apply: [] });
    expect(voteEntries(-1, 0)).toEqual({ reverse: ['opposeReceived', 'opposeCast'], apply: [] });
    expect(voteEntries(1, 1)).toEqual({ reverse: [], apply: [] });
  });
});
