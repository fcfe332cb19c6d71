// The event registry: concepts declare their event types; the live layer routes and publishes from
// the combined declarations. Checked against the shared lists it replaced, so nothing moved.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Event } from '../../../db/schema';
import {
  defineEvents,
  eventRegistry,
  eventRooms,
  publishedKeys,
  typesInRoom,
  type EventType,
} from '#app/domain/events/registry';
import { CHALLENGE_ROOM_TYPES, IDEA_ROOM_TYPES, roomsOf } from '#app/live/protocol';
import { roomsForEvent, toLiveEvent } from '../../../realtime/router.server';

// The three shared lists as they were before the registry (app/domain/events.server.ts,
// app/live/protocol.ts, realtime/router.server.ts).
const OLD_EVENT_TYPES = [
  'user.joined',
  'brand.created',
  'brand.member_added',
  'brand.member_removed',
  'challenge.created',
  'challenge.updated',
  'challenge.stage_changed',
  'idea.created',
  'idea.updated',
  'idea.withdrawn',
  'vote.cast',
  'vote.changed',
  'vote.withdrawn',
  'comment.created',
  'comment.updated',
  'comment.deleted',
];
const OLD_CHALLENGE_ROOM_TYPES = new Set([
  'challenge.updated',
  'challenge.stage_changed',
  'idea.created',
  'idea.updated',
  'idea.withdrawn',
  'idea.status_changed',
  'vote.cast',
  'vote.changed',
  'vote.withdrawn',
  'comment.created',
  'comment.deleted',
]);
const OLD_IDEA_ROOM_TYPES = new Set([
  'idea.updated',
  'idea.withdrawn',
  'idea.status_changed',
  'vote.cast',
  'vote.changed',
  'vote.withdrawn',
  'comment.created',
  'comment.updated',
  'comment.deleted',
]);
const OLD_PUBLISHED_KEYS = [
  'supportCount',
  'opposeCount',
  'commentCount',
  'from',
  'to',
  'parentId',
  'status',
];
/** The types the registry replaced the lists for; later concepts declare more. */
const LEGACY_TYPES = [...OLD_EVENT_TYPES, 'idea.status_changed'];
/** Keys the reputation concepts publish: ids, ranks and points, never who. */
const REPUTATION_PUBLISHED_KEYS = ['rewardId', 'rank', 'points', 'kind'];
/** Keys the community's brand room publishes: counts of people, never who. */
const COMMUNITY_PUBLISHED_KEYS = ['joined', 'updated', 'left', 'consents'];
/** Keys moderation publishes: which idea a merged one went to or came from, never who. */
const MODERATION_PUBLISHED_KEYS = ['intoId', 'fromId'];
/** Keys intents publish (issue 17): which intent, offer or message, never who or what was written. */
const INTENT_PUBLISHED_KEYS = ['intentId', 'offerId', 'messageId'];

/** What the old router published: any of its keys, for any type. */
function oldPublished(payload: Record<string, unknown>) {
  const data: Record<string, unknown> = {};
  for (const key of OLD_PUBLISHED_KEYS) {
    const value = payload[key];
    if (typeof value === 'number' || typeof value === 'string' || value === null) data[key] = value;
  }
  return data;
}

