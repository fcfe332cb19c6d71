// Work that locks one hot row (votes on one idea) queues here, in memory, instead of each waiter
// holding a pooled database connection while PostgreSQL makes it wait for the row lock: ten votes
// on one idea would otherwise take every connection of the pool and stall all other requests.
// Per process, at most one transaction per key waits in the database; the rest wait here, bounded.
import { DomainError } from './errors';
import { LOCK_NOT_AVAILABLE, pgErrorCode } from './pg-errors.server';

export type HotRowOptions = {
  /** How long a caller may wait here for its turn (default 5 s, as the database's lock_timeout). */
  waitMs?: number;
  /**
   * The longest one caller may hold its turn (default 20 s: past statement_timeout plus
   * lock_timeout). A database call that never settles must not block the key for good.
   */
  holdMs?: number;
  /** Callers allowed to queue behind one key; more are told to come back (default 1,000). */
  maxWaiting?: number;
  /** The message key for a caller that waited too long or found the queue full. */
  busyMessage: string;
};

type Queue = { tail: Promise<void>; waiting: number };
const queues = new Map<string, Queue>();

const busy = (key: string) => new DomainError('Conflict', key, undefined, undefined, 1);

/**
 * Runs `work` after every earlier call with the same key has finished. A wait longer than `waitMs`
 * (here, or for the row lock in the database: SQLSTATE 55P03) ends with a "busy" Conflict that
 * carries Retry-After, never a hang.
 */
export async function oneAtATime<T>(
  key: string,
  options: HotRowOptions,
  work: () => Promise<T>,
): Promise<T> {
  const queue = queues.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
  queues.set(key, queue);
  if (queue.waiting >= (options.maxWaiting ?? 1_000)) throw busy(options.busyMessage);

  const before = queue.tail;
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  queue.tail = before.then(() => mine);
  queue.waiting++;
  try {
    let timer: NodeJS.Timeout | undefined;
    const turn = await Promise.race([
      before.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), options.waitMs ?? 5_000);
      }),
    ]);
    clearTimeout(timer);
    if (!turn) throw busy(options.busyMessage);
    try {
      let holdTimer: NodeJS.Timeout | undefined;
      const held = new Promise<never>((_, reject) => {
        holdTimer = setTimeout(() => reject(busy(options.busyMessage)), options.holdMs ?? 20_000);
      });
      try {
        return await Promise.race([work(), held]);
      } finally {
        clearTimeout(holdTimer);
      }
    } catch (error) {
      if (pgErrorCode(error) === LOCK_NOT_AVAILABLE) throw busy(options.busyMessage);
      throw error;
    }
  } finally {
    queue.waiting--;
    // A caller that gave up still lets the next one go only after its predecessor finished.
    void before.then(done);
    if (queue.waiting === 0 && queues.get(key) === queue) queues.delete(key);
  }
}
