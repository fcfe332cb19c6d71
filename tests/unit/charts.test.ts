// The dashboard's chart components rendered to static markup, as the server renders them: each is
// one accessible image (role="img", a <title> and a <desc>), with its data table and CSV link, and
// never writes NaN or Infinity into the SVG — with sample data and with none at all.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import { BarList } from '#app/components/charts/bar-list';
import { FunnelChart, conversion } from '#app/components/charts/funnel-chart';
import { HeatMap, heatStep } from '#app/components/charts/heat-map';
import { SENTIMENT } from '#app/components/charts/palette';
import { ShareBar } from '#app/components/charts/share-bar';
import { StackedBarsChart } from '#app/components/charts/stacked-bars-chart';
import { TimeSeriesChart, tickIndexes } from '#app/components/charts/time-series-chart';
import type { Locale } from '#app/i18n/locales';
import { messagesFor } from '#app/i18n/messages';

function render(element: ReactElement, locale: Locale = 'en') {
  return renderToStaticMarkup(
    createElement(IntlProvider, {
      locale,
      messages: messagesFor(locale),
      timeZone: 'UTC',
      children: element,
    }),
  );
}

const text = (title: string) => ({
  title,
  description: `${title}: a sentence about the data.`,
  csvHref: `/brands/b/insights/export.csv?table=${encodeURIComponent(title)}`,
});

/** The checks every chart must pass. */
function expectAccessibleChart(html: string, title: string) {
  expect(html).toMatch(/<svg[^>]* role="img"/);
  const labelled = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
  const described = /aria-describedby="([^"]+)"/.exec(html)?.[1];
  expect(html).toContain(`<title id="${labelled}">${title}</title>`);
  expect(html).toContain(`<desc id="${described}">${title}: a sentence about the data.</desc>`);
  expect(html).toMatch(/viewBox="0 0 (480|640) \d+"/);
  expect(html).not.toMatch(/NaN|Infinity|undefined/);
  expect(html).toContain('<table');
  expect(html).toContain('Show the data');
  expect(html).toContain('Download CSV');
}

const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];

describe('FunnelChart', () => {
  const columns = { step: 'Step', value: 'Count', conversion: 'Of previous step' };
  const steps = [
    { key: 'visitors', label: 'Unique visitors', value: 1200 },
    { key: 'participants', label: 'Participants', value: 300 },
    { key: 'ideas', label: 'Ideas', value: 90 },
    { key: 'winners', label: 'Winners', value: 0 },
  ];

  it('draws a bar per step with its figure and the conversion from the step before', () => {
    const html = render(createElement(FunnelChart, { ...text('Funnel'), steps, columns }));
    expectAccessibleChart(html, 'Funnel');
    expect(html).toContain('1,200');
    expect(html).toContain('25%'); // 300 of 1,200
    expect(html).toContain('30%'); // 90 of 300
    expect(html).toContain('<th scope="row">Participants</th>');
  });

  it('formats figures for the locale', () => {
    const html = render(createElement(FunnelChart, { ...text('Embudo'), steps, columns }), 'es');
    expect(html).toContain('1200'); // Spanish groups thousands only from five digits
    expect(html).toMatch(/25\s?%/);
  });

  it('draws zeros without dividing by them', () => {
    const zero = steps.map((s) => ({ ...s, value: 0 }));
    const html = render(createElement(FunnelChart, { ...text('Funnel'), steps: zero, columns }));
    expectAccessibleChart(html, 'Funnel');
    expect(html).toContain('—');
    expect(conversion(5, 0)).toBeNull();
    expect(conversion(5, undefined)).toBeNull();
    expect(conversion(3, 4)).toBe(0.75);
  });
});

describe('TimeSeriesChart', () => {
  const series = [
    { key: 'ideas', label: 'Ideas', values: [1, 4, 0, 2] },
    { key: 'votes', label: 'Votes', values: [10, 30, 5, 0] },
    { key: 'comments', label: 'Comments', values: [0, 2, 3, 1] },
  ];

  it('draws a line and markers per series, with a legend and localised days', () => {
    const html = render(
      createElement(TimeSeriesChart, { ...text('Activity'), days: DAYS, series, dayColumn: 'Day' }),
    );
    expectAccessibleChart(html, 'Activity');
    expect(html.match(/class="visx-linepath"/g)).toHaveLength(3);
    expect(html).toContain('chart-legend');
    expect(html).toContain('Mar 2'); // an axis tick
    expect(html).toContain('Mar 3, 2026'); // a table row
    expect(html).toContain('stroke-dasharray="7 4"');
  });

  it('renders no days and a single day without NaN', () => {
    for (const days of [[], ['2026-03-01']]) {
      const html = render(
        createElement(TimeSeriesChart, {
          ...text('Activity'),
          days,
          series: series.map((s) => ({ ...s, values: days.map(() => 0) })),
          dayColumn: 'Day',
        }),
      );
      expectAccessibleChart(html, 'Activity');
    }
  });

  it('spreads at most the asked number of ticks, first and last included', () => {
    expect(tickIndexes(0, 6)).toEqual([]);
    expect(tickIndexes(3, 6)).toEqual([0, 1, 2]);
    const ticks = tickIndexes(365, 6);
    expect(ticks).toHaveLength(6);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBe(364);
  });
});

const kinds = [
  { key: 'positive', label: 'Positive', swatch: SENTIMENT.positive },
  { key: 'neutral', label: 'Neutral', swatch: SENTIMENT.neutral },
  { key: 'negative', label: 'Negative', swatch: SENTIMENT.negative },
];

