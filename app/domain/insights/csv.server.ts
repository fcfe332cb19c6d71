// A dashboard table as CSV text for a spreadsheet: the rows insightRows gives (stable English column
// names, then values), with the header row — and the funnel's step names — in the reader's language.
// A byte-order mark first so spreadsheets read UTF-8; cells a spreadsheet would take for a formula
// (= + - @, tab, carriage return: a tag or a word could start so) get a leading apostrophe.
import { stringify } from 'csv-stringify/sync';
import type { Translate } from '#app/domain/core/errors';
import { asTranslate } from '#app/domain/core/errors';
import type { InsightRows } from './queries.server';
import type { InsightTable } from './types';

/** insightRows' column names → their words (every name insightRows writes is here: a test checks). */
export const COLUMN_KEYS: Record<string, string> = {
  stage: 'insights.csv.stage',
  count: 'insights.csv.count',
  day: 'insights.csv.day',
  week: 'insights.csv.week',
  ideas: 'insights.csv.ideas',
  votes: 'insights.csv.votes',
  comments: 'insights.csv.comments',
  positive: 'insights.csv.positive',
  neutral: 'insights.csv.neutral',
  negative: 'insights.csv.negative',
  language: 'insights.csv.language',
  word: 'insights.csv.word',
  uses: 'insights.csv.uses',
  tag: 'insights.csv.tag',
  previous_ideas: 'insights.csv.previousIdeas',
  previous_votes: 'insights.csv.previousVotes',
  handle: 'insights.csv.handle',
  display_name: 'insights.csv.displayName',
  supporters: 'insights.csv.supporters',
  builds: 'insights.csv.builds',
  day_of_week: 'insights.csv.dayOfWeek',
  hour_utc: 'insights.csv.hourUtc',
  actions: 'insights.csv.actions',
  slug: 'insights.csv.slug',
  title: 'insights.csv.title',
  participants: 'insights.csv.participants',
};

/** The funnel's steps, the first cell of its rows. */
const STEP_KEYS: Record<string, string> = {
  visitors: 'insights.funnel.visitors',
  participants: 'insights.funnel.participants',
  ideas: 'insights.funnel.ideas',
  votes: 'insights.funnel.votes',
  shortlisted: 'insights.funnel.shortlisted',
  winners: 'insights.funnel.winners',
};

export function insightsCsv(rows: InsightRows, table: InsightTable, translator: unknown): string {
  const t: Translate = asTranslate(translator);
  const [header = [], ...body] = rows;
  const words = (map: Record<string, string>, cell: string | number) => {
    const key = typeof cell === 'string' ? map[cell] : undefined;
    return key ? t(key) : cell;
  };
  const localised = [
    header.map((name) => words(COLUMN_KEYS, name)),
    ...(table === 'funnel'
      ? body.map(([step, ...rest]) => [words(STEP_KEYS, step ?? ''), ...rest])
      : body),
  ];
  return `\uFEFF${stringify(localised, { escape_formulas: true, record_delimiter: 'windows' })}`;
}
