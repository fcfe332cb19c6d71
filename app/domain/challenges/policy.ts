// The challenge lifecycle, shared by server and browser code.
import type { ChallengeStage } from '../../../db/schema';

export const STAGES: readonly ChallengeStage[] = [
  'draft',
  'open',
  'voting',
  'review',
  'awarded',
  'archived',
];
export const PUBLIC_STAGES: readonly ChallengeStage[] = STAGES.filter((s) => s !== 'draft');

/** The only legal moves: one step forward. */
export function nextStage(stage: ChallengeStage): ChallengeStage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** Submissions are accepted only while open. */
export function canSubmitIdeas(stage: ChallengeStage) {
  return stage === 'open';
}

/** Votes count while open or voting. */
export function canVote(stage: ChallengeStage) {
  return stage === 'open' || stage === 'voting';
}

/** A challenge's text and dates can change until it is archived. */
export function challengeEditable(stage: ChallengeStage) {
  return stage !== 'archived';
}

export const IDEA_SORTS = ['top', 'new', 'trending'] as const;
export type IdeaSort = (typeof IDEA_SORTS)[number];
