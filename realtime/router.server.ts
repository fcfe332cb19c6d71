// From event-log rows to the small messages the live layer publishes, and the rooms they go to.
import type { Event } from '../db/schema';
import {
  CHALLENGE_ROOM_TYPES,
  IDEA_ROOM_TYPES,
  type LiveEvent,
  type LiveNotification,
} from '../app/live/protocol';

/** Payload keys that are safe and small enough to publish (ids, counts, stage names). */
const PUBLISHED_KEYS = [
  'supportCount',
  'opposeCount',
  'commentCount',
  'from',
  'to',
  'parentId',
  'status',
] as const;

export function toLiveEvent(event: Event, now = Date.now()): LiveEvent {
  const data: LiveEvent['data'] = {};
  for (const key of PUBLISHED_KEYS) {
    const value = event.payload[key];
    if (typeof value === 'number' || typeof value === 'string' || value === null) data[key] = value;
  }
  return {
    id: event.id,
    type: event.type,
    challengeId: event.challengeId,
    ideaId: event.ideaId,
    commentId: event.commentId,
    data,
    ts: now,
  };
}

/** Socket.IO room names (server side) an event is published to. */
export function roomsForEvent(event: Pick<Event, 'type' | 'challengeId' | 'ideaId'>): string[] {
  const rooms: string[] = [];
  if (event.challengeId !== null && CHALLENGE_ROOM_TYPES.has(event.type))
    rooms.push(`challenge:${event.challengeId}`);
  if (event.ideaId !== null && IDEA_ROOM_TYPES.has(event.type)) rooms.push(`idea:${event.ideaId}`);
  return rooms;
}

export type NotificationRow = {
  userId: string;
  eventId: number;
  kind: string;
  ideaId: number | null;
  commentId: number | null;
};

export function toLiveNotification(n: NotificationRow, now = Date.now()): LiveNotification {
  return {
    id: n.eventId,
    type: 'notification',
    kind: n.kind,
    ideaId: n.ideaId,
    commentId: n.commentId,
    ts: now,
  };
}

export const userRoom = (userId: string) => `user:${userId}`;
