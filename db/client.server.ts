// One database handle for the whole process: postgres.js when DATABASE_URL is set, embedded PGlite otherwise.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { watchCommits, type CommitNews } from './commits.server';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database handle or an open transaction: domain functions accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  /**
   * A small pool of its own for the event reader and session checks, so they keep working while
   * the main pool is busy (e.g. votes queueing for one idea's row lock). PGlite: the same as `db`.
   */
  side: Db;
  kind: 'postgres' | 'pglite';
  /** `select 1` within `timeoutMs`: false if the database does not answer in time. */
  ping(timeoutMs: number): Promise<boolean>;
  migrate(): Promise<void>;
  /** Runs start-up work (migrations, seeding) while holding a lock, so processes starting together take turns. */
  withStartupLock<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel; resolves once listening, with a function that stops it. On EVENTS_CHANNEL
   * the listener is also woken directly after this process's own commits of events, and the
   * payload is HORIZON_ONLY when the commits since the last wake-up appended no event (see
   * CommitNews).
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
};

const STARTUP_LOCK = 7_240_002;

/** Readers of the event log listen here; processes NOTIFY it after committing events. */
export const EVENTS_CHANNEL = 'cocrea_events';
/**
 * The payload on EVENTS_CHANNEL when the commits it tells of appended no event but held back the
 * log's horizon: only a reader that found events waiting behind a transaction needs to look again.
 */
export const HORIZON_ONLY = 'horizon';
/** Commits within this long of each other share one NOTIFY. */
const NOTIFY_TICK_MS = 5;

/**
 * Wakes the readers of the event log after this process's transactions that appended events
 * commit (decision 013): its own readers at once, and other processes with at most one NOTIFY per
 * tick, sent outside any writing transaction, so no writer takes PostgreSQL's notify lock.
 */
class EventsCommitted {
  private readonly local = new Set<(news: CommitNews) => void>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  /** What the next NOTIFY tells: null while nothing waits for one. */
  private queued: CommitNews | null = null;
  /** The payload of this process's NOTIFYs, so its listener can ignore its own. */
  readonly token = randomBytes(8).toString('hex');

  constructor(private readonly remote: ((token: string) => Promise<void>) | null) {}

  onLocal(wake: (news: CommitNews) => void) {
    this.local.add(wake);
    return () => void this.local.delete(wake);
  }

  readonly signal = (news: CommitNews) => {
    for (const wake of this.local) {
      try {
        wake(news);
      } catch (error) {
        console.error('events: waking a reader failed', error);
      }
    }
    if (!this.remote) return;
    if (this.queued !== 'events') this.queued = news;
    this.schedule();
  };

  /** The payload of this process's NOTIFY: its token, marked when no commit it covers appended events. */
  private payloadOf(news: CommitNews) {
    return news === 'events' ? this.token : `${this.token}:${HORIZON_ONLY}`;
  }

  /** What a NOTIFY's payload tells a listener: null for this process's own NOTIFYs. */
  heard(payload: string): string | null {
    if (payload.startsWith(this.token)) return null;
    return payload.endsWith(`:${HORIZON_ONLY}`) ? HORIZON_ONLY : payload;
  }

  /** One NOTIFY in flight at most; commits meanwhile are told by the next one. */
  private schedule() {
    if (this.timer || this.sending) return;
    this.timer = setTimeout(() => void this.send(), NOTIFY_TICK_MS);
  }

  private send() {
    this.timer = null;
    const news = this.queued ?? 'events';
    this.queued = null;
    // A lost NOTIFY only delays other processes until their poll.
    this.sending = this.remote!(this.payloadOf(news))
      .catch(() => {})
      .finally(() => {
        this.sending = null;
        if (this.queued) this.schedule();
      });
    return this.sending;
  }

  /** Sends what is still waiting, so other processes hear of the last commits before close. */
  async flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      await this.send();
    }
    await this.sending;
  }
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type DatabaseOptions =
  | {
      url: string;
      /** Connections in the main pool (default 10). */
      max?: number;
      /** Connections in the side pool (default 3). */
      sideMax?: number;
      /** Shown in pg_stat_activity (default "cocrea"). */
      applicationName?: string;
      /** A statement running longer is cancelled (default 15 s). */
      statementTimeoutMs?: number;
      /** Waiting longer for a row lock fails with 55P03 (default 5 s). */
      lockTimeoutMs?: number;
    }
  | { pgliteDir: string | null /* null: in memory */; loadDataDir?: Blob };

