// A ranked list as horizontal bars (words, tags): the label on the left, the bar, the figure at its
// end and, when a previous figure is given, a thinner, paler bar under it for the period before.
import { scaleLinear } from '@visx/scale';
import { BAR, BAR_PREVIOUS, INK } from './palette';
import {
  ChartFrame,
  finite,
  px,
  useChartFormat,
  type ChartProps,
  type LegendItem,
  type TableColumn,
} from './chart-frame';

export type BarListRow = {
  key: string;
  label: string;
  value: number;
  /** The same figure in the period before, drawn under the bar. */
  previous?: number;
  /** More cells for the table (after the label and the value). */
  extra?: string[];
};

// Drawn for a half-width card, so its labels stay readable there.
const WIDTH = 480;
const LABEL_WIDTH = 150;
const VALUE_ROOM = 56;

/** Labels longer than this are cut with an ellipsis on the chart (whole in the table). */
const MAX_LABEL = 20;
const clip = (label: string) =>
  label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;

export function BarList({
  rows,
  columns,
  legend,
  lang,
  ...text
}: ChartProps & {
  rows: BarListRow[];
  /** The table's columns: the label's, the value's, then any `extra` cells' (and previous'). */
  columns: TableColumn[];
  /** This period's and the previous period's names, when rows have `previous`. */
  legend?: { current: string; previous: string };
  /** The language of the labels (the words of one language), for the lang attribute. */
  lang?: string;
}) {
  const f = useChartFormat();
  const compare = rows.some((r) => r.previous !== undefined);
  const row = compare ? 34 : 26;
  const barHeight = compare ? 16 : 18;
  const max = Math.max(1, ...rows.flatMap((r) => [finite(r.value), finite(r.previous ?? 0)]));
  const x = scaleLinear({ domain: [0, max], range: [0, WIDTH - LABEL_WIDTH - VALUE_ROOM] });
  const widthOf = (v: number) => px(Math.max(finite(x(Math.max(0, finite(v)))), v > 0 ? 2 : 0));
  const legendItems: LegendItem[] | undefined =
    compare && legend
      ? [
          { label: legend.current, swatch: BAR },
          { label: legend.previous, swatch: BAR_PREVIOUS },
        ]
      : undefined;
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={Math.max(row, rows.length * row) + 4}
      legend={legendItems}
      table={{
        columns,
        rows: rows.map((r) => ({
          key: r.key,
          lang,
          cells: [r.label, f.number(r.value), ...(r.extra ?? [])],
        })),
      }}
    >
      {rows.map((r, i) => {
        const y = i * row + 2;
        const w = widthOf(r.value);
        return (
          <g key={r.key}>
            <text
              x={LABEL_WIDTH - 10}
              y={y + barHeight / 2}
              dy="0.35em"
              textAnchor="end"
              fill={INK}
              lang={lang}
            >
              {clip(r.label)}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={w} height={barHeight} fill={BAR.fill} rx={2} />
            {r.previous !== undefined ? (
              <rect
                x={LABEL_WIDTH}
                y={y + barHeight + 2}
                width={widthOf(r.previous)}
                height={8}
                fill={BAR_PREVIOUS.fill}
                rx={2}
              />
            ) : null}
            <text
              x={px(LABEL_WIDTH + w + 6)}
              y={y + barHeight / 2}
              dy="0.35em"
              fill={INK}
              fontWeight="600"
            >
              {f.number(r.value)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
