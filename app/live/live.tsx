// The browser side of the live layer: one Socket.IO connection per tab, opened after hydration
// (pages work without it), with per-room cursors so a reconnect resumes exactly where it stopped.
import { useNavigation, useRevalidator } from '@remix-run/react';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { useTranslations } from 'use-intl';
import {
  comparePosition,
  laterPosition,
  messageKey,
  roomsOf,
  type LiveMessage,
  type Position,
  type PresenceMessage,
  type RoomName,
  type SubscribeReply,
} from './protocol';

export type LiveHandler = (message: LiveMessage | { type: 'refetch'; position: Position }) => void;

/**
 * `acked`: the server confirmed this room's subscribe on the current connection. Until then the
 * room's messages are ignored: they could belong to a subscribe that failed (and will be replayed
 * by the retry from the unchanged cursor).
 */
type Subscription = {
  room: RoomName;
  cursor: Position;
  /**
   * The messages (messageKey) delivered at the cursor's position, or null for "all of them" (the
   * page's data includes everything up to its cursor). In 'me' one event can bring several
   * messages with its position: the event about the user, then the notifications it caused.
   */
  atCursor: Set<string> | null;
  handlers: Set<LiveHandler>;
  acked: boolean;
};

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type LiveClientOptions = {
  /** The server; default: the page's own origin. */
  url?: string;
  /** Extra socket.io-client options (tests pass headers and transports). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Retry delays after a refused connection or subscribe: the first one and the cap. */
  retry?: { baseMs: number; maxMs: number };
};

/** Exponential back-off with jitter (half fixed, half random), so clients do not retry in step. */
export function retryDelay(
  attempt: number,
  { baseMs, maxMs }: { baseMs: number; maxMs: number },
  random = Math.random,
) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class LiveClient {
  private socket: Socket | null = null;
  private subs = new Map<RoomName, Subscription>();
  private presence = new Map<RoomName, number>();
  private presenceListeners = new Set<() => void>();
  private statusListeners = new Set<() => void>();
  status: LiveStatus = 'connecting';

  private closed = false;
  /** Changes on every connect and disconnect: replies from an earlier connection are stale. */
  private generation = 0;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly retry: { baseMs: number; maxMs: number };

  constructor(private readonly options: LiveClientOptions = {}) {
    this.retry = options.retry ?? { baseMs: 1000, maxMs: 15_000 };
  }

  async connect() {
    const { io } = await import('socket.io-client');
    if (this.closed) return;
    const socketOptions = {
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5000,
      ...this.options.socketOptions,
    };
    const socket = this.options.url ? io(this.options.url, socketOptions) : io(socketOptions);
    this.socket = socket;
    socket.on('connect', () => {
      this.generation++;
      this.reconnectAttempt = 0;
      this.setStatus('live');
      // After any (re)connect, ask again for every room from where each one stopped.
      for (const sub of this.subs.values()) sub.acked = false;
      if (this.subs.size)
        this.send([...this.subs.values()].map((s) => ({ room: s.room, since: s.cursor })));
    });
    socket.on('disconnect', (reason) => {
      if (this.closed) return; // replaced (say after signing in): not an interruption to show
      this.generation++;
      for (const sub of this.subs.values()) sub.acked = false;
      this.setStatus('offline');
      // Ended by the server (a sign-out elsewhere, a failed replay): socket.io leaves it there.
      if (reason === 'io server disconnect') this.reconnectLater();
    });
    socket.on('connect_error', () => {
      this.setStatus('offline');
      // A refused handshake (say the session could not be checked while the database was down)
      // is not retried by socket.io, unlike a network error (then `active` stays true).
      if (!socket.active) this.reconnectLater();
    });
    socket.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
    socket.on('live', (message: LiveMessage) => this.dispatch(message));
    socket.on('presence', (message: PresenceMessage) => {
      this.presence.set(message.room, message.count);
      for (const l of this.presenceListeners) l();
    });
  }

  disconnect() {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.disconnect();
    this.socket = null;
  }

  subscribe(room: RoomName, since: Position, handler: LiveHandler) {
    let sub = this.subs.get(room);
    if (!sub) {
      sub = { room, cursor: since, atCursor: null, handlers: new Set(), acked: false };
      this.subs.set(room, sub);
      if (this.socket?.connected) this.send([{ room, since }]);
    }
    sub.handlers.add(handler);
    return () => {
      const current = this.subs.get(room);
      if (!current) return;
      current.handlers.delete(handler);
      if (current.handlers.size) return;
      this.subs.delete(room);
      this.presence.delete(room);
      if (this.socket?.connected) this.socket.emit('unsubscribe', { rooms: [room] });
    };
  }

  presenceOf(room: RoomName) {
    return this.presence.get(room) ?? null;
  }

  onPresence(listener: () => void) {
    this.presenceListeners.add(listener);
    return () => void this.presenceListeners.delete(listener);
  }

  onStatus(listener: () => void) {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  private setStatus(status: LiveStatus) {
    if (this.status === status) return;
    this.status = status;
    for (const l of this.statusListeners) l();
  }

  private reconnectLater() {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        if (this.closed || !this.socket || this.socket.connected) return;
        this.setStatus('reconnecting');
        this.socket.connect();
      },
      retryDelay(this.reconnectAttempt++, this.retry),
    );
  }

  private send(rooms: { room: RoomName; since: Position }[], attempt = 0) {
    const socket = this.socket;
    if (!socket?.connected) return;
    const generation = this.generation;
    // The subscriptions this request is for: one dropped and asked for again meanwhile is another.
    const asked = new Map(rooms.map(({ room }) => [room, this.subs.get(room)]));
    const current = (room: RoomName) => {
      const sub = this.subs.get(room);
      return sub && sub === asked.get(room) ? sub : undefined;
    };
    socket.emit('subscribe', { rooms }, (reply: SubscribeReply) => {
      if (generation !== this.generation) return; // the connection it was for has closed
      if (!reply.ok) {
        // Busy or rate-limited: ask again later for the rooms still wanted, from their cursors.
        setTimeout(
          () => {
            if (generation !== this.generation) return;
            const still = rooms.flatMap(({ room }) => {
              const sub = current(room);
              return sub ? [{ room, since: sub.cursor }] : [];
            });
            if (still.length && this.socket?.connected) this.send(still, attempt + 1);
          },
          retryDelay(attempt, this.retry),
        );
        return;
      }
      for (const room of reply.joined) {
        const sub = current(room);
        if (sub) sub.acked = true;
      }
      for (const room of reply.refetch) {
        const sub = current(room);
        if (!sub) continue;
        // Too much was missed to replay: the page reloads its data and continues from here.
        const cursor = laterPosition(sub.cursor, reply.cursor);
        if (cursor !== sub.cursor) sub.atCursor = null;
        sub.cursor = cursor;
        for (const h of sub.handlers) h({ type: 'refetch', position: reply.cursor });
      }
    });
  }

  private dispatch(message: LiveMessage) {
    for (const room of roomsOf(message)) {
      const sub = this.subs.get(room);
      // Each room's messages arrive in log order; anything before the cursor was seen, and at the
      // cursor, the same message (a replay overlapping what came live).
      if (!sub || !sub.acked) continue;
      const order = comparePosition(message.position, sub.cursor);
      const key = messageKey(message);
      if (order < 0) continue;
      if (order === 0) {
        if (!sub.atCursor || sub.atCursor.has(key)) continue;
        sub.atCursor.add(key);
      } else {
        sub.cursor = message.position;
        sub.atCursor = new Set([key]);
      }
      for (const h of sub.handlers) h(message);
    }
  }
}

