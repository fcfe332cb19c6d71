import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRealtime } from '../../realtime/io.server';

describe('Socket.IO on the app server', () => {
  let http: Server;
  let client: Socket;
  let close: () => Promise<void>;

  beforeAll(async () => {
    http = createServer();
    const realtime = attachRealtime(http, { startedAt: new Date('2026-01-01T00:00:00Z') });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    client = connect(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      reconnection: false,
    });
    close = () => realtime.close();
  });

  afterAll(async () => {
    client?.disconnect();
    await close?.();
  });

  it('answers the health event with ok and its start time', async () => {
    const reply = await client.timeout(5000).emitWithAck('health');
    expect(reply).toMatchObject({ ok: true, startedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('ignores a health event without an acknowledgement callback', async () => {
    client.emit('health');
    const reply = await client.timeout(5000).emitWithAck('health');
    expect(reply.ok).toBe(true);
  });
});
