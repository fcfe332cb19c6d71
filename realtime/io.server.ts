// Socket.IO on the app's HTTP server: authenticated connections, authorized rooms, replay from the
// event log on (re)connect, and live publishing of every new event. Every process reads the log
// itself (see pump.server.ts), so several processes behind a load balancer all deliver everything.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { verifyRequestOrigin } from 'lucia';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Database, Db } from '../db/client.server';
import { events, notifications } from '../db/schema';
import {
  SIGNED_OUT_CHANNEL,
  resolveViewer,
  sessionTag,
  type Auth,
  type Viewer,
} from '#app/auth/lucia.server';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { mayWatchCommunity } from '#app/domain/community/access.server';
import { getChallengeById } from '#app/domain/challenges/queries.server';
import { isDomainError, type Translate } from '#app/domain/core/errors';
import { systemClock, type Clock } from '#app/domain/core/clock';
import { assertNotSuspended } from '#app/domain/moderation/suspensions';
import { castVote } from '#app/domain/votes/commands.server';
import type { RateLimits } from '#app/utils/rate-limit.server';
import { translatorForHeaders } from '#app/utils/request-locale.server';
import { getIdea } from '#app/domain/ideas/queries.server';
import {
  MAX_ID,
  MAX_REPLAY,
  MAX_ROOMS_PER_SOCKET,
  REPLAY_PAGE,
  LOG_START,
  comparePosition,
  formatPosition,
  isPosition,
  parsePosition,
  roomsOf,
  type LiveMessage,
  type Position,
  type PresenceMessage,
  type RoomName,
  type SubscribeReply,
} from '#app/live/protocol';
import { Presence } from './presence.server';
import { EventPump, type Batch } from './pump.server';
import { typesInRoom } from '#app/domain/events/registry';
import { logHorizon } from '#app/domain/events/log.server';
import {
  sharedRoomsForEvent,
  subjectRoomForEvent,
  toLiveEvent,
  toLiveNotification,
  userRoom,
} from './router.server';

const roomSchema = z.union([
  z.literal('me'),
  z
    .string()
    .regex(/^(challenge|idea|brand):[1-9]\d{0,9}$/)
    // Larger ids cannot exist (integer columns); refusing them here keeps them off the database.
    .refine((room) => Number(room.split(':')[1]) <= MAX_ID),
]);
const subscribeSchema = z
  .object({
    rooms: z
      .array(z.object({ room: roomSchema, since: z.string().max(40).refine(isPosition) }).strict())
      .min(1)
      .max(MAX_ROOMS_PER_SOCKET),
  })
  .strict();
const unsubscribeSchema = z
  .object({ rooms: z.array(roomSchema).min(1).max(MAX_ROOMS_PER_SOCKET) })
  .strict();
const voteSchema = z
  .object({
    ideaId: z.number().int().positive().max(MAX_ID),
    value: z.union([z.literal(1), z.literal(-1), z.literal(0)]),
  })
  .strict();

/** The ack of a socket vote: the idea's counts after it, or why not (an HTTP-like status). */
export type VoteReply =
  | { ok: true; supportCount: number; opposeCount: number; value: -1 | 0 | 1 }
  | { ok: false; status: number; error: string };

/** Open sockets per client address unless configured: a few tabs each of a household or office. */
export const DEFAULT_MAX_SOCKETS_PER_ADDRESS = 20;

type SocketData = {
  viewer: Viewer | null;
  /** The session the socket authenticated with (null: anonymous). */
  sessionId: string | null;
  address: string;
  /** Who counts as one person in presence: the user, or one anonymous browser. */
  person: string;
  /** Server room names this socket is in. */
  rooms: Set<string>;
  /** The challenge rooms it is counted in for presence (from its subscribe's success on). */
  present: Set<string>;
  /** Live messages held back while this socket's replay is being sent (see deliver). */
  held: LiveMessage[] | null;
  strikes: number;
  /** Subscribes and unsubscribes of one socket run one after another, in arrival order. */
  queue: Promise<void>;
  /** Error messages in this socket's language (user's choice, else cookie, else Accept-Language). */
  t: Translate;
};
type ServerToClient = {
  live: (message: LiveMessage) => void;
  presence: (message: PresenceMessage) => void;
};
type LiveSocket = Socket<Record<string, never>, ServerToClient, Record<string, never>, SocketData>;