const LiveContext = createContext<LiveClient | null>(null);

/** `identity` is who is signed in: a new identity gets a new connection, authenticated afresh. */
export function LiveProvider({
  identity,
  children,
}: {
  identity: string | null;
  children: ReactNode;
}) {
  const [client, setClient] = useState<LiveClient | null>(null);
  useEffect(() => {
    const live = new LiveClient();
    setClient(live);
    void live.connect();
    return () => live.disconnect();
  }, [identity]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

/**
 * Calls `onMessage` for every event of a room after `since` (the page's cursor, the log's horizon
 * read before its data). Events just after it may already be in the page's data: handlers apply
 * them idempotently (absolute counts, ids deduplicated).
 */
export function useLiveRoom(room: RoomName | null, since: Position, onMessage: LiveHandler) {
  const client = useContext(LiveContext);
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const sinceRef = useRef(since);
  sinceRef.current = since;
  useEffect(() => {
    if (!client || !room) return;
    return client.subscribe(room, sinceRef.current, (m) => handler.current(m));
  }, [client, room]);
}

/** How many people are on a challenge page now (null until known). */
export function usePresence(room: RoomName | null) {
  const client = useContext(LiveContext);
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!client || !room) return;
    setCount(client.presenceOf(room));
    return client.onPresence(() => setCount(client.presenceOf(room)));
  }, [client, room]);
  return count;
}

export function useLiveStatus() {
  const client = useContext(LiveContext);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  useEffect(() => {
    if (!client) return;
    setStatus(client.status);
    return client.onStatus(() => setStatus(client.status));
  }, [client]);
  return status;
}

/**
 * Reloads the page's data shortly after being asked (several asks in a burst make one reload). A
 * reload is never started while a navigation is under way: revalidating restarts the navigation's
 * loaders, and what the first run consumed (the flash message after one's own comment) is lost.
 * The reload then runs once the navigation has landed, so nothing newer is missed either.
 */
export function useSoonRevalidate(delayMs = 250) {
  const { revalidate } = useRevalidator();
  const navigating = useNavigation().state !== 'idle';
  const navigatingRef = useRef(navigating);
  navigatingRef.current = navigating;
  const waiting = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useEffect(() => {
    if (navigating || !waiting.current) return;
    waiting.current = false;
    revalidate();
  }, [navigating, revalidate]);
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (navigatingRef.current) waiting.current = true;
      else revalidate();
    }, delayMs);
  };
}

/** "N people here now" for a challenge room. */
export function PresenceLine({ room }: { room: RoomName }) {
  const count = usePresence(room);
  const t = useTranslations();
  if (count === null || count < 1) return null;
  return (
    <p className="presence" aria-live="polite">
      <span className="presence__dot" aria-hidden="true" />
      {t('common.live.presence', { count })}
    </p>
  );
}

/**
 * Says so when live updates are interrupted (nothing while connecting the first time or live).
 * The status region is always there, so screen readers announce the change when text appears.
 */
export function LiveStatusNotice() {
  const status = useLiveStatus();
  const t = useTranslations();
  const away = status === 'offline' || status === 'reconnecting';
  return (
    <div className="live-status" role="status">
      {away ? (
        <p className="live-status__message">
          <span className="live-status__dot" aria-hidden="true" />
          {t('common.live.paused')}
        </p>
      ) : null}
    </div>
  );
}
