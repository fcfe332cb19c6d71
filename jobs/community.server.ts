// Keeps the community read model (brand_participants, app/domain/crm/participation.server.ts) as a
// consumer of the event log: each batch gathers the (brand, person) pairs its events touch and
// recomputes them once, in one statement at the end of the batch. A new consumer starts at the
// beginning of the log, so the first start is the backfill.
//
// It also tells the brands' community pages, through the log itself: for each brand whose
// participants changed in the batch (joined, updated, left) or who changed their consent to it, it
// appends one `community.changed` event in the batch's transaction, with counts only. The event
// goes to the brand's live room (members only) in every server process, lossless like any event;
// the page then reloads its table through the consent-checking access function.
import type { Db } from '../db/client.server';
import type { Event } from '../db/schema';
import { systemClock, type Clock } from '#app/domain/core/clock';
import {
  participantsOf,
  refreshParticipants,
  type ParticipantChange,
  type ParticipantKey,
} from '#app/domain/crm/participation.server';
import { appendEvent } from '#app/domain/events/log.server';
import { ConsumerRunner, type Consumer } from './consumers.server';

export const COMMUNITY_CONSUMER = 'community';

export type CommunityConsumerOptions = {
  /** Told, once the batch has committed, what changed (tests; the live layer reads the log). */
  onChanges?: (changes: ParticipantChange[]) => void;
  /** The time of the `community.changed` events it appends. */
  clock?: Clock;
};

/** What one batch gathered: the pairs to recompute and the brands whose consents changed. */
type Gathered = { pairs: ParticipantKey[]; consents: Map<number, number> };

type BrandCounts = { joined: number; updated: number; left: number; consents: number };

/** Per brand, how many participants joined, changed or left, and how many changed their consent. */
export function countsByBrand(
  changes: readonly ParticipantChange[],
  consents: ReadonlyMap<number, number>,
): Map<number, BrandCounts> {
  const out = new Map<number, BrandCounts>();
  const of = (brandId: number) => {
    let counts = out.get(brandId);
    if (!counts) out.set(brandId, (counts = { joined: 0, updated: 0, left: 0, consents: 0 }));
    return counts;
  };
  for (const c of changes) {
    const counts = of(c.brandId);
    if (c.change === 'new') counts.joined++;
    else if (c.change === 'gone') counts.left++;
    else counts.updated++;
  }
  for (const [brandId, n] of consents) of(brandId).consents += n;
  return out;
}

export function communityConsumer(options: CommunityConsumerOptions = {}): Consumer {
  const clock = options.clock ?? systemClock;
  const gathered = new WeakMap<Db, Gathered>();
  const of = (tx: Db) => {
    let g = gathered.get(tx);
    if (!g) gathered.set(tx, (g = { pairs: [], consents: new Map() }));
    return g;
  };
  return {
    name: COMMUNITY_CONSUMER,
    async handle(tx: Db, event: Event) {
      if (event.type === 'consent.changed' && event.brandId !== null) {
        const { consents } = of(tx);
        consents.set(event.brandId, (consents.get(event.brandId) ?? 0) + 1);
        return;
      }
      const pairs = participantsOf(event);
      if (!pairs.length) return;
      of(tx).pairs.push(...pairs);
    },
    async finish(tx: Db) {
      const g = gathered.get(tx);
      gathered.delete(tx);
      if (!g) return;
      const changes = g.pairs.length ? await refreshParticipants(tx, g.pairs) : [];
      const at = clock.now();
      // In brand order, so concurrent writers of the log see one order of events per batch.
      for (const [brandId, counts] of [...countsByBrand(changes, g.consents)].sort(
        (a, b) => a[0] - b[0],
      ))
        await appendEvent(tx, {
          type: 'community.changed',
          actorId: null,
          brandId,
          payload: counts,
          at,
        });
      const { onChanges } = options;
      if (changes.length && onChanges) return () => onChanges(changes);
    },
  };
}

/** Brings the community read model up to date with the whole log now, in this process (the seed). */
export async function backfillCommunity(db: Db, { clock }: { clock?: Clock } = {}) {
  const runner = new ConsumerRunner({
    db,
    consumers: [communityConsumer({ clock })],
    batchSize: 500,
  });
  await runner.start();
  try {
    return await runner.poke();
  } finally {
    await runner.stop();
  }
}
