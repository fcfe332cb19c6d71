// Several counts per day as lines (ideas, votes, comments), told apart by colour, lightness, dash
// and, while the days are few enough to see them, a marker shape per series.
import { scaleLinear } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { GRID, SERIES } from './palette';
import {
  ChartFrame,
  dashOf,
  finite,
  px,
  useChartFormat,
  type ChartProps,
  type LegendItem,
} from './chart-frame';
import { DayAxes, daysTable } from './day-axes';

export type Series = { key: string; label: string; values: number[] };

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { top: 12, right: 16, bottom: 36, left: 48 };
/** Above this many days markers would merge into the line. */
const MAX_MARKED_DAYS = 45;

/** Up to `count` evenly spread indexes of `length` days, the first and the last included. */
export function tickIndexes(length: number, count: number): number[] {
  if (length <= 0) return [];
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

function Marker({ shape, x, y, fill }: { shape: number; x: number; y: number; fill: string }) {
  if (shape === 1) return <rect x={px(x - 3.5)} y={px(y - 3.5)} width={7} height={7} fill={fill} />;
  if (shape === 2)
    return (
      <path
        d={`M${px(x)},${px(y - 4.5)}L${px(x + 4.5)},${px(y + 3.5)}L${px(x - 4.5)},${px(y + 3.5)}Z`}
        fill={fill}
      />
    );
  return <circle cx={px(x)} cy={px(y)} r={3.5} fill={fill} />;
}

export function TimeSeriesChart({
  days,
  series,
  dayColumn,
  ...text
}: ChartProps & { days: string[]; series: Series[]; dayColumn: string }) {
  const f = useChartFormat();
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => finite(v))));
  const x = scaleLinear({ domain: [0, Math.max(1, days.length - 1)], range: [0, innerWidth] });
  const y = scaleLinear({ domain: [0, max], range: [innerHeight, 0], nice: true });
  // A single day has no line to draw: put it in the middle.
  const xOf = (i: number) => px(days.length === 1 ? innerWidth / 2 : finite(x(i)));
  const yOf = (v: number) => px(finite(y(finite(v)), innerHeight));
  const ticks = tickIndexes(days.length, 6);
  const marked = days.length <= MAX_MARKED_DAYS;
  const legend: LegendItem[] = series.map((s, i) => ({
    label: s.label,
    swatch: SERIES[i % SERIES.length]!,
    dash: dashOf(i),
    line: true,
  }));
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={HEIGHT}
      legend={legend}
      table={daysTable(f, days, dayColumn, series)}
    >
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        {y.ticks(4).map((tick) => (
          <line key={tick} x1={0} x2={innerWidth} y1={yOf(tick)} y2={yOf(tick)} stroke={GRID} />
        ))}
        <DayAxes x={x} y={y} days={days} ticks={ticks} innerHeight={innerHeight} />
        {series.map((s, si) => {
          const swatch = SERIES[si % SERIES.length]!;
          const points = days.map((_, i) => ({ x: xOf(i), y: yOf(s.values[i] ?? 0) }));
          return (
            <g key={s.key}>
              {points.length > 1 ? (
                <LinePath
                  data={points}
                  x={(p) => p.x}
                  y={(p) => p.y}
                  stroke={swatch.fill}
                  strokeWidth={2.5}
                  strokeDasharray={dashOf(si)}
                  fill="none"
                />
              ) : null}
              {marked
                ? points.map((p, i) => (
                    <Marker key={days[i]} shape={si % 3} x={p.x} y={p.y} fill={swatch.fill} />
                  ))
                : null}
            </g>
          );
        })}
      </g>
    </ChartFrame>
  );
}
