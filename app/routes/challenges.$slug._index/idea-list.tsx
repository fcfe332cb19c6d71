import { Link } from '@remix-run/react';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import type { IdeaStatus } from '../../../db/schema';
import { Byline } from '#app/components/deleted-account';
import { KeysetPager, type PageLinks } from '#app/components/keyset-pager';
import { EmptyState, Score, StatusBadge } from '#app/components/ui';
import { IDEA_SORTS, type IdeaSort } from '#app/domain/challenges/policy';
import type { Counts } from './use-live-challenge';

const SORT_KEYS = {
  top: 'challenges.page.sortTop',
  new: 'challenges.page.sortNew',
  trending: 'challenges.page.sortTrending',
} as const;

type IdeaRow = Counts & {
  id: number;
  title: string;
  /** The language the idea is written in (detected when written, issue 16). */
  language: string;
  excerpt: string;
  /** Null for a deleted account. */
  authorHandle: string | null;
  createdAt: string | Date;
  status: IdeaStatus;
};

/** The challenge's ideas: sort tabs, live counts, new ideas waiting to be shown, pages by cursor. */
export function IdeaList({
  ideas,
  sort,
  live,
  empty,
}: {
  ideas: PageLinks & { items: IdeaRow[]; total: number };
  sort: IdeaSort;
  live: { newIdeas: number; showNew: () => void; counts: (idea: IdeaRow) => Counts };
  /** Which explanation an empty list gets. */
  empty: 'open' | 'draft' | 'closed';
}) {
  const t = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  // Each idea's own language, when it is not the page's (useContentLang, for a list).
  const langOf = (idea: IdeaRow) => (idea.language !== locale ? idea.language : undefined);
  const date = (value: string | Date) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  return (
    <section className="section" aria-labelledby="ideas-heading">
      <div className="section-head">
        <h2 id="ideas-heading">
          {t('challenges.page.ideas')} <span className="muted">({format.number(ideas.total)})</span>
        </h2>
      </div>
      {live.newIdeas > 0 ? (
        <div className="new-ideas" role="status">
          <button type="button" className="button" onClick={live.showNew}>
            {t('challenges.page.showNew', { count: live.newIdeas })}
          </button>
        </div>
      ) : null}
      <nav className="tabs" aria-label={t('challenges.page.sortLabel')}>
        {IDEA_SORTS.map((s) => (
          <Link
            key={s}
            to={s === 'top' ? '?' : `?sort=${s}`}
            aria-current={s === sort ? 'page' : undefined}
            preventScrollReset
          >
            {t(SORT_KEYS[s])}
          </Link>
        ))}
      </nav>
      {/* Past the end of the list (its ideas moved or went away) only the pager shows. */}
      {ideas.items.length ? (
        <ul className="idea-list" aria-label={t('challenges.page.ideas')}>
          {ideas.items.map((idea) => (
            <li key={idea.id} className="card idea-row">
              <Score
                support={live.counts(idea).supportCount}
                oppose={live.counts(idea).opposeCount}
              />
              <div>
                <h3 lang={langOf(idea)}>
                  <Link to={`/ideas/${idea.id}`} prefetch="intent">
                    {idea.title}
                  </Link>
                </h3>
                <p lang={langOf(idea)}>{idea.excerpt}</p>
                <p className="meta">
                  <span>
                    <Byline handle={idea.authorHandle} />
                  </span>
                  <span>{date(idea.createdAt)}</span>
                  <span>{t('ideas.comments', { count: live.counts(idea).commentCount })}</span>
                  <StatusBadge status={idea.status} />
                </p>
              </div>
            </li>
          ))}
        </ul>
      ) : ideas.first ? (
        <EmptyState title={t('challenges.page.emptyTitle')}>
          {empty === 'open' ? (
            <p>{t('challenges.page.emptyOpen')}</p>
          ) : empty === 'draft' ? (
            <p>{t('challenges.page.emptyDraft')}</p>
          ) : (
            <p>{t('challenges.page.emptyClosed')}</p>
          )}
        </EmptyState>
      ) : null}
      <KeysetPager pages={ideas} anchor="ideas-heading" />
    </section>
  );
}
