// Small presentational pieces used across pages.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { stageLabel } from '../utils/format';

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge badge--${stage}`}>{stageLabel[stage] ?? stage}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  if (status === 'published') return null;
  return (
    <span className={`badge badge--status-${status}`}>
      {status[0]!.toUpperCase() + status.slice(1)}
    </span>
  );
}

export function Tags({ tags, hrefFor }: { tags: string[]; hrefFor?: (tag: string) => string }) {
  if (!tags.length) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((t) => (
        <li key={t}>{hrefFor ? <Link to={hrefFor(t)}>#{t}</Link> : <span>#{t}</span>}</li>
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
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" prefetch="intent">
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination__disabled">
          ← Previous
        </span>
      )}
      <ol>
        {pages.map((p, i) => (
          <li key={p}>
            {i > 0 && p - pages[i - 1]! > 1 ? <span className="pagination__gap">…</span> : null}
            {p === page ? (
              <span aria-current="page">{p}</span>
            ) : (
              <Link to={href(p)} aria-label={`Page ${p}`}>
                {p}
              </Link>
            )}
          </li>
        ))}
      </ol>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next" prefetch="intent">
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" className="pagination__disabled">
          Next →
        </span>
      )}
    </nav>
  );
}

export function Score({ support, oppose }: { support: number; oppose: number }) {
  const score = support - oppose;
  return (
    <span className="score" title={`${support} support, ${oppose} oppose`}>
      <strong>{score}</strong>
      <span className="score__label">{Math.abs(score) === 1 ? 'vote' : 'votes'}</span>
    </span>
  );
}

export function Markdown({ html, className = 'prose' }: { html: string; className?: string }) {
  // html comes from renderMarkdown (server), which sanitises it.
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
