// The event types the brands concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const brandEvents = {
  // Brand administration has no live page.
  'brand.created': { rooms: [], published: [] },
  'brand.member_added': { rooms: [], published: [] },
  'brand.member_removed': { rooms: [], published: [] },
  /** The owner handed the brand to a manager (subject), staying on as a manager. payload: { handle } */
  'brand.ownership_transferred': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
