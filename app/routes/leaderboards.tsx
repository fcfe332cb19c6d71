import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { LeaderboardTable } from '#app/components/leaderboard';
import { EmptyState } from '#app/components/ui';
import { invalid } from '#app/domain/core/errors';
import {
  BOARDS,
  LEADERBOARD_MAX_PAGE,
  leaderboardPage,
  type Board,
} from '#app/domain/reputation/leaderboards.server';
import { runLoader } from '#app/utils/http.server';
import { metaTranslator } from '#app/utils/meta';

export const meta: MetaFunction<typeof loader> = ({ matches }) => [
  { title: metaTranslator(matches)('leaderboards.meta.title') },
];

const slug = z.string().trim().min(1).max(200).optional();
const querySchema = z.object({
  board: z.enum(BOARDS).default('all'),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(LEADERBOARD_MAX_PAGE))
    .optional(),
  challenge: slug,
  brand: slug,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = querySchema.safeParse(params);
    if (!parsed.success) {
      const badBoard = parsed.error.issues.some((i) => i.path[0] === 'board');
      throw badBoard
        ? invalid('errors.leaderboard.board')
        : invalid('errors.leaderboard.page', { max: LEADERBOARD_MAX_PAGE });
    }
    return leaderboardPage(context.db, context.viewer, {
      ...parsed.data,
      now: context.clock.now(),
    });
  });
}

const TAB_KEYS = {
  all: 'leaderboards.tabs.all',
  '30d': 'leaderboards.tabs.30d',
  challenge: 'leaderboards.tabs.challenge',
  brand: 'leaderboards.tabs.brand',
} as const satisfies Record<Board, string>;

const PICK_KEYS = {
  challenge: 'leaderboards.pick.challenge',
  brand: 'leaderboards.pick.brand',
} as const;

function pageHref(board: Board, subject: string | null, page: number) {
  const params = new URLSearchParams({ board });
  if (subject && (board === 'challenge' || board === 'brand')) params.set(board, subject);
  if (page > 1) params.set('page', String(page));
  return `/leaderboards?${params}`;
}

export default function Leaderboards() {
  const data = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const { board, rows, page, hasNext, choices, subject, since } = data;
  const picking = board === 'challenge' || board === 'brand';
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('leaderboards.title')}</h1>
          <p className="muted">{t('leaderboards.intro')}</p>
        </div>
      </div>
      <nav className="tabs" aria-label={t('leaderboards.tabs.label')}>
        {(Object.keys(TAB_KEYS) as Board[]).map((b) => (
          <Link
            key={b}
            to={`/leaderboards?board=${b}`}
            aria-current={b === board ? 'page' : undefined}
          >
            {t(TAB_KEYS[b])}
          </Link>
        ))}
      </nav>
      {since ? (
        <p className="muted">
          {t('leaderboards.since', {
            date: format.dateTime(new Date(`${since}T00:00:00Z`), { dateStyle: 'medium' }),
          })}
        </p>
      ) : null}
      {picking ? (
        <Form method="get" className="board-picker">
          <input type="hidden" name="board" value={board} />
          <div className="field">
            <label htmlFor="board-subject">{t(PICK_KEYS[board])}</label>
            <select id="board-subject" name={board} defaultValue={subject?.slug ?? ''} required>
              <option value="" disabled>
                {t('leaderboards.pick.none')}
              </option>
              {choices.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t('leaderboards.pick.submit')}
          </button>
        </Form>
      ) : null}
      {picking && !subject ? (
        <p>
          {board === 'challenge'
            ? t('leaderboards.pick.chooseChallenge')
            : t('leaderboards.pick.chooseBrand')}
        </p>
      ) : (
        <>
          {subject ? <h2>{t('leaderboards.about', { title: subject.title })}</h2> : null}
          {rows.length ? (
            <LeaderboardTable rows={rows} page={page} />
          ) : (
            <EmptyState title={t('leaderboards.empty')}>
              <p>{t('leaderboards.emptyBody')}</p>
            </EmptyState>
          )}
          {page > 1 || hasNext ? (
            <nav className="pagination" aria-label={t('leaderboards.pager.label')}>
              {page > 1 ? (
                <Link to={pageHref(board, subject?.slug ?? null, page - 1)} rel="prev">
                  {t('leaderboards.pager.previous')}
                </Link>
              ) : null}
              <span aria-current="page">{t('leaderboards.pager.page', { page })}</span>
              {hasNext ? (
                <Link to={pageHref(board, subject?.slug ?? null, page + 1)} rel="next">
                  {t('leaderboards.pager.next')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
