// What an audit entry keeps of a change, and how the log's pages show it. Browser-safe: the
// commands build the before/after with these, the pages read them back.

/** A text cut to `max` characters (with an ellipsis), so the log keeps a trace, not a copy. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A value as the log stores it: dates as ISO text, everything else as JSON has it. */
function stored(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, not the one written. */
function canonical(value: unknown): string {
  const v = stored(value);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * The fields of `next` whose values differ from `current`, as { before, after } holding only those
 * fields; null when nothing changed. Keys `next` leaves undefined are not part of the change; long
 * texts (`clip`) keep an excerpt.
 */
export function changedFields(
  current: Record<string, unknown>,
  next: Record<string, unknown>,
  clip: Record<string, number> = {},
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || same(current[key], value)) continue;
    const keep = (v: unknown) => {
      const s = stored(v);
      return clip[key] !== undefined && typeof s === 'string' ? excerpt(s, clip[key]) : s;
    };
    before[key] = keep(current[key]);
    after[key] = keep(value);
  }
  return Object.keys(after).length ? { before, after } : null;
}

/** One line of an entry's diff: a field, what it was and what it became (as short text). */
export type DiffLine = { field: string; before: string | null; after: string | null };

const MAX_SHOWN = 160;

function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value.join(', ')
        : JSON.stringify(value);
  return excerpt(text, MAX_SHOWN);
}

/** Nested objects (a merge's `from` and `into`) as dotted fields: `into.supportCount`. */
function flat(
  value: Record<string, unknown> | null | undefined,
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    if (v && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flat(v as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = v;
  }
  return out;
}

/**
 * An entry's before/after as lines, one per field either side names, in a stable order; a field
 * that reads the same on both sides is left out.
 */
export function diffLines(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): DiffLine[] {
  const [b, a] = [flat(before), flat(after)];
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }))
    .filter((line) => line.before !== line.after);
}
