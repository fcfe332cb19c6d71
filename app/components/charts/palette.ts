// The charts' colours. Each set steps clearly in lightness (relative luminance in brackets), so the
// series stay apart in greyscale and for colour-blind readers; every colour but the heat map's
// palest has at least 3:1 contrast on white (WCAG 1.4.11), and each carries the text colour that
// reads on it at 4.5:1 or more. Legends and labels name every series too: never colour alone.

export type Swatch = { fill: string; text: string };

/** Up to three series (ideas, votes, comments): dark indigo (0.04), pink (0.12), amber (0.28). */
export const SERIES: readonly Swatch[] = [
  { fill: '#312e81', text: '#ffffff' },
  { fill: '#be185d', text: '#ffffff' },
  { fill: '#d97706', text: '#1c1b29' },
];

/** Line styles that go with SERIES, a second cue besides the colour. */
export const DASHES: readonly (string | undefined)[] = [undefined, '7 4', '2 3'];

/** Sentiment: positive dark green (0.07), neutral grey (0.26), negative red (0.17). */
export const SENTIMENT = {
  positive: { fill: '#14532d', text: '#ffffff' },
  neutral: { fill: '#8b8aa0', text: '#1c1b29' },
  negative: { fill: '#dc2626', text: '#ffffff' },
} as const satisfies Record<string, Swatch>;

/** The heat map's steps, none to most: pale lilac to dark indigo (0.87 → 0.04). */
export const HEAT: readonly Swatch[] = [
  { fill: '#f1f0f7', text: '#1c1b29' },
  { fill: '#c7d2fe', text: '#1c1b29' },
  { fill: '#818cf8', text: '#1c1b29' },
  { fill: '#4f46e5', text: '#ffffff' },
  { fill: '#312e81', text: '#ffffff' },
];

/** A single-series bar (lists, funnel) and its lighter partner (the previous period). */
export const BAR: Swatch = { fill: '#4338ca', text: '#ffffff' };
export const BAR_PREVIOUS: Swatch = { fill: '#a5b4fc', text: '#1c1b29' };

/** Axis lines, grid lines and the labels' ink (the stylesheet's --ink-soft and --line). */
export const INK = '#4a4860';
export const GRID = '#e4e2ee';

/** Label sizes in viewBox units: charts are drawn 480 (half-width cards) or 640 (wide) units wide. */
export const FONT_SIZE = 13;
export const SMALL_FONT_SIZE = 11;
