import { Link } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { DeletedAccount } from './deleted-account';

/** One row of a board (app/domain/reputation/leaderboards.server.ts LeaderboardRow). */
export type BoardRow = {
  rank: number;
  /** Null (both) for a deleted account. */
  handle: string | null;
  displayName: string | null;
  points: number;
  level: number;
};

/** A board's page as a table: rank, person, points, level. */
export function LeaderboardTable({ rows, page }: { rows: BoardRow[]; page: number }) {
  const t = useTranslations();
  const format = useFormatter();
  return (
    <table className="leaderboard">
      <caption>{t('leaderboards.table.caption', { page })}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            {t('leaderboards.table.rank')}
          </th>
          <th scope="col">{t('leaderboards.table.person')}</th>
          <th scope="col" className="num">
            {t('leaderboards.table.points')}
          </th>
          <th scope="col">{t('leaderboards.table.level')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.rank}>
            <td className="num">{r.rank}</td>
            <th scope="row">
              {r.handle === null ? (
                <DeletedAccount start />
              ) : (
                <>
                  <Link to={`/u/${r.handle}`}>{r.displayName}</Link>{' '}
                  <span className="muted">@{r.handle}</span>
                </>
              )}
            </th>
            <td className="num">{format.number(r.points)}</td>
            <td>{t('leaderboards.level', { level: r.level })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The five people with the most points in a challenge or brand, for its page, with a link to the
 * whole board.
 */
export function TopFive({
  rows,
  board,
  slug,
}: {
  rows: BoardRow[];
  board: 'challenge' | 'brand';
  slug: string;
}) {
  const t = useTranslations();
  const headingId = `top-five-${board}`;
  return (
    <section className="panel top-five" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('leaderboards.topFive.title')}</h2>
      {rows.length ? (
        <ol>
          {rows.map((r) => (
            <li key={r.rank}>
              {r.handle === null ? (
                <DeletedAccount start />
              ) : (
                <Link to={`/u/${r.handle}`}>{r.displayName}</Link>
              )}
              <span className="muted">
                {t('leaderboards.topFive.points', { points: r.points })}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('leaderboards.topFive.empty')}</p>
      )}
      <p>
        <Link to={`/leaderboards?board=${board}&${board}=${encodeURIComponent(slug)}`}>
          {t('leaderboards.topFive.all')}
        </Link>
      </p>
    </section>
  );
}
