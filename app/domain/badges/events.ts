// The event types of badges (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const badgeEvents = {
  /** Appended by the badge consumer; subject is the person. payload: { badge } */
  'badge.earned': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
