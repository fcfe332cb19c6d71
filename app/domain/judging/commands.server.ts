// Judging: following a challenge, scorecards, the shortlist, the award that names the winners and
// the rewards' lifecycle. Each command is one transaction that writes its rows and its event; the
// event's reactions write the notifications (./reactions.server.ts) and the ledger (reputation).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import {
  challengeFollows,
  challenges,
  ideas,
  rewards,
  scorecards,
  type Challenge,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, invalid, notFound } from '#app/domain/core/errors';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent } from '#app/domain/events/log.server';
import { applyStageMove } from '#app/domain/challenges/commands.server';
import { effectivePrizes } from '#app/domain/challenges/schema';
import {
  JUDGEABLE_STATUSES,
  SCORE_MAX,
  SCORE_MIN,
  judgingOpen,
  rewardDecidable,
  weightedScore,
} from './policy';

/** Reads a challenge and locks it FOR UPDATE: one award (or stage move) at a time. */
async function lockChallenge(tx: Db, challengeId: number) {
  const [row] = await tx
    .select()
    .from(challenges)
    .where(eq(challenges.id, challengeId))
    .for('update');
  if (!row) throw notFound('errors.notFound.challenge');
  return row;
}

/**
 * The idea of a judging action, locked, with its challenge, checked for a judge in review. The
 * idea's lock orders it with the award (which locks the challenge, then its winners) and with a
 * withdrawal; the challenge is read after it, so an award that committed meanwhile is seen.
 */
async function judgeableIdea(
  tx: Db,
  actor: Actor,
  ideaId: number,
  key: 'score' | 'shortlist',
  challengeId: number | undefined,
) {
  const [idea] = await tx.select().from(ideas).where(eq(ideas.id, ideaId)).for('no key update');
  if (!idea) throw notFound('errors.notFound.idea');
  // Judged from one challenge's page: an idea of another challenge is not one of its ideas.
  if (challengeId !== undefined && idea.challengeId !== challengeId)
    throw invalid('errors.judging.ideaOtherChallenge');
  const [challenge] = await tx.select().from(challenges).where(eq(challenges.id, idea.challengeId));
  if (!(await canManageBrandOf(tx, actor, challenge!.brandId)))
    throw forbidden(
      key === 'score' ? 'errors.judging.scoreNotMember' : 'errors.judging.shortlistNotMember',
    );
  if (!judgingOpen(challenge!.stage))
    throw conflict('errors.judging.notInReview', { stage: challenge!.stage });
  return { idea, challenge: challenge! };
}

// ─── Following ───────────────────────────────────────────────────────────────────────────────

async function followable(tx: Db, actor: Actor, challengeId: number) {
  const [challenge] = await tx.select().from(challenges).where(eq(challenges.id, challengeId));
  if (!challenge) throw notFound('errors.notFound.challenge');
  // A draft exists only for its brand: nobody else may learn of it by following.
  if (challenge.stage === 'draft' && !(await canManageBrandOf(tx, actor, challenge.brandId)))
    throw notFound('errors.notFound.challenge');
  return challenge;
}

/** Follows a challenge; following it again changes nothing (false). */
export async function followChallenge(
  db: Db,
  { actor, challengeId, ...timed }: { actor: Actor; challengeId: number } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const challenge = await followable(tx, actor, challengeId);
    const added = await tx
      .insert(challengeFollows)
      .values({ challengeId, userId: actor.id, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!added.length) return false;
    await appendEvent(tx, {
      type: 'challenge.followed',
      actorId: actor.id,
      brandId: challenge.brandId,
      challengeId,
      at: now,
    });
    return true;
  });
}

/** Stops following; not following already changes nothing (false). */
export async function unfollowChallenge(
  db: Db,
  { actor, challengeId, ...timed }: { actor: Actor; challengeId: number } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const challenge = await followable(tx, actor, challengeId);
    const removed = await tx
      .delete(challengeFollows)
      .where(
        and(eq(challengeFollows.challengeId, challengeId), eq(challengeFollows.userId, actor.id)),
      )
      .returning();
    if (!removed.length) return false;
    await appendEvent(tx, {
      type: 'challenge.unfollowed',
      actorId: actor.id,
      brandId: challenge.brandId,
      challengeId,
      at: now,
    });
    return true;
  });
}

