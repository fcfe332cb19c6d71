// The dashboard's sections, one card each: the funnel, activity, sentiment, words, tags, influential
// participants, when people act and the top challenges. Each states its own empty case, so a brand
// with no activity yet sees why a card is blank rather than a flat chart.
import { Link } from '@remix-run/react';
import { useId, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { BarList } from '#app/components/charts/bar-list';
import { CsvLink, useChartFormat } from '#app/components/charts/chart-frame';
import { FunnelChart } from '#app/components/charts/funnel-chart';
import { HeatMap } from '#app/components/charts/heat-map';
import { SENTIMENT } from '#app/components/charts/palette';
import { ShareBar } from '#app/components/charts/share-bar';
import { StackedBarsChart } from '#app/components/charts/stacked-bars-chart';
import { TimeSeriesChart } from '#app/components/charts/time-series-chart';
import { useContentLang } from '#app/components/challenge-card';
import { EmptyState } from '#app/components/ui';
import type { InsightTable, Insights } from '#app/domain/insights/types';

const LANGUAGES = ['en', 'es', 'it'] as const;
const LANGUAGE_KEYS = {
  en: 'insights.terms.language.en',
  es: 'insights.terms.language.es',
  it: 'insights.terms.language.it',
} as const;

type CsvHref = (table: InsightTable) => string;

function Card({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  const heading = useId();
  return (
    <section
      className={`card insights-card${wide ? ' insights-card--wide' : ''}`}
      aria-labelledby={heading}
    >
      <h2 id={heading}>{title}</h2>
      {children}
    </section>
  );
}

/** The day with most of `total(day)`, or null when every day is zero. */
function busiest<T extends { day: string }>(days: T[], total: (d: T) => number) {
  let best: { day: string; n: number } | null = null;
  for (const d of days) {
    const n = total(d);
    if (n > 0 && (!best || n > best.n)) best = { day: d.day, n };
  }
  return best;
}

function FunnelSection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  const f = useChartFormat();
  const { funnel, period } = insights;
  const steps = [
    { key: 'visitors', label: t('insights.funnel.visitors'), value: funnel.visitors },
    { key: 'participants', label: t('insights.funnel.participants'), value: funnel.participants },
    { key: 'ideas', label: t('insights.funnel.ideas'), value: funnel.ideas },
    { key: 'votes', label: t('insights.funnel.votes'), value: funnel.votes },
    { key: 'shortlisted', label: t('insights.funnel.shortlisted'), value: funnel.shortlisted },
    { key: 'winners', label: t('insights.funnel.winners'), value: funnel.winners },
  ];
  return (
    <Card title={t('insights.funnel.title')}>
      <FunnelChart
        title={t('insights.funnel.title')}
        description={t('insights.funnel.description', {
          from: f.longDay(period.from),
          to: f.longDay(period.to),
          visitors: funnel.visitors,
          participants: funnel.participants,
          ideas: funnel.ideas,
          votes: funnel.votes,
          shortlisted: funnel.shortlisted,
          winners: funnel.winners,
        })}
        csvHref={csv('funnel')}
        steps={steps}
        columns={{
          step: t('insights.funnel.step'),
          value: t('insights.funnel.count'),
          conversion: t('insights.funnel.conversion'),
        }}
      />
      <p className="hint">{t('insights.funnel.note')}</p>
    </Card>
  );
}

function ActivitySection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  const f = useChartFormat();
  const { activity, period } = insights;
  const sum = (key: 'ideas' | 'votes' | 'comments') => activity.reduce((n, d) => n + d[key], 0);
  const top = busiest(activity, (d) => d.ideas + d.votes + d.comments);
  return (
    <Card title={t('insights.activity.title')} wide>
      {top ? (
        <TimeSeriesChart
          title={t('insights.activity.title')}
          description={t('insights.activity.description', {
            from: f.longDay(period.from),
            to: f.longDay(period.to),
            ideas: sum('ideas'),
            votes: sum('votes'),
            comments: sum('comments'),
            day: f.longDay(top.day),
            actions: top.n,
          })}
          csvHref={csv('activity')}
          days={activity.map((d) => d.day)}
          dayColumn={t('insights.activity.day')}
          series={[
            {
              key: 'ideas',
              label: t('insights.activity.ideas'),
              values: activity.map((d) => d.ideas),
            },
            {
              key: 'votes',
              label: t('insights.activity.votes'),
              values: activity.map((d) => d.votes),
            },
            {
              key: 'comments',
              label: t('insights.activity.comments'),
              values: activity.map((d) => d.comments),
            },
          ]}
        />
      ) : (
        <EmptyState title={t('insights.activity.empty')} />
      )}
    </Card>
  );
}

