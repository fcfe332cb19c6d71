// /me: the signed-in person's own page, "My relationships" (issue 14 item 1). Private: a visitor is
// sent to sign in, and the page takes no user id — it only ever shows the viewer's own data. The
// summary (reputation, badges, rewards, interests), one card per brand with the consent given to it
// (the form posts to /consent and comes back here), the timeline filtered by kind and brand
// (?kind=&brand=&after=), then "My data" and "Delete my account".
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { BrandCards } from '#app/components/relationships/brand-cards';
import { RelationshipSummary } from '#app/components/relationships/summary';
import { Timeline } from '#app/components/relationships/timeline';
import { myRelationships } from '#app/domain/crm/relationships.server';
import { timelineQuerySchema } from '#app/domain/crm/timeline';
import { PRIVILEGES } from '#app/domain/reputation/rules';
import { getTranslator } from '#app/i18n/translator';
import { requireViewerOrRedirect } from '#app/utils/http.server';
import { MyDataSection } from '#app/components/my-data-section';
import { DeleteAccountSection } from '#app/components/delete-account-section';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

/** What a bad query parameter is told, by parameter. */
const QUERY_ERRORS = {
  kind: 'relationships.errors.kind',
  brand: 'relationships.errors.brand',
  after: 'errors.page.cursor',
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const t = getTranslator(context.locale);
  const parsed = timelineQuerySchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'after') as keyof typeof QUERY_ERRORS;
    throw data({ message: t(QUERY_ERRORS[field] ?? QUERY_ERRORS.after) }, { status: 400 });
  }
  const result = await myRelationships(context.db, {
    userId: viewer.id,
    now: context.clock.now(),
    query: parsed.data,
  });
  if (result.status === 'unknownBrand')
    throw data({ message: t('relationships.errors.brand') }, { status: 400 });
  const { status: _status, ...page } = result;
  return {
    title: t('consent.me.metaTitle'),
    handle: viewer.handle,
    // 500 reputation opens the light review queue (issue 15).
    reviewer: page.summary.reputation.reputation >= PRIVILEGES.reviewQueue,
    filters: { kind: parsed.data.kind, brand: parsed.data.brand },
    ...page,
  };
}

export default function MyPage() {
  const { handle, reviewer, summary, brands, filterBrands, filters, timeline } =
    useLoaderData<typeof loader>();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('consent.me.heading')}</h1>
          <p className="muted">{t('consent.me.intro')}</p>
        </div>
        <Link to={`/u/${handle}`} className="button button--ghost">
          {t('relationships.publicProfile')}
        </Link>
        <Link to="/intents" className="button button--ghost">
          {t('intents.me.link')}
        </Link>
        {reviewer ? (
          <Link to="/moderation" className="button button--ghost" title={t('queue.links.meHint')}>
            {t('queue.links.me')}
          </Link>
        ) : null}
      </div>
      <RelationshipSummary summary={summary} handle={handle} />
      <BrandCards cards={brands} />
      <Timeline timeline={timeline} filters={filters} brands={filterBrands} handle={handle} />
      <MyDataSection />
      <DeleteAccountSection />
    </>
  );
}

/** A bad filter or page link: say what was wrong and offer the whole page again. */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useTranslations();
  const message =
    isRouteErrorResponse(error) &&
    error.data &&
    typeof error.data === 'object' &&
    'message' in error.data
      ? String(error.data.message)
      : t('common.error.unexpectedText');
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page">
      <h1>{t('consent.me.heading')}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/me" className="button">
          {t('relationships.errors.back')}
        </Link>
      </p>
    </section>
  );
}
