// Message keys for the states of intents and offers: written out in full so every key is a literal
// (tests/unit/messages.test.ts), looked up by the value the database holds.
import type { IntentAudience, IntentStatus, OfferStatus } from '../../../db/schema';

export const INTENT_STATUS_KEYS = {
  draft: 'intents.status.draft',
  published: 'intents.status.published',
  closed: 'intents.status.closed',
  expired: 'intents.status.expired',
} as const satisfies Record<IntentStatus, string>;

export const INTENT_STATUSES = Object.keys(INTENT_STATUS_KEYS) as IntentStatus[];

export const OFFER_STATUS_KEYS = {
  open: 'intents.offerStatus.open',
  accepted: 'intents.offerStatus.accepted',
  declined: 'intents.offerStatus.declined',
  withdrawn: 'intents.offerStatus.withdrawn',
  lapsed: 'intents.offerStatus.lapsed',
} as const satisfies Record<OfferStatus, string>;

export const AUDIENCE_KEYS = {
  any: 'intents.audience.any',
  picked: 'intents.audience.picked',
  participated: 'intents.audience.participated',
} as const satisfies Record<IntentAudience, string>;

export const AUDIENCE_HINT_KEYS = {
  any: 'intents.audience.anyHint',
  picked: 'intents.audience.pickedHint',
  participated: 'intents.audience.participatedHint',
} as const satisfies Record<IntentAudience, string>;
