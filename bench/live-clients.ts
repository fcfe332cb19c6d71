// Child process of `npm run bench:live` (bench/live.ts): N Socket.IO clients in one process, each
// subscribed to one challenge room, recording per received event the delay between the server's
// publish time (`ts`, same machine clock) and its receipt here. Driven by the parent over IPC:
// It also keeps, for every vote.cast event received, its supportCount and the receipt time (the
// vote-to-watchers run matches them with the time each vote's request was sent).
//   parent → { cmd: 'connect', ... } | { cmd: 'stats' } | { cmd: 'receipts' } | { cmd: 'close' }
//   child  → { type: 'connected', ... } | { type: 'stats', ... } | { type: 'receipts', ... }
//            | { type: 'closed' } | { type: 'error', message }
import { io, type Socket } from 'socket.io-client';
import {
  LOG_START,
  comparePosition,
  laterPosition,
  type Position,
} from '#app/domain/events/position';

export type ConnectCommand = {
  cmd: 'connect';
  url: string;
  n: number;
  room: string;
  /**
   * The latest log position the parent knows; the first connection asks the server for the real
   * one (its subscribe answer's cursor) and the others subscribe from there, so nothing is replayed.
   */
  since: Position;
  /** How many connections are being opened at once. */
  concurrency: number;
  timeoutMs: number;
};
export type ParentMessage =
  ConnectCommand | { cmd: 'stats' } | { cmd: 'receipts' } | { cmd: 'close' };

export type Stats = {
  type: 'stats';
  deliveries: number;
  /** Clients that received at least one event / the fewest and most events one client received. */
  clientsWithEvents: number;
  minPerClient: number;
  maxPerClient: number;
  /** Server publish time of the first event received, and the receipt time of the last one (ms). */
  firstTs: number | null;
  lastReceipt: number | null;
  p50: number;
  p99: number;
  max: number;
  /** The latest position received (where a later subscription may start). */
  maxPosition: Position;
  /** One received message (JSON), so the parent can build a bare baseline event of the same size. */
  sample: string | null;
  /** Publish times (ts) of the distinct events received, in id order: the pace the server published at. */
  published: number[];
  /** The events with the slowest deliveries: ms after the first event, and their worst latency. */
  slowest: { at: number; worst: number }[];
  disconnects: number;
};
/** [supportCount, receipt time (ms since the epoch)] of every vote.cast delivery, flattened. */
export type Receipts = { type: 'receipts'; pairs: number[] };
export type ChildMessage =
  | { type: 'connected'; n: number; ms: number; cursor: Position }
  | Stats
  | Receipts
  | { type: 'closed' }
  | { type: 'error'; message: string };

type Live = {
  id: number;
  position: Position;
  type: string;
  data?: { supportCount?: unknown };
  ts: number;
};
type Ack = { ok: true; cursor: Position } | { ok: false; error: string };

const sockets: Socket[] = [];
const perClient: number[] = [];
let latencies = new Float64Array(1 << 16);
let deliveries = 0;
let firstTs: number | null = null;
let lastReceipt: number | null = null;
let maxPosition: Position = LOG_START;
let receipts: number[] = [];
let sample: string | null = null;
const publishedAt = new Map<number, number>();
const worstOf = new Map<number, number>();
/** Events at or before this position were published before the clients subscribed: not counted. */
let baseline: Position | null = null;
let disconnects = 0;
let closing = false;

function send(message: ChildMessage) {
  process.send?.(message);
}

