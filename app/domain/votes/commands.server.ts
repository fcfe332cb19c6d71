// Votes: one per person per idea (+1 support, −1 oppose), changeable and withdrawable while voting is open.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { ideas, votes } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { oneAtATime } from '#app/domain/core/hot-rows.server';
import { lockPublicIdea } from '#app/domain/ideas/queries.server';
import { voteRefusal } from './policy';
import type { VoteValue, VoteResult } from './schema';

/**
 * Sets the actor's vote on an idea (0 withdraws it). The idea row is locked for the length of the
 * transaction, so concurrent votes on one idea apply one after another and the counts stay exact.
 */
export async function castVote(
  db: Db,
  { actor, ideaId, value, ...timed }: { actor: Actor; ideaId: number; value: VoteValue } & Timed,
): Promise<VoteResult> {
  const now = nowFrom(timed);
  const busyMessage = 'errors.vote.busy';
  return oneAtATime(`idea:${ideaId}`, { busyMessage }, () =>
    castVoteNow(db, actor, ideaId, value, now),
  );
}

function castVoteNow(
  db: Db,
  actor: Actor,
  ideaId: number,
  value: VoteValue,
  now: Date,
): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    const row = await lockPublicIdea(tx, ideaId);
    const refusal = voteRefusal(actor, { ...row.idea, stage: row.stage });
    if (refusal === 'closed') throw conflict('errors.vote.closed');
    if (refusal === 'ownIdea') throw forbidden('errors.vote.ownIdea');

    const [existing] = await tx
      .select({ value: votes.value })
      .from(votes)
      .where(and(eq(votes.ideaId, ideaId), eq(votes.userId, actor.id)));
    const before = (existing?.value ?? 0) as VoteValue;
    if (before === value) {
      if (value === 0) throw conflict('errors.vote.notVoted');
      throw conflict(value === 1 ? 'errors.vote.alreadySupport' : 'errors.vote.alreadyOppose');
    }

    if (value === 0) {
      await tx.delete(votes).where(and(eq(votes.ideaId, ideaId), eq(votes.userId, actor.id)));
    } else if (before === 0) {
      await tx
        .insert(votes)
        .values({ ideaId, userId: actor.id, value, createdAt: now, updatedAt: now });
    } else {
      await tx
        .update(votes)
        .set({ value, updatedAt: now })
        .where(and(eq(votes.ideaId, ideaId), eq(votes.userId, actor.id)));
    }
    const supportDelta = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
    const opposeDelta = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
    const [counts] = await tx
      .update(ideas)
      .set({
        supportCount: sql`${ideas.supportCount} + ${supportDelta}`,
        opposeCount: sql`${ideas.opposeCount} + ${opposeDelta}`,
        lastActivityAt: now,
      })
      .where(eq(ideas.id, ideaId))
      .returning({ supportCount: ideas.supportCount, opposeCount: ideas.opposeCount });
    // The author is told of a first vote by the vote reactions (votes/reactions.server.ts).
    await appendEvent(tx, {
      type: value === 0 ? 'vote.withdrawn' : before === 0 ? 'vote.cast' : 'vote.changed',
      actorId: actor.id,
      brandId: row.brandId,
      challengeId: row.idea.challengeId,
      ideaId,
      subjectUserId: row.idea.authorId,
      payload: {
        from: before,
        to: value,
        supportCount: counts!.supportCount,
        opposeCount: counts!.opposeCount,
      },
      at: now,
    });
    return { ideaId, value, ...counts! };
  });
}