// ─── Scorecards ──────────────────────────────────────────────────────────────────────────────

function checkScores(scores: readonly number[], challenge: Challenge) {
  if (!challenge.criteria.length) throw conflict('errors.judging.noCriteria');
  if (scores.length !== challenge.criteria.length)
    throw invalid('errors.judging.scoreCountExact', { count: challenge.criteria.length });
  for (const s of scores)
    if (!Number.isInteger(s) || s < SCORE_MIN || s > SCORE_MAX)
      throw invalid('errors.judging.scoreRange', { min: SCORE_MIN, max: SCORE_MAX });
}

/**
 * A judge's scorecard for one idea: saved as a draft (`submit: false`, only the judge sees it) or
 * submitted, which fixes its weighted score (Σ score × weight / 100) for good.
 */
export async function saveScorecard(
  db: Db,
  {
    actor,
    ideaId,
    scores,
    submit,
    challengeId,
    ...timed
  }: {
    actor: Actor;
    ideaId: number;
    scores: number[];
    submit: boolean;
    /** The challenge the judge is judging: an idea of another one is refused. */
    challengeId?: number;
  } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const { idea, challenge } = await judgeableIdea(tx, actor, ideaId, 'score', challengeId);
    if (!JUDGEABLE_STATUSES.includes(idea.status))
      throw conflict('errors.judging.ideaNotJudgeable', { status: idea.status });
    checkScores(scores, challenge);
    const [existing] = await tx
      .select()
      .from(scorecards)
      .where(and(eq(scorecards.ideaId, ideaId), eq(scorecards.judgeId, actor.id)))
      .for('update');
    if (existing?.submittedAt) throw conflict('errors.judging.scorecardFinal');
    const weighted = submit ? weightedScore(scores, challenge.criteria) : null;
    const values = {
      scores,
      weighted,
      submittedAt: submit ? now : null,
      updatedAt: now,
    };
    const [card] = existing
      ? await tx
          .update(scorecards)
          .set(values)
          .where(and(eq(scorecards.ideaId, ideaId), eq(scorecards.judgeId, actor.id)))
          .returning()
      : await tx
          .insert(scorecards)
          .values({
            ideaId,
            judgeId: actor.id,
            challengeId: challenge.id,
            createdAt: now,
            ...values,
          })
          .returning();
    // A draft is the judge's own business; a submitted scorecard counts for the brand's judges.
    if (submit) {
      await appendEvent(tx, {
        type: 'scorecard.submitted',
        actorId: actor.id,
        brandId: challenge.brandId,
        challengeId: challenge.id,
        ideaId,
        payload: { weighted },
        at: now,
      });
      await recordAudit(tx, {
        at: now,
        actorId: actor.id,
        action: 'idea.scored',
        target: { kind: 'idea', id: ideaId },
        brandId: challenge.brandId,
        challengeId: challenge.id,
        ideaId,
        subjectUserId: idea.authorId,
        after: { weighted, scores },
      });
    }
    return card!;
  });
}

// ─── The shortlist ───────────────────────────────────────────────────────────────────────────

/** Puts a published idea of a challenge in review on the shortlist (its author is told). */
export async function shortlistIdea(
  db: Db,
  { actor, ideaId, challengeId, ...timed }: ShortlistInput,
) {
  return setShortlisted(db, actor, ideaId, challengeId, true, nowFrom(timed));
}

type ShortlistInput = { actor: Actor; ideaId: number; challengeId?: number } & Timed;

/** Takes an idea off the shortlist, back to published (before the award only). */
export async function unshortlistIdea(
  db: Db,
  { actor, ideaId, challengeId, ...timed }: ShortlistInput,
) {
  return setShortlisted(db, actor, ideaId, challengeId, false, nowFrom(timed));
}

