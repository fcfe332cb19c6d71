// Socket.IO on the app's HTTP server: authenticated connections, authorized rooms, replay from the
// event log on (re)connect, and live publishing of every new event. Every process reads the log
// itself (see pump.server.ts), so several processes behind a load balancer all deliver everything.
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import { verifyRequestOrigin } from 'lucia';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Database, Db } from '../db/client.server';
import { events, notifications } from '../db/schema';
import { resolveViewer, type Auth, type Viewer } from '../app/auth/lucia.server';
import { canManageBrand } from '../app/domain/brands.server';
import { getChallengeById } from '../app/domain/challenges.server';
import { DomainError } from '../app/domain/errors';
import { getIdea } from '../app/domain/ideas.server';
import {
  CHALLENGE_ROOM_TYPES,
  IDEA_ROOM_TYPES,
  MAX_REPLAY,
  MAX_ROOMS_PER_SOCKET,
  type LiveMessage,
  type PresenceMessage,
  type RoomName,
  type SubscribeReply,
} from '../app/live/protocol';
import { Presence } from './presence.server';
import { EventPump, type Batch } from './pump.server';
import { latestEventId } from '../app/domain/events.server';
import { roomsForEvent, toLiveEvent, toLiveNotification, userRoom } from './router.server';

const roomSchema = z.union([z.literal('me'), z.string().regex(/^(challenge|idea):[1-9]\d{0,9}$/)]);
const subscribeSchema = z
  .object({
    rooms: z
      .array(
        z
          .object({ room: roomSchema, since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
          .strict(),
      )
      .min(1)
      .max(MAX_ROOMS_PER_SOCKET),
  })
  .strict();
const unsubscribeSchema = z
  .object({ rooms: z.array(roomSchema).min(1).max(MAX_ROOMS_PER_SOCKET) })
  .strict();

type SocketData = {
  viewer: Viewer | null;
  person: string;
  /** Rooms this client asked for (server names), for limits and presence. */
  rooms: Set<string>;
  /** Server room → the pump position when this socket joined it: later events reach it live. */
  joinedAt: Map<string, number>;
  /** While > 0, live messages for this socket are held back until its replay is sent. */
  replaying: number;
  held: LiveMessage[];
  strikes: number;
};
type ServerToClient = {
  live: (message: LiveMessage) => void;
  presence: (message: PresenceMessage) => void;
};
type LiveSocket = Socket<Record<string, never>, ServerToClient, Record<string, never>, SocketData>;

export type RealtimeOptions = {
  database?: Pick<Database, 'listen' | 'notify'>;
  db?: Db;
  auth?: Auth;
  startedAt: Date;
  /** Presence across processes needs NOTIFY; PGlite runs a single process, where it is local. */
  sharePresence?: boolean;
};

export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions) {
  const io = new Server<Record<string, never>, ServerToClient, Record<string, never>, SocketData>(
    httpServer,
    {
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      connectionStateRecovery: undefined,
      cors: { origin: false },
      // A cross-site page must not open a socket with this site's cookies.
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        if (!origin || !req.headers.host) return callback(null, true);
        callback(null, verifyRequestOrigin(origin, [req.headers.host]));
      },
    },
  );
  const processId = randomBytes(6).toString('hex');
  const limiter = new RateLimiterMemory({ points: 30, duration: 10, keyPrefix: 'socket' });
  const replaying = new Set<LiveSocket>();

  const presence = new Presence(
    processId,
    options.sharePresence && options.database ? options.database : null,
    (room, count) => {
      io.to(room).emit('presence', { room: clientRoomName(room), count });
    },
  );

  function deliver(rooms: string[], message: LiveMessage) {
    if (!replaying.size) {
      io.to(rooms).emit('live', message);
      return;
    }
    const held: string[] = [];
    for (const socket of replaying) {
      if (rooms.some((r) => socket.rooms.has(r))) {
        socket.data.held.push(message);
        held.push(socket.id);
      }
    }
    io.to(rooms).except(held).emit('live', message);
  }

  function publish(batch: Batch) {
    const now = Date.now();
    const notesByEvent = new Map<number, Batch['notifications']>();
    for (const n of batch.notifications)
      notesByEvent.set(n.eventId, [...(notesByEvent.get(n.eventId) ?? []), n]);
    for (const event of batch.events) {
      const rooms = roomsForEvent(event);
      if (rooms.length) deliver(rooms, toLiveEvent(event, now));
      for (const n of notesByEvent.get(event.id) ?? [])
        deliver([userRoom(n.userId)], toLiveNotification(n, now));
    }
  }

  const pump =
    options.db && options.database
      ? new EventPump(options.db, options.database.listen, publish)
      : null;

  if (options.auth) {
    const auth = options.auth;
    io.use(async (socket, next) => {
      try {
        const { viewer } = await resolveViewer(auth, socket.handshake.headers.cookie);
        socket.data.viewer = viewer;
        next();
      } catch {
        next(new Error('Could not check your session; try again.'));
      }
    });
  }

  /** Joins a room and notes what it has been published up to, in one synchronous step. */
  function join(socket: LiveSocket, name: string) {
    if (socket.data.joinedAt.has(name)) return;
    void socket.join(name);
    socket.data.joinedAt.set(name, pump ? pump.position : Number.MAX_SAFE_INTEGER);
  }

  io.on('connection', (raw) => {
    const socket = raw as unknown as LiveSocket;
    socket.data.viewer ??= null;
    socket.data.person = socket.data.viewer?.id ?? `anon:${socket.id}`;
    socket.data.rooms = new Set();
    socket.data.replaying = 0;
    socket.data.held = [];
    socket.data.strikes = 0;
    socket.data.joinedAt = new Map();
    // The user's own room is joined on subscribe('me'), like any other, so its replay and live
    // messages are ordered by the same hold-and-merge as every room.

    /** Per-connection rate limit on client events; persistent abuse closes the connection. */
    async function allowed(ack: unknown) {
      try {
        await limiter.consume(socket.id);
        return true;
      } catch {
        if (++socket.data.strikes > 5) socket.disconnect(true);
        if (typeof ack === 'function') ack({ ok: false, error: 'Too many requests: slow down.' });
        return false;
      }
    }

    socket.on('health', async (ack: unknown) => {
      if (typeof ack !== 'function' || !(await allowed(ack))) return;
      ack({
        ok: true,
        startedAt: options.startedAt.toISOString(),
        now: new Date().toISOString(),
        process: processId,
        cursor: pump?.position ?? null,
      });
    });

    socket.on('subscribe', async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      if (!(await allowed(ack))) return;
      const parsed = subscribeSchema.safeParse(payload);
      if (!parsed.success)
        return ack({
          ok: false,
          error:
            'A subscription lists 1–20 rooms, each like "challenge:12", "idea:34" or "me", with a numeric since.',
        } satisfies SubscribeReply);
      if (!options.db)
        return ack({
          ok: false,
          error: 'Live updates are not available.',
        } satisfies SubscribeReply);
      const db = options.db;
      const requested = parsed.data.rooms.filter(
        (r) => !socket.data.rooms.has(serverRoomName(r.room as RoomName, socket.data.viewer) ?? ''),
      );
      if (socket.data.rooms.size + requested.length > MAX_ROOMS_PER_SOCKET)
        return ack({
          ok: false,
          error: `At most ${MAX_ROOMS_PER_SOCKET} rooms per connection.`,
        } satisfies SubscribeReply);

      const joined: RoomName[] = [];
      const denied: RoomName[] = [];
      const refetch: RoomName[] = [];
      replaying.add(socket);
      socket.data.replaying++;
      let cursor = 0;
      let pending: LiveMessage[] = [];
      try {
        cursor = await latestEventId(db);
        const replay: LiveMessage[] = [];
        for (const { room, since } of parsed.data.rooms as { room: RoomName; since: number }[]) {
          const name = serverRoomName(room, socket.data.viewer);
          if (!name || !(await mayJoin(db, socket.data.viewer, room))) {
            denied.push(room);
            continue;
          }
          if (!socket.data.rooms.has(name)) {
            join(socket, name);
            socket.data.rooms.add(name);
            if (room.startsWith('challenge:')) presence.join(name, socket.data.person);
          }
          joined.push(room);
          // Replay only what was published before the socket joined; later events reach it live.
          const missed = await missedMessages(
            db,
            room,
            socket.data.viewer,
            since,
            socket.data.joinedAt.get(name)!,
          );
          if (missed.length > MAX_REPLAY) refetch.push(room);
          else replay.push(...missed);
        }
        ack({ ok: true, joined, denied, refetch, cursor } satisfies SubscribeReply);
        pending = replay;
        for (const room of joined) {
          if (room.startsWith('challenge:')) {
            const name = serverRoomName(room, socket.data.viewer)!;
            socket.emit('presence', { room, count: presence.count(name) });
          }
        }
      } catch (error) {
        console.error('live: subscribe failed', error);
        ack({ ok: false, error: 'Could not subscribe; try again.' } satisfies SubscribeReply);
      } finally {
        socket.data.replaying--;
        // The replay and whatever was published meanwhile go out together in log order, each once.
        const out = [
          ...pending,
          ...(socket.data.replaying === 0 ? socket.data.held.splice(0) : []),
        ].sort((a, b) => a.id - b.id);
        if (socket.data.replaying === 0) replaying.delete(socket);
        const sent = new Set<string>();
        for (const message of out) {
          const key = `${message.type === 'notification' ? 'n' : 'e'}${message.id}`;
          if (!sent.has(key)) socket.emit('live', message);
          sent.add(key);
        }
      }
    });

    socket.on('unsubscribe', async (payload: unknown, ack: unknown) => {
      if (!(await allowed(ack))) return;
      const parsed = unsubscribeSchema.safeParse(payload);
      if (!parsed.success) {
        if (typeof ack === 'function') ack({ ok: false, error: 'Name 1–20 rooms to leave.' });
        return;
      }
      for (const room of parsed.data.rooms as RoomName[]) {
        const name = serverRoomName(room, socket.data.viewer);
        if (!name || room === 'me' || !socket.data.rooms.has(name)) continue;
        await socket.leave(name);
        socket.data.rooms.delete(name);
        socket.data.joinedAt.delete(name);
        if (room.startsWith('challenge:')) presence.leave(name, socket.data.person);
      }
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('disconnect', () => {
      replaying.delete(socket);
      for (const name of socket.data.rooms)
        if (name.startsWith('challenge:')) presence.leave(name, socket.data.person);
      socket.data.rooms.clear();
      void limiter.delete(socket.id);
    });
  });

  return {
    io,
    processId,
    async start() {
      await presence.start();
      await pump?.start();
    },
    /** Drain the log now (tests use it instead of waiting for NOTIFY). */
    poke: () => pump?.poke() ?? Promise.resolve(),
    async close() {
      await pump?.stop();
      await presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

function serverRoomName(room: RoomName, viewer: Viewer | null): string | null {
  if (room === 'me') return viewer ? userRoom(viewer.id) : null;
  return room;
}

function clientRoomName(name: string): RoomName {
  return name as RoomName;
}

/** Who may listen where: the same rules as the pages (drafts for the brand, hidden ideas for staff). */
async function mayJoin(db: Db, viewer: Viewer | null, room: RoomName): Promise<boolean> {
  try {
    if (room === 'me') return viewer !== null;
    const [kind, rawId] = room.split(':') as ['challenge' | 'idea', string];
    const id = Number(rawId);
    if (kind === 'idea') {
      await getIdea(db, viewer, id);
      return true;
    }
    const challenge = await getChallengeById(db, id);
    return challenge.stage !== 'draft' || (await canManageBrand(db, viewer, challenge.brandId));
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** What a client missed in one room since an event id: MAX_REPLAY + 1 at most (more means refetch). */
async function missedMessages(
  db: Db,
  room: RoomName,
  viewer: Viewer | null,
  since: number,
  upTo: number,
): Promise<LiveMessage[]> {
  const limit = MAX_REPLAY + 1;
  if (room === 'me') {
    if (!viewer) return [];
    const rows = await db
      .select({
        userId: notifications.userId,
        eventId: notifications.eventId,
        kind: notifications.kind,
        ideaId: notifications.ideaId,
        commentId: notifications.commentId,
        actorId: notifications.actorId,
      })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, viewer.id),
          gt(notifications.eventId, since),
          lte(notifications.eventId, upTo),
        ),
      )
      .orderBy(asc(notifications.eventId))
      .limit(limit);
    return rows.map((n) => toLiveNotification(n));
  }
  const [kind, rawId] = room.split(':') as ['challenge' | 'idea', string];
  const id = Number(rawId);
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        gt(events.id, since),
        lte(events.id, upTo),
        kind === 'challenge' ? eq(events.challengeId, id) : eq(events.ideaId, id),
        inArray(events.type, [...(kind === 'challenge' ? CHALLENGE_ROOM_TYPES : IDEA_ROOM_TYPES)]),
      ),
    )
    .orderBy(asc(events.id))
    .limit(limit);
  return rows.map((e) => toLiveEvent(e));
}
