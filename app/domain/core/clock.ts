// Where domain code gets the time from: the system clock in the server, a clock tests (and the
// seed) move by hand, so schedules and "last 30 days" can be checked without waiting.

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type TestClock = Clock & {
  set(to: Date | string): void;
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void;
};

/** A clock that stands still at `start` until it is set or advanced. */
export function testClock(start: Date | string = new Date()): TestClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new Error(`testClock: not a date: ${String(start)}`);
  return {
    now: () => new Date(current),
    set(to) {
      const next = new Date(to).getTime();
      if (Number.isNaN(next)) throw new Error(`testClock.set: not a date: ${String(to)}`);
      current = next;
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** What every command's input may carry: the clock its writes take their one `now` from. */
export type Timed = { clock?: Clock };

/** The command's time, read once at its start, so every row and event it writes agrees. */
export const nowFrom = (input: Timed) => (input.clock ?? systemClock).now();
