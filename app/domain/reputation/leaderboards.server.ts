// Leaderboards (issue 13 item 9): all time, last 30 days, per challenge and per brand. Each reads a
// total the ledger trigger keeps (migration 0009) through its index in the board's order (points
// descending, ties by user id), never the ledger itself; pages are numbered, 25 rows each.
import { and, asc, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import {
  brands,
  challenges,
  reputationBrandTotals,
  reputationChallengeTotals,
  reputationTotals,
  users,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { invalid, notFound } from '#app/domain/core/errors';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import { getBrandBySlug } from '#app/domain/brands/queries.server';
import { shownHandle, shownName } from '#app/domain/users/shown.server';
import { levelOf, reputationOf, utcDay } from './rules';

export const BOARDS = ['all', '30d', 'challenge', 'brand'] as const;
export type Board = (typeof BOARDS)[number];

export const LEADERBOARD_PAGE_SIZE = 25;
/** Far past any real board; a deeper page is a crafted URL (and an offset nobody should pay for). */
export const LEADERBOARD_MAX_PAGE = 400;
/** The days of the "last 30 days" board: today (UTC, by the clock) and the 29 before it. */
export const RECENT_DAYS = 30;
export const TOP_FIVE = 5;

export type LeaderboardRow = {
  rank: number;
  /** Null (both) for a deleted account: its points stay on the board, its name does not. */
  handle: string | null;
  displayName: string | null;
  /** Points on this board (the ledger's sum over its scope). */
  points: number;
  /** The person's level by their overall reputation. */
  level: number;
};

export type LeaderboardPage = { rows: LeaderboardRow[]; page: number; hasNext: boolean };

type Scope =
  | { board: 'all' }
  | { board: '30d'; now: Date }
  | { board: 'challenge'; challengeId: number }
  | { board: 'brand'; brandId: number };

type RawRow = {
  handle: string | null;
  displayName: string | null;
  points: number;
  total: number | null;
};

function pageOf(raw: RawRow[], page: number, size: number): LeaderboardPage {
  return {
    rows: raw.slice(0, size).map((r, i) => ({
      rank: (page - 1) * size + i + 1,
      handle: r.handle,
      displayName: r.displayName,
      points: Number(r.points),
      level: levelOf(reputationOf(Number(r.total ?? 0))).level,
    })),
    page,
    hasNext: raw.length > size,
  };
}

/** The first day of the 30-day window ending on `now`'s UTC day. */
export function recentWindowStart(now: Date): string {
  return utcDay(new Date(now.getTime() - (RECENT_DAYS - 1) * 86_400_000));
}

/**
 * One page of a board: people with more than 0 points on it, by points, ties by user id (so a page
 * boundary is stable). `size + 1` rows are read to know whether a next page exists.
 */
export async function readLeaderboard(
  db: Db,
  scope: Scope,
  { page = 1, size = LEADERBOARD_PAGE_SIZE }: { page?: number; size?: number } = {},
): Promise<LeaderboardPage> {
  if (!Number.isInteger(page) || page < 1 || page > LEADERBOARD_MAX_PAGE)
    throw invalid('errors.leaderboard.page', { max: LEADERBOARD_MAX_PAGE });
  const limit = size + 1;
  const offset = (page - 1) * size;
  const person = { handle: shownHandle, displayName: shownName };
  /** A challenge's or a brand's board: its totals rows by their (scope, points) index. */
  const scopedRows = (
    t: typeof reputationChallengeTotals | typeof reputationBrandTotals,
    scopeColumn:
      typeof reputationChallengeTotals.challengeId | typeof reputationBrandTotals.brandId,
    scopeId: number,
  ) =>
    db
      .select({ ...person, points: t.points, total: reputationTotals.points })
      .from(t)
      .innerJoin(users, eq(users.id, t.userId))
      .leftJoin(reputationTotals, eq(reputationTotals.userId, t.userId))
      .where(and(eq(scopeColumn, scopeId), gt(t.points, 0)))
      .orderBy(desc(t.points), asc(t.userId))
      .limit(limit)
      .offset(offset);
  switch (scope.board) {
    case 'all': {
      const rows = await db
        .select({ ...person, points: reputationTotals.points, total: reputationTotals.points })
        .from(reputationTotals)
        .innerJoin(users, eq(users.id, reputationTotals.userId))
        .where(gt(reputationTotals.points, 0))
        .orderBy(desc(reputationTotals.points), asc(reputationTotals.userId))
        .limit(limit)
        .offset(offset);
      return pageOf(rows, page, size);
    }
    case 'challenge':
      return pageOf(
        await scopedRows(
          reputationChallengeTotals,
          reputationChallengeTotals.challengeId,
          scope.challengeId,
        ),
        page,
        size,
      );
    case 'brand':
      return pageOf(
        await scopedRows(reputationBrandTotals, reputationBrandTotals.brandId, scope.brandId),
        page,
        size,
      );
    case '30d': {
      // The window's rows of reputation_daily (its index on day), summed per person.
      const rows = rowsOf<{
        handle: string | null;
        display_name: string | null;
        points: number | string;
        total: number | string | null;
      }>(
        await db.execute(sql`
          with recent as (
            select user_id, sum(points)::int as points from reputation_daily
            where day between ${recentWindowStart(scope.now)}::date and ${utcDay(scope.now)}::date
            group by user_id
            having sum(points) > 0
            order by sum(points) desc, user_id
            limit ${limit} offset ${offset}
          )
          select case when u.deleted_at is null then u.handle end as handle,
            case when u.deleted_at is null then u.display_name end as display_name,
            r.points, t.points as total
          from recent r
          join users u on u.id = r.user_id
          left join reputation_totals t on t.user_id = r.user_id
          order by r.points desc, r.user_id`),
      );
      return pageOf(
        rows.map((r) => ({
          handle: r.handle,
          displayName: r.display_name,
          points: Number(r.points),
          total: r.total === null ? null : Number(r.total),
        })),
        page,
        size,
      );
    }
  }
}

export type LeaderboardQuery = {
  board: Board;
  /** The challenge's slug, for the challenge board. */
  challenge?: string;
  /** The brand's slug, for the brand board. */
  brand?: string;
  page?: number;
  now: Date;
};

/** What the picker of a per-challenge or per-brand board offers: public challenges, all brands. */
const PICKER_LIMIT = 200;

async function challengeChoices(db: Db) {
  return db
    .select({ slug: challenges.slug, title: challenges.title })
    .from(challenges)
    .where(ne(challenges.stage, 'draft'))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(PICKER_LIMIT);
}

async function brandChoices(db: Db) {
  return db
    .select({ slug: brands.slug, name: brands.name })
    .from(brands)
    .orderBy(asc(brands.name))
    .limit(PICKER_LIMIT);
}

type Choice = { slug: string; title: string };

export type LeaderboardView = LeaderboardPage & {
  board: Board;
  /** What a challenge or brand board may be about (empty for the other boards). */
  choices: Choice[];
  /** The challenge or brand the board is about; null when none was picked (or not needed). */
  subject: Choice | null;
  /** The first day of the 30-day board's window (null on the other boards). */
  since: string | null;
};

/**
 * The /leaderboards page: the board asked for, the challenge or brand it is about (a draft
 * challenge only for those who may see it, else not found) and the picker's choices. A challenge or
 * brand board without one shows the picker and no rows.
 */
export async function leaderboardPage(
  db: Db,
  viewer: Actor | null,
  query: LeaderboardQuery,
): Promise<LeaderboardView> {
  const page = query.page ?? 1;
  const view = { board: query.board, choices: [], subject: null, since: null };
  const none = { rows: [], page, hasNext: false };
  switch (query.board) {
    case 'all':
      return { ...view, ...(await readLeaderboard(db, { board: 'all' }, { page })) };
    case '30d':
      return {
        ...view,
        since: recentWindowStart(query.now),
        ...(await readLeaderboard(db, { board: '30d', now: query.now }, { page })),
      };
    case 'challenge': {
      const choices = await challengeChoices(db);
      if (!query.challenge) return { ...view, choices, ...none };
      const { challenge } = await getChallengeBySlug(db, viewer, query.challenge);
      const board = await readLeaderboard(
        db,
        { board: 'challenge', challengeId: challenge.id },
        { page },
      );
      return {
        ...view,
        choices,
        subject: { slug: challenge.slug, title: challenge.title },
        ...board,
      };
    }
    case 'brand': {
      const choices = (await brandChoices(db)).map((b) => ({ slug: b.slug, title: b.name }));
      if (!query.brand) return { ...view, choices, ...none };
      const brand = await getBrandBySlug(db, query.brand);
      const board = await readLeaderboard(db, { board: 'brand', brandId: brand.id }, { page });
      return { ...view, choices, subject: { slug: brand.slug, title: brand.name }, ...board };
    }
  }
  throw notFound('errors.notFound.page');
}

/** The five at the top of a challenge's or a brand's board, for its page. */
export async function topFive(
  db: Db,
  scope: { challengeId: number } | { brandId: number },
): Promise<LeaderboardRow[]> {
  const board =
    'challengeId' in scope
      ? await readLeaderboard(
          db,
          { board: 'challenge', challengeId: scope.challengeId },
          { size: TOP_FIVE },
        )
      : await readLeaderboard(db, { board: 'brand', brandId: scope.brandId }, { size: TOP_FIVE });
  return board.rows;
}
