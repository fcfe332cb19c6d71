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
  /** The latest event id the parent knows: nothing at or below it is expected (no replay). */
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
let disconnects = 0;
let closing = false;

function send(message: ChildMessage) {
  process.send?.(message);
}

function record(index: number, cursor: number, message: Live) {
  const now = Date.now();
  if (typeof message?.ts !== 'number' || typeof message.id !== 'number' || message.id <= cursor) return;
  if (deliveries === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[deliveries++] = now - message.ts;
  perClient[index]!++;
  if (firstTs === null || message.ts < firstTs) firstTs = message.ts;
  if (lastReceipt === null || now > lastReceipt) lastReceipt = now;
  if (message.id > maxEventId) maxEventId = message.id;
  sample ??= JSON.stringify(message);
}

/** Opens one connection and subscribes it; resolves with the cursor the server answered. */
async function open(command: ConnectCommand, index: number): Promise<number> {
  const socket = io(command.url, {
    transports: ['websocket'],
    forceNew: true, // one Engine.IO connection per client, as N browsers would have
    reconnection: false,
    timeout: command.timeoutMs,
  });
  sockets[index] = socket;
  perClient[index] = 0;
  let cursor = command.since;
  socket.on('live', (message: Live) => record(index, cursor, message));
  socket.on('disconnect', () => {
    if (!closing) disconnects++;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`client ${index}: ${error.message}`)));
  });
  const reply = (await socket
    .timeout(command.timeoutMs)
    .emitWithAck('subscribe', { rooms: [{ room: command.room, since: command.since }] })) as Ack;
  if (!reply.ok) throw new Error(`client ${index}: subscribe refused: ${reply.error}`);
  cursor = Math.max(cursor, reply.cursor);
  return reply.cursor;
}

async function connectAll(command: ConnectCommand) {
  const started = Date.now();
  let next = 0;
  let cursor = 0;
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, command.n) }, async () => {
      while (next < command.n) {
        const index = next++;
        cursor = Math.max(cursor, await open(command, index));
      }
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
  console.error('bench/live-clients.ts is started by bench/live.ts (npm run bench:live), not on its own.');
  process.exit(2);
}