/** The payloads the commands append today, one per type (values are examples). */
const REAL_PAYLOADS: Record<EventType, Record<string, unknown>> = {
  'user.joined': { handle: 'ana' },
  'user.deleted': { content: 'anonymise', ideas: 0, comments: 0 },
  'brand.created': { name: 'Acme', slug: 'acme' },
  'brand.member_added': { role: 'manager', handle: 'ana' },
  'brand.member_removed': {},
  'brand.ownership_transferred': { handle: 'ana' },
  'challenge.created': { title: 'T', slug: 't', stage: 'draft' },
  'challenge.updated': { title: 'T' },
  'challenge.stage_changed': { from: 'open', to: 'voting' },
  'idea.created': { title: 'T', buildsOnId: 3 },
  'idea.updated': { title: 'T' },
  'idea.withdrawn': {},
  'idea.status_changed': { status: 'shortlisted' },
  'vote.cast': { from: 0, to: 1, supportCount: 4, opposeCount: 1 },
  'vote.changed': { from: 1, to: -1, supportCount: 3, opposeCount: 2 },
  'vote.withdrawn': { from: -1, to: 0, supportCount: 3, opposeCount: 1 },
  'comment.created': { parentId: null, commentCount: 5 },
  'comment.updated': {},
  'comment.deleted': { commentCount: 4 },
  'challenge.followed': {},
  'challenge.unfollowed': {},
  'scorecard.submitted': { weighted: 4.2 },
  'idea.shortlisted': { status: 'shortlisted' },
  'idea.unshortlisted': { status: 'published' },
  'reward.granted': { rewardId: 1, rank: 1, points: 500, prize: 'A trip' },
  'reward.fulfilled': { rewardId: 1, note: 'Met on 12 March' },
  'reward.revoked': { rewardId: 1, note: 'Not original' },
  'badge.earned': { badge: 'firstIdea' },
  'content.hidden': { kind: 'idea' },
  'content.flagged': { reason: 'spam', flagId: 1 },
  'content.auto_hidden': { kind: 'idea' },
  'content.restored': { kind: 'comment' },
  'flags.dismissed': { kind: 'idea', flags: 2 },
  'content.approved': { kind: 'idea' },
  'idea.retagged': { tags: ['a'] },
  'idea.merged': { intoId: 7, moved: 3, dropped: 1, supportCount: 9, opposeCount: 1 },
  'idea.merge_received': { fromId: 20, supportCount: 9, opposeCount: 1 },
  'user.suspended': { suspensionId: 1, until: '2026-12-09T00:00:00.000Z' },
  'user.unsuspended': { suspensionId: 1 },
  'user.role_changed': { from: 'prosumer', to: 'moderator' },
  'consent.changed': { from: 'none', to: 'profile' },
  'community.changed': { joined: 1, updated: 2, left: 0, consents: 1 },
  'community.segment_saved': { segmentId: 1 },
  'community.segment_deleted': { segmentId: 1 },
  'intent.created': { intentId: 1, title: 'A week in Valencia' },
  'intent.published': { intentId: 1, audience: 'picked', brands: 2 },
  'intent.updated': { intentId: 1 },
  'intent.closed': { intentId: 1 },
  'intent.expired': { intentId: 1 },
  'offer.made': { intentId: 1, offerId: 2 },
  'offer.updated': { intentId: 1, offerId: 2 },
  'offer.withdrawn': { intentId: 1, offerId: 2 },
  'offer.accepted': { intentId: 1, offerId: 2 },
  'offer.declined': { intentId: 1, offerId: 2, reason: 'Too far' },
  'offer.lapsed': { intentId: 1, offerId: 2 },
  'intent.message_sent': { intentId: 1, messageId: 3 },
};

function event(type: string, payload: Record<string, unknown> = {}): Event {
  return {
    id: 1,
    txid: 700,
    type,
    actorId: 'secret-actor-id',
    brandId: 1,
    challengeId: 10,
    ideaId: 20,
    commentId: 30,
    subjectUserId: 'secret-subject-id',
    payload,
    createdAt: new Date(0),
  };
}

describe('defineEvents', () => {
  it('refuses an event type declared twice, by two concepts or one', () => {
    const a = { 'thing.done': { rooms: ['idea'], published: [] } } as const;
    const b = { 'thing.done': { rooms: ['challenge'], published: ['count'] } } as const;
    expect(() => defineEvents(a, b)).toThrow('Event type "thing.done" is declared twice.');
    expect(() => defineEvents(a, a)).toThrow(/declared twice/);
  });

  it('combines distinct declarations and derives the type union from them', () => {
    const registry = defineEvents(
      { 'a.one': { rooms: ['idea'], published: ['n'] } } as const,
      { 'b.two': { rooms: [], published: [] } } as const,
    );
    expect(registry.types).toEqual(['a.one', 'b.two']);
    expect(registry.has('a.one')).toBe(true);
    expect(registry.has('c.three')).toBe(false);
    expect(registry.get('a.one')).toEqual({ rooms: ['idea'], published: ['n'] });
    expectTypeOf(registry.types).toEqualTypeOf<readonly ('a.one' | 'b.two')[]>();
  });
});

