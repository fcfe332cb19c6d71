import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer, type Socket as IoSocket } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Event } from '../../db/schema';
import { LiveClient, retryDelay } from '#app/live/live';
import {
  LOG_START,
  comparePosition,
  isPosition,
  laterPosition,
  roomsOf,
  type RoomName,
  type SubscribeReply,
} from '#app/live/protocol';
import { Presence } from '../../realtime/presence.server';
import { roomsForEvent, toLiveEvent } from '../../realtime/router.server';
import { waitUntil } from '../support/live';

function event(overrides: Partial<Event>): Event {
  return {
    id: 1,
    txid: 100,
    type: 'vote.cast',
    actorId: 'u1',
    brandId: 1,
    challengeId: 10,
    ideaId: 20,
    commentId: null,
    subjectUserId: 'u2',
    payload: {},
    createdAt: new Date(),
    ...overrides,
  };
}

describe('live routing', () => {
  it('sends vote counts to the challenge and the idea rooms', () => {
    expect(roomsForEvent(event({ type: 'vote.cast' }))).toEqual(['challenge:10', 'idea:20']);
  });

  it('sends a new idea to its challenge only, and a comment edit to its idea only', () => {
    expect(roomsForEvent(event({ type: 'idea.created' }))).toEqual(['challenge:10']);
    expect(roomsForEvent(event({ type: 'comment.updated' }))).toEqual(['idea:20']);
  });

  it('publishes nothing for events no page listens to', () => {
    expect(roomsForEvent(event({ type: 'user.joined', challengeId: null, ideaId: null }))).toEqual(
      [],
    );
    expect(
      roomsForEvent(event({ type: 'brand.member_added', challengeId: null, ideaId: null })),
    ).toEqual([]);
  });

  it('publishes ids and counts, never titles or bodies', () => {
    const live = toLiveEvent(
      event({
        type: 'vote.cast',
        payload: { title: 'Secret title', supportCount: 3, body: 'x' },
      }),
      5,
    );
    expect(live.data).toEqual({ supportCount: 3 });
    expect(JSON.stringify(live)).not.toContain('Secret');
    expect(live.ts).toBe(5);
  });

  it('agrees with the browser about which rooms a message belongs to', () => {
    for (const type of [
      'vote.cast',
      'idea.created',
      'comment.updated',
      'challenge.stage_changed',
    ]) {
      const e = event({ type });
      expect(roomsOf(toLiveEvent(e))).toEqual(roomsForEvent(e));
    }
    expect(
      roomsOf({
        id: 3,
        position: '100.3',
        type: 'notification',
        kind: 'vote',
        ideaId: 1,
        commentId: null,
        ts: 0,
      }),
    ).toEqual(['me']);
  });
});

describe('log positions', () => {
  it('order by transaction id, then event id, as numbers', () => {
    expect(comparePosition('9.100', '10.1')).toBeLessThan(0);
    expect(comparePosition('10.2', '10.11')).toBeLessThan(0);
    expect(comparePosition('10.11', '10.11')).toBe(0);
    expect(comparePosition('11.0', '10.999')).toBeGreaterThan(0);
    expect(laterPosition('10.2', '9.50')).toBe('10.2');
    expect(laterPosition(LOG_START, '1.1')).toBe('1.1');
  });

  it('are two safe integers without leading zeros, nothing else', () => {
    for (const good of ['0.0', '1.2', '4294967296.123', '9007199254740991.9007199254740991'])
      expect(isPosition(good), good).toBe(true);
    for (const bad of [
      0,
      '5',
      '5.',
      '.5',
      '-1.0',
      '1.5.0',
      '01.1',
      '1.01',
      ' 1.1',
      '1e3.1',
      '9007199254740992.1',
      null,
    ])
      expect(isPosition(bad), String(bad)).toBe(false);
  });

  it('are what messages carry, besides the event id', () => {
    expect(toLiveEvent(event({ id: 7, txid: 123 })).position).toBe('123.7');
  });
});

