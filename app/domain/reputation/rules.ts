// The reputation rules of PRODUCT.md "Reputation, trust, rewards", in one table: what each kind of
// ledger entry is worth, which of them the daily cap applies to, and the thresholds that unlock
// privileges. Browser-safe: the profile and the locked controls read the same numbers.

export const RULES = {
  /** Your idea gets a support vote. */
  supportReceived: { points: 10, fromVotes: true },
  /** Your idea gets an oppose vote. */
  opposeReceived: { points: -2, fromVotes: true },
  /** You cast an oppose vote. */
  opposeCast: { points: -1, fromVotes: true },
  /** An idea that builds on yours is published. */
  builtOn: { points: 5, fromVotes: false },
  /** Your idea is shortlisted. */
  shortlisted: { points: 25, fromVotes: false },
  /** Your idea wins (its share of the reward pool is a separate `reward` entry). */
  winner: { points: 100, fromVotes: false },
  /** Your content is hidden by moderation on an upheld flag. */
  hidden: { points: -50, fromVotes: false },
} as const satisfies Record<string, { points: number; fromVotes: boolean }>;

export type Rule = keyof typeof RULES | 'reward';

/** Points a person can gain from votes in one UTC day; shortlists, wins and rewards are exempt. */
export const DAILY_VOTE_CAP = 200;

/**
 * What an entry actually gives, given what votes already gave its owner today. Only gains are
 * capped: a loss always applies in full, so the cap cannot shield anyone from opposes.
 */
export function pointsGiven(nominal: number, gainedToday: number, fromVotes: boolean): number {
  if (!fromVotes || nominal <= 0) return nominal;
  return Math.max(0, Math.min(nominal, DAILY_VOTE_CAP - gainedToday));
}

/** The UTC day an entry counts toward, as YYYY-MM-DD. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Reputation is the ledger's sum, but never below 1. */
export const reputationOf = (ledgerTotal: number) => Math.max(1, ledgerTotal);

export const PRIVILEGES = {
  submit: 1,
  comment: 1,
  support: 1,
  flag: 15,
  oppose: 125,
  reviewQueue: 500,
} as const;

export type Privilege = keyof typeof PRIVILEGES;

/** The thresholds in order, each with the privileges it unlocks: the profile's "next privilege". */
export const LEVELS = [1, 15, 125, 500].map((threshold, index) => ({
  level: index + 1,
  threshold,
  unlocks: (Object.keys(PRIVILEGES) as Privilege[]).filter((p) => PRIVILEGES[p] === threshold),
}));

/** The person's level and, unless they reached the top, how far the next one is. */
export function levelOf(reputation: number) {
  const reached = LEVELS.filter((l) => reputation >= l.threshold);
  const current = reached[reached.length - 1] ?? LEVELS[0]!;
  const next = LEVELS.find((l) => l.threshold > reputation) ?? null;
  return {
    level: current.level,
    next: next && {
      level: next.level,
      threshold: next.threshold,
      unlocks: next.unlocks,
      missing: next.threshold - reputation,
      /** 0–1: how much of the way from this level's threshold to the next is done. */
      progress: (reputation - current.threshold) / (next.threshold - current.threshold),
    },
  };
}

type VoteValue = -1 | 0 | 1;
type VoteRule = 'supportReceived' | 'opposeReceived' | 'opposeCast';

/**
 * The ledger entries a vote change takes back and the ones it adds. Changing support to oppose
 * reverses the support and applies the oppose; withdrawing reverses what the vote gave.
 */
export function voteEntries(from: VoteValue, to: VoteValue) {
  const of = (v: VoteValue): VoteRule[] =>
    v === 1 ? ['supportReceived'] : v === -1 ? ['opposeReceived', 'opposeCast'] : [];
  if (from === to) return { reverse: [], apply: [] };
  return { reverse: of(from), apply: of(to) };
}
