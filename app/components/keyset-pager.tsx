import { Link, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';

/** What a keyset-paged list tells its pager (app/domain/core/pagination.ts KeysetPage). */
export type PageLinks = { next: string | null; prev: string | null; first: boolean };

/**
 * First page, previous and next links of a keyset-paged list: plain links carrying an opaque
 * `after` or `before` cursor, keeping the page's other parameters (sort, filters). `anchor` is the
 * id of the list's heading, where the new page opens.
 */
export function KeysetPager({ pages, anchor }: { pages: PageLinks; anchor?: string }) {
  const location = useLocation();
  const t = useTranslations();
  if (pages.first && !pages.next) return null;
  const href = (cursor: { after: string } | { before: string } | null) => {
    const params = new URLSearchParams(location.search);
    params.delete('after');
    params.delete('before');
    if (cursor) for (const [key, value] of Object.entries(cursor)) params.set(key, value);
    const search = params.toString();
    return `?${search}${anchor ? `#${anchor}` : ''}`;
  };
  const disabled = (text: string) => (
    <span aria-hidden="true" className="pagination__disabled">
      {text}
    </span>
  );
  return (
    <nav className="pagination" aria-label={t('common.pagination.label')}>
      {pages.first ? null : <Link to={href(null)}>{t('common.pagination.first')}</Link>}
      {pages.prev ? (
        <Link to={href({ before: pages.prev })} rel="prev">
          {t('common.pagination.previous')}
        </Link>
      ) : (
        disabled(t('common.pagination.previous'))
      )}
      {pages.next ? (
        <Link to={href({ after: pages.next })} rel="next" prefetch="intent">
          {t('common.pagination.next')}
        </Link>
      ) : (
        disabled(t('common.pagination.next'))
      )}
    </nav>
  );
}