async function setShortlisted(
  db: Db,
  actor: Actor,
  ideaId: number,
  challengeId: number | undefined,
  on: boolean,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const { idea, challenge } = await judgeableIdea(tx, actor, ideaId, 'shortlist', challengeId);
    const from = on ? 'published' : 'shortlisted';
    const to = on ? 'shortlisted' : 'published';
    if (idea.status !== from)
      throw conflict(on ? 'errors.judging.notShortlistable' : 'errors.judging.notShortlisted', {
        status: idea.status,
      });
    const [updated] = await tx
      .update(ideas)
      .set({ status: to, updatedAt: now })
      .where(eq(ideas.id, ideaId))
      .returning();
    await appendEvent(tx, {
      type: on ? 'idea.shortlisted' : 'idea.unshortlisted',
      actorId: actor.id,
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId,
      subjectUserId: idea.authorId,
      payload: { status: to },
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: on ? 'idea.shortlisted' : 'idea.unshortlisted',
      target: { kind: 'idea', id: ideaId },
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId,
      subjectUserId: idea.authorId,
      before: { status: from },
      after: { status: to },
    });
    return updated!;
  });
}

// ─── The award ───────────────────────────────────────────────────────────────────────────────

export type Winner = { rank: number; ideaId: number };

/**
 * Names the winners of a challenge in review and moves it to awarded, all in one transaction that
 * holds the challenge's row: the rewards (points and prize from the split), the ideas' status
 * `winner`, one `reward.granted` per winner (the ledger and the winner's notification react to
 * it) and the stage move (its followers are told the results). Two awards at once: the second
 * waits for the first and then finds the challenge awarded (409).
 */
export async function awardChallenge(
  db: Db,
  {
    actor,
    challengeId,
    winners,
    ...timed
  }: { actor: Actor; challengeId: number; winners: Winner[] } & Timed,
) {
  const now = nowFrom(timed);
  try {
    return await db.transaction(async (tx) => {
      const challenge = await lockChallenge(tx, challengeId);
      if (!(await canManageBrandOf(tx, actor, challenge.brandId)))
        throw forbidden('errors.judging.awardNotMember');
      if (challenge.stage === 'awarded' || challenge.stage === 'archived')
        throw conflict('errors.judging.alreadyAwarded');
      if (!judgingOpen(challenge.stage))
        throw conflict('errors.judging.notInReview', { stage: challenge.stage });
      const { ranks, open } = effectivePrizes(challenge);
      checkWinnerRanks(winners, ranks.length, open);
      const ideaIds = winners.map((w) => w.ideaId);
      const rows = await tx
        .select()
        .from(ideas)
        .where(inArray(ideas.id, ideaIds))
        .for('no key update');
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const w of winners) {
        const idea = byId.get(w.ideaId);
        if (!idea || idea.challengeId !== challengeId)
          throw invalid('errors.judging.winnerOtherChallenge', { rank: w.rank });
        if (idea.status !== 'shortlisted')
          throw conflict('errors.judging.winnerNotShortlisted', { rank: w.rank });
      }
      // In the winners' user-id order: their ledger rows are then locked in the order every other
      // writer of the ledger takes (decision 016), so two awards sharing a winner cannot deadlock.
      const authorOf = (w: Winner) => byId.get(w.ideaId)!.authorId;
      const sorted = [...winners].sort(
        (a, b) =>
          (authorOf(a) < authorOf(b) ? -1 : authorOf(a) > authorOf(b) ? 1 : 0) || a.rank - b.rank,
      );
      const granted = [];
      for (const w of sorted) {
        const idea = byId.get(w.ideaId)!;
        const prize = ranks[w.rank - 1]!;
        const [reward] = await tx
          .insert(rewards)
          .values({
            challengeId,
            ideaId: idea.id,
            userId: idea.authorId,
            rank: w.rank,
            points: prize.points,
            prize: prize.item,
            status: 'pending',
            createdAt: now,
          })
          .returning();
        await tx
          .update(ideas)
          .set({ status: 'winner', updatedAt: now })
          .where(eq(ideas.id, idea.id));
        await appendEvent(tx, {
          type: 'reward.granted',
          actorId: actor.id,
          brandId: challenge.brandId,
          challengeId,
          ideaId: idea.id,
          subjectUserId: idea.authorId,
          payload: { rewardId: reward!.id, rank: w.rank, points: prize.points, prize: prize.item },
          at: now,
        });
        await recordAudit(tx, {
          at: now,
          actorId: actor.id,
          action: 'reward.granted',
          target: { kind: 'reward', id: reward!.id },
          brandId: challenge.brandId,
          challengeId,
          ideaId: idea.id,
          subjectUserId: idea.authorId,
          after: { rank: w.rank, points: prize.points, prize: prize.item, status: 'pending' },
        });
        granted.push(reward!);
      }
      const moved = await applyStageMove(tx, challenge, 'awarded', {
        actorId: actor.id,
        now,
        payload: { winners: granted.length },
      });
      return { challenge: moved, rewards: granted.sort((a, b) => a.rank - b.rank) };
    });
  } catch (e) {
    // A reward already recorded for one of the ideas (or the rank): the award happened already.
    if (pgErrorCode(e) === UNIQUE_VIOLATION) throw conflict('errors.judging.alreadyAwarded');
    throw e;
  }
}

