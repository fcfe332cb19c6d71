import { Link, useLocation } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { EmptyState, Tags } from '#app/components/ui';
import type { Participant } from '#app/domain/community/access.server';
import {
  defaultDirection,
  type CommunitySort,
  type SortDirection,
} from '#app/domain/community/schema';
import { CONSENT_KEYS, SORT_KEYS } from './labels';

/** Interests shown per row (the participant page and the CSV have all five). */
const TABLE_INTERESTS = 3;

/** A column header that sorts the table by it (again: the other way round). */
function SortHeader({
  column,
  sort,
  dir,
  className,
}: {
  column: CommunitySort;
  sort: CommunitySort;
  dir: SortDirection;
  className?: string;
}) {
  const t = useTranslations();
  const location = useLocation();
  const current = column === sort;
  const next = current ? (dir === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
  const params = new URLSearchParams(location.search);
  params.set('sort', column);
  params.set('dir', next);
  params.delete('page');
  return (
    <th
      scope="col"
      className={className}
      aria-sort={current ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link
        to={`?${params}`}
        preventScrollReset
        aria-label={t('community.table.sortBy', { column: t(SORT_KEYS[column]) })}
      >
        {t(SORT_KEYS[column])}
        {current ? <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </Link>
    </th>
  );
}

/** "Not shared": a cell the person did not consent to show. */
function NotShared() {
  const t = useTranslations();
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('community.table.notShared')}</span>
    </span>
  );
}

export function ParticipantsTable({
  rows,
  brandSlug,
  sort,
  dir,
  page,
  filtered,
}: {
  rows: Participant[];
  brandSlug: string;
  sort: CommunitySort;
  dir: SortDirection;
  page: number;
  filtered: boolean;
}) {
  const t = useTranslations();
  const format = useFormatter();
  if (!rows.length)
    return (
      <EmptyState
        title={
          page > 1
            ? t('community.empty.pastEnd')
            : filtered
              ? t('community.empty.filteredTitle')
              : t('community.empty.title')
        }
      >
        <p>
          {page > 1 || filtered ? t('community.empty.filteredBody') : t('community.empty.body')}
        </p>
      </EmptyState>
    );
  const header = { sort, dir };
  return (
    <div
      className="table-scroll"
      role="region"
      aria-label={t('community.table.scrollLabel')}
      tabIndex={0}
    >
      <table className="leaderboard community-table">
        <caption>{t('community.table.caption', { page })}</caption>
        <thead>
          <tr>
            <SortHeader column="handle" {...header} />
            <th scope="col">{t('community.table.shares')}</th>
            <SortHeader column="engagement" className="num" {...header} />
            <SortHeader column="ideas" className="num" {...header} />
            <SortHeader column="votes" className="num" {...header} />
            <SortHeader column="comments" className="num" {...header} />
            <SortHeader column="wins" className="num" {...header} />
            <SortHeader column="points" className="num" {...header} />
            <SortHeader column="lastActive" {...header} />
            <th scope="col">{t('community.table.interests')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.handle}>
              <th scope="row">
                {r.consent === 'profile' ? (
                  <span className="community-table__name">{r.displayName}</span>
                ) : null}
                <Link to={`/brands/${brandSlug}/community/${r.handle}`}>@{r.handle}</Link>
                <span className="community-table__detail">
                  {t('community.table.levelValue', { level: r.level })}
                </span>
                {r.consent === 'profile' ? (
                  <a className="community-table__detail" href={`mailto:${r.email}`}>
                    <span className="visually-hidden">{t('community.table.email')}: </span>
                    {r.email}
                  </a>
                ) : null}
              </th>
              <td>
                <span className={`badge badge--consent-${r.consent}`}>
                  {t(CONSENT_KEYS[r.consent])}
                </span>
              </td>
              <td className="num">{format.number(r.engagement)}</td>
              <td className="num">{format.number(r.ideas)}</td>
              <td className="num">{format.number(r.votes)}</td>
              <td className="num">{format.number(r.comments)}</td>
              <td className="num">{format.number(r.wins)}</td>
              <td className="num">{format.number(r.points)}</td>
              <td>
                <time dateTime={r.lastActiveAt}>
                  {format.dateTime(new Date(r.lastActiveAt), { dateStyle: 'medium' })}
                </time>
              </td>
              <td>
                {r.consent === 'profile' ? (
                  r.interests.length ? (
                    <Tags tags={r.interests.slice(0, TABLE_INTERESTS).map((i) => i.tag)} />
                  ) : (
                    <span className="muted">{t('community.table.noInterests')}</span>
                  )
                ) : (
                  <NotShared />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
