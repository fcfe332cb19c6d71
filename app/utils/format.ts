// Formatting shared by server and browser; fixed locale and time zone so hydration matches.
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDate(value: Date | string | null | undefined) {
  if (!value) return '';
  return dateFormat.format(new Date(value));
}

export function isoDate(value: Date | string | null | undefined) {
  if (!value) return '';
  return new Date(value).toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export const stageLabel: Record<string, string> = {
  draft: 'Draft',
  open: 'Open for ideas',
  voting: 'Voting',
  review: 'In review',
  awarded: 'Awarded',
  archived: 'Archived',
};
