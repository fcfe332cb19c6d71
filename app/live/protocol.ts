// The live protocol, shared by the Socket.IO server (realtime/) and the browser (app/live/).
// Messages carry ids and counts only; the page fetches any text it needs. They never name who did
// something: room messages go to anyone allowed to read the page, and votes are secret.
import type { Position } from '#app/domain/events/position';
import { eventRooms, typesInRoom } from '#app/domain/events/registry';

export const MAX_ROOMS_PER_SOCKET = 20;
/**
 * A reconnecting client is sent what it missed in pages of REPLAY_PAGE messages; beyond MAX_REPLAY
 * messages in one subscribe (all its rooms together) a room is told to refetch instead.
 */
export const REPLAY_PAGE = 500;
export const MAX_REPLAY = 10_000;
/** Ids are PostgreSQL integers: anything larger cannot exist and never reaches the database. */
export const MAX_ID = 2_147_483_647;

/**
 * Rooms a client may ask for: a challenge, an idea, "me" (its own notifications and the events
 * about it, see LiveEvent.subject), or a brand's community (its members only).
 */
export type RoomName = `challenge:${number}` | `idea:${number}` | `brand:${number}` | 'me';

// Positions in the event log: the cursors of rooms and pages (decision 013).
export {
  LOG_START,
  comparePosition,
  formatPosition,
  isPosition,
  laterPosition,
  parsePosition,
  type Position,
} from '#app/domain/events/position';

export type LiveEvent = {
  /**
   * The event's id. Events that change the same row (say an idea's counts) get ids in the order
   * they happened, so of two such events the higher id carries the newer counts.
   */
  id: number;
  /** Where it is in the log: each room's messages arrive in increasing position. */
  position: Position;
  type: string;
  /** The brand it is about: set only for events of brand rooms (app/domain/community/events.ts). */
  brandId?: number | null;
  challengeId: number | null;
  ideaId: number | null;
  commentId: number | null;
  /** Small facts: vote counts, stage moves, comment counts. */
  data: Record<string, number | string | null>;
  /**
   * Set only on the copy of an event sent to the user room of the person it is about (types
   * declaring the `subject` room, say an offer on their intent): that copy belongs to 'me' and to
   * no other room. It never says whose room it is; the copies other rooms get lack the flag.
   */
  subject?: true;
  /** Server clock when published (ms), for latency measurements. */
  ts: number;
};

export type LiveNotification = {
  /** The id of the event that caused it. */
  id: number;
  /** The position of that event. */
  position: Position;
  type: 'notification';
  kind: string;
  ideaId: number | null;
  commentId: number | null;
  ts: number;
};

export type LiveMessage = LiveEvent | LiveNotification;

export type SubscribeRequest = { rooms: { room: RoomName; since: Position }[] };
export type SubscribeReply =
  | { ok: true; joined: RoomName[]; denied: RoomName[]; refetch: RoomName[]; cursor: Position }
  | { ok: false; error: string };

export type PresenceMessage = { room: RoomName; count: number };

/** The rooms an event belongs to: those its type declares, for the challenge, idea and brand it names. */
export function roomsOfEvent(
  event: Pick<LiveEvent, 'type' | 'challengeId' | 'ideaId' | 'brandId'>,
): RoomName[] {
  const declared = eventRooms(event.type);
  const rooms: RoomName[] = [];
  if (event.challengeId !== null && declared.includes('challenge'))
    rooms.push(`challenge:${event.challengeId}`);
  if (event.ideaId !== null && declared.includes('idea')) rooms.push(`idea:${event.ideaId}`);
  if (typeof event.brandId === 'number' && declared.includes('brand'))
    rooms.push(`brand:${event.brandId}`);
  return rooms;
}

/** The rooms an event or notification belongs to, from the client's side. */
export function roomsOf(message: LiveMessage): RoomName[] {
  return 'kind' in message || message.subject ? ['me'] : roomsOfEvent(message);
}

/**
 * Tells apart the messages sharing one position in the 'me' room: an event about the user and the
 * notifications it caused are one event, so one position, and each is delivered once.
 */
export function messageKey(message: LiveMessage): string {
  return 'kind' in message ? `notification:${message.kind}` : `event:${message.type}`;
}

/** Whether an event type goes to the user room of the person it is about. */
export const SUBJECT_ROOM_TYPES: ReadonlySet<string> = new Set(typesInRoom('subject'));

/** Event types each kind of room receives, as the concepts declare them (app/domain/events/registry.ts). */
export const CHALLENGE_ROOM_TYPES: ReadonlySet<string> = new Set(typesInRoom('challenge'));
export const IDEA_ROOM_TYPES: ReadonlySet<string> = new Set(typesInRoom('idea'));
export const BRAND_ROOM_TYPES: ReadonlySet<string> = new Set(typesInRoom('brand'));
