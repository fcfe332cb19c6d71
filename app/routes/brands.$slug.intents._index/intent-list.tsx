import { Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { EmptyState, Tags } from '#app/components/ui';
import type { OfferStatus } from '../../../db/schema';
import {
  AuthorLine,
  IntentFacts,
  OfferStatusBadge,
  type AuthorView,
  type IntentFactsData,
} from './intent-parts';

export type IntentRow = {
  intent: IntentFactsData & {
    id: number;
    title: string;
    excerpt: string;
    tags: string[];
    language: string;
    publishedAt: string | null;
    status: 'draft' | 'published' | 'closed' | 'expired';
  };
  author: AuthorView;
  fit: number;
  myOffer: { id: number; status: OfferStatus } | null;
};

function IntentItem({ row, brandSlug }: { row: IntentRow; brandSlug: string }) {
  const t = useTranslations();
  const lang = useContentLang(row.intent.language);
  const { intent } = row;
  return (
    <li className="card intent-card">
      <div className="intent-card__head">
        <h3 lang={lang}>
          <Link to={`/brands/${brandSlug}/intents/${intent.id}`}>{intent.title}</Link>
        </h3>
        <p className={`intent-fit${row.fit > 0 ? ' intent-fit--match' : ''}`}>
          {row.fit > 0
            ? t('brandIntents.list.fit', { count: row.fit })
            : t('brandIntents.list.noFit')}
        </p>
      </div>
      {intent.excerpt ? (
        <p className="intent-card__excerpt" lang={lang}>
          {intent.excerpt}
        </p>
      ) : null}
      {intent.status !== 'published' ? (
        <p>
          <span className="badge badge--draft">
            {intent.status === 'expired'
              ? t('brandIntents.intentStatus.expired')
              : t('brandIntents.intentStatus.closed')}
          </span>
        </p>
      ) : null}
      <Tags tags={intent.tags} />
      <IntentFacts intent={intent} />
      <p className="meta">
        <AuthorLine author={row.author} brandSlug={brandSlug} />
        <span>
          {row.myOffer ? (
            <>
              {t('brandIntents.list.yourOffer')} <OfferStatusBadge status={row.myOffer.status} />
            </>
          ) : (
            t('brandIntents.list.noOffer')
          )}
        </span>
      </p>
    </li>
  );
}

/** The page's intents, best fit first, or why there are none. */
export function IntentList({
  items,
  brand,
  total,
  filtered,
  refused,
}: {
  items: IntentRow[];
  brand: { slug: string; name: string };
  total: number;
  filtered: boolean;
  refused: boolean;
}) {
  const t = useTranslations();
  if (refused) return <p className="muted">{t('brandIntents.list.fixFilters')}</p>;
  if (!items.length) {
    if (total > 0)
      return (
        <EmptyState title={t('brandIntents.empty.pastEndTitle')}>
          <p>
            <Link to="?">{t('brandIntents.empty.firstPage')}</Link>
          </p>
        </EmptyState>
      );
    if (filtered)
      return (
        <EmptyState title={t('brandIntents.empty.filteredTitle')}>
          <p>{t('brandIntents.empty.filteredBody')}</p>
          <p>
            <Link to="?">{t('brandIntents.filter.clear')}</Link>
          </p>
        </EmptyState>
      );
    return (
      <EmptyState title={t('brandIntents.empty.noneTitle', { brand: brand.name })}>
        <p>{t('brandIntents.empty.noneBody', { brand: brand.name })}</p>
      </EmptyState>
    );
  }
  return (
    <ol className="intent-list">
      {items.map((row) => (
        <IntentItem key={row.intent.id} row={row} brandSlug={brand.slug} />
      ))}
    </ol>
  );
}
