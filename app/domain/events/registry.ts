// The event registry: every event type any concept emits, the live rooms it goes to and the payload
// keys it publishes. Each concept declares its own types in app/domain/<concept>/events.ts; this
// file only combines them, so adding a concept edits no shared list. Browser-safe: the live
// protocol reads it on both sides.
import { brandEvents } from '#app/domain/brands/events';
import { challengeEvents } from '#app/domain/challenges/events';
import { commentEvents } from '#app/domain/comments/events';
import { ideaEvents } from '#app/domain/ideas/events';
import { userEvents } from '#app/domain/users/events';
import { voteEvents } from '#app/domain/votes/events';
import { judgingEvents } from '#app/domain/judging/events';
import { badgeEvents } from '#app/domain/badges/events';
import { moderationEvents } from '#app/domain/moderation/events';
import { consentEvents } from '#app/domain/consent/events';
import { communityEvents } from '#app/domain/community/events';
import { intentEvents } from '#app/domain/intents/events';

/**
 * Live rooms an event can go to: the challenge's page, the idea's page, the brand's room (members
 * only), and `subject`: the own room of the person the event is about (its subject_user_id), which
 * only that person's connections join.
 */
export type EventRoom = 'challenge' | 'idea' | 'brand' | 'subject';

export type EventDeclaration = {
  /** The rooms the event is published to (when the event names that challenge or idea). */
  readonly rooms: readonly EventRoom[];
  /**
   * Payload keys published to those rooms. Room messages reach anyone who may read the page, so
   * these are ids, counts and stage names only, never who did something.
   */
  readonly published: readonly string[];
};

/** One concept's declarations, keyed by event type. */
export type EventDeclarations = { readonly [type: string]: EventDeclaration };

/** The event types of a set of declaration groups, as a union of string literals. */
type TypesOf<G> = G extends EventDeclarations ? Extract<keyof G, string> : never;

export type EventRegistry<T extends string> = {
  readonly types: readonly T[];
  has(type: string): type is T;
  /** The declaration of a type; undefined for a type nobody declared (an old row, a typo). */
  get(type: string): EventDeclaration | undefined;
};

/** Combines the concepts' declarations; a type declared twice is a bug, caught at start-up. */
export function defineEvents<const G extends readonly EventDeclarations[]>(
  ...groups: G
): EventRegistry<TypesOf<G[number]>> {
  type T = TypesOf<G[number]>;
  const all = new Map<string, EventDeclaration>();
  for (const group of groups)
    for (const [type, declaration] of Object.entries(group)) {
      if (all.has(type)) throw new Error(`Event type "${type}" is declared twice.`);
      all.set(type, declaration);
    }
  return {
    types: [...all.keys()] as T[],
    has: (type: string): type is T => all.has(type),
    get: (type: string) => all.get(type),
  };
}

export const eventRegistry = defineEvents(
  userEvents,
  brandEvents,
  challengeEvents,
  ideaEvents,
  voteEvents,
  commentEvents,
  judgingEvents,
  badgeEvents,
  moderationEvents,
  consentEvents,
  communityEvents,
  intentEvents,
);

/** Every event type that can be appended to the log. */
export type EventType = (typeof eventRegistry.types)[number];

const NONE: readonly never[] = [];

/** The rooms an event type goes to; none for an undeclared type. */
export function eventRooms(type: string): readonly EventRoom[] {
  return eventRegistry.get(type)?.rooms ?? NONE;
}

/** The payload keys an event type publishes; none for an undeclared type. */
export function publishedKeys(type: string): readonly string[] {
  return eventRegistry.get(type)?.published ?? NONE;
}

/** The event types a room receives (the replay filters read these). */
export function typesInRoom(room: EventRoom): EventType[] {
  return eventRegistry.types.filter((type) => eventRooms(type).includes(room));
}
