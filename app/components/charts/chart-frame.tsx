// What every chart shares: an SVG drawn on a fixed viewBox that scales to its card, named by its
// <title> and described by a <desc> sentence (the reading a screen reader gets, since the SVG is
// one image), a legend in HTML, the data behind it as a real table, and a link to that table as CSV.
// Rendered on the server like the rest of the page: no script is needed to see any of it.
import { useId, type ReactNode } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { DASHES, FONT_SIZE, type Swatch } from './palette';

export type LegendItem = { label: string; swatch: Swatch; dash?: string; line?: boolean };

export type TableColumn = { label: string; numeric?: boolean };
/** One row of the data table: its first cell is the row's header (a day, a step, a word). */
export type TableRow = { key: string; cells: ReactNode[]; lang?: string };
export type ChartTable = { columns: TableColumn[]; rows: TableRow[] };

export type ChartProps = {
  /** The chart's name: the SVG's <title> and the data table's caption. */
  title: string;
  /** One or two sentences saying what the data shows: the SVG's <desc>. */
  description: string;
  /** Where the table behind the chart downloads as CSV; no link without it. */
  csvHref?: string;
};

/** A number that is safe to write into an SVG attribute (never NaN or Infinity). */
export const finite = (n: number, fallback = 0) => (Number.isFinite(n) ? n : fallback);

/** Rounded to a tenth: shorter SVG, no visible difference. */
export const px = (n: number) => Math.round(finite(n) * 10) / 10;

/** Locale formatting the charts share: numbers, percentages, ISO days (UTC) and weekdays. */
export function useChartFormat() {
  const format = useFormatter();
  const number = (n: number) => format.number(finite(n));
  const percent = (ratio: number) =>
    format.number(finite(ratio), { style: 'percent', maximumFractionDigits: 0 });
  const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
  const day = (iso: string) =>
    format.dateTime(toDate(iso), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const longDay = (iso: string) =>
    format.dateTime(toDate(iso), { dateStyle: 'medium', timeZone: 'UTC' });
  // 1 January 2024 was a Monday: dow 0 = Monday, as the insights count them.
  const weekday = (dow: number, width: 'short' | 'long' = 'short') =>
    format.dateTime(new Date(Date.UTC(2024, 0, 1 + dow)), { weekday: width, timeZone: 'UTC' });
  const hour = (h: number) =>
    format.dateTime(new Date(Date.UTC(2024, 0, 1, h)), { hour: 'numeric', timeZone: 'UTC' });
  return { number, percent, day, longDay, weekday, hour };
}

export function Legend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true" focusable="false">
            {item.line ? (
              <line
                x1="1"
                x2="21"
                y1="6"
                y2="6"
                stroke={item.swatch.fill}
                strokeWidth="3"
                strokeDasharray={item.dash}
              />
            ) : (
              <rect width="22" height="12" rx="2" fill={item.swatch.fill} />
            )}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind a chart, as a table a screen reader can walk and a reader can copy. */
export function DataTable({ caption, table }: { caption: string; table: ChartTable }) {
  const t = useTranslations();
  return (
    <div className="table-scroll">
      <table className="chart-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length ? (
            table.rows.map((row) => (
              <tr key={row.key}>
                {row.cells.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" lang={row.lang}>
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className={table.columns[i]?.numeric ? 'num' : undefined}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={table.columns.length}>{t('insights.charts.noRows')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The link to a table's CSV, named after the chart so several on a page can be told apart. */
export function CsvLink({ href, name }: { href: string; name: string }) {
  const t = useTranslations();
  return (
    <a href={href} download className="chart-csv">
      {t('insights.charts.downloadCsv')}{' '}
      <span className="visually-hidden">{t('insights.charts.csvOf', { name })}</span>
    </a>
  );
}

export function ChartFrame({
  title,
  description,
  csvHref,
  width,
  height,
  legend,
  table,
  children,
}: ChartProps & {
  width: number;
  height: number;
  legend?: LegendItem[];
  table: ChartTable;
  children: ReactNode;
}) {
  const t = useTranslations();
  const id = useId();
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${width} ${Math.max(1, Math.ceil(finite(height, 1)))}`}
        preserveAspectRatio="xMidYMid meet"
        className="chart__svg"
        fontSize={FONT_SIZE}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      {legend?.length ? <Legend items={legend} /> : null}
      <div className="chart__data">
        <details>
          <summary>{t('insights.charts.showData')}</summary>
          <DataTable caption={title} table={table} />
        </details>
        {csvHref ? <CsvLink href={csvHref} name={title} /> : null}
      </div>
    </figure>
  );
}

/** The dash pattern of series `i` (solid, dashed, dotted). */
export const dashOf = (i: number) => DASHES[i % DASHES.length];