function SentimentSection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  const f = useChartFormat();
  const { share, days, step } = insights.sentiment;
  const weekly = step === 'week';
  const total = share.positive + share.neutral + share.negative;
  const kinds = [
    { key: 'positive', label: t('insights.sentiment.positive'), swatch: SENTIMENT.positive },
    { key: 'neutral', label: t('insights.sentiment.neutral'), swatch: SENTIMENT.neutral },
    { key: 'negative', label: t('insights.sentiment.negative'), swatch: SENTIMENT.negative },
  ] as const;
  const top = busiest(days, (d) => d.positive + d.neutral + d.negative);
  return (
    <Card title={t('insights.sentiment.title')} wide>
      {total > 0 ? (
        <div className="insights-pair">
          <ShareBar
            title={t('insights.sentiment.shareTitle')}
            description={t('insights.sentiment.shareDescription', {
              total,
              positive: f.percent(share.positive / total),
              neutral: f.percent(share.neutral / total),
              negative: f.percent(share.negative / total),
            })}
            parts={kinds.map((k) => ({ ...k, value: share[k.key] }))}
            columns={{
              part: t('insights.sentiment.kind'),
              value: t('insights.sentiment.count'),
              share: t('insights.sentiment.share'),
            }}
          />
          <StackedBarsChart
            title={t(
              weekly ? 'insights.sentiment.trendTitleWeek' : 'insights.sentiment.trendTitle',
            )}
            description={t(
              weekly
                ? 'insights.sentiment.trendDescriptionWeek'
                : 'insights.sentiment.trendDescription',
              {
                from: f.longDay(insights.period.from),
                to: f.longDay(insights.period.to),
                day: f.longDay(top?.day ?? insights.period.to),
                count: top?.n ?? 0,
              },
            )}
            csvHref={csv('sentiment')}
            days={days.map((d) => d.day)}
            dayColumn={t(weekly ? 'insights.sentiment.week' : 'insights.activity.day')}
            series={kinds.map((k) => ({ ...k, values: days.map((d) => d[k.key]) }))}
          />
          <p className="hint">{t('insights.sentiment.note')}</p>
        </div>
      ) : (
        <EmptyState title={t('insights.sentiment.empty')} />
      )}
    </Card>
  );
}

function TermsSection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  return (
    <Card title={t('insights.terms.title')}>
      <p className="hint">{t('insights.terms.intro')}</p>
      {LANGUAGES.map((lang) => {
        const terms = insights.terms[lang];
        const language = t(LANGUAGE_KEYS[lang]);
        const title = t('insights.terms.listTitle', { language });
        return (
          <div key={lang} className="insights-terms">
            <h3>{title}</h3>
            {terms.length ? (
              <BarList
                title={title}
                description={t('insights.terms.description', {
                  language,
                  words: terms
                    .slice(0, 5)
                    .map((term) => term.word)
                    .join(', '),
                })}
                lang={lang}
                rows={terms.map((term) => ({ key: term.word, label: term.word, value: term.uses }))}
                columns={[
                  { label: t('insights.terms.word') },
                  { label: t('insights.terms.uses'), numeric: true },
                ]}
              />
            ) : (
              <p className="muted">{t('insights.terms.empty', { language })}</p>
            )}
          </div>
        );
      })}
      <CsvLink href={csv('terms')} name={t('insights.terms.title')} />
    </Card>
  );
}

function TagsSection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  const f = useChartFormat();
  const { tags } = insights;
  const change = (now: number, before: number) =>
    before > 0 ? f.percent((now - before) / before) : now > 0 ? t('insights.tags.new') : '—';
  return (
    <Card title={t('insights.tags.title')}>
      {tags.length ? (
        <BarList
          title={t('insights.tags.chartTitle')}
          description={t('insights.tags.description', {
            tags: tags
              .slice(0, 5)
              .map((tag) => `#${tag.tag}`)
              .join(', '),
          })}
          csvHref={csv('tags')}
          legend={{ current: t('insights.tags.current'), previous: t('insights.tags.previous') }}
          // Ranked by ideas and votes together, and drawn so: the bars agree with the order.
          rows={tags.map((tag) => {
            const now = tag.ideas + tag.votes;
            const before = tag.previousIdeas + tag.previousVotes;
            return {
              key: tag.tag,
              label: `#${tag.tag}`,
              value: now,
              previous: before,
              extra: [
                f.number(before),
                change(now, before),
                f.number(tag.ideas),
                f.number(tag.previousIdeas),
                f.number(tag.votes),
                f.number(tag.previousVotes),
              ],
            };
          })}
          columns={[
            { label: t('insights.tags.tag') },
            { label: t('insights.tags.total'), numeric: true },
            { label: t('insights.tags.previousTotal'), numeric: true },
            { label: t('insights.tags.change'), numeric: true },
            { label: t('insights.tags.ideas'), numeric: true },
            { label: t('insights.tags.previousIdeas'), numeric: true },
            { label: t('insights.tags.votes'), numeric: true },
            { label: t('insights.tags.previousVotes'), numeric: true },
          ]}
        />
      ) : (
        <EmptyState title={t('insights.tags.empty')} />
      )}
    </Card>
  );
}

