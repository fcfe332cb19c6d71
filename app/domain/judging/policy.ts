// The rules of judging, shared by the server and the pages (browser-safe): who judges, when, and
// how a scorecard becomes one weighted score.
import type {
  ChallengeStage,
  IdeaStatus,
  JudgingCriterion,
  RewardStatus,
} from '../../../db/schema';

/** Scores, shortlists and the award happen in review only. */
export function judgingOpen(stage: ChallengeStage) {
  return stage === 'review';
}

/** Ideas that can be scored and shortlisted: public ones not yet decided. */
export const JUDGEABLE_STATUSES: readonly IdeaStatus[] = ['published', 'shortlisted'];

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** Σ score × weight / 100, the weights summing to 100 (the challenge form makes sure of it). */
export function weightedScore(scores: readonly number[], criteria: readonly JudgingCriterion[]) {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0) || 1;
  const sum = criteria.reduce((acc, c, i) => acc + (scores[i] ?? 0) * c.weight, 0);
  // Weights of challenges made before they had to sum to 100 are normalised the same way.
  return Math.round((sum / total) * 100) / 100;
}

/** Pending rewards are decided once: fulfilled or revoked, and a decided reward stays as it is. */
export function rewardDecidable(status: RewardStatus) {
  return status === 'pending';
}

/** A rank as "1st", "2nd"… in the message catalogue (`challenges.rank` picks the ordinal). */
export const MAX_RANK = 10;
