// A TCP proxy on 127.0.0.1 in front of PostgreSQL, for fault tests: point a server's DATABASE_URL
// at the proxy and `cut()` it to make the database vanish as a restart would (every open connection
// is destroyed at once and new ones are refused) without touching the real cluster, which other
// test files use at the same time.
//
//   const proxy = await startPgProxy();            // in front of DATABASE_URL's host and port
//   const url = proxy.url(databaseName);           // postgres://…@127.0.0.1:<proxy port>/<name>
//   proxy.cut();                                   // destroy every connection, refuse new ones
//   proxy.restore();                               // accept connections again
//   proxy.connections;                             // connections open through the proxy now
//   proxy.upstreamPorts();                         // their client_port in pg_stat_activity
//   await proxy.close();                           // stop listening and destroy everything
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type PgProxy = {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** `DATABASE_URL` with host and port replaced by the proxy's (and the database by `database`). */
  url(database?: string): string;
  /** Destroys every open connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  /** How many client connections are open through the proxy. */
  readonly connections: number;
  /**
   * The local ports of the proxy's connections to PostgreSQL: `pg_stat_activity.client_port` of
   * exactly the backends serving clients of this proxy.
   */
  upstreamPorts(): number[];
  close(): Promise<void>;
};

export async function startPgProxy(
  databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  const targetHost = target.hostname || '127.0.0.1';
  const targetPort = Number(target.port || 5432);
  /** Client socket → its upstream socket. */
  const open = new Map<Socket, Socket>();
  let refusing = false;

  const server = createServer((client) => {
    // Refused as a stopped server would: the connection is reset before any byte is exchanged.
    if (refusing) return void client.resetAndDestroy();
    const upstream = connect(targetPort, targetHost);
    open.set(client, upstream);
    const drop = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const destroyAll = () => {
    // RST rather than FIN: the client sees the connection die mid-conversation, as in a crash.
    for (const [client, upstream] of open) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    open.clear();
  };

  return {
    port,
    url(database) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      if (database) url.pathname = `/${database}`;
      return url.toString();
    },
    cut() {
      refusing = true;
      destroyAll();
    },
    restore() {
      refusing = false;
    },
    get connections() {
      return open.size;
    },
    upstreamPorts() {
      return [...open.values()].flatMap((upstream) =>
        upstream.localPort === undefined ? [] : [upstream.localPort],
      );
    },
    close() {
      refusing = true;
      destroyAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