function InfluencersSection({
  insights,
  csv,
  brand,
}: {
  insights: Insights;
  csv: CsvHref;
  brand: { slug: string; name: string };
}) {
  const t = useTranslations();
  const f = useChartFormat();
  const title = t('insights.influencers.title');
  return (
    <Card title={title}>
      {insights.influencers.length ? (
        <>
          <div className="table-scroll">
            <table className="chart-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('insights.influencers.person')}</th>
                  <th scope="col" className="num">
                    {t('insights.influencers.supporters')}
                  </th>
                  <th scope="col" className="num">
                    {t('insights.influencers.builds')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {insights.influencers.map((row, i) => (
                  <tr key={row.person?.handle ?? `anonymous-${i}`}>
                    <th scope="row">
                      {row.person ? (
                        <Link to={`/brands/${brand.slug}/community/${row.person.handle}`}>
                          {/* At "activity" consent the brand sees the handle only. */}
                          {row.person.displayName === row.person.handle ? (
                            <>@{row.person.handle}</>
                          ) : (
                            <>
                              {row.person.displayName}{' '}
                              <span className="muted">@{row.person.handle}</span>
                            </>
                          )}
                        </Link>
                      ) : (
                        <span className="muted">{t('insights.influencers.anonymous')}</span>
                      )}
                    </th>
                    <td className="num">{f.number(row.supporters)}</td>
                    <td className="num">{f.number(row.builds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CsvLink href={csv('influencers')} name={title} />
        </>
      ) : (
        <EmptyState title={t('insights.influencers.empty')} />
      )}
      <p className="hint">{t('insights.influencers.note', { brand: brand.name })}</p>
    </Card>
  );
}

function WhenSection({ insights, csv }: { insights: Insights; csv: CsvHref }) {
  const t = useTranslations();
  const f = useChartFormat();
  const top = insights.heatmap.reduce<(typeof insights.heatmap)[number] | null>(
    (best, c) => (c.actions > 0 && (!best || c.actions > best.actions) ? c : best),
    null,
  );
  return (
    <Card title={t('insights.when.title')} wide>
      {top ? (
        <HeatMap
          title={t('insights.when.heatTitle')}
          description={t('insights.when.heatDescription', {
            day: f.weekday(top.dow, 'long'),
            hour: f.hour(top.hour),
            actions: top.actions,
          })}
          csvHref={csv('heatmap')}
          cells={insights.heatmap}
          dayColumn={t('insights.when.weekday')}
        />
      ) : (
        <EmptyState title={t('insights.when.empty')} />
      )}
      <p className="hint">{t('insights.when.utc')}</p>
    </Card>
  );
}

function ChallengeTitle({ challenge }: { challenge: Insights['challenges'][number] }) {
  const lang = useContentLang(challenge.language);
  return (
    <Link to={`/challenges/${challenge.slug}`} lang={lang}>
      {challenge.title}
    </Link>
  );
}

function ChallengesSection({
  insights,
  csv,
  dashboardOf,
}: {
  insights: Insights;
  csv: CsvHref;
  dashboardOf: (slug: string) => string;
}) {
  const t = useTranslations();
  const f = useChartFormat();
  const title = t('insights.challenges.title');
  return (
    <Card title={title} wide>
      {insights.challenges.length ? (
        <>
          <div className="table-scroll">
            <table className="chart-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('insights.challenges.challenge')}</th>
                  <th scope="col" className="num">
                    {t('insights.challenges.ideas')}
                  </th>
                  <th scope="col" className="num">
                    {t('insights.challenges.votes')}
                  </th>
                  <th scope="col" className="num">
                    {t('insights.challenges.comments')}
                  </th>
                  <th scope="col" className="num">
                    {t('insights.challenges.participants')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('insights.challenges.dashboard')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {insights.challenges.map((c) => (
                  <tr key={c.slug}>
                    <th scope="row">
                      <ChallengeTitle challenge={c} />
                    </th>
                    <td className="num">{f.number(c.ideas)}</td>
                    <td className="num">{f.number(c.votes)}</td>
                    <td className="num">{f.number(c.comments)}</td>
                    <td className="num">{f.number(c.participants)}</td>
                    <td>
                      <Link to={dashboardOf(c.slug)}>
                        {t('insights.challenges.dashboardLink')}
                        <span className="visually-hidden">: {c.title}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CsvLink href={csv('challenges')} name={title} />
        </>
      ) : (
        <EmptyState title={t('insights.challenges.empty')} />
      )}
    </Card>
  );
}

export function Dashboard({
  insights,
  brand,
  csv,
  dashboardOf,
}: {
  insights: Insights;
  brand: { slug: string; name: string };
  csv: CsvHref;
  dashboardOf: (slug: string) => string;
}) {
  return (
    <div className="insights-grid">
      <FunnelSection insights={insights} csv={csv} />
      <TagsSection insights={insights} csv={csv} />
      <ActivitySection insights={insights} csv={csv} />
      <SentimentSection insights={insights} csv={csv} />
      <TermsSection insights={insights} csv={csv} />
      <InfluencersSection insights={insights} csv={csv} brand={brand} />
      <WhenSection insights={insights} csv={csv} />
      <ChallengesSection insights={insights} csv={csv} dashboardOf={dashboardOf} />
    </div>
  );
}
