// When people act: a grid of the seven weekdays by the 24 hours, each cell shaded by how many
// actions fell in it. Five steps of one hue, pale to dark, so the order reads in greyscale too;
// the legend gives each step's range and the table every cell's figure.
import { HEAT, INK, SMALL_FONT_SIZE } from './palette';
import { ChartFrame, finite, px, useChartFormat, type ChartProps } from './chart-frame';

export type HeatCellData = { dow: number; hour: number; actions: number };

const WIDTH = 640;
const LEFT = 52;
const TOP = 22;
const CELL_HEIGHT = 26;
const GAP = 2;

/** The shade step of `value` out of `max`: 0 for none, then 1–4 by quarters of the maximum. */
export function heatStep(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.min(HEAT.length - 1, Math.max(1, Math.ceil((value / max) * (HEAT.length - 1))));
}

export function HeatMap({
  cells,
  dayColumn,
  ...text
}: ChartProps & { cells: HeatCellData[]; dayColumn: string }) {
  const f = useChartFormat();
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const c of cells)
    if (c.dow >= 0 && c.dow < 7 && c.hour >= 0 && c.hour < 24)
      grid[c.dow]![c.hour] = Math.max(0, finite(c.actions));
  const max = Math.max(0, ...grid.flat());
  const cellWidth = (WIDTH - LEFT) / 24;
  const steps = HEAT.length - 1;
  // Each step's range of whole actions, e.g. "1–3"; steps too narrow to hold a whole number drop out.
  const legend = [{ label: f.number(0), swatch: HEAT[0]! }];
  let low = 1;
  for (let step = 1; step <= steps && max > 0; step++) {
    const high = step === steps ? max : Math.floor((max * step) / steps);
    if (high < low) continue;
    legend.push({
      label: high === low ? f.number(low) : `${f.number(low)}–${f.number(high)}`,
      swatch: HEAT[heatStep(high, max)]!,
    });
    low = high + 1;
  }
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={TOP + 7 * CELL_HEIGHT + 4}
      legend={legend}
      table={{
        columns: [
          { label: dayColumn },
          ...Array.from({ length: 24 }, (_, h) => ({ label: f.hour(h), numeric: true })),
        ],
        rows: grid.map((hours, dow) => ({
          key: String(dow),
          cells: [f.weekday(dow, 'long'), ...hours.map((n) => f.number(n))],
        })),
      }}
    >
      {Array.from({ length: 8 }, (_, i) => i * 3).map((h) => (
        <text
          key={h}
          x={px(LEFT + h * cellWidth + cellWidth / 2)}
          y={12}
          textAnchor="middle"
          fill={INK}
          fontSize={SMALL_FONT_SIZE}
        >
          {f.hour(h)}
        </text>
      ))}
      {grid.map((hours, dow) => (
        <g key={dow}>
          <text
            x={LEFT - 8}
            y={px(TOP + dow * CELL_HEIGHT + CELL_HEIGHT / 2)}
            dy="0.35em"
            textAnchor="end"
            fill={INK}
          >
            {f.weekday(dow)}
          </text>
          {hours.map((n, h) => (
            <rect
              key={h}
              x={px(LEFT + h * cellWidth)}
              y={TOP + dow * CELL_HEIGHT}
              width={px(cellWidth - GAP)}
              height={CELL_HEIGHT - GAP}
              rx={2}
              fill={HEAT[heatStep(n, max)]!.fill}
            />
          ))}
        </g>
      ))}
    </ChartFrame>
  );
}
