// The event types of moderation (see app/domain/events/registry.ts for what the fields mean). The
// moderation issue builds the queue that appends them; the ledger already reacts to them.
import type { EventDeclarations } from '#app/domain/events/registry';

export const moderationEvents = {
  /**
   * An idea or comment hidden on an upheld flag; subject is its author, who loses points for it.
   * payload: { kind: 'idea' | 'comment' }
   */
  'content.hidden': { rooms: ['challenge', 'idea'], published: ['kind'] },
} as const satisfies EventDeclarations;
