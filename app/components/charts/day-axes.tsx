// The axes and the data table of a chart over days (activity, sentiment per day): counts on the left, a few days
// along the bottom, in the reader's format.
import { AxisBottom, AxisLeft, type SharedAxisProps } from '@visx/axis';
import type { AxisScale } from '@visx/axis';
import { INK, SMALL_FONT_SIZE } from './palette';
import { useChartFormat, type ChartTable } from './chart-frame';

const LABEL = { fill: INK, fontSize: SMALL_FONT_SIZE, fontFamily: 'inherit' } as const;

export function DayAxes({
  x,
  y,
  days,
  ticks,
  innerHeight,
}: {
  x: SharedAxisProps<AxisScale>['scale'];
  y: SharedAxisProps<AxisScale>['scale'];
  days: string[];
  /** The indexes of the days labelled. */
  ticks: number[];
  innerHeight: number;
}) {
  const f = useChartFormat();
  return (
    <>
      <AxisLeft
        scale={y}
        numTicks={4}
        tickFormat={(v) => f.number(Number(v))}
        stroke={INK}
        tickStroke={INK}
        tickLabelProps={LABEL}
      />
      <AxisBottom
        top={innerHeight}
        scale={x}
        tickValues={ticks}
        tickFormat={(i) => f.day(days[Number(i)] ?? '')}
        stroke={INK}
        tickStroke={INK}
        tickLabelProps={LABEL}
      />
    </>
  );
}

/** The data table behind a chart over days: one row per day, one column per series. */
export function daysTable(
  f: ReturnType<typeof useChartFormat>,
  days: string[],
  dayColumn: string,
  series: { label: string; values: number[] }[],
): ChartTable {
  return {
    columns: [{ label: dayColumn }, ...series.map((s) => ({ label: s.label, numeric: true }))],
    rows: days.map((day, i) => ({
      key: day,
      cells: [f.longDay(day), ...series.map((s) => f.number(s.values[i] ?? 0))],
    })),
  };
}
