// Child process of `npm run bench:live` (bench/live.ts): N Socket.IO clients in one process, each
// subscribed to one challenge room, recording per received event the delay between the server's
// publish time (`ts`, same machine clock) and its receipt here. Driven by the parent over IPC:
//   parent → { cmd: 'connect', ... } | { cmd: 'stats' } | { cmd: 'close' }
//   child  → { type: 'connected', ... } | { type: 'stats', ... } | { type: 'closed' } | { type: 'error', message }
import { io, type Socket } from 'socket.io-client';

export type ConnectCommand = {
  cmd: 'connect';
  url: string;
  n: number;
  room: string;
  /**
   * The latest event id the parent knows; the first connection asks the server for the real latest id
   * (its subscribe answer's cursor) and the others subscribe from there, so nothing is replayed.
   */
  since: number;
  /** How many connections are being opened at once. */
  concurrency: number;
  timeoutMs: number;
};
export type ParentMessage = ConnectCommand | { cmd: 'stats' } | { cmd: 'close' };

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
  maxEventId: number;
  /** One received message (JSON), so the parent can build a bare baseline event of the same size. */
  sample: string | null;
  /** Publish times (ts) of the distinct events received, in id order: the pace the server published at. */
  published: number[];
  /** The events with the slowest deliveries: ms after the first event, and their worst latency. */
  slowest: { at: number; worst: number }[];
  disconnects: number;
};
export type ChildMessage =
  | { type: 'connected'; n: number; ms: number; cursor: number }
  | Stats
  | { type: 'closed' }
  | { type: 'error'; message: string };

type Live = { id: number; ts: number };
type Ack = { ok: true; cursor: number } | { ok: false; error: string };

const sockets: Socket[] = [];
const perClient: number[] = [];
let latencies = new Float64Array(1 << 16);
let deliveries = 0;
let firstTs: number | null = null;
let lastReceipt: number | null = null;
let maxEventId = 0;
let sample: string | null = null;
const publishedAt = new Map<number, number>();
const worstOf = new Map<number, number>();
/** Events at or below this id were published before the clients subscribed (replays): not counted. */
let baseline = 0;
let disconnects = 0;
let closing = false;

function send(message: ChildMessage) {
  process.send?.(message);
}

function record(index: number, message: Live) {
  const now = Date.now();
  if (typeof message?.ts !== 'number' || typeof message.id !== 'number' || message.id <= baseline)
    return;
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
  if (message.id > maxEventId) maxEventId = message.id;
  if (!publishedAt.has(message.id)) publishedAt.set(message.id, message.ts);
  sample ??= JSON.stringify(message);
}

/** Opens one connection and subscribes it from `since`; resolves with the cursor the server answered. */
async function open(command: ConnectCommand, index: number, since: number): Promise<number> {
  const socket = io(command.url, {
    transports: ['websocket'],
    forceNew: true, // one Engine.IO connection per client, as N browsers would have
    reconnection: false,
    timeout: command.timeoutMs,
  });
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
  // The first client subscribes from "now" (nothing to replay) and learns the latest event id.
  baseline = Number.MAX_SAFE_INTEGER;
  const cursor = Math.max(command.since, await open(command, 0, Number.MAX_SAFE_INTEGER));
  baseline = cursor;
  let next = 1;
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, command.n - 1) }, async () => {
      while (next < command.n) await open(command, next++, cursor);
    }),
  );
  send({ type: 'connected', n: sockets.length, ms: Date.now() - started, cursor });
}

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
    maxEventId,
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
