// Test support for the live layer: attachRealtime on an ephemeral 127.0.0.1 port over a test
// database, socket.io-client connections (anonymous or with a session cookie) that record every
// 'live' and 'presence' message they receive, and small waiting helpers with timeouts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, desc, inArray, isNotNull, sql } from 'drizzle-orm';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Database, Db } from '../../db/client.server';
import { events } from '../../db/schema';
import { createAuth, type Auth } from '#app/auth/lucia.server';
import {
  CHALLENGE_ROOM_TYPES,
  IDEA_ROOM_TYPES,
  LOG_START,
  comparePosition,
  formatPosition,
  parsePosition,
  type LiveEvent,
  type LiveMessage,
  type Position,
  type PresenceMessage,
  type RoomName,
  type SubscribeReply,
} from '#app/live/protocol';
import { attachRealtime, type RealtimeOptions } from '../../realtime/io.server';
import { createTestDatabase } from './database';

export type TestDatabase = Database & { name: string };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  options: { timeoutMs?: number; describe?: () => string } = {},
) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms: ${options.describe?.() ?? 'condition never held'}`,
      );
    await sleep(10);
  }
}

/** A Cookie header value for a fresh session of `userId` (as the browser would send it). */
export async function sessionCookie(auth: Auth, userId: string): Promise<string> {
  const session = await auth.createSession(userId, {});
  const cookie = auth.createSessionCookie(session.id);
  return `${cookie.name}=${cookie.value}`;
}

export type Subscription = { room: RoomName; since: Position };

export type ClientOptions = {
  /** Cookie header (e.g. from sessionCookie); omitted: an anonymous client. */
  cookie?: string;
  /** Origin header of the websocket handshake; omitted: none (as a non-browser client). */
  origin?: string;
  /** User-Agent of the handshake (which browser this is, for anonymous presence). */
  userAgent?: string;
  timeoutMs?: number;
};

/** One socket.io-client connection that keeps everything the server sent it. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  readonly presence: PresenceMessage[] = [];

  constructor(readonly socket: Socket) {
    socket.on('live', (message: LiveMessage) => this.messages.push(message));
    socket.on('presence', (message: PresenceMessage) => this.presence.push(message));
  }

  /** Sends 'subscribe' with any payload (malformed ones included) and resolves with the ack. */
  subscribe(
    payload: Subscription[] | { rooms: Subscription[] } | unknown,
    timeoutMs = 5000,
  ): Promise<SubscribeReply> {
    const body = Array.isArray(payload) ? { rooms: payload } : payload;
    return this.socket.timeout(timeoutMs).emitWithAck('subscribe', body) as Promise<SubscribeReply>;
  }

  /** Subscribes and fails the test unless the server answered ok. */
  async subscribeOk(rooms: Subscription[], timeoutMs = 5000) {
    const reply = await this.subscribe(rooms, timeoutMs);
    if (!reply.ok) throw new Error(`subscribe ${JSON.stringify(rooms)} refused: ${reply.error}`);
    return reply;
  }

  unsubscribe(rooms: RoomName[], timeoutMs = 5000): Promise<{ ok: boolean; error?: string }> {
    return this.socket.timeout(timeoutMs).emitWithAck('unsubscribe', { rooms }) as Promise<{
      ok: boolean;
      error?: string;
    }>;
  }

  health(
    timeoutMs = 5000,
  ): Promise<{ ok: boolean; error?: string; process?: string; cursor?: Position | null }> {
    return this.socket.timeout(timeoutMs).emitWithAck('health') as Promise<{
      ok: boolean;
      error?: string;
    }>;
  }

  /** The event ids of the messages, in the order they arrived. */
  ids() {
    return this.messages.map((m) => m.id);
  }

  /** The log positions of the messages, in the order they arrived. */
  positions() {
    return this.messages.map((m) => m.position);
  }

  /** Event messages (not notifications). */
  liveEvents(): LiveEvent[] {
    return this.messages.filter((m): m is LiveEvent => !('kind' in m));
  }

  /** Resolves once at least `n` messages arrived (all of them are returned). */
  async waitForMessages(n: number, timeoutMs = 5000): Promise<LiveMessage[]> {
    await waitUntil(() => this.messages.length >= n, {
      timeoutMs,
      describe: () =>
        `expected ${n} live messages, got ${this.messages.length}: ${JSON.stringify(this.messages.map((m) => [m.id, m.type]))}`,
    });
    return [...this.messages];
  }

  /** Resolves with the first message (from index `from`) matching `match`. */
  async waitForMessage(
    match: (m: LiveMessage) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<LiveMessage> {
    let found: LiveMessage | undefined;
    await waitUntil(() => (found = this.messages.slice(from).find(match)) !== undefined, {
      timeoutMs,
      describe: () =>
        `no matching live message among ${JSON.stringify(this.messages.map((m) => [m.id, m.type]))}`,
    });
    return found!;
  }

  /** Resolves once the latest presence count announced for `room` equals `count`. */
  async waitForPresence(room: RoomName, count: number, timeoutMs = 5000) {
    const latest = () => [...this.presence].reverse().find((p) => p.room === room)?.count;
    await waitUntil(() => latest() === count, {
      timeoutMs,
      describe: () =>
        `presence in ${room}: expected ${count}, latest ${String(latest())} (${JSON.stringify(this.presence)})`,
    });
  }

  clear() {
    this.messages.length = 0;
    this.presence.length = 0;
  }

  close() {
    this.socket.disconnect();
  }
}

function openSocket(url: string, options: ClientOptions): Socket {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  if (options.userAgent) extraHeaders['user-agent'] = options.userAgent;
  return ioClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? 5000,
    extraHeaders,
  });
}

/** Connects a client; rejects with the server's reason when the connection is refused. */
export function connectClient(url: string, options: ClientOptions = {}): Promise<LiveClient> {
  const socket = openSocket(url, options);
  const client = new LiveClient(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        socket.disconnect();
        reject(new Error(`could not connect to ${url} within ${options.timeoutMs ?? 5000} ms`));
      },
      (options.timeoutMs ?? 5000) + 500,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(error);
    });
  });
}

/** Tries to connect: 'connected' (and disconnects again) or the connect_error the client got. */
export async function connectOutcome(
  url: string,
  options: ClientOptions = {},
): Promise<'connected' | Error> {
  try {
    const client = await connectClient(url, options);
    client.close();
    return 'connected';
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export type LiveServer = {
  url: string;
  port: number;
  database: TestDatabase;
  db: Db;
  auth: Auth;
  realtime: ReturnType<typeof attachRealtime>;
  /** Drains the event log now instead of waiting for NOTIFY or the poll. */
  poke(): Promise<void>;
  /** Connects a client to this server; closed with the server at the latest. */
  connect(options?: ClientOptions): Promise<LiveClient>;
  /** Connects a client signed in as `userId`. */
  connectAs(userId: string, options?: Omit<ClientOptions, 'cookie'>): Promise<LiveClient>;
  close(): Promise<void>;
};

export type LiveServerOptions = {
  /** Share a database (left open on close); omitted: a fresh one, dropped on close. */
  database?: TestDatabase;
  sharePresence?: boolean;
  /**
   * A server whose pump lags behind the log until poked: it gets no NOTIFY wake-ups and its 1 s
   * poll never fires (setInterval is faked while it starts). Simulates a slow or late wake-up, as
   * a busy process or one of several processes sees, deterministically.
   */
  lagging?: boolean;
  /** Passed to attachRealtime (e.g. a Db that fails on purpose, or the sockets-per-address limit). */
  realtime?: Partial<Omit<RealtimeOptions, 'startedAt'>>;
};

/** attachRealtime on an ephemeral 127.0.0.1 port with a test database. */
export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const database = options.database ?? (await createTestDatabase());
  const ownsDatabase = !options.database;
  const auth = createAuth(database.db, { secureCookies: false });
  const http = createServer();
  const bus = options.lagging
    ? {
        listen: async () => async () => {},
        notify: (channel: string, payload: string) => database.notify(channel, payload),
      }
    : database;
  const realtime = attachRealtime(http, {
    db: database.db,
    readerDb: database.side,
    database: bus,
    auth,
    startedAt: new Date(),
    sharePresence: options.sharePresence ?? false,
    ...options.realtime,
  });
  if (options.lagging) {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await realtime.start();
    } finally {
      vi.useRealTimers();
    }
  } else {
    await realtime.start();
  }
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const clients = new Set<LiveClient>();
  const connect = async (clientOptions: ClientOptions = {}) => {
    const client = await connectClient(url, clientOptions);
    clients.add(client);
    return client;
  };
  return {
    url,
    port,
    database,
    db: database.db,
    auth,
    realtime,
    poke: () => realtime.poke(),
    connect,
    connectAs: async (userId, clientOptions = {}) =>
      connect({ ...clientOptions, cookie: await sessionCookie(auth, userId) }),
    async close() {
      for (const client of clients) client.close();
      // Closing Socket.IO also closes the HTTP server.
      await realtime.close();
      if (ownsDatabase) await database.close();
    },
  };
}

/** Registers beforeAll/afterAll for this file and returns a getter for its live server. */
export function useLiveServer(options: Omit<LiveServerOptions, 'database'> = {}): () => LiveServer {
  let server: LiveServer | undefined;
  beforeAll(async () => {
    server = await startLiveServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the live test server is not ready yet');
    return server;
  };
}

/**
 * Ids of the events a room is sent after `since`, in log order, straight from the log (the
 * expected side of the comparisons, computed independently of the router).
 */
export async function roomEventIds(
  db: Db,
  room: `challenge:${number}` | `idea:${number}`,
  since: Position,
): Promise<number[]> {
  const [kind, raw] = room.split(':') as ['challenge' | 'idea', string];
  const id = Number(raw);
  const types = [...(kind === 'challenge' ? CHALLENGE_ROOM_TYPES : IDEA_ROOM_TYPES)];
  const column = kind === 'challenge' ? events.challengeId : events.ideaId;
  const from = parsePosition(since);
  const rows = await db
    .select({ id: events.id, owner: column })
    .from(events)
    .where(
      and(
        sql`(${events.txid}, ${events.id}) > (${from.txid}::bigint, ${from.id}::bigint)`,
        isNotNull(column),
        inArray(events.type, types),
      ),
    )
    .orderBy(asc(events.txid), asc(events.id));
  return rows.filter((r) => r.owner === id).map((r) => r.id);
}

/** The distinct ids of events, in log order. */
export async function inLogOrder(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(inArray(events.id, [...new Set(ids)]))
    .orderBy(asc(events.txid), asc(events.id));
  return rows.map((r) => r.id);
}

/** The position of the last event in the log (LOG_START when it is empty). */
export async function lastLogPosition(db: Db): Promise<Position> {
  const [row] = await db
    .select({ txid: events.txid, id: events.id })
    .from(events)
    .orderBy(desc(events.txid), desc(events.id))
    .limit(1);
  return row ? formatPosition(row) : LOG_START;
}

/** Fails with the whole list when `positions` is not strictly increasing in log order. */
export function assertInLogOrder(positions: Position[]) {
  for (let i = 1; i < positions.length; i++) {
    if (!(comparePosition(positions[i]!, positions[i - 1]!) > 0))
      throw new Error(
        `positions are not strictly increasing at index ${i}: ${JSON.stringify(positions)}`,
      );
  }
}
