// The event log: every state change others may see appends one row here, inside the change's transaction.
import { and, asc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { wakeLogReadersAfterCommit } from '../../../db/commits.server';
import { events, type Event } from '../../../db/schema';
import { LOG_START, formatPosition, laterPosition, parsePosition, type Position } from './position';
import type { EventType } from './registry';
import { reactionsFor } from './reactions.server';

export type { EventType };

export type NewEvent = {
  type: EventType;
  actorId: string | null;
  brandId?: number | null;
  challengeId?: number | null;
  ideaId?: number | null;
  commentId?: number | null;
  subjectUserId?: string | null;
  payload?: Record<string, unknown>;
  /** When it happened: the command's one `now`, stored as the event's created_at. */
  at: Date;
};

/**
 * Appends one event inside the caller's transaction. No lock is taken: transactions append and
 * commit in parallel, and the event's position in the log is (its transaction's id, its id), so
 * readers, who take only events of transactions that have ended (readLog), never skip one that
 * commits late (docs/decisions/013-parallel-event-log.md). The readers are woken once the
 * transaction commits.
 *
 * The reactions declared for the event's type (app/domain/events/reactions.server.ts) run right after the
 * insert, in the same transaction: what they write is exact, and a reaction that fails undoes the
 * whole command, event included.
 */
export async function appendEvent(tx: Db, { at, ...event }: NewEvent) {
  try {
    const [row] = await tx
      .insert(events)
      .values({ ...event, createdAt: at })
      .returning();
    for (const react of reactionsFor(event.type)) await react(tx, row!);
    return row!.id;
  } finally {
    wakeLogReadersAfterCommit(tx);
  }
}

/**
 * The id below which every transaction that could write to this database's log has ended: the
 * oldest transaction still running, leaving out those seen running in another database of the
 * cluster (they cannot write here, and a long one must not hold this log back). Transactions
 * that cannot be placed (another role's, whose details are hidden) count, as does this one.
 * `pg_stat_get_activity` may be a copy cached earlier in this transaction: that only ever leaves
 * out transactions of other databases, never keeps out one of this database.
 */
async function horizonTxid(db: Db): Promise<number> {
  const [row] = rowsOf<{ txid: string | number }>(
    await db.execute(sql`
      select least(
        pg_current_xact_id_if_assigned()::text::bigint,
        (select min(x::text::bigint) from pg_snapshot_xip(s.snap) x
          where (x::text::bigint % 4294967296) not in (
            select a.backend_xid::text::bigint from pg_stat_get_activity(null) a
            where a.backend_xid is not null
              and a.datid <> (select oid from pg_database where datname = current_database()))),
        pg_snapshot_xmax(s.snap)::text::bigint
      ) as txid
      from (select pg_current_snapshot() as snap) s`),
  );
  return Number(row!.txid);
}

/**
 * The log's horizon: no event will ever appear before it. Pages read it before their data and
 * follow the log from there; events committed meanwhile, or by a transaction still open, come
 * after it (at most repeating what the page already shows, which the live handlers allow for).
 */
export async function logHorizon(db: Db): Promise<Position> {
  return formatPosition({ txid: await horizonTxid(db), id: 0 });
}

/** `(txid, id)` after `after`, compared as a row (the events_position_idx index). */
function after(position: Position): SQL {
  const { txid, id } = parsePosition(position);
  return sql`(${events.txid}, ${events.id}) > (${txid}::bigint, ${id}::bigint)`;
}

export type LogRead = {
  /** Final events after the position, in log order. */
  events: Event[];
  /**
   * Where the reader may move its cursor when fewer than `limit` events came back: every final
   * event before it has been read.
   */
  horizon: Position;
  /**
   * Events of ended transactions wait behind one still running (which may yet append events
   * before them): look again soon, as its end may come with no NOTIFY (it appended nothing).
   */
  waiting: boolean;
};

/**
 * The final events after `position`, in log order: those of transactions older than every one
 * still running, all of which have ended, so nothing can later appear among them. A reader that
 * moves its cursor along these never skips an event and never sees one twice.
 */
export async function readLog(db: Db, position: Position, limit = 500): Promise<LogRead> {
  const horizon = await horizonTxid(db);
  // Read without the horizon and cut there: the rows beyond it say whether anything waits.
  const rows = await db
    .select()
    .from(events)
    .where(after(position))
    .orderBy(asc(events.txid), asc(events.id))
    .limit(limit);
  const final = rows.filter((e) => e.txid < horizon);
  return {
    events: final,
    horizon: laterPosition(position, formatPosition({ txid: horizon, id: 0 })),
    waiting: final.length < rows.length,
  };
}

/**
 * For readers of the log: after a pass that found events waiting behind a running transaction,
 * calls `lookAgain` soon, since that transaction may end without waking anyone (readLog). The
 * wait starts at 5 ms and doubles while nothing moves on, up to `maxMs`; a pass that delivered
 * something starts it again from 5 ms.
 */
export class LookAgain {
  private timer: NodeJS.Timeout | null = null;
  private delayMs = 0;

  constructor(
    private readonly lookAgain: () => void,
    private readonly maxMs = 1000,
  ) {}

  /** Called after each pass: whether events still wait, and whether the pass delivered any. */
  after(waiting: boolean, progressed: boolean) {
    this.stop();
    if (!waiting) {
      this.delayMs = 0;
      return;
    }
    this.delayMs = progressed || !this.delayMs ? 5 : Math.min(this.maxMs, this.delayMs * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lookAgain();
    }, this.delayMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The final events of one idea after a position, in log order (catching up after a reconnect). */
export async function eventsForIdea(db: Db, ideaId: number, since: Position = LOG_START) {
  const horizon = await horizonTxid(db);
  return db
    .select()
    .from(events)
    .where(and(eq(events.ideaId, ideaId), after(since), lt(events.txid, horizon)))
    .orderBy(asc(events.txid), asc(events.id));
}

/** The final events after a position, in log order, up to a limit. */
export async function eventsAfter(db: Db, since: Position = LOG_START, limit = 500) {
  return (await readLog(db, since, limit)).events;
}
