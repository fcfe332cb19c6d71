// What the reputation concept does, inside the transaction, when an event that earns or costs
// points is appended: the ledger entries (app/domain/reputation/ledger.server.ts).
import type { Reactions } from '#app/domain/events/reactions.server';

export const reputationReactions: Reactions = {};
