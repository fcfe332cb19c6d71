// The event types the ideas concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const ideaEvents = {
  // The idea's own room does not exist before the idea does.
  'idea.created': { rooms: ['challenge'], published: [] },
  'idea.updated': { rooms: ['challenge', 'idea'], published: [] },
  'idea.withdrawn': { rooms: ['challenge', 'idea'], published: [] },
  // Reserved for moderation (an idea shortlisted, hidden…); the live layer has routed it since it
  // began, though no command appends it yet.
  'idea.status_changed': { rooms: ['challenge', 'idea'], published: ['status'] },
} as const satisfies EventDeclarations;
