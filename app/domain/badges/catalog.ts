// The badges a person can earn, in bronze, silver and gold (issue 13 item 8). Browser-safe: the
// profile shows the whole catalog (earned ones with their date, the rest dimmed) from this table,
// and the badge consumer (jobs/badges.server.ts) evaluates it.
//
// A badge is a threshold on a measure: "10 ideas" is `ideas >= 10`. A measure says which events can
// move it and whose measure they move (the event's actor, or its subject: the author of the idea a
// vote was cast on, the person whose idea was built on…); the server counts it as of the event
// (app/domain/badges/measures.server.ts), so the date a badge was earned is true even on replay.
import type { EventType } from '#app/domain/events/registry';

export const BADGE_TIERS = ['bronze', 'silver', 'gold'] as const;
export type BadgeTier = (typeof BADGE_TIERS)[number];

/** Whose measure an event moves: who did it, or who it happened to (the event's subject). */
export type BadgeRole = 'actor' | 'subject';

export const MEASURES = {
  /** Ideas the person submitted (any status: withdrawing one does not undo having shared it). */
  ideas: { events: ['idea.created'], role: 'actor' },
  /** Ideas the person voted on (distinct ideas, so voting again on one counts once). */
  votesCast: { events: ['vote.cast'], role: 'actor' },
  /** Comments the person wrote. */
  comments: { events: ['comment.created'], role: 'actor' },
  /** Supporters of the author's idea the vote was on, right after the vote. */
  ideaSupporters: { events: ['vote.cast', 'vote.changed'], role: 'subject' },
  /** Published ideas by others that build on the person's ideas. */
  builtOn: { events: ['idea.created'], role: 'subject' },
  /** Replies by others to the person's comment that was replied to. */
  commentReplies: { events: ['comment.created'], role: 'subject' },
  /** Times the person's ideas were shortlisted. */
  shortlists: { events: ['idea.shortlisted'], role: 'subject' },
  /** Rewards the person won and still holds (a revoked one does not count). */
  wins: { events: ['reward.granted'], role: 'subject' },
  /** Consecutive UTC days, up to the event's, with any action of the person (counted up to 7). */
  activeDays: { events: 'any', role: 'actor' },
  /** The person's reputation (their ledger's sum, at least 1) right after the event. */
  reputation: {
    events: ['vote.cast', 'vote.changed', 'idea.created', 'idea.shortlisted', 'reward.granted'],
    role: 'subject',
  },
} as const satisfies Record<string, { events: readonly EventType[] | 'any'; role: BadgeRole }>;

export type MeasureKey = keyof typeof MEASURES;

export type BadgeDefinition = { tier: BadgeTier; measure: MeasureKey; threshold: number };

/** The catalog, in the order the profile shows it. Keys are stored in user_badges.badge. */
export const BADGES = {
  firstIdea: { tier: 'bronze', measure: 'ideas', threshold: 1 },
  firstVote: { tier: 'bronze', measure: 'votesCast', threshold: 1 },
  firstSupport: { tier: 'bronze', measure: 'ideaSupporters', threshold: 1 },
  tenComments: { tier: 'bronze', measure: 'comments', threshold: 10 },
  tenIdeas: { tier: 'silver', measure: 'ideas', threshold: 10 },
  supporters25: { tier: 'silver', measure: 'ideaSupporters', threshold: 25 },
  firstShortlist: { tier: 'silver', measure: 'shortlists', threshold: 1 },
  hundredVotes: { tier: 'silver', measure: 'votesCast', threshold: 100 },
  builtOn5: { tier: 'silver', measure: 'builtOn', threshold: 5 },
  tenReplies: { tier: 'silver', measure: 'commentReplies', threshold: 10 },
  streak7: { tier: 'silver', measure: 'activeDays', threshold: 7 },
  trusted: { tier: 'silver', measure: 'reputation', threshold: 125 },
  supporters100: { tier: 'gold', measure: 'ideaSupporters', threshold: 100 },
  firstWin: { tier: 'gold', measure: 'wins', threshold: 1 },
  threeWins: { tier: 'gold', measure: 'wins', threshold: 3 },
  reputation1000: { tier: 'gold', measure: 'reputation', threshold: 1000 },
} as const satisfies Record<string, BadgeDefinition>;

export type BadgeKey = keyof typeof BADGES;

export const BADGE_KEYS = Object.keys(BADGES) as BadgeKey[];

export const isBadgeKey = (key: string): key is BadgeKey => Object.hasOwn(BADGES, key);

/** The event types that can earn a badge ('any' for a measure any action moves). */
export function badgeEventTypes(key: BadgeKey): readonly EventType[] | 'any' {
  return MEASURES[BADGES[key].measure].events;
}

/** The badges whose measure `measure` is, the easiest first. */
export function badgesOfMeasure(measure: MeasureKey): BadgeKey[] {
  return BADGE_KEYS.filter((k) => BADGES[k].measure === measure).sort(
    (a, b) => BADGES[a].threshold - BADGES[b].threshold,
  );
}