/** One winner per configured rank (or, with no split, ranks 1…n), each idea once. */
function checkWinnerRanks(winners: Winner[], rankCount: number, open: boolean) {
  if (!winners.length) throw invalid('errors.judging.noWinners');
  const ranks = new Set<number>();
  const ideaIds = new Set<number>();
  for (const w of winners) {
    if (!Number.isInteger(w.rank) || w.rank < 1 || w.rank > rankCount)
      throw invalid('errors.judging.rankOutOfSplit', { rank: w.rank, count: rankCount });
    if (ranks.has(w.rank)) throw invalid('errors.judging.rankTwice', { rank: w.rank });
    if (ideaIds.has(w.ideaId)) throw invalid('errors.judging.winnerTwice');
    ranks.add(w.rank);
    ideaIds.add(w.ideaId);
  }
  const needed = open ? winners.length : rankCount;
  for (let rank = 1; rank <= needed; rank++)
    if (!ranks.has(rank)) throw invalid('errors.judging.rankMissing', { rank });
}

// ─── Rewards ─────────────────────────────────────────────────────────────────────────────────

/** Marks a pending reward fulfilled, with a note saying how ("prototype meeting held 12 March"). */
export async function fulfilReward(
  db: Db,
  { actor, rewardId, note, ...timed }: { actor: Actor; rewardId: number; note: string } & Timed,
) {
  return decideReward(db, actor, rewardId, note, 'fulfilled', nowFrom(timed));
}

/**
 * Revokes a pending reward (the ledger takes its points back). A fulfilled reward was handed over
 * and stays fulfilled; the idea stays a winner, its reward shown as revoked.
 */
export async function revokeReward(
  db: Db,
  { actor, rewardId, note, ...timed }: { actor: Actor; rewardId: number; note: string } & Timed,
) {
  return decideReward(db, actor, rewardId, note, 'revoked', nowFrom(timed));
}

async function decideReward(
  db: Db,
  actor: Actor,
  rewardId: number,
  rawNote: string,
  to: 'fulfilled' | 'revoked',
  now: Date,
) {
  // eslint-disable-next-line no-control-regex
  const note = rawNote.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (note.length < 3) throw invalid('errors.judging.noteRequired');
  if (note.length > 500) throw invalid('errors.judging.noteLength');
  return db.transaction(async (tx) => {
    const [reward] = await tx.select().from(rewards).where(eq(rewards.id, rewardId)).for('update');
    if (!reward) throw notFound('errors.judging.rewardNotFound');
    const [challenge] = await tx
      .select({ brandId: challenges.brandId })
      .from(challenges)
      .where(eq(challenges.id, reward.challengeId));
    if (!(await canManageBrandOf(tx, actor, challenge!.brandId)))
      throw forbidden('errors.judging.rewardNotMember');
    if (!rewardDecidable(reward.status))
      throw conflict('errors.judging.rewardDecided', { status: reward.status });
    const [updated] = await tx
      .update(rewards)
      .set({ status: to, note, decidedBy: actor.id, decidedAt: now })
      .where(eq(rewards.id, rewardId))
      .returning();
    await appendEvent(tx, {
      type: to === 'fulfilled' ? 'reward.fulfilled' : 'reward.revoked',
      actorId: actor.id,
      brandId: challenge!.brandId,
      challengeId: reward.challengeId,
      ideaId: reward.ideaId,
      subjectUserId: reward.userId,
      payload: { rewardId, note },
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: to === 'fulfilled' ? 'reward.fulfilled' : 'reward.revoked',
      target: { kind: 'reward', id: rewardId },
      brandId: challenge!.brandId,
      challengeId: reward.challengeId,
      ideaId: reward.ideaId,
      subjectUserId: reward.userId,
      reason: note,
      before: { status: reward.status },
      after: { status: to },
    });
    return updated!;
  });
}