describe('ShareBar', () => {
  const columns = { part: 'Tone', value: 'Count', share: 'Share' };

  it('shares the whole out, with percentages on the bar and in the legend', () => {
    const parts = kinds.map((k, i) => ({ ...k, value: [6, 3, 1][i]! }));
    const html = render(createElement(ShareBar, { ...text('Tone'), parts, columns }));
    expectAccessibleChart(html, 'Tone');
    expect(html).toContain('60%');
    expect(html).toContain('Positive: 60% (6)');
    expect(html).toContain('Negative: 10% (1)');
  });

  it('draws an empty bar when there is nothing', () => {
    const parts = kinds.map((k) => ({ ...k, value: 0 }));
    const html = render(createElement(ShareBar, { ...text('Tone'), parts, columns }));
    expectAccessibleChart(html, 'Tone');
    expect(html).toContain('Positive: 0% (0)');
  });
});

describe('StackedBarsChart', () => {
  it('stacks the parts of each day', () => {
    const series = kinds.map((k, i) => ({ ...k, values: DAYS.map((_, d) => (d + i) % 3) }));
    const html = render(
      createElement(StackedBarsChart, {
        ...text('Tone per day'),
        days: DAYS,
        series,
        dayColumn: 'Day',
      }),
    );
    expectAccessibleChart(html, 'Tone per day');
    expect(html).toContain(`fill="${SENTIMENT.negative.fill}"`);
  });

  it('renders no days and all-zero days', () => {
    for (const days of [[], DAYS]) {
      const series = kinds.map((k) => ({ ...k, values: days.map(() => 0) }));
      const html = render(
        createElement(StackedBarsChart, {
          ...text('Tone per day'),
          days,
          series,
          dayColumn: 'Day',
        }),
      );
      expectAccessibleChart(html, 'Tone per day');
    }
  });
});

describe('HeatMap', () => {
  const cells = (actions: (dow: number, hour: number) => number) =>
    Array.from({ length: 168 }, (_, i) => ({
      dow: Math.floor(i / 24),
      hour: i % 24,
      actions: actions(Math.floor(i / 24), i % 24),
    }));

  it('shades 168 cells and labels weekdays and hours for the locale', () => {
    const html = render(
      createElement(HeatMap, {
        ...text('When'),
        cells: cells((dow, hour) => (dow === 2 && hour === 14 ? 12 : hour % 5)),
        dayColumn: 'Weekday',
      }),
    );
    expectAccessibleChart(html, 'When');
    expect(html.match(/<rect /g)!.length).toBeGreaterThanOrEqual(168);
    expect(html).toContain('>Mon<');
    expect(html).toContain('Wednesday');
    expect(html).toContain('2 PM');
    const it = render(
      createElement(HeatMap, { ...text('Quando'), cells: cells(() => 1), dayColumn: 'Giorno' }),
      'it',
    );
    expect(it).toContain('lunedì');
  });

  it('renders an empty week', () => {
    const html = render(
      createElement(HeatMap, { ...text('When'), cells: cells(() => 0), dayColumn: 'Weekday' }),
    );
    expectAccessibleChart(html, 'When');
    expect(
      render(createElement(HeatMap, { ...text('When'), cells: [], dayColumn: 'W' })),
    ).not.toMatch(/NaN/);
  });

  it('steps shades by quarters of the busiest cell', () => {
    expect(heatStep(0, 10)).toBe(0);
    expect(heatStep(1, 10)).toBe(1);
    expect(heatStep(5, 10)).toBe(2);
    expect(heatStep(10, 10)).toBe(4);
    expect(heatStep(3, 0)).toBe(0);
  });
});

describe('BarList', () => {
  const columns = [{ label: 'Word' }, { label: 'Uses', numeric: true }];

  it('draws one bar per row, marking the language of the words', () => {
    const rows = ['agua', 'energía', 'ciudad'].map((w, i) => ({
      key: w,
      label: w,
      value: 9 - i * 3,
    }));
    const html = render(createElement(BarList, { ...text('Words'), rows, columns, lang: 'es' }));
    expectAccessibleChart(html, 'Words');
    expect(html).toContain('lang="es"');
    expect(html).toContain('energía');
  });

  it('draws the previous period under each bar, with a legend', () => {
    const rows = [
      { key: 'solar', label: '#solar', value: 4, previous: 2, extra: ['2'] },
      { key: 'agua', label: '#agua', value: 1, previous: 0, extra: ['0'] },
    ];
    const html = render(
      createElement(BarList, {
        ...text('Tags'),
        rows,
        columns: [...columns, { label: 'Before', numeric: true }],
        legend: { current: 'This period', previous: 'Period before' },
      }),
    );
    expectAccessibleChart(html, 'Tags');
    expect(html).toContain('Period before');
  });

  it('cuts long labels on the chart but not in the table, and renders no rows', () => {
    const long = 'a'.repeat(60);
    const html = render(
      createElement(BarList, {
        ...text('Words'),
        rows: [{ key: long, label: long, value: 1 }],
        columns,
      }),
    );
    expect(html).toContain('…');
    expect(html).toContain(`<th scope="row">${long}</th>`);
    const empty = render(createElement(BarList, { ...text('Words'), rows: [], columns }));
    expectAccessibleChart(empty, 'Words');
    expect(empty).toContain('Nothing in this period.');
  });

  it('escapes what people wrote', () => {
    const label = '<script>alert(1)</script>';
    const html = render(
      createElement(BarList, { ...text('Words'), rows: [{ key: 'x', label, value: 1 }], columns }),
    );
    expect(html).not.toContain('<script>');
  });
});
