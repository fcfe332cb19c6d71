// "N people here now": distinct people per challenge room, summed across server processes.
// Each process counts its own sockets and shares its counts over NOTIFY cocrea_presence; counts
// from a process that stops reporting expire.

type Remote = Map<string, { n: number; at: number }>;

export type PresenceBus = {
  notify(channel: string, payload: string): Promise<void>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
};

export class Presence {
  /** room → person → sockets of that person in the room (two tabs are one person). */
  private local = new Map<string, Map<string, number>>();
  private remote = new Map<string, Remote>();
  private dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly processId: string,
    private readonly bus: PresenceBus | null,
    private readonly onCount: (room: string, count: number) => void,
    private readonly options = { debounceMs: 150, heartbeatMs: 10_000, expireMs: 30_000 },
  ) {}

  async start() {
    if (!this.bus) return;
    this.stopListening = await this.bus.listen('cocrea_presence', (payload) =>
      this.receive(payload),
    );
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  async stop() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    // Tell the other processes this one's people have left.
    for (const room of this.local.keys()) await this.publish(room, 0).catch(() => {});
    this.local.clear();
    await this.stopListening?.().catch(() => {});
  }

  join(room: string, person: string) {
    const people = this.local.get(room) ?? new Map<string, number>();
    people.set(person, (people.get(person) ?? 0) + 1);
    this.local.set(room, people);
    this.changed(room);
  }

  leave(room: string, person: string) {
    const people = this.local.get(room);
    if (!people) return;
    const n = (people.get(person) ?? 0) - 1;
    if (n > 0) people.set(person, n);
    else people.delete(person);
    if (!people.size) this.local.delete(room);
    this.changed(room);
  }

  localCount(room: string) {
    return this.local.get(room)?.size ?? 0;
  }

  count(room: string) {
    const now = Date.now();
    let total = this.localCount(room);
    for (const rooms of this.remote.values()) {
      const entry = rooms.get(room);
      if (entry && now - entry.at < this.options.expireMs) total += entry.n;
    }
    return total;
  }

  private changed(room: string) {
    this.dirty.add(room);
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.debounceMs);
  }

  private flush() {
    this.flushTimer = null;
    const rooms = [...this.dirty];
    this.dirty.clear();
    for (const room of rooms) {
      this.onCount(room, this.count(room));
      void this.publish(room, this.localCount(room)).catch(() => {});
    }
  }

  private async publish(room: string, n: number) {
    await this.bus?.notify('cocrea_presence', JSON.stringify({ p: this.processId, r: room, n }));
  }

  private receive(payload: string) {
    let message: { p?: unknown; r?: unknown; n?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    const { p, r, n } = message;
    if (
      typeof p !== 'string' ||
      typeof r !== 'string' ||
      typeof n !== 'number' ||
      p === this.processId
    )
      return;
    const rooms = this.remote.get(p) ?? new Map();
    const before = rooms.get(r)?.n ?? 0;
    if (n > 0) rooms.set(r, { n, at: Date.now() });
    else rooms.delete(r);
    this.remote.set(p, rooms);
    if (before !== n) this.onCount(r, this.count(r));
  }

  /** Re-announce local counts and drop counts from processes that went silent. */
  private beat() {
    for (const [room] of this.local) void this.publish(room, this.localCount(room)).catch(() => {});
    const now = Date.now();
    for (const [p, rooms] of this.remote) {
      for (const [room, entry] of rooms) {
        if (now - entry.at >= this.options.expireMs) {
          rooms.delete(room);
          this.onCount(room, this.count(room));
        }
      }
      if (!rooms.size) this.remote.delete(p);
    }
  }
}
