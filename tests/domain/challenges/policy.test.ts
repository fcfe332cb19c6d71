import { describe, expect, it } from 'vitest';
import { STAGES, challengeEditable } from '#app/domain/challenges/policy';

describe('challenge policy', () => {
  it('lets a challenge be edited in every stage but archived', () => {
    expect(STAGES.filter((s) => !challengeEditable(s))).toEqual(['archived']);
  });
});
