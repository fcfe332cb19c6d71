// Reads the event log in id order and hands each new batch to the publisher. Woken by
// LISTEN cocrea_events (a trigger NOTIFYs on every insert) and by a slow poll as a safety net, so a
// lost notification delays an event but never drops it.
import { asc, gt, inArray } from 'drizzle-orm';
import { latestEventId } from '#app/domain/events/log.server';
import type { Db } from '../db/client.server';
import { events, notifications, type Event } from '../db/schema';
import type { NotificationRow } from './router.server';

export type Batch = { events: Event[]; notifications: NotificationRow[] };

const BATCH = 500;

export class EventPump {
  private cursor = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
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
  ) {}

  /** The id of the last event handed to the publisher. */
  get position() {
    return this.cursor;
  }

  async start() {
    this.cursor = await latestEventId(this.db);
    this.stopListening = await this.listen('cocrea_events', () => this.poke());
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
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
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } catch (error) {
        console.error('live: reading the event log failed; will retry', error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async drain() {
    for (;;) {
      const rows = await this.db
        .select()
        .from(events)
        .where(gt(events.id, this.cursor))
        .orderBy(asc(events.id))
        .limit(BATCH);
      if (!rows.length) return;
      const ids = rows.map((r) => r.id);
      const notes = await this.db
        .select({
          userId: notifications.userId,
          eventId: notifications.eventId,
          kind: notifications.kind,
          ideaId: notifications.ideaId,
          commentId: notifications.commentId,
        })
        .from(notifications)
        .where(inArray(notifications.eventId, ids))
        .orderBy(asc(notifications.eventId), asc(notifications.id));
      // Publish, then move on: if publishing throws, the next pass retries this batch.
      this.publish({ events: rows, notifications: notes });
      this.cursor = rows[rows.length - 1]!.id;
      if (rows.length < BATCH) return;
    }
  }
}
