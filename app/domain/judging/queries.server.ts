// What pages read of judging: whether someone follows a challenge, the judging board of a challenge
// in review (each judge's own scorecards; averages once they submitted), the winners and rewards.
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  challengeFollows,
  challenges,
  ideas,
  rewards,
  scorecards,
  users,
  type Challenge,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { effectivePrizes } from '#app/domain/challenges/schema';
import { shownHandle, shownName } from '#app/domain/users/shown.server';
import { JUDGEABLE_STATUSES, judgingOpen } from './policy';

export async function isFollowing(db: Db, userId: string | undefined, challengeId: number) {
  if (!userId) return false;
  const [row] = await db
    .select({ userId: challengeFollows.userId })
    .from(challengeFollows)
    .where(and(eq(challengeFollows.challengeId, challengeId), eq(challengeFollows.userId, userId)));
  return Boolean(row);
}

/** The most ideas the judging board shows at once (a page of them). */
export const BOARD_PAGE_SIZE = 50;

/**
 * The judging board of a challenge in review, for one judge: its judgeable ideas (shortlisted
 * first, then by support), the judge's own scorecard on each, and — for the ideas the judge has
 * submitted a scorecard for — the average of the submitted weighted scores and how many judges
 * submitted. Null for someone who may not judge it.
 */
export async function judgingBoard(
  db: Db,
  judge: Actor | null,
  challenge: Pick<Challenge, 'id' | 'brandId' | 'stage' | 'criteria'>,
  page = 1,
) {
  if (!judge || !judgingOpen(challenge.stage)) return null;
  if (!(await canManageBrandOf(db, judge, challenge.brandId))) return null;
  const where = and(
    eq(ideas.challengeId, challenge.id),
    inArray(ideas.status, [...JUDGEABLE_STATUSES]),
  );
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(ideas).where(where);
  const rows = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      status: ideas.status,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      authorHandle: shownHandle,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .where(where)
    .orderBy(
      sql`(${ideas.status} = 'shortlisted') desc`,
      desc(sql`${ideas.supportCount} - ${ideas.opposeCount}`),
      asc(ideas.id),
    )
    .limit(BOARD_PAGE_SIZE)
    .offset((page - 1) * BOARD_PAGE_SIZE);
  const ids = rows.map((r) => r.id);
  const mine = ids.length
    ? await db
        .select()
        .from(scorecards)
        .where(and(inArray(scorecards.ideaId, ids), eq(scorecards.judgeId, judge.id)))
    : [];
  const mineById = new Map(mine.map((c) => [c.ideaId, c]));
  // Averages only where this judge has submitted: until then, the others' scores stay unseen.
  const submittedIds = mine.filter((c) => c.submittedAt).map((c) => c.ideaId);
  const averages = submittedIds.length
    ? await db
        .select({
          ideaId: scorecards.ideaId,
          average: sql<number>`avg(${scorecards.weighted})::float8`,
          judges: count(),
        })
        .from(scorecards)
        .where(and(inArray(scorecards.ideaId, submittedIds), isNotNull(scorecards.submittedAt)))
        .groupBy(scorecards.ideaId)
    : [];
  const averageById = new Map(averages.map((a) => [a.ideaId, a]));
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / BOARD_PAGE_SIZE)),
    ideas: rows.map((r) => {
      const card = mineById.get(r.id);
      const avg = averageById.get(r.id);
      return {
        ...r,
        myScores: card?.scores ?? null,
        mySubmitted: Boolean(card?.submittedAt),
        myWeighted: card?.weighted ?? null,
        average: avg ? Math.round(Number(avg.average) * 100) / 100 : null,
        judges: avg ? Number(avg.judges) : null,
      };
    }),
  };
}

/**
 * The award form's choices: every shortlisted idea of the challenge with its average submitted
 * score (all judges': the award is the brand's decision), best first; and the ranks to fill.
 */
export async function awardChoices(
  db: Db,
  challenge: Pick<Challenge, 'id' | 'prizes' | 'rewardPoints' | 'rewardDescription'>,
) {
  const rows = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      authorHandle: shownHandle,
      average: sql<number | null>`(select avg(s.weighted)::float8 from ${scorecards} s
        where s.idea_id = ${ideas.id} and s.submitted_at is not null)`,
      judges: sql<number>`(select count(*)::int from ${scorecards} s
        where s.idea_id = ${ideas.id} and s.submitted_at is not null)`,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .where(and(eq(ideas.challengeId, challenge.id), eq(ideas.status, 'shortlisted')))
    .orderBy(asc(ideas.id));
  const shortlisted = rows
    .map((r) => ({
      ...r,
      average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
      judges: Number(r.judges),
    }))
    .sort((a, b) => (b.average ?? 0) - (a.average ?? 0) || a.id - b.id);
  const { ranks, open } = effectivePrizes(challenge);
  // Without a split, as many ranks as there are shortlisted ideas (at most ten).
  const shown = open ? ranks.slice(0, Math.max(1, shortlisted.length)) : ranks;
  return { shortlisted, ranks: shown, open };
}

const rewardColumns = {
  id: rewards.id,
  rank: rewards.rank,
  points: rewards.points,
  prize: rewards.prize,
  status: rewards.status,
  note: rewards.note,
  createdAt: rewards.createdAt,
  decidedAt: rewards.decidedAt,
};

/** A challenge's winners, first place first: the idea, its author's handle and the reward. */
export async function winnersOf(db: Db, challengeId: number) {
  return db
    .select({
      ...rewardColumns,
      ideaId: ideas.id,
      ideaTitle: ideas.title,
      authorHandle: shownHandle,
      authorName: shownName,
    })
    .from(rewards)
    .innerJoin(ideas, eq(ideas.id, rewards.ideaId))
    .innerJoin(users, eq(users.id, rewards.userId))
    .where(eq(rewards.challengeId, challengeId))
    .orderBy(asc(rewards.rank));
}

/** The reward of one idea (its rank, points and status), or null: for the idea page's badge. */
export async function rewardOfIdea(db: Db, ideaId: number) {
  const [row] = await db
    .select({
      rank: rewards.rank,
      points: rewards.points,
      prize: rewards.prize,
      status: rewards.status,
    })
    .from(rewards)
    .where(eq(rewards.ideaId, ideaId));
  return row ?? null;
}

/**
 * Everything a person won, newest first, for their profile: the challenge (title, slug), the
 * idea (id, title), rank, points, prize, status, the decision's note and the dates.
 */
export async function rewardsOfUser(db: Db, userId: string, limit = 50) {
  return db
    .select({
      ...rewardColumns,
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
      ideaId: ideas.id,
      ideaTitle: ideas.title,
    })
    .from(rewards)
    .innerJoin(challenges, eq(challenges.id, rewards.challengeId))
    .innerJoin(ideas, eq(ideas.id, rewards.ideaId))
    .where(eq(rewards.userId, userId))
    .orderBy(desc(rewards.createdAt), desc(rewards.id))
    .limit(limit);
}
