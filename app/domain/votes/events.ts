// The event types the votes concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

// Counts and the vote's direction only: votes are secret, so the voter is never published.
const published = ['from', 'to', 'supportCount', 'opposeCount'] as const;

export const voteEvents = {
  'vote.cast': { rooms: ['challenge', 'idea'], published },
  'vote.changed': { rooms: ['challenge', 'idea'], published },
  'vote.withdrawn': { rooms: ['challenge', 'idea'], published },
} as const satisfies EventDeclarations;
