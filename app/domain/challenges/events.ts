// The event types the challenges concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const challengeEvents = {
  // A draft is seen by its brand only, so its creation is not published.
  'challenge.created': { rooms: [], published: [] },
  'challenge.updated': { rooms: ['challenge'], published: [] },
  'challenge.stage_changed': { rooms: ['challenge'], published: ['from', 'to'] },
} as const satisfies EventDeclarations;
