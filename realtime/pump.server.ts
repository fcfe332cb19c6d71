// Reads the event log in position order and hands each new batch to the publisher. Woken right
// after this process commits events, by LISTEN cocrea_events (other processes NOTIFY after their
// commits) and by a slow poll as a safety net, so a lost notification delays an event but never
// drops it. Only final events are read (readLog), so one that commits late is never skipped.
import { asc, inArray } from 'drizzle-orm';
import { LookAgain, logHorizon, readLog } from '#app/domain/events/log.server';
import { LOG_START, formatPosition, laterPosition, type Position } from '#app/live/protocol';
import { EVENTS_CHANNEL, HORIZON_ONLY, type Db } from '../db/client.server';
import { notifications, type Event } from '../db/schema';
import type { NotificationRow } from './router.server';

export type Batch = { events: Event[]; notifications: NotificationRow[] };

const BATCH = 500;

export class EventPump {
  private cursor: Position = LOG_START;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly lookAgain: LookAgain;
  /** The last pass found events waiting behind a running transaction. */
  private waiting = false;
  private published = false;
  private stopListening: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly listen: (
      channel: string,
      onPayload: (payload: string) => void,
    ) => Promise<() => Promise<void>>,
    private readonly publish: (batch: Batch) => void,
    private readonly pollMs = 1000,
  ) {
    this.lookAgain = new LookAgain(() => void this.poke(), Math.min(1000, pollMs));
  }

  /**
   * Everything before this position has been handed to the publisher (or came before the pump
   * started); everything after it will be.
   */
  get position(): Position {
    return this.cursor;
  }

  async start() {
    this.cursor = await logHorizon(this.db);
    // A commit that appended nothing but held the log back (a consumer's batch) matters only if
    // the last read found events waiting behind a transaction.
    this.stopListening = await this.listen(EVENTS_CHANNEL, (payload) => {
      if (payload !== HORIZON_ONLY || this.waiting) void this.poke();
    });
    this.timer = setInterval(() => void this.poke(), this.pollMs);
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.lookAgain.stop();
    await this.stopListening?.().catch(() => {});
    await this.running;
  }

  /** Asks for a drain; calls that arrive while one runs are folded into one more pass. */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      this.published = false;
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } catch (error) {
        console.error('live: reading the event log failed; will retry', error);
      } finally {
        this.running = null;
        // Events held behind a running transaction are released when it ends; its commit wakes
        // the readers only if it appended events, so look again soon by itself.
        if (!this.stopped) this.lookAgain.after(this.waiting, this.published);
      }
    })();
    return this.running;
  }

  private async drain() {
    for (;;) {
      const read = await readLog(this.db, this.cursor, BATCH);
      this.waiting = read.waiting;
      const rows = read.events;
      if (rows.length) {
        const txids = new Map(rows.map((r) => [r.id, r.txid]));
        const notes = await this.db
          .select({
            userId: notifications.userId,
            eventId: notifications.eventId,
            kind: notifications.kind,
            ideaId: notifications.ideaId,
            commentId: notifications.commentId,
          })
          .from(notifications)
          .where(inArray(notifications.eventId, [...txids.keys()]))
          .orderBy(asc(notifications.eventId), asc(notifications.id));
        // Publish, then move on: if publishing throws, the next pass retries this batch.
        this.publish({
          events: rows,
          notifications: notes.map((n) => ({ ...n, txid: txids.get(n.eventId)! })),
        });
        this.cursor = formatPosition(rows[rows.length - 1]!);
        this.published = true;
      }
      if (rows.length < BATCH) {
        // Every final event has been published: nothing new can appear before the horizon.
        this.cursor = laterPosition(this.cursor, read.horizon);
        return;
      }
    }
  }
}