describe('presence', () => {
  it('counts people, not tabs, and announces changes once per burst', async () => {
    vi.useFakeTimers();
    const announced: [string, number][] = [];
    const presence = new Presence('p1', null, (room, n) => announced.push([room, n]), {
      debounceMs: 50,
      heartbeatMs: 1000,
      expireMs: 3000,
    });
    presence.join('challenge:1', 'alice');
    presence.join('challenge:1', 'alice');
    presence.join('challenge:1', 'bob');
    await vi.advanceTimersByTimeAsync(60);
    expect(announced).toEqual([['challenge:1', 2]]);
    presence.leave('challenge:1', 'alice');
    await vi.advanceTimersByTimeAsync(60);
    expect(presence.count('challenge:1')).toBe(2); // alice still has a tab open
    presence.leave('challenge:1', 'alice');
    await vi.advanceTimersByTimeAsync(60);
    expect(presence.count('challenge:1')).toBe(1);
    expect(announced.at(-1)).toEqual(['challenge:1', 1]);
    vi.useRealTimers();
  });

  it('adds counts from other processes and forgets a process that went silent', async () => {
    vi.useFakeTimers();
    let deliver: (payload: string) => void = () => {};
    const bus = {
      notify: async () => {},
      listen: async (_channel: string, cb: (payload: string) => void) => {
        deliver = cb;
        return async () => {};
      },
    };
    const presence = new Presence('p1', bus, () => {}, {
      debounceMs: 10,
      heartbeatMs: 1000,
      expireMs: 3000,
    });
    await presence.start();
    presence.join('challenge:1', 'alice');
    deliver(JSON.stringify({ p: 'p2', r: 'challenge:1', n: 2 }));
    deliver(JSON.stringify({ p: 'p1', r: 'challenge:1', n: 5 })); // its own echo is ignored
    deliver('not json');
    expect(presence.count('challenge:1')).toBe(3);
    await vi.advanceTimersByTimeAsync(3500);
    expect(presence.count('challenge:1')).toBe(1);
    await presence.stop();
    vi.useRealTimers();
  });
});

