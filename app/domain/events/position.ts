// Positions in the event log (docs/decisions/013-parallel-event-log.md). Browser-safe: the live
// protocol carries them and the browser compares them.

/**
 * A place in the event log, "<txid>.<id>": the writing transaction's id, then the event's id.
 * Readers follow the log in this order; clients keep one per room and only compare them.
 */
export type Position = string;
/** Before every event. */
export const LOG_START: Position = '0.0';

const POSITION = /^(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})$/;

/** A well-formed position whose parts are safe integers (the server turns them into numbers). */
export function isPosition(value: unknown): value is Position {
  if (typeof value !== 'string') return false;
  const match = POSITION.exec(value);
  return Boolean(
    match && Number.isSafeInteger(Number(match[1])) && Number.isSafeInteger(Number(match[2])),
  );
}

export function formatPosition({ txid, id }: { txid: number; id: number }): Position {
  return `${txid}.${id}`;
}

export function parsePosition(position: Position): { txid: number; id: number } {
  const [txid, id] = position.split('.');
  return { txid: Number(txid), id: Number(id) };
}

/** Negative, zero or positive as `a` comes before, at or after `b` in the log. */
export function comparePosition(a: Position, b: Position): number {
  const x = parsePosition(a);
  const y = parsePosition(b);
  return x.txid - y.txid || x.id - y.id;
}

export function laterPosition(a: Position, b: Position): Position {
  return comparePosition(a, b) >= 0 ? a : b;
}
