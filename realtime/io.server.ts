// Socket.IO on the app's HTTP server. For now: a health event; the live layer builds on this.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

export function attachRealtime(httpServer: HttpServer, options: { startedAt: Date }) {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    cors: { origin: false },
  });
  io.on('connection', (socket) => {
    socket.on('health', (ack: unknown) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, startedAt: options.startedAt.toISOString(), now: new Date().toISOString() });
    });
  });
  return io;
}
