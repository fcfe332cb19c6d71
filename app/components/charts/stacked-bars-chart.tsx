// Counts per day stacked in one bar (sentiment per day): the parts sit in the order given, with a
// white edge between them, so neighbours stay apart even where their colours are close.
import { scaleBand, scaleLinear } from '@visx/scale';
import { GRID, type Swatch } from './palette';
import { ChartFrame, finite, px, useChartFormat, type ChartProps } from './chart-frame';
import { DayAxes, daysTable } from './day-axes';
import { tickIndexes } from './time-series-chart';

export type StackSeries = { key: string; label: string; values: number[]; swatch: Swatch };

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 16, bottom: 36, left: 48 };

export function StackedBarsChart({
  days,
  series,
  dayColumn,
  ...text
}: ChartProps & { days: string[]; series: StackSeries[]; dayColumn: string }) {
  const f = useChartFormat();
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = days.map((_, i) =>
    series.reduce((sum, s) => sum + Math.max(0, finite(s.values[i] ?? 0)), 0),
  );
  const x = scaleBand({
    domain: days.map((_, i) => i),
    range: [0, innerWidth],
    padding: days.length > 60 ? 0.05 : 0.2,
  });
  const y = scaleLinear({
    domain: [0, Math.max(1, ...totals)],
    range: [innerHeight, 0],
    nice: true,
  });
  const yOf = (v: number) => finite(y(finite(v)), innerHeight);
  const ticks = tickIndexes(days.length, 6);
  // Edges would eat bars thinner than a few units: leave them out then.
  const edge = x.bandwidth() > 4 ? 1 : 0;
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={HEIGHT}
      legend={series.map((s) => ({ label: s.label, swatch: s.swatch }))}
      table={daysTable(f, days, dayColumn, series)}
    >
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        {y.ticks(4).map((tick) => (
          <line
            key={tick}
            x1={0}
            x2={innerWidth}
            y1={px(yOf(tick))}
            y2={px(yOf(tick))}
            stroke={GRID}
          />
        ))}
        {days.map((day, i) => {
          let base = 0;
          const left = px(finite(x(i) ?? 0));
          return (
            <g key={day}>
              {series.map((s) => {
                const value = Math.max(0, finite(s.values[i] ?? 0));
                if (value === 0) return null;
                const top = yOf(base + value);
                const height = yOf(base) - top;
                base += value;
                return (
                  <rect
                    key={s.key}
                    x={left}
                    y={px(top)}
                    width={px(x.bandwidth())}
                    height={px(height)}
                    fill={s.swatch.fill}
                    stroke="#ffffff"
                    strokeWidth={edge}
                  />
                );
              })}
            </g>
          );
        })}
        <DayAxes x={x} y={y} days={days} ticks={ticks} innerHeight={innerHeight} />
      </g>
    </ChartFrame>
  );
}
