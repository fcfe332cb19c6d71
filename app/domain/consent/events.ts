// The event types the consent concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

// Private: a person's consent to a brand goes to no live room; only their own timeline reads it.
export const consentEvents = {
  'consent.changed': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
