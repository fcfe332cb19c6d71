// The event types the comments concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const commentEvents = {
  'comment.created': { rooms: ['challenge', 'idea'], published: ['parentId', 'commentCount'] },
  // An edit changes no count the challenge page shows.
  'comment.updated': { rooms: ['idea'], published: [] },
  'comment.deleted': { rooms: ['challenge', 'idea'], published: ['commentCount'] },
} as const satisfies EventDeclarations;
