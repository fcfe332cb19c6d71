// Shares of a whole as one 100% bar (the sentiment of ideas and comments): each part's percentage is
// written on it when it is wide enough, in the colour that reads on it, and always in the legend.
import { INK, SMALL_FONT_SIZE, type Swatch } from './palette';
import { ChartFrame, finite, px, useChartFormat, type ChartProps } from './chart-frame';

export type SharePart = { key: string; label: string; value: number; swatch: Swatch };

export type ShareColumns = { part: string; value: string; share: string };

const WIDTH = 640;
const BAR_TOP = 8;
const BAR_HEIGHT = 40;
/** Narrower than this, a part's percentage goes unwritten on the bar (it is in the legend). */
const MIN_LABELLED = 44;

export function ShareBar({
  parts,
  columns,
  ...text
}: ChartProps & { parts: SharePart[]; columns: ShareColumns }) {
  const f = useChartFormat();
  const total = parts.reduce((sum, p) => sum + Math.max(0, finite(p.value)), 0);
  const share = (p: SharePart) => (total > 0 ? Math.max(0, finite(p.value)) / total : 0);
  let x = 0;
  const segments = parts.map((p) => {
    const width = share(p) * WIDTH;
    const segment = { part: p, x, width };
    x += width;
    return segment;
  });
  return (
    <ChartFrame
      {...text}
      width={WIDTH}
      height={BAR_TOP + BAR_HEIGHT + 8}
      legend={parts.map((p) => ({
        label: `${p.label}: ${f.percent(share(p))} (${f.number(p.value)})`,
        swatch: p.swatch,
      }))}
      table={{
        columns: [
          { label: columns.part },
          { label: columns.value, numeric: true },
          { label: columns.share, numeric: true },
        ],
        rows: parts.map((p) => ({
          key: p.key,
          cells: [p.label, f.number(p.value), f.percent(share(p))],
        })),
      }}
    >
      {/* The empty bar, seen when there is nothing to share out. */}
      <rect
        x={0}
        y={BAR_TOP}
        width={WIDTH}
        height={BAR_HEIGHT}
        fill="#f1f0f7"
        stroke="#cfcde0"
        rx={4}
      />
      {segments.map(({ part, x: left, width }) =>
        width > 0 ? (
          <g key={part.key}>
            <rect
              x={px(left)}
              y={BAR_TOP}
              width={px(width)}
              height={BAR_HEIGHT}
              fill={part.swatch.fill}
              stroke="#ffffff"
              strokeWidth={1.5}
            />
            {width >= MIN_LABELLED ? (
              <text
                x={px(left + width / 2)}
                y={BAR_TOP + BAR_HEIGHT / 2}
                dy="0.35em"
                textAnchor="middle"
                fill={part.swatch.text}
                fontWeight="600"
              >
                {f.percent(share(part))}
              </text>
            ) : null}
          </g>
        ) : null,
      )}
      {total === 0 ? (
        <text
          x={WIDTH / 2}
          y={BAR_TOP + BAR_HEIGHT / 2}
          dy="0.35em"
          textAnchor="middle"
          fill={INK}
          fontSize={SMALL_FONT_SIZE}
        >
          {f.number(0)}
        </text>
      ) : null}
    </ChartFrame>
  );
}
