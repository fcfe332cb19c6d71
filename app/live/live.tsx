// The browser side of the live layer: one Socket.IO connection per tab, opened after hydration
// (pages work without it), with per-room cursors so a reconnect resumes exactly where it stopped.
import { useRevalidator } from '@remix-run/react';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import {
  roomsOf,
  type LiveMessage,
  type PresenceMessage,
  type RoomName,
  type SubscribeReply,
} from './protocol';

export type LiveHandler = (message: LiveMessage | { type: 'refetch'; id: number }) => void;

type Subscription = { room: RoomName; cursor: number; handlers: Set<LiveHandler> };

export class LiveClient {
  private socket: Socket | null = null;
  private subs = new Map<RoomName, Subscription>();
  private presence = new Map<RoomName, number>();
  private presenceListeners = new Set<() => void>();
  private statusListeners = new Set<() => void>();
  status: 'connecting' | 'live' | 'offline' = 'connecting';

  private closed = false;

  async connect() {
    const { io } = await import('socket.io-client');
    if (this.closed) return;
    const socket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
    this.socket = socket;
    socket.on('connect', () => {
      this.setStatus('live');
      // After any (re)connect, ask again for every room from where each one stopped.
      if (this.subs.size)
        this.send([...this.subs.values()].map((s) => ({ room: s.room, since: s.cursor })));
    });
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.io.on('reconnect_attempt', () => this.setStatus('connecting'));
    socket.on('live', (message: LiveMessage) => this.dispatch(message));
    socket.on('presence', (message: PresenceMessage) => {
      this.presence.set(message.room, message.count);
      for (const l of this.presenceListeners) l();
    });
  }

  disconnect() {
    this.closed = true;
    this.socket?.disconnect();
    this.socket = null;
  }

  subscribe(room: RoomName, since: number, handler: LiveHandler) {
    let sub = this.subs.get(room);
    if (!sub) {
      sub = { room, cursor: since, handlers: new Set() };
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

  private setStatus(status: LiveClient['status']) {
    this.status = status;
    for (const l of this.statusListeners) l();
  }

  private send(rooms: { room: RoomName; since: number }[], attempt = 0) {
    this.socket?.emit('subscribe', { rooms }, (reply: SubscribeReply) => {
      if (!reply.ok) {
        // Busy or rate-limited: ask again later for the rooms still wanted, from their cursors.
        setTimeout(
          () => {
            const still = rooms.flatMap(({ room }) => {
              const sub = this.subs.get(room);
              return sub ? [{ room, since: sub.cursor }] : [];
            });
            if (still.length && this.socket?.connected) this.send(still, attempt + 1);
          },
          Math.min(30_000, 1000 * 2 ** attempt),
        );
        return;
      }
      for (const room of reply.refetch) {
        const sub = this.subs.get(room);
        if (!sub) continue;
        // Too much was missed to replay: the page reloads its data and continues from here.
        sub.cursor = Math.max(sub.cursor, reply.cursor);
        for (const h of sub.handlers) h({ type: 'refetch', id: reply.cursor });
      }
    });
  }

  private dispatch(message: LiveMessage) {
    for (const room of roomsOf(message)) {
      const sub = this.subs.get(room);
      // Each room's events arrive in id order; anything at or below the cursor was already seen.
      if (!sub || message.id <= sub.cursor) continue;
      sub.cursor = message.id;
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

/** Calls `onMessage` for every event of a room newer than `since` (the page's cursor). */
export function useLiveRoom(room: RoomName | null, since: number, onMessage: LiveHandler) {
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
  const [status, setStatus] = useState<LiveClient['status'] | null>(null);
  useEffect(() => {
    if (!client) return;
    setStatus(client.status);
    return client.onStatus(() => setStatus(client.status));
  }, [client]);
  return status;
}

/** Reloads the page's data shortly after being asked (several asks in a burst make one reload). */
export function useSoonRevalidate(delayMs = 250) {
  const { revalidate } = useRevalidator();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      revalidate();
    }, delayMs);
  };
}

/** "N people here now" for a challenge room. */
export function PresenceLine({ room }: { room: RoomName }) {
  const count = usePresence(room);
  if (count === null || count < 1) return null;
  return (
    <p className="presence" aria-live="polite" data-testid="presence">
      <span className="presence__dot" aria-hidden="true" />
      {count === 1 ? '1 person here now' : `${count} people here now`}
    </p>
  );
}
