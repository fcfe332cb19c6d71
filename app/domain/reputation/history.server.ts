// A person's points history on their profile (issue 13 item 10): their ledger entries, newest
// first, in keyset pages of 25 along point_entries_user_idx, each with what earned it (the idea,
// the challenge, the reward) so the page can say it in words and link to it.
//
// Votes are secret: who caused an entry (cause_user_id) is never read here, and on someone else's
// history an oppose they cast shows neither the idea nor the challenge, which would say what they
// opposed. An idea no longer public (hidden, withdrawn, merged) is named only to its author.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, ideas, pointEntries, rewards } from '../../../db/schema';
import {
  pageKey,
  readKeysetPage,
  type Keyset,
  type KeysetPage,
  type PagePosition,
} from '#app/domain/core/pagination';
import { notFound } from '#app/domain/core/errors';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { badgesOfUser } from '#app/domain/badges/queries.server';
import { rewardsOfUser } from '#app/domain/judging/queries.server';
import { findUserByHandle } from '#app/domain/users/queries.server';
import { reputationOf } from './queries.server';
import { levelOf, type Rule } from './rules';

export const HISTORY_PAGE_SIZE = 25;

const HISTORY: Keyset = { name: 'points', parts: [{ type: 'int', expr: sql`${pointEntries.id}` }] };

export type HistoryEntry = {
  id: number;
  rule: Rule;
  /** What the rule is worth (negative on a reversal). */
  nominal: number;
  /** What it gave (less than nominal past the daily vote cap). */
  points: number;
  /** It takes back an earlier entry (a withdrawn vote, a revoked reward). */
  reversal: boolean;
  /** The daily vote cap cut what it gave. */
  capped: boolean;
  at: Date;
  idea: { id: number; title: string } | null;
  challenge: { slug: string; title: string } | null;
  reward: { id: number; rank: number } | null;
};

/** Entries only the owner may see linked: what they opposed. */
const PRIVATE_LINKS: ReadonlySet<string> = new Set<Rule>(['opposeCast']);

export async function pointsHistory(
  db: Db,
  {
    userId,
    viewerId,
    position = {},
  }: { userId: string; viewerId: string | null; position?: PagePosition },
): Promise<KeysetPage<HistoryEntry>> {
  const isOwner = viewerId === userId;
  const page = await readKeysetPage(HISTORY, position, HISTORY_PAGE_SIZE, (q) =>
    db
      .select({
        id: pointEntries.id,
        rule: pointEntries.rule,
        nominal: pointEntries.nominal,
        points: pointEntries.points,
        reversesId: pointEntries.reversesId,
        at: pointEntries.createdAt,
        ideaId: ideas.id,
        ideaTitle: ideas.title,
        ideaStatus: ideas.status,
        challengeSlug: challenges.slug,
        challengeTitle: challenges.title,
        rewardId: rewards.id,
        rewardRank: rewards.rank,
        pageKey: pageKey(HISTORY),
      })
      .from(pointEntries)
      .leftJoin(ideas, eq(ideas.id, pointEntries.ideaId))
      .leftJoin(challenges, eq(challenges.id, pointEntries.challengeId))
      .leftJoin(rewards, eq(rewards.id, pointEntries.rewardId))
      .where(and(eq(pointEntries.userId, userId), q.where))
      .orderBy(...q.orderBy)
      .limit(q.limit),
  );
  return {
    ...page,
    items: page.items.map((e): HistoryEntry => {
      const hideLinks = !isOwner && PRIVATE_LINKS.has(e.rule);
      const ideaShown =
        !hideLinks &&
        e.ideaId !== null &&
        e.ideaTitle !== null &&
        (isOwner || (PUBLIC_IDEA_STATUSES as readonly string[]).includes(e.ideaStatus ?? ''));
      return {
        id: e.id,
        rule: e.rule as Rule,
        nominal: e.nominal,
        points: e.points,
        reversal: e.reversesId !== null,
        capped: e.points !== e.nominal,
        at: e.at,
        idea: ideaShown ? { id: e.ideaId!, title: e.ideaTitle! } : null,
        challenge:
          !hideLinks && e.challengeSlug && e.challengeTitle
            ? { slug: e.challengeSlug, title: e.challengeTitle }
            : null,
        reward:
          e.rewardId !== null && e.rewardRank !== null
            ? { id: e.rewardId, rank: e.rewardRank }
            : null,
      };
    }),
  };
}

/**
 * The reputation part of a profile: reputation, level and the way to the next privilege, the whole
 * badge catalog (earned ones dated), rewards won and one page of the points history.
 */
export async function reputationProfile(
  db: Db,
  {
    handle,
    viewerId,
    position = {},
  }: { handle: string; viewerId: string | null; position?: PagePosition },
) {
  const user = await findUserByHandle(db, handle);
  if (!user) throw notFound('errors.notFound.person');
  const reputation = await reputationOf(db, user.id);
  const [badges, rewards, history] = [
    await badgesOfUser(db, user.id),
    await rewardsOfUser(db, user.id),
    await pointsHistory(db, { userId: user.id, viewerId, position }),
  ];
  return { reputation, ...levelOf(reputation), badges, rewards, history };
}
