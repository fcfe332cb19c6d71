// GET /brands/:slug/insights/export.csv?table=<table>&from&to&challenge: one table of the dashboard
// as CSV, for the brand's team (the same checks and parameters as the page; anything wrong is a
// 4xx with a message). Column names in the reader's language; the funnel's steps too.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { insightsCsv } from '#app/domain/insights/csv.server';
import { insightsExport } from '#app/domain/insights/page.server';
import { getTranslator } from '#app/i18n/translator';
import { requireViewerOrRedirect, runLoader } from '#app/utils/http.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const { brand, table, period, rows } = await insightsExport(
      context.db,
      viewer,
      params.slug ?? '',
      new URL(request.url).searchParams,
      context.clock.now(),
    );
    const slug = brand.slug.replace(/[^a-z0-9-]/gi, '');
    return new Response(insightsCsv(rows, table, getTranslator(context.locale)), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="insights-${slug}-${table}-${period.from}-${period.to}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
