// Small presentational pieces used across pages.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { STAGE_KEYS, isStage } from '#app/utils/format';

const STATUS_KEYS = {
  hidden: 'common.status.hidden',
  shortlisted: 'common.status.shortlisted',
  winner: 'common.status.winner',
  merged: 'common.status.merged',
  withdrawn: 'common.status.withdrawn',
} as const;

export function StageBadge({ stage }: { stage: string }) {
  const t = useTranslations();
  return (
    <span className={`badge badge--${stage}`}>
      {/* A bare "Draft" or "Voting" says little to a screen reader out of its visual context. */}
      <span className="visually-hidden">{t('common.stage.label')}</span>{' '}
      {isStage(stage) ? t(STAGE_KEYS[stage]) : stage}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations();
  if (status === 'published') return null;
  const key = (STATUS_KEYS as Record<string, (typeof STATUS_KEYS)[keyof typeof STATUS_KEYS]>)[
    status
  ];
  return <span className={`badge badge--status-${status}`}>{key ? t(key) : status}</span>;
}

export function Tags({ tags, hrefFor }: { tags: string[]; hrefFor?: (tag: string) => string }) {
  const t = useTranslations();
  if (!tags.length) return null;
  return (
    <ul className="tags" aria-label={t('common.tags')}>
      {tags.map((tag) => (
        <li key={tag}>{hrefFor ? <Link to={hrefFor(tag)}>#{tag}</Link> : <span>#{tag}</span>}</li>
      ))}
    </ul>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children ? <div className="empty__body">{children}</div> : null}
    </div>
  );
}

/** Page links that keep the other query parameters (filters, sort). */
export function Pagination({
  page,
  pageCount,
  search,
}: {
  page: number;
  pageCount: number;
  search: string;
}) {
  const t = useTranslations();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    if (p === 1) params.delete('page');
    else params.set('page', String(p));
    const s = params.toString();
    return s ? `?${s}` : '?';
  };
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1).filter(
    (p) => p === 1 || p === pageCount || Math.abs(p - page) <= 2,
  );
  return (
    <nav className="pagination" aria-label={t('common.pagination.label')}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" prefetch="intent">
          {t('common.pagination.previous')}
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination__disabled">
          {t('common.pagination.previous')}
        </span>
      )}
      <ol>
        {pages.map((p, i) => (
          <li key={p}>
            {i > 0 && p - pages[i - 1]! > 1 ? <span className="pagination__gap">…</span> : null}
            {p === page ? (
              <span aria-current="page">{p}</span>
            ) : (
              <Link to={href(p)} aria-label={t('common.pagination.page', { page: p })}>
                {p}
              </Link>
            )}
          </li>
        ))}
      </ol>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next" prefetch="intent">
          {t('common.pagination.next')}
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination__disabled">
          {t('common.pagination.next')}
        </span>
      )}
    </nav>
  );
}

export function Score({ support, oppose }: { support: number; oppose: number }) {
  const t = useTranslations();
  const score = support - oppose;
  return (
    <span className="score" title={t('common.score.title', { support, oppose })}>
      {/* The space keeps "3 votes" two words for screen readers (the flex layout drops it). */}
      <strong>{score}</strong>{' '}
      <span className="score__label">{t('common.score.votes', { score: Math.abs(score) })}</span>
    </span>
  );
}

export function Markdown({ html, className = 'prose' }: { html: string; className?: string }) {
  // html comes from renderMarkdown (server), which sanitises it.
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