function record(index: number, message: Live) {
  const now = Date.now();
  if (
    typeof message?.ts !== 'number' ||
    typeof message.id !== 'number' ||
    typeof message.position !== 'string' ||
    baseline === null ||
    comparePosition(message.position, baseline) <= 0
  )
    return;
  if (message.type === 'vote.cast' && typeof message.data?.supportCount === 'number')
    receipts.push(message.data.supportCount, now);
  if (deliveries === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  const latency = now - message.ts;
  latencies[deliveries++] = latency;
  if (latency > (worstOf.get(message.id) ?? -1)) worstOf.set(message.id, latency);
  perClient[index]!++;
  if (firstTs === null || message.ts < firstTs) firstTs = message.ts;
  if (lastReceipt === null || now > lastReceipt) lastReceipt = now;
  maxPosition = laterPosition(maxPosition, message.position);
  if (!publishedAt.has(message.id)) publishedAt.set(message.id, message.ts);
  sample ??= JSON.stringify(message);
}

/** Opens one connection and subscribes it from `since`; resolves with the cursor the server answered. */
async function open(command: ConnectCommand, index: number, since: Position): Promise<Position> {
  const socket = io(command.url, {
    // (localAddress is passed on to the WebSocket, though the client's types do not list it)
    transports: ['websocket'],
    forceNew: true, // one Engine.IO connection per client, as N browsers would have
    reconnection: false,
    timeout: command.timeoutMs,
    // Each from an address of its own (all of 127.0.0.0/8 is this machine), as N browsers would
    // be: the server allows a few connections per address.
    localAddress: `127.10.${Math.floor(index / 250)}.${1 + (index % 250)}`,
  } as Parameters<typeof io>[1]);
  sockets[index] = socket;
  perClient[index] = 0;
  socket.on('live', (message: Live) => record(index, message));
  socket.on('disconnect', () => {
    if (!closing) disconnects++;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`client ${index}: ${error.message}`)));
  });
  const reply = (await socket
    .timeout(command.timeoutMs)
    .emitWithAck('subscribe', { rooms: [{ room: command.room, since }] })) as Ack;
  if (!reply.ok) throw new Error(`client ${index}: subscribe refused: ${reply.error}`);
  return reply.cursor;
}

async function connectAll(command: ConnectCommand) {
  const started = Date.now();
  // The first client subscribes from "now" (nothing to replay) and learns the latest position.
  baseline = null;
  const cursor = laterPosition(command.since, await open(command, 0, FAR_FUTURE));
  baseline = cursor;
  let next = 1;
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, command.n - 1) }, async () => {
      while (next < command.n) await open(command, next++, cursor);
    }),
  );
  send({ type: 'connected', n: sockets.length, ms: Date.now() - started, cursor });
}

/** A position after every event: subscribing from it replays nothing. */
const FAR_FUTURE: Position = `${Number.MAX_SAFE_INTEGER}.0`;

function percentile(sorted: Float64Array, p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(): Stats {
  const sorted = latencies.slice(0, deliveries).sort();
  return {
    type: 'stats',
    deliveries,
    clientsWithEvents: perClient.filter((n) => n > 0).length,
    minPerClient: perClient.length ? Math.min(...perClient) : 0,
    maxPerClient: perClient.length ? Math.max(...perClient) : 0,
    firstTs,
    lastReceipt,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    maxPosition,
    sample,
    published: [...publishedAt].sort((a, b) => a[0] - b[0]).map(([, ts]) => ts),
    slowest: [...worstOf]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([id, worst]) => ({ at: publishedAt.get(id)! - (firstTs ?? 0), worst })),
    disconnects,
  };
}

function closeAll() {
  closing = true;
  for (const socket of sockets) socket.disconnect();
  send({ type: 'closed' });
  // Let the IPC message go out, then leave even if a socket lingers.
  setTimeout(() => process.exit(0), 200).unref();
  process.disconnect?.();
}

process.on('message', (message: ParentMessage) => {
  if (message.cmd === 'connect') {
    connectAll(message).catch((error: Error) => send({ type: 'error', message: error.message }));
  } else if (message.cmd === 'stats') {
    send(stats());
  } else if (message.cmd === 'receipts') {
    send({ type: 'receipts', pairs: receipts });
    receipts = [];
  } else if (message.cmd === 'close') {
    closeAll();
  }
});
// The parent went away (it crashed or was killed): do not linger.
process.on('disconnect', () => {
  if (!closing) process.exit(1);
});
if (!process.send) {
  console.error(
    'bench/live-clients.ts is started by bench/live.ts (npm run bench:live), not on its own.',
  );
  process.exit(2);
}