/** Main and side pools share these, so a dead or hung database is noticed within seconds. */
function poolOptions(
  options: Extract<DatabaseOptions, { url: string }>,
  max: number,
): postgres.Options<Record<string, never>> {
  return {
    max,
    onnotice: () => {},
    // A connection nobody used for a minute is closed, and every connection is replaced after
    // about half an hour: none outlives a failover or a half-open TCP connection for long.
    idle_timeout: 60,
    max_lifetime: 30 * 60,
    connect_timeout: 5,
    keep_alive: 15,
    // The default grows to 20 s between reconnects after a few failures; a restart is back in seconds.
    backoff: (retries) => Math.min(0.05 * 2 ** retries, 2),
    connection: {
      application_name: options.applicationName ?? 'cocrea',
      // Bounds on every statement and lock wait, so no request holds a connection indefinitely.
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      lock_timeout: options.lockTimeoutMs ?? 5_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}

/** Resolves true once `query` succeeds, false if it fails or `timeoutMs` passes first. */
async function answersWithin(query: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      query().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function openDatabase(options: DatabaseOptions): Database {
  if ('url' in options) {
    const client = postgres(options.url, poolOptions(options, options.max ?? 10));
    const sideClient = postgres(options.url, poolOptions(options, options.sideMax ?? 3));
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    const side = drizzlePostgres(sideClient, { schema }) as unknown as Db;
    // The side pool answers even while the main one waits on row locks.
    const committed = new EventsCommitted(async (token) => {
      await sideClient.notify(EVENTS_CHANNEL, token);
    });
    watchCommits(db, committed.signal);
    watchCommits(side, committed.signal);
    return {
      db,
      side,
      kind: 'postgres',
      // The side pool answers even while the main one is saturated; it is the database being
      // asked about, not the pool.
      ping: (timeoutMs) => answersWithin(() => sideClient`select 1`, timeoutMs),
      migrate: () => migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder }),
      async withStartupLock(work) {
        const session = await client.reserve();
        try {
          await session`select pg_advisory_lock(${STARTUP_LOCK})`;
          return await work();
        } finally {
          await session`select pg_advisory_unlock(${STARTUP_LOCK})`.catch(() => {});
          session.release();
        }
      },
      close: async () => {
        await committed.flush();
        await Promise.all([client.end({ timeout: 5 }), sideClient.end({ timeout: 5 })]);
      },
      async listen(channel, onPayload) {
        if (channel !== EVENTS_CHANNEL) return (await client.listen(channel, onPayload)).unlisten;
        const stopLocal = committed.onLocal((news) =>
          onPayload(news === 'events' ? committed.token : HORIZON_ONLY),
        );
        // Its own NOTIFYs come back too: the local wake-up has already happened.
        const { unlisten } = await client.listen(channel, (payload) => {
          const heard = committed.heard(payload);
          if (heard !== null) onPayload(heard);
        });
        return async () => {
          stopLocal();
          await unlisten();
        };
      },
      async notify(channel, payload) {
        await client.notify(channel, payload);
      },
    };
  }
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  // unaccent and pg_trgm for search (migration 0015): loaded into PGlite's file system here, then
  // created by the migration like on PostgreSQL.
  // One options object: given a first argument that is not a folder, PGlite ignores the second.
  const client = new PGlite({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    extensions: { unaccent, pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const pglite = drizzlePglite(client, { schema });
  // One process owns a PGlite database: waking its own readers is all there is to do.
  const committed = new EventsCommitted(null);
  watchCommits(pglite as unknown as Db, committed.signal);
  return {
    db: pglite as unknown as Db,
    side: pglite as unknown as Db,
    kind: 'pglite',
    ping: (timeoutMs) => answersWithin(() => pglite.execute(sql`select 1`), timeoutMs),
    migrate: () => migratePglite(pglite, { migrationsFolder }),
    // One process owns a PGlite folder, so there is no one to take turns with.
    withStartupLock: (work) => work(),
    close: () => client.close(),
    async listen(channel, onPayload) {
      const stopLocal =
        channel === EVENTS_CHANNEL
          ? committed.onLocal((news) => onPayload(news === 'events' ? '' : HORIZON_ONLY))
          : () => {};
      const unlisten = await client.listen(channel, onPayload);
      return async () => {
        stopLocal();
        await unlisten();
      };
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
  };
}

/** Rows of a raw `db.execute` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
