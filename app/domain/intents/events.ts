// The event types the intents concept emits (issue 17; see app/domain/events/registry.ts for what
// the fields mean). Intents are private: nothing goes to a challenge or idea room. What passes
// between an intent's author and one brand goes to that brand's room (its members only; the event's
// brand_id) and to the author's own room (`subject`: the event's subject_user_id is the author), as
// ids only; each page then reads what its viewer may see.
import type { EventDeclarations } from '#app/domain/events/registry';

const BETWEEN = { rooms: ['brand', 'subject'], published: ['intentId', 'offerId'] } as const;

export const intentEvents = {
  // The author's own steps: their timeline reads them; no brand is told live.
  'intent.created': { rooms: [], published: [] },
  'intent.published': { rooms: [], published: [] },
  'intent.updated': { rooms: [], published: [] },
  'intent.closed': { rooms: ['subject'], published: ['intentId'] },
  // Appended by the expiry job (no actor).
  'intent.expired': { rooms: ['subject'], published: ['intentId'] },
  // Between the author and one brand: actor a brand member (made, updated, withdrawn) or the author
  // (accepted, declined); brand_id that brand; subject the intent's author.
  'offer.made': BETWEEN,
  'offer.updated': BETWEEN,
  'offer.withdrawn': BETWEEN,
  'offer.accepted': BETWEEN,
  'offer.declined': BETWEEN,
  // An offer still open when the intent closed, expired or another was accepted (no actor, or the author).
  'offer.lapsed': BETWEEN,
  // A message in the private thread of the intent and one brand.
  'intent.message_sent': { rooms: ['brand', 'subject'], published: ['intentId', 'messageId'] },
} as const satisfies EventDeclarations;
