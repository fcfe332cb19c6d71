// The event types the users concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const userEvents = {
  // Nobody's page shows sign-ups live.
  'user.joined': { rooms: [], published: [] },
  // The person deleted their account (app/domain/users/erase.server.ts): nobody's page shows it.
  // payload: { content: 'anonymise' | 'remove', ideas, comments } (how many were removed).
  'user.deleted': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
