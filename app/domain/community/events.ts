// The event types the community concept emits (see app/domain/events/registry.ts for what the fields mean).
import type { EventDeclarations } from '#app/domain/events/registry';

export const communityEvents = {
  // Appended by the `community` consumer (jobs/community.server.ts), one per brand per batch whose
  // participants changed or whose participants changed their consent. It goes to the brand's room,
  // which only the brand's members may join, and carries counts only, never who: the page reloads
  // its table, which reads through the consent-checking access function.
  'community.changed': { rooms: ['brand'], published: ['joined', 'updated', 'left', 'consents'] },
  // A brand member saved or deleted a segment: the team's own bookkeeping, no live page.
  'community.segment_saved': { rooms: [], published: [] },
  'community.segment_deleted': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
