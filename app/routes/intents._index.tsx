// /intents: the signed-in person's own intents (issue 17), newest first, filtered by status, with
// how many offers each has. Private: a visitor is sent to sign in; the page only ever lists the
// viewer's own intents.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { IntentStatusBadge } from '#app/components/intents/status-badge';
import { INTENT_STATUSES, INTENT_STATUS_KEYS } from '#app/components/intents/labels';
import { EmptyState } from '#app/components/ui';
import { myIntents } from '#app/domain/intents/queries.server';
import { metaTranslator } from '#app/utils/meta';
import { requireViewerOrRedirect, runLoader } from '#app/utils/http.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('intents.meta.listTitle') },
];

// An unknown status shows every intent, as a bare /intents does.
const querySchema = z.object({
  status: z.enum(['draft', 'published', 'closed', 'expired']).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const { status } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const rows = await myIntents(context.db, viewer, { status });
    return {
      status: status ?? null,
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
        expiresAt: new Date(r.expiresAt).toISOString(),
        offers: r.offers,
      })),
    };
  });
}

export default function MyIntents() {
  const { status, items } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const day = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('intents.list.heading')}</h1>
          <p>{t('intents.list.intro')}</p>
        </div>
        <Link to="/intents/new" className="button">
          {t('intents.list.new')}
        </Link>
      </div>
      <nav className="tabs" aria-label={t('intents.list.filterLabel')}>
        <Link to="/intents" aria-current={status === null ? 'page' : undefined}>
          {t('intents.list.all')}
        </Link>
        {INTENT_STATUSES.map((s) => (
          <Link
            key={s}
            to={`/intents?status=${s}`}
            aria-current={status === s ? 'page' : undefined}
          >
            {t(INTENT_STATUS_KEYS[s])}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        status === null ? (
          <EmptyState title={t('intents.list.empty.title')}>
            <p>{t('intents.list.empty.body')}</p>
            <p>{t('intents.list.empty.privacy')}</p>
            <p>
              <Link to="/intents/new" className="button">
                {t('intents.list.empty.action')}
              </Link>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title={t('intents.list.emptyFiltered.title')}>
            <p>
              <Link to="/intents">{t('intents.list.emptyFiltered.showAll')}</Link>
            </p>
          </EmptyState>
        )
      ) : (
        <ul className="grid intent-list">
          {items.map((i) => (
            <li key={i.id}>
              <article className="card intent-summary">
                <p className="eyebrow">
                  <IntentStatusBadge status={i.status} />
                </p>
                <h2>
                  <Link to={`/intents/${i.id}`}>{i.title}</Link>
                </h2>
                <ul className="meta">
                  <li>{t('intents.list.openOffers', { count: i.offers.open })}</li>
                  {i.offers.accepted ? (
                    <li>{t('intents.list.acceptedOffers', { count: i.offers.accepted })}</li>
                  ) : null}
                  <li>{t('intents.list.totalOffers', { count: i.offers.total })}</li>
                </ul>
                <p className="muted intent-summary__dates">
                  {i.status === 'draft'
                    ? t('intents.list.draftNote')
                    : i.status === 'published'
                      ? t('intents.list.openUntil', { date: day(i.expiresAt) })
                      : i.publishedAt
                        ? t('intents.list.publishedOn', { date: day(i.publishedAt) })
                        : null}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
