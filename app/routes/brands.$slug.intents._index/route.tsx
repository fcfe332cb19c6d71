// /brands/:slug/intents (issue 17, item 2): the intents addressed to the brand, for its owner and
// managers — filtered by tag, place, dates and budget, ordered by fit with the brand's tags, each
// author shown only as far as they consented to this brand. A visitor signs in first, anyone else
// is refused as on the community page. Refused filters give a 400 with the form and the reason.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { useId } from 'react';
import { useTranslations } from 'use-intl';
import { Pagination } from '#app/components/ui';
import { issueFieldMessages, issueMessage, renderFieldErrors } from '#app/domain/core/errors';
import { logHorizon } from '#app/domain/events/log.server';
import { brandIntents } from '#app/domain/intents/queries.server';
import { brandIntentsQuerySchema, type BrandIntentsQuery } from '#app/domain/intents/schema';
import { metaTranslator } from '#app/utils/meta';
import { errorTranslator, requireViewerOrRedirect, runLoader } from '#app/utils/http.server';
import { FILTER_KEYS, IntentFilterForm, type FilterValues } from './filter-form';
import { LiveAnnouncement, useBrandIntentsLive } from './intent-parts';
import { IntentList } from './intent-list';

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: page
        ? t('brandIntents.meta.listTitle', { brand: page.brand.name })
        : t('brandIntents.meta.listFallback'),
    },
  ];
};

const NO_FILTER: BrandIntentsQuery = {
  tag: null,
  place: null,
  from: null,
  to: null,
  budget: null,
  page: 1,
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    // Read before the data: anything after it reaches the page live.
    const cursor = await logHorizon(context.db);
    const search = new URL(request.url).searchParams;
    // What was typed, to show in the form again (never longer than a field holds).
    const values = Object.fromEntries(
      FILTER_KEYS.map((key) => [key, (search.get(key) ?? '').slice(0, 200)]),
    ) as FilterValues;
    const parsed = brandIntentsQuerySchema.safeParse(Object.fromEntries(search));
    const query = parsed.success ? parsed.data : NO_FILTER;
    // Membership is checked first, whatever the filters: others learn nothing from their messages.
    const result = await brandIntents(context.db, {
      actor: viewer,
      brandSlug: params.slug ?? '',
      query,
      clock: context.clock,
    });
    const page = {
      brand: result.brand,
      cursor,
      values,
      filtered: FILTER_KEYS.some((key) => query[key] !== null),
      items: result.items.map((item) => ({
        ...item,
        intent: {
          ...item.intent,
          publishedAt: iso(item.intent.publishedAt),
          expiresAt: iso(item.intent.expiresAt)!,
        },
      })),
      page: result.page,
      pageCount: result.pageCount,
      total: result.total,
      error: null as null | { message: string; fieldErrors?: Record<string, string[] | undefined> },
    };
    if (parsed.success) return page;
    const t = errorTranslator(context);
    const first = issueMessage(parsed.error.issues[0]!);
    return data(
      {
        ...page,
        items: [],
        total: 0,
        pageCount: 1,
        filtered: true,
        error: {
          message: t(first.key, first.values),
          fieldErrors: renderFieldErrors(t, issueFieldMessages(parsed.error)),
        },
      },
      { status: 400 },
    );
  });
}

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : value;

export default function BrandIntentsPage() {
  const page = useLoaderData<typeof loader>();
  const { brand } = page;
  const t = useTranslations();
  const location = useLocation();
  const heading = useId();
  const said = useBrandIntentsLive(brand.id, page.cursor, null);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link>
          </p>
          <h1>{t('brandIntents.list.title')}</h1>
          <p className="muted">{t('brandIntents.list.intro', { brand: brand.name })}</p>
        </div>
      </div>
      <IntentFilterForm values={page.values} error={page.error} />
      <LiveAnnouncement messageKey={said} />
      <section aria-labelledby={heading} className="section">
        <div className="section-head">
          <h2 id={heading}>{t('brandIntents.list.heading')}</h2>
          {page.total > 0 ? (
            <p className="muted">
              {page.filtered
                ? t('brandIntents.list.countFiltered', { count: page.total })
                : t('brandIntents.list.count', { count: page.total })}
            </p>
          ) : null}
        </div>
        <IntentList
          items={page.items}
          brand={brand}
          total={page.total}
          filtered={page.filtered}
          refused={page.error !== null}
        />
        <Pagination page={page.page} pageCount={page.pageCount} search={location.search} />
      </section>
    </>
  );
}
