// From event-log rows to the small messages the live layer publishes, and the rooms they go to.
import type { Event } from '../db/schema';
import { eventRooms, publishedKeys } from '#app/domain/events/registry';
import {
  formatPosition,
  roomsOfEvent,
  type LiveEvent,
  type LiveNotification,
} from '#app/live/protocol';

/**
 * The live message of an event. `subject: true` makes the copy sent to the user room of the person
 * the event is about (see roomsForEvent): it carries a flag, never whose room it is.
 */
export function toLiveEvent(
  event: Event,
  now = Date.now(),
  { subject = false }: { subject?: boolean } = {},
): LiveEvent {
  const data: LiveEvent['data'] = {};
  // Only the keys the event's concept declares safe (ids, counts, stage names) and small values.
  for (const key of publishedKeys(event.type)) {
    const value = event.payload[key];
    if (typeof value === 'number' || typeof value === 'string' || value === null) data[key] = value;
  }
  return {
    id: event.id,
    position: formatPosition(event),
    type: event.type,
    // Only brand-room events say which brand: the others need not, and their messages stay as they were.
    ...(eventRooms(event.type).includes('brand') ? { brandId: event.brandId } : {}),
    challengeId: event.challengeId,
    ideaId: event.ideaId,
    commentId: event.commentId,
    data,
    ...(subject ? { subject: true } : {}),
    ts: now,
  };
}

type Routed = Pick<Event, 'type' | 'challengeId' | 'ideaId'> & {
  brandId?: number | null;
  subjectUserId?: string | null;
};

/**
 * Socket.IO room names (server side) an event is published to: the shared rooms it names (see
 * sharedRoomsForEvent) and, for a type declaring `subject`, the user room of its subject.
 */
export function roomsForEvent(event: Routed): string[] {
  const own = subjectRoomForEvent(event);
  return own ? [...sharedRoomsForEvent(event), own] : sharedRoomsForEvent(event);
}

/** The challenge, idea and brand rooms of an event: all sent the same message. */
export function sharedRoomsForEvent(event: Routed): string[] {
  // The server's room names are the protocol's: one routing rule for both sides.
  return roomsOfEvent(event);
}

/**
 * The user room of the person an event is about (its subject_user_id), for types declaring the
 * `subject` room; that room is sent its own copy, flagged `subject` (toLiveEvent), which the
 * browser files under 'me'.
 */
export function subjectRoomForEvent(event: Routed): string | null {
  return event.subjectUserId && eventRooms(event.type).includes('subject')
    ? userRoom(event.subjectUserId)
    : null;
}

export type NotificationRow = {
  userId: string;
  eventId: number;
  /** The transaction id of its event: with eventId, the event's position. */
  txid: number;
  kind: string;
  ideaId: number | null;
  commentId: number | null;
};

export function toLiveNotification(n: NotificationRow, now = Date.now()): LiveNotification {
  return {
    id: n.eventId,
    position: formatPosition({ txid: n.txid, id: n.eventId }),
    type: 'notification',
    kind: n.kind,
    ideaId: n.ideaId,
    commentId: n.commentId,
    ts: now,
  };
}

export const userRoom = (userId: string) => `user:${userId}`;