describe('browser live client', () => {
  type Reply = SubscribeReply | null;
  type Server = Awaited<ReturnType<typeof scriptedServer>>;
  /**
   * A socket.io server without a database: `onSubscribe` answers each subscribe (null: no answer)
   * and may emit before and after answering; `refuse` rejects the next handshakes.
   */
  async function scriptedServer(
    onSubscribe: (
      socket: IoSocket,
      request: { rooms: { room: string; since: string }[] },
      n: number,
    ) => Reply | Promise<Reply>,
  ) {
    const http = createServer();
    const io = new IoServer(http);
    const state = { refuse: 0, handshakes: 0, subscribes: [] as unknown[] };
    io.use((_socket, next) => {
      state.handshakes++;
      if (state.refuse > 0) {
        state.refuse--;
        return next(new Error('Could not check your session; try again.'));
      }
      next();
    });
    io.on('connection', (socket) => {
      socket.on('subscribe', async (request: { rooms: { room: string; since: string }[] }, ack) => {
        state.subscribes.push(request);
        const reply = await onSubscribe(socket, request, state.subscribes.length);
        if (reply) (ack as (r: SubscribeReply) => void)(reply);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      io,
      state,
      close: () => new Promise<void>((resolve) => io.close(() => resolve())),
    };
  }

  /** Event `id` of transaction `txid` (position "<txid>.<id>"). */
  const live = (id: number, txid = 100) => toLiveEvent(event({ id, txid, type: 'vote.cast' }));
  const ok = (rooms: string[]): SubscribeReply => ({
    ok: true,
    joined: rooms as RoomName[],
    denied: [],
    refetch: [],
    cursor: LOG_START,
  });
  const clients: LiveClient[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    for (const s of servers.splice(0)) await s.close();
  });

  async function start(onSubscribe: Parameters<typeof scriptedServer>[0]) {
    const server = await scriptedServer(onSubscribe);
    servers.push(server);
    const client = new LiveClient({
      url: server.url,
      socketOptions: { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50 },
      retry: { baseMs: 20, maxMs: 100 },
    });
    clients.push(client);
    return { server, client };
  }

  it('delivers each room its events after the room cursor, once', async () => {
    const { client } = await start((socket) => {
      setImmediate(() => {
        for (const id of [4, 6, 6, 7]) socket.emit('live', live(id));
        // A later transaction whose event has a lower id (it committed later): still new.
        socket.emit('live', live(3, 101));
        socket.emit('live', live(3, 101));
      });
      return ok(['idea:20']);
    });
    const seen: number[] = [];
    client.subscribe('idea:20', '100.5', (m) => 'id' in m && seen.push(m.id));
    await client.connect();
    await waitUntil(() => seen.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([6, 7, 3]); // 4 is older than the page's data, the repeats a replay overlap
  });

  it("delivers in 'me' an event about the user and its notification, which share a position, once each", async () => {
    const about = toLiveEvent(event({ id: 6, type: 'offer.made', subjectUserId: 'u2' }), 0, {
      subject: true,
    });
    const note = {
      id: 6,
      position: about.position,
      type: 'notification' as const,
      kind: 'offer',
      ideaId: null,
      commentId: null,
      ts: 0,
    };
    const { client } = await start((socket) => {
      setImmediate(() => {
        // The brand room's copy (no flag) is not 'me''s; repeats are a replay overlap.
        socket.emit('live', toLiveEvent(event({ id: 5, type: 'offer.made' })));
        for (const m of [about, note, about, note]) socket.emit('live', m);
        socket.emit('live', live(7));
      });
      return ok(['me']);
    });
    const seen: string[] = [];
    client.subscribe('me', '100.4', (m) => 'id' in m && seen.push(`${m.id}:${m.type}`));
    await client.connect();
    await waitUntil(() => seen.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['6:offer.made', '6:notification']);
  });

  it('ignores a room until its subscribe is acknowledged, and retries a refused one from the same cursor', async () => {
    const { server, client } = await start((socket, _request, n) => {
      // Messages of a subscribe that then fails: the retry will replay them.
      socket.emit('live', live(6));
      if (n === 1) return { ok: false, error: 'Could not subscribe; try again.' };
      setImmediate(() => {
        socket.emit('live', live(6));
        socket.emit('live', live(7));
      });
      return ok(['idea:20']);
    });
    const seen: number[] = [];
    client.subscribe('idea:20', '100.5', (m) => 'id' in m && seen.push(m.id));
    await client.connect();
    await waitUntil(() => seen.length >= 2);
    expect(seen).toEqual([6, 7]);
    expect(server.state.subscribes).toEqual([
      { rooms: [{ room: 'idea:20', since: '100.5' }] },
      { rooms: [{ room: 'idea:20', since: '100.5' }] },
    ]);
  });

  it('forgets a room when its last listener leaves', async () => {
    const { client } = await start(() => ok(['challenge:10']));
    const seen: number[] = [];
    const stop = client.subscribe('challenge:10', LOG_START, (m) => 'id' in m && seen.push(m.id));
    stop();
    (client as unknown as { dispatch(m: unknown): void }).dispatch(
      toLiveEvent(event({ id: 9, type: 'idea.created' })),
    );
    expect(seen).toEqual([]);
  });

  it('retries a refused handshake with back-off until it connects, showing it is offline meanwhile', async () => {
    const { server, client } = await start(() => ok(['idea:20']));
    server.state.refuse = 3;
    const statuses: string[] = [];
    client.onStatus(() => statuses.push(client.status));
    client.subscribe('idea:20', '100.5', () => {});
    await client.connect();
    await waitUntil(() => client.status === 'live', { timeoutMs: 3000 });
    expect(server.state.handshakes).toBe(4);
    expect(statuses).toContain('offline');
    expect(statuses.at(-1)).toBe('live');
    await waitUntil(() => server.state.subscribes.length === 1);
  });

  it('reconnects after the server ends the connection and resumes each room from its cursor', async () => {
    const { server, client } = await start((socket, _request, n) => {
      if (n === 1) setImmediate(() => socket.emit('live', live(8)));
      return ok(['idea:20']);
    });
    const seen: number[] = [];
    client.subscribe('idea:20', '100.5', (m) => 'id' in m && seen.push(m.id));
    await client.connect();
    await waitUntil(() => seen.length === 1);
    for (const socket of await server.io.fetchSockets()) socket.disconnect(true);
    await waitUntil(() => server.state.subscribes.length === 2, { timeoutMs: 3000 });
    expect(server.state.subscribes[1]).toEqual({ rooms: [{ room: 'idea:20', since: '100.8' }] });
  });

  it('backs off exponentially with jitter, up to a cap', () => {
    const retry = { baseMs: 1000, maxMs: 15_000 };
    expect(retryDelay(0, retry, () => 0)).toBe(500);
    expect(retryDelay(0, retry, () => 1)).toBe(1000);
    expect(retryDelay(3, retry, () => 1)).toBe(8000);
    expect(retryDelay(20, retry, () => 0)).toBe(7500);
    expect(retryDelay(20, retry, () => 1)).toBe(15_000);
  });
});