describe('the combined registry', () => {
  it('declares every type the log had before, plus the status change the rooms already routed', () => {
    expect(eventRegistry.types).toEqual(expect.arrayContaining(LEGACY_TYPES));
    expectTypeOf<'vote.cast'>().toMatchTypeOf<EventType>();
    expectTypeOf<'vote.casted'>().not.toMatchTypeOf<EventType>();
  });

  it('sends every type to the same rooms as the old lists did', () => {
    for (const type of [...OLD_EVENT_TYPES, 'idea.status_changed']) {
      expect(eventRooms(type).includes('challenge'), type).toBe(OLD_CHALLENGE_ROOM_TYPES.has(type));
      expect(eventRooms(type).includes('idea'), type).toBe(OLD_IDEA_ROOM_TYPES.has(type));
    }
    const legacy = (types: Iterable<string>) =>
      new Set([...types].filter((t) => LEGACY_TYPES.includes(t)));
    expect(legacy(typesInRoom('challenge'))).toEqual(OLD_CHALLENGE_ROOM_TYPES);
    expect(legacy(typesInRoom('idea'))).toEqual(OLD_IDEA_ROOM_TYPES);
    expect(legacy(CHALLENGE_ROOM_TYPES)).toEqual(OLD_CHALLENGE_ROOM_TYPES);
    expect(legacy(IDEA_ROOM_TYPES)).toEqual(OLD_IDEA_ROOM_TYPES);
  });

  it('routes every declared type to its declared rooms, on the server and in the browser', () => {
    for (const type of eventRegistry.types) {
      const declared = eventRegistry.get(type)!.rooms;
      const expected = [
        ...(declared.includes('challenge') ? ['challenge:10'] : []),
        ...(declared.includes('idea') ? ['idea:20'] : []),
        ...(declared.includes('brand') ? ['brand:1'] : []),
      ];
      const e = event(type, REAL_PAYLOADS[type]);
      // The server also sends a `subject` type to the user room of the person it is about...
      const subject = declared.includes('subject');
      expect(roomsForEvent(e), type).toEqual([
        ...expected,
        ...(subject ? ['user:secret-subject-id'] : []),
      ]);
      expect(roomsOf(toLiveEvent(e)), type).toEqual(expected);
      // ...a copy flagged `subject` that the browser files under 'me' only, never saying whose.
      const own = toLiveEvent(e, 0, { subject: true });
      expect(roomsOf(own), type).toEqual(['me']);
      expect(JSON.stringify(own), type).not.toContain('secret-');
      expect(typesInRoom('subject').includes(type as EventType), type).toBe(subject);
    }
  });

  it('sends a subject event to no user room when it names nobody', () => {
    const e = { ...event('offer.made', REAL_PAYLOADS['offer.made']), subjectUserId: null };
    expect(roomsForEvent(e)).toEqual(['brand:1']);
    expect(roomsForEvent({ ...e, type: 'intent.expired' })).toEqual([]);
  });

  it('routes an undeclared type nowhere and publishes none of its payload', () => {
    const e = event('nobody.declared', { supportCount: 1 });
    expect(roomsForEvent(e)).toEqual([]);
    expect(toLiveEvent(e).data).toEqual({});
  });

  it('publishes only the declared keys, whatever else the payload holds', () => {
    const everything = Object.fromEntries(
      [
        ...OLD_PUBLISHED_KEYS,
        ...REPUTATION_PUBLISHED_KEYS,
        ...COMMUNITY_PUBLISHED_KEYS,
        ...MODERATION_PUBLISHED_KEYS,
        ...INTENT_PUBLISHED_KEYS,
        'actorId',
        'userId',
        'handle',
        'title',
        'body',
        'mentions',
        'prize',
        'note',
        'badge',
      ].map((key) => [key, 7]),
    );
    for (const type of eventRegistry.types) {
      const live = toLiveEvent(event(type, everything));
      expect(Object.keys(live.data).sort(), type).toEqual([...publishedKeys(type)].sort());
      expect(JSON.stringify(live), type).not.toContain('secret-');
    }
  });

  it('never publishes a key the old list did not, nor who did something', () => {
    for (const type of eventRegistry.types)
      for (const key of publishedKeys(type)) {
        const allowed = LEGACY_TYPES.includes(type)
          ? OLD_PUBLISHED_KEYS
          : [
              ...OLD_PUBLISHED_KEYS,
              ...REPUTATION_PUBLISHED_KEYS,
              ...COMMUNITY_PUBLISHED_KEYS,
              ...MODERATION_PUBLISHED_KEYS,
              ...INTENT_PUBLISHED_KEYS,
            ];
        expect(allowed, `${type} publishes ${key}`).toContain(key);
        expect(key, type).not.toMatch(/actor|user|handle|author/i);
      }
  });

  it("publishes exactly what the old router did for each command's payload", () => {
    for (const type of LEGACY_TYPES as EventType[]) {
      const payload = REAL_PAYLOADS[type];
      expect(toLiveEvent(event(type, payload)).data, type).toEqual(oldPublished(payload));
    }
  });
});
