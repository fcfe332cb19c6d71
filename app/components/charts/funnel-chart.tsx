// A funnel: one horizontal bar per step, its figure at the bar's end and, on the right, the share
// of the step before that reached it. Bars are scaled to the largest step, not the first, because
// later steps may outnumber earlier ones (one participant casts many votes).
import { scaleLinear } from '@visx/scale';
import { BAR, INK, SMALL_FONT_SIZE } from './palette';
import { ChartFrame, finite, px, useChartFormat, type ChartProps } from './chart-frame';

export type FunnelStep = { key: string; label: string; value: number };

export type FunnelColumns = { step: string; value: string; conversion: string };

// Drawn for a half-width card, so its labels stay readable there.
const WIDTH = 480;
const LABEL_WIDTH = 130;
const CONVERSION_WIDTH = 64;
const ROW = 40;
const BAR_HEIGHT = 24;
const TOP = 24;

/** value / previous, or null when there is no previous step or it was zero. */
export function conversion(value: number, previous: number | undefined): number | null {
  if (previous === undefined || !(previous > 0)) return null;
  return finite(value / previous);
}

export function FunnelChart({
  steps,
  columns,
  ...text
}: ChartProps & { steps: FunnelStep[]; columns: FunnelColumns }) {
  const f = useChartFormat();
  const barStart = LABEL_WIDTH + 8;
  // Room at the end of the longest bar for its figure.
  const barEnd = WIDTH - CONVERSION_WIDTH - 56;
  const max = Math.max(1, ...steps.map((s) => finite(s.value)));
  const x = scaleLinear({ domain: [0, max], range: [0, barEnd - barStart] });
  const rates = steps.map((s, i) => conversion(s.value, steps[i - 1]?.value));
  const height = TOP + steps.length * ROW + 8;
  const percentOrDash = (rate: number | null) => (rate === null ? '—' : f.percent(rate));
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={height}
      table={{
        columns: [
          { label: columns.step },
          { label: columns.value, numeric: true },
          { label: columns.conversion, numeric: true },
        ],
        rows: steps.map((s, i) => ({
          key: s.key,
          cells: [s.label, f.number(s.value), percentOrDash(rates[i] ?? null)],
        })),
      }}
    >
      <text x={WIDTH} y={14} textAnchor="end" fill={INK} fontSize={SMALL_FONT_SIZE}>
        {columns.conversion}
      </text>
      {steps.map((s, i) => {
        const y = TOP + i * ROW;
        const w = px(Math.max(finite(x(finite(s.value))), s.value > 0 ? 2 : 0));
        const rate = rates[i] ?? null;
        return (
          <g key={s.key}>
            <text x={0} y={px(y + BAR_HEIGHT / 2)} dy="0.35em" fill={INK}>
              {s.label}
            </text>
            <rect
              x={barStart}
              y={y}
              width={px(barEnd - barStart)}
              height={BAR_HEIGHT}
              fill="#f1f0f7"
              rx={3}
            />
            <rect x={barStart} y={y} width={w} height={BAR_HEIGHT} fill={BAR.fill} rx={3} />
            <text x={px(barStart + w + 6)} y={px(y + BAR_HEIGHT / 2)} dy="0.35em" fill={INK}>
              <tspan fontWeight="600">{f.number(s.value)}</tspan>
            </text>
            {i > 0 ? (
              <text x={WIDTH} y={px(y + BAR_HEIGHT / 2)} dy="0.35em" textAnchor="end" fill={INK}>
                {percentOrDash(rate)}
              </text>
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}