export type RealtimeOptions = {
  database?: Pick<Database, 'listen' | 'notify'>;
  db?: Db;
  /**
   * The event reader's own small pool: a main pool full of requests waiting on row locks must not
   * delay live delivery. Default: db. Subscribes (authorization and replay) stay on db, so a
   * reconnect storm after a restart cannot starve the reader either.
   */
  readerDb?: Db;
  auth?: Auth;
  startedAt: Date;
  /** Presence across processes needs NOTIFY; PGlite runs a single process, where it is local. */
  sharePresence?: boolean;
  /** Open sockets allowed per client address; extras are refused at the handshake. */
  maxSocketsPerAddress?: number;
  /** The client's address (server.ts passes its proxy-aware one); default: the TCP peer. */
  clientAddress?: (req: IncomingMessage) => string;
  /**
   * The server's per-account limits (server.ts passes the ones its HTTP routes use), so a vote
   * counts against one limit whichever way it comes. Without them only the socket's own applies.
   */
  limits?: RateLimits;
  /** Where votes take their time from (tests move it by hand). */
  clock?: Clock;
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
  const maxPerAddress = options.maxSocketsPerAddress ?? DEFAULT_MAX_SOCKETS_PER_ADDRESS;
  const addressOf =
    options.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  /** Open (or opening) sockets per client address. */
  const perAddress = new Map<string, number>();
  /** Sockets by the tag of the session they authenticated with, to end them at sign-out. */
  const bySession = new Map<string, Set<LiveSocket>>();
  /** Sockets whose replay is being sent: their live messages are held back meanwhile. */
  const replaying = new Set<LiveSocket>();
  let stopSignOuts: (() => Promise<void>) | null = null;

  const presence = new Presence(
    processId,
    options.sharePresence && options.database ? options.database : null,
    (room, n) => {
      io.to(room).emit('presence', { room: clientRoomName(room), count: n });
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
        socket.data.held?.push(message);
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
      const rooms = sharedRoomsForEvent(event);
      if (rooms.length) deliver(rooms, toLiveEvent(event, now));
      // The person the event is about gets their own copy in their user room (flagged `subject`),
      // before any notification of the same event, as the replay sends them.
      const own = subjectRoomForEvent(event);
      if (own) deliver([own], toLiveEvent(event, now, { subject: true }));
      for (const n of notesByEvent.get(event.id) ?? [])
        deliver([userRoom(n.userId)], toLiveNotification(n, now));
    }
  }

  const pump =
    options.db && options.database
      ? new EventPump(options.readerDb ?? options.db, options.database.listen, publish)
      : null;

  function release(address: string) {
    const n = (perAddress.get(address) ?? 1) - 1;
    if (n > 0) perAddress.set(address, n);
    else perAddress.delete(address);
  }

  io.use(async (socket, next) => {
    const address = addressOf(socket.request);
    const open = perAddress.get(address) ?? 0;
    const headers = socket.handshake.headers;
    socket.data.t = await translatorForHeaders(headers);
    if (open >= maxPerAddress)
      return next(new Error(socket.data.t('errors.live.tooManyConnections')));
    // Counted from here, so handshakes in flight count too; given back once, whichever ends first.
    perAddress.set(address, open + 1);
    let released = false;
    const giveBack = () => {
      if (released) return;
      released = true;
      release(address);
    };
    socket.conn.once('close', giveBack);
    socket.data.address = address;
    socket.data.viewer = null;
    socket.data.sessionId = null;
    if (options.auth) {
      try {
        const { viewer, sessionId } = await resolveViewer(
          options.auth,
          socket.handshake.headers.cookie,
        );
        socket.data.viewer = viewer;
        socket.data.sessionId = sessionId;
        if (viewer?.locale) socket.data.t = await translatorForHeaders(headers, viewer.locale);
      } catch {
        giveBack();
        return next(new Error(socket.data.t('errors.live.sessionCheck')));
      }
    }
    socket.once('disconnect', giveBack);
    next();
  });

  /** Ends the sockets of a signed-out session (this process's share; every process hears it). */
  function endSession(tag: string) {
    for (const socket of bySession.get(tag) ?? []) socket.disconnect(true);
  }

  io.on('connection', (raw) => {
    const socket = raw as unknown as LiveSocket;
    const { viewer, sessionId } = socket.data;
    // Anonymous presence counts browsers, approximated by address + User-Agent: it needs no cookie
    // (the page works without one and sets none), counts a browser's many tabs or sockets once,
    // and a client faking User-Agents is still bounded by the per-address socket limit. People
    // sharing an address and an identical browser count as one: presence is a hint, not a metric.
    socket.data.person =
      viewer?.id ??
      `anon:${createHash('sha256')
        .update(`${socket.data.address}\n${socket.handshake.headers['user-agent'] ?? ''}`)
        .digest('hex')
        .slice(0, 24)}`;
    socket.data.rooms = new Set();
    socket.data.present = new Set();
    socket.data.held = null;
    socket.data.strikes = 0;
    socket.data.queue = Promise.resolve();
    const tag = sessionId ? sessionTag(sessionId) : null;
    if (tag) bySession.set(tag, (bySession.get(tag) ?? new Set()).add(socket));

    /** Per-connection rate limit on client events; persistent abuse closes the connection. */
    async function allowed(ack: unknown) {
      try {
        await limiter.consume(socket.id);
        return true;
      } catch {
        if (++socket.data.strikes > 5) socket.disconnect(true);
        if (typeof ack === 'function')
          ack({ ok: false, error: socket.data.t('errors.live.tooMany') });
        return false;
      }
    }

    function serially(work: () => Promise<void>) {
      socket.data.queue = socket.data.queue.then(work).catch((error: unknown) => {
        console.error('live: socket request failed', error);
      });
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
      serially(() => subscribe(socket, payload, ack as (reply: SubscribeReply) => void));
    });

    socket.on('unsubscribe', async (payload: unknown, ack: unknown) => {
      if (!(await allowed(ack))) return;
      serially(async () => {
        const parsed = unsubscribeSchema.safeParse(payload);
        if (!parsed.success) {
          if (typeof ack === 'function')
            ack({ ok: false, error: socket.data.t('errors.live.unsubscribe') });
          return;
        }
        for (const room of parsed.data.rooms as RoomName[]) {
          const name = serverRoomName(room, socket.data.viewer);
          if (!name || room === 'me' || !socket.data.rooms.has(name)) continue;
          leave(socket, name);
        }
        if (typeof ack === 'function') ack({ ok: true });
      });
    });

    // Votes run one after another per socket (a support then a withdraw land in that order), on
    // their own queue so a long replay does not hold them up.
    let votes = Promise.resolve();
    socket.on('vote', async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (reply: VoteReply) => void;
      const limited = (r: { error: string }) => reply({ ok: false, status: 429, error: r.error });
      if (!(await allowed(limited))) return;
      votes = votes
        .then(() => vote(socket, payload, reply))
        .catch((error: unknown) => console.error('live: vote failed', error));
    });

    socket.on('disconnect', () => {
      replaying.delete(socket);
      socket.data.held = null;
      for (const name of socket.data.present) presence.leave(name, socket.data.person);
      socket.data.present.clear();
      socket.data.rooms.clear();
      if (tag) {
        const sockets = bySession.get(tag);
        sockets?.delete(socket);
        if (!sockets?.size) bySession.delete(tag);
      }
      void limiter.delete(socket.id);
    });
  });

  /**
   * A vote over the socket: the same command, limit and refusals as POST /api/ideas/:id/vote. The
   * viewer was read at the handshake, so the session and the person's suspension are read afresh
   * here: a suspension ends the person's sockets, but a vote in flight meanwhile is refused too.
   */
  async function vote(socket: LiveSocket, payload: unknown, reply: (reply: VoteReply) => void) {
    const t = socket.data.t;
    const { viewer, sessionId } = socket.data;
    if (socket.disconnected) return;
    if (!viewer || !sessionId)
      return reply({ ok: false, status: 401, error: t('errors.generic.signInToVote') });
    const parsed = voteSchema.safeParse(payload);
    if (!parsed.success) {
      const badId = parsed.error.issues.some((i) => i.path[0] === 'ideaId');
      return badId
        ? reply({ ok: false, status: 404, error: t('errors.notFound.idea') })
        : reply({ ok: false, status: 400, error: t('errors.vote.choice') });
    }
    if (!options.db || !options.auth)
      return reply({ ok: false, status: 503, error: t('errors.live.unavailable') });
    const clock = options.clock ?? systemClock;
    try {
      const { session, user } = await options.auth.validateSession(sessionId);
      if (!session || !user) {
        reply({ ok: false, status: 401, error: t('errors.live.sessionEnded') });
        socket.disconnect(true);
        return;
      }
      assertNotSuspended(user, clock.now());
      await options.limits?.consume('vote', user.id);
      const result = await castVote(options.db, {
        actor: { id: user.id, role: user.role },
        ideaId: parsed.data.ideaId,
        value: parsed.data.value,
        clock,
      });
      reply({
        ok: true,
        supportCount: result.supportCount,
        opposeCount: result.opposeCount,
        value: result.value,
      });
    } catch (error) {
      if (isDomainError(error))
        return reply({ ok: false, status: error.status, error: error.render(t).error });
      console.error('live: vote failed', error);
      reply({ ok: false, status: 500, error: t('suspensions.live.voteFailed') });
    }
  }

  function leave(socket: LiveSocket, name: string) {
    void socket.leave(name);
    socket.data.rooms.delete(name);
    if (socket.data.present.delete(name)) presence.leave(name, socket.data.person);
  }

  /**
   * Subscribe is all or nothing: rooms are authorized and their backlog measured first; on any
   * failure the socket leaves every room this request joined and loses none of its other messages.
   * After the ack, the replay goes out in log order, then the live messages held meanwhile.
   */
  async function subscribe(
    socket: LiveSocket,
    payload: unknown,
    ack: (reply: SubscribeReply) => void,
  ) {
    if (socket.disconnected) return;
    const parsed = subscribeSchema.safeParse(payload);
    if (!parsed.success)
      return ack({
        ok: false,
        error: socket.data.t('errors.live.subscription'),
      });
    if (!options.db) return ack({ ok: false, error: socket.data.t('errors.live.unavailable') });
    const db = options.db;
    const { viewer, sessionId } = socket.data;

    const wanted = new Map<RoomName, Position>();
    for (const { room, since } of parsed.data.rooms)
      if (!wanted.has(room as RoomName)) wanted.set(room as RoomName, since);
    const joined: RoomName[] = [];
    const denied: RoomName[] = [];
    const fresh: { room: RoomName; name: string; since: Position }[] = [];
    for (const [room, since] of wanted) {
      const name = serverRoomName(room, viewer);
      if (!name) denied.push(room);
      // Already in the room: it gets everything live, so nothing is replayed again.
      else if (socket.data.rooms.has(name)) joined.push(room);
      else fresh.push({ room, name, since });
    }
    if (socket.data.rooms.size + fresh.length > MAX_ROOMS_PER_SOCKET)
      return ack({
        ok: false,
        error: socket.data.t('errors.live.maxRooms', { max: MAX_ROOMS_PER_SOCKET }),
      });

    const entered: string[] = [];
    const replay: { room: RoomName; since: Position }[] = [];
    const refetch: RoomName[] = [];
    let upTo: Position = LOG_START;
    try {
      if (sessionId && options.auth) {
        const { session } = await options.auth.validateSession(sessionId);
        if (!session) {
          ack({ ok: false, error: socket.data.t('errors.live.sessionEnded') });
          socket.disconnect(true);
          return;
        }
      }
      const allowed: typeof fresh = [];
      for (const r of fresh) {
        if (await mayJoin(db, viewer, r.room)) allowed.push(r);
        else denied.push(r.room);
      }
      if (!pump) upTo = await logHorizon(db);
      if (socket.disconnected) return;
      // One synchronous step: join, note what has been published so far (older events are
      // replayed, newer ones arrive live) and start holding live messages until the replay is out.
      if (pump) upTo = pump.position;
      socket.data.held = [];
      replaying.add(socket);
      for (const r of allowed) {
        void socket.join(r.name);
        socket.data.rooms.add(r.name);
        entered.push(r.name);
      }
      let budget = MAX_REPLAY;
      for (const r of allowed) {
        const missed = await countMissed(db, r.room, viewer, r.since, upTo, budget + 1);
        if (missed > budget) refetch.push(r.room);
        else if (missed > 0) {
          budget -= missed;
          replay.push(r);
        }
        joined.push(r.room);
      }
    } catch (error) {
      console.error('live: subscribe failed', error);
      for (const name of entered) {
        void socket.leave(name);
        socket.data.rooms.delete(name);
      }
      stopHolding(socket, true);
      return ack({ ok: false, error: socket.data.t('errors.live.subscribeFailed') });
    }

    // Answered in the order asked.
    const order = [...wanted.keys()];
    const inOrder = (rooms: RoomName[]) => order.filter((room) => rooms.includes(room));
    ack({
      ok: true,
      joined: inOrder(joined),
      denied: inOrder(denied),
      refetch: inOrder(refetch),
      cursor: upTo,
    });
    if (socket.disconnected) return;
    for (const name of entered) {
      if (!name.startsWith('challenge:')) continue;
      socket.data.present.add(name);
      presence.join(name, socket.data.person);
      socket.emit('presence', { room: clientRoomName(name), count: presence.count(name) });
    }
    try {
      await sendReplay(db, socket, replay, viewer, upTo);
    } catch (error) {
      // Part of the replay went out, in order, so the client's cursors are exact: a new
      // connection resumes from them (the client reconnects by itself).
      console.error('live: replay failed; closing the connection', error);
      socket.disconnect(true);
      return;
    }
    stopHolding(socket, false);
  }

  /** Sends the held live messages (or, after a failed subscribe, only those of rooms still joined). */
  function stopHolding(socket: LiveSocket, failed: boolean) {
    replaying.delete(socket);
    const held = socket.data.held ?? [];
    socket.data.held = null;
    if (socket.disconnected) return;
    for (const message of held) {
      if (
        failed &&
        !serverRoomsOf(message, socket.data.viewer).some((r) => socket.data.rooms.has(r))
      )
        continue;
      socket.emit('live', message);
    }
  }

  return {
    io,
    processId,
    async start() {
      await presence.start();
      if (options.database)
        stopSignOuts = await options.database.listen(SIGNED_OUT_CHANNEL, endSession);
      await pump?.start();
    },
    /** Drain the log now (tests use it instead of waiting for NOTIFY). */
    poke: () => pump?.poke() ?? Promise.resolve(),
    async close() {
      await pump?.stop();
      await stopSignOuts?.().catch(() => {});
      await presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

function serverRoomName(room: RoomName, viewer: Viewer | null): string | null {
  if (room === 'me') return viewer ? userRoom(viewer.id) : null;
  return room;
}

function serverRoomsOf(message: LiveMessage, viewer: Viewer | null): string[] {
  return roomsOf(message).flatMap((room) => serverRoomName(room, viewer) ?? []);
}

function clientRoomName(name: string): RoomName {
  return name as RoomName;
}

/**
 * Who may listen where: the same rules as the pages (drafts for the brand, hidden ideas for staff,
 * a brand's community for its members only).
 */
async function mayJoin(db: Db, viewer: Viewer | null, room: RoomName): Promise<boolean> {
  try {
    if (room === 'me') return viewer !== null;
    const [kind, rawId] = room.split(':') as ['challenge' | 'idea' | 'brand', string];
    const id = Number(rawId);
    if (kind === 'brand') return await mayWatchCommunity(db, viewer, id);
    if (kind === 'idea') {
      await getIdea(db, viewer, id);
      return true;
    }
    const challenge = await getChallengeById(db, id);
    return challenge.stage !== 'draft' || (await canManageBrandOf(db, viewer, challenge.brandId));
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

/** The log rows a challenge, idea or brand room is sent. */
function roomFilter(room: Exclude<RoomName, 'me'>): SQL {
  const [kind, rawId] = room.split(':') as ['challenge' | 'idea' | 'brand', string];
  const id = Number(rawId);
  // The types the concepts declare for this kind of room (app/domain/events/registry.ts).
  const types = typesInRoom(kind);
  const column =
    kind === 'challenge' ? events.challengeId : kind === 'idea' ? events.ideaId : events.brandId;
  return and(eq(column, id), inArray(events.type, types))!;
}

/** Log rows after `since`: `(txid, id)` compared as a row, so the position index serves it. */
function afterPosition(since: Position): SQL {
  const { txid, id } = parsePosition(since);
  return sql`(${events.txid}, ${events.id}) > (${txid}::bigint, ${id}::bigint)`;
}

/** Log rows up to and including `upTo`. */
function upToPosition(upTo: Position): SQL {
  const { txid, id } = parsePosition(upTo);
  return sql`(${events.txid}, ${events.id}) <= (${txid}::bigint, ${id}::bigint)`;
}

/** How many messages a room missed in (since, upTo], counting no further than `limit`. */
async function countMissed(
  db: Db,
  room: RoomName,
  viewer: Viewer | null,
  since: Position,
  upTo: Position,
  limit: number,
): Promise<number> {
  if (comparePosition(since, upTo) >= 0) return 0;
  const counted = async (rows: Promise<{ n: number }[]>) => Number((await rows)[0]?.n ?? 0);
  if (room !== 'me') {
    const missed = db
      .select({ one: sql`1` })
      .from(events)
      .where(and(afterPosition(since), upToPosition(upTo), roomFilter(room)))
      .limit(limit);
    return counted(db.select({ n: count() }).from(missed.as('missed')));
  }
  // 'me': the user's notifications, then the events about them (their `subject` room).
  const notes = db
    .select({ one: sql`1` })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(and(eq(notifications.userId, viewer!.id), afterPosition(since), upToPosition(upTo)))
    .limit(limit);
  const noted = await counted(db.select({ n: count() }).from(notes.as('missed')));
  if (noted >= limit) return limit;
  const about = db
    .select({ one: sql`1` })
    .from(events)
    .where(and(afterPosition(since), upToPosition(upTo), subjectFilter(viewer!.id)))
    .limit(limit - noted);
  return noted + (await counted(db.select({ n: count() }).from(about.as('missed'))));
}

/** The log rows of a user's `subject` room: the types declaring it, about that user. */
function subjectFilter(userId: string): SQL {
  return and(eq(events.subjectUserId, userId), inArray(events.type, typesInRoom('subject')))!;
}

/**
 * Sends what the rooms missed up to `upTo` in log order, a page at a time: the room events, the
 * events about the user (their `subject` room) and the user's notifications (in the order of their
 * events) are read page by page and merged, and each page waits until the previous one has been
 * written to the connection, so a long backlog never sits in memory.
 */
async function sendReplay(
  db: Db,
  socket: LiveSocket,
  rooms: { room: RoomName; since: Position }[],
  viewer: Viewer | null,
  upTo: Position,
) {
  const roomsOnly = rooms.filter((r): r is { room: Exclude<RoomName, 'me'>; since: Position } => {
    return r.room !== 'me';
  });
  const me = rooms.find((r) => r.room === 'me');
  const streams: Pager[] = [];
  if (roomsOnly.length) {
    let after = roomsOnly
      .map((r) => r.since)
      .reduce((a, b) => (comparePosition(a, b) <= 0 ? a : b));
    streams.push(
      new Pager(async () => {
        const rows = await db
          .select()
          .from(events)
          .where(
            and(
              afterPosition(after),
              upToPosition(upTo),
              or(...roomsOnly.map((r) => and(afterPosition(r.since), roomFilter(r.room)))),
            ),
          )
          .orderBy(asc(events.txid), asc(events.id))
          .limit(REPLAY_PAGE);
        if (rows.length) after = formatPosition(rows[rows.length - 1]!);
        return rows.map((e) => toLiveEvent(e));
      }),
    );
  }
  if (me && viewer) {
    // The events about the viewer (their `subject` room), as the flagged copies sent live. Listed
    // before the notifications: of an event and its notification, the event goes first, as live.
    let after = me.since;
    streams.push(
      new Pager(async () => {
        const rows = await db
          .select()
          .from(events)
          .where(and(afterPosition(after), upToPosition(upTo), subjectFilter(viewer.id)))
          .orderBy(asc(events.txid), asc(events.id))
          .limit(REPLAY_PAGE);
        if (rows.length) after = formatPosition(rows[rows.length - 1]!);
        return rows.map((e) => toLiveEvent(e, undefined, { subject: true }));
      }),
    );
  }
  if (me && viewer) {
    // Several notifications may share an event: pages also move on by the notification's id.
    let after = { txid: 0, id: 0, notificationId: 0 };
    streams.push(
      new Pager(async () => {
        const rows = await db
          .select({
            userId: notifications.userId,
            eventId: notifications.eventId,
            txid: events.txid,
            notificationId: notifications.id,
            kind: notifications.kind,
            ideaId: notifications.ideaId,
            commentId: notifications.commentId,
          })
          .from(notifications)
          .innerJoin(events, eq(events.id, notifications.eventId))
          .where(
            and(
              eq(notifications.userId, viewer.id),
              afterPosition(me.since),
              upToPosition(upTo),
              sql`(${events.txid}, ${events.id}, ${notifications.id}) > (${after.txid}::bigint, ${after.id}::bigint, ${after.notificationId}::bigint)`,
            ),
          )
          .orderBy(asc(events.txid), asc(events.id), asc(notifications.id))
          .limit(REPLAY_PAGE);
        const last = rows[rows.length - 1];
        if (last)
          after = { txid: last.txid, id: last.eventId, notificationId: last.notificationId };
        return rows.map((n) => toLiveNotification(n));
      }),
    );
  }
  let sent = 0;
  for (;;) {
    let next: Pager | null = null;
    for (const stream of streams) {
      const head = await stream.peek();
      if (head && (!next || comparePosition(head.position, next.head!.position) < 0)) next = stream;
    }
    if (!next || socket.disconnected) return;
    socket.emit('live', next.take());
    if (++sent % REPLAY_PAGE === 0) await written(socket);
  }
}

/** Reads a stream of messages in log order one page at a time (`readPage` reads on from the last). */
class Pager {
  private page: LiveMessage[] = [];
  private done = false;
  constructor(private readonly readPage: () => Promise<LiveMessage[]>) {}

  get head(): LiveMessage | undefined {
    return this.page[0];
  }

  async peek(): Promise<LiveMessage | undefined> {
    if (!this.page.length && !this.done) {
      this.page = await this.readPage();
      if (this.page.length < REPLAY_PAGE) this.done = true;
    }
    return this.page[0];
  }

  take(): LiveMessage {
    return this.page.shift()!;
  }
}

/**
 * Resolves once everything emitted so far has been handed to the network (or the connection is
 * gone): back-pressure for long replays. A client that reads nothing for 30 s is given up on.
 */
async function written(socket: LiveSocket, timeoutMs = 30_000) {
  const conn = socket.conn as unknown as {
    readyState: string;
    writeBuffer: unknown[];
    transport: { writable: boolean } & NodeJS.EventEmitter;
  } & NodeJS.EventEmitter;
  const deadline = Date.now() + timeoutMs;
  while (conn.readyState === 'open' && (conn.writeBuffer.length || !conn.transport.writable)) {
    if (Date.now() > deadline) throw new Error('the client stopped reading its replay');
    const transport = conn.transport;
    await new Promise<void>((resolve) => {
      // The timer also covers a transport upgrade, after which the old one never gets ready.
      const timer = setTimeout(done, 250);
      function done() {
        clearTimeout(timer);
        transport.off('ready', done);
        conn.off('close', done);
        resolve();
      }
      transport.once('ready', done);
      conn.once('close', done);
    });
  }
}
