// /brands/:slug/insights (issue 16, item 4): the brand's dashboard — funnel, activity, sentiment,
// words, tags, influential participants, when people act and the top challenges — for a period and
// for all its challenges or one (`?from&to&challenge`). Its team only; a visitor signs in first,
// anyone else gets a 403. Refused parameters give a 400 with the form and the reason. The charts
// are SVG drawn in the server render, so the page needs no script.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useChartFormat } from '#app/components/charts/chart-frame';
import { useContentLang } from '#app/components/challenge-card';
import { loadInsightsPage } from '#app/domain/insights/page.server';
import type { InsightTable } from '#app/domain/insights/types';
import { metaTranslator } from '#app/utils/meta';
import { errorTranslator, requireViewerOrRedirect, runLoader } from '#app/utils/http.server';
import { PeriodForm } from './period-form';
import { Dashboard } from './sections';

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  const t = metaTranslator(matches);
  if (!page) return [{ title: t('insights.meta.fallback') }];
  return [
    {
      title: page.challenge
        ? t('insights.meta.challengeTitle', {
            brand: page.brand.name,
            challenge: page.challenge.title,
          })
        : t('insights.meta.title', { brand: page.brand.name }),
    },
  ];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const page = await loadInsightsPage(
      context.db,
      viewer,
      params.slug ?? '',
      new URL(request.url).searchParams,
      { now: context.clock.now(), t: errorTranslator(context) },
    );
    return data(page, { status: page.error ? 400 : 200 });
  });
}

export default function InsightsPage() {
  const page = useLoaderData<typeof loader>();
  const t = useTranslations();
  const f = useChartFormat();
  const challengeLang = useContentLang(page.challenge?.language);
  const base = `/brands/${page.brand.slug}/insights`;
  const csv = (table: InsightTable) => {
    const query = new URLSearchParams({ table, from: page.values.from, to: page.values.to });
    if (page.values.challenge) query.set('challenge', page.values.challenge);
    return `${base}/export.csv?${query}`;
  };
  const dashboardOf = (slug: string) =>
    `${base}?${new URLSearchParams({ from: page.values.from, to: page.values.to, challenge: slug })}`;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${page.brand.slug}`}>{page.brand.name}</Link>
          </p>
          <h1>{t('insights.page.title')}</h1>
          <p className="muted">{t('insights.page.intro', { brand: page.brand.name })}</p>
          {page.insights ? (
            <p>
              {page.challenge ? (
                <>
                  {t('insights.page.showingChallenge', {
                    from: f.longDay(page.insights.period.from),
                    to: f.longDay(page.insights.period.to),
                  })}{' '}
                  <Link to={`/challenges/${page.challenge.slug}`} lang={challengeLang}>
                    {page.challenge.title}
                  </Link>
                </>
              ) : (
                t('insights.page.showing', {
                  from: f.longDay(page.insights.period.from),
                  to: f.longDay(page.insights.period.to),
                })
              )}
            </p>
          ) : null}
        </div>
      </div>
      <PeriodForm
        values={page.values}
        today={page.today}
        challenges={page.challenges}
        error={page.error}
        base={base}
      />
      {page.insights ? (
        <Dashboard
          insights={page.insights}
          brand={page.brand}
          csv={csv}
          dashboardOf={dashboardOf}
        />
      ) : null}
    </>
  );
}
