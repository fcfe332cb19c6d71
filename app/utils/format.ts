// Formatting shared by server and browser. Dates and numbers for people go through use-intl's
// formatter (UTC on both sides, so hydration matches); these are the locale-free pieces.

/** A date as YYYY-MM-DD, for `<input type="date">` values and `dateTime` attributes. */
export function isoDate(value: Date | string | null | undefined) {
  if (!value) return '';
  return new Date(value).toISOString().slice(0, 10);
}

/** The message key of each challenge stage: `t(STAGE_KEYS[stage])`. */
export const STAGE_KEYS = {
  draft: 'common.stage.draft',
  open: 'common.stage.open',
  voting: 'common.stage.voting',
  review: 'common.stage.review',
  awarded: 'common.stage.awarded',
  archived: 'common.stage.archived',
} as const;

export type Stage = keyof typeof STAGE_KEYS;

export function isStage(value: string): value is Stage {
  return Object.hasOwn(STAGE_KEYS, value);
}
