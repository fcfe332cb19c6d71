// Votes: one per person per idea (+1 support, −1 oppose), changeable and withdrawable while voting is open.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { rowsOf, type Db } from '../../../db/client.server';
import type { ChallengeStage, IdeaStatus } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { DomainError, conflict, forbidden, notFound } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { oneAtATime } from '#app/domain/core/hot-rows.server';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { reputationOf } from '#app/domain/reputation/rules';
import { opposeLock, voteRefusal } from './policy';
import type { VoteValue, VoteResult } from './schema';

/**
 * Sets the actor's vote on an idea (0 withdraws it). The idea row is locked for the rest of the
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

/**
 * The vote in one statement: lock the idea and read it with its challenge, read the voter's vote,
 * and — unless it already is the wanted one — write the vote row and the counts, returning all of
 * it. The whole command is then this statement, the event, and the commit; the idea stays locked
 * only for those.
 *
 * Within one statement every read sees the snapshot taken when it started, even a row it then
 * had to wait to lock. Every vote rewrites the idea row, so if the locked row is not the version
 * the snapshot holds (`fresh` false), a vote committed meanwhile may be missing from that
 * snapshot: nothing is written and the caller runs the statement again, which — the lock now
 * held — sees everything committed before it. (Other writers of the row, such as the trending
 * score, only cost that second run.)
 *
 * Built once; postgres.js keeps it prepared per connection (parsed and planned once there).
 */
const WRITE_VOTE = new PgDialect().sqlToQuery(sql`
  with snap as (
    select xmin as version from ideas where id = ${sql.placeholder('ideaId')}::int
  ),
  target as (
    select i.status, i.author_id, i.challenge_id, i.xmin as version, c.stage, c.brand_id
    from ideas i join challenges c on c.id = i.challenge_id
    where i.id = ${sql.placeholder('ideaId')}::int
    for update of i
  ),
  prior as (
    select coalesce((select value from votes
        where idea_id = ${sql.placeholder('ideaId')}::int and user_id = ${sql.placeholder('userId')}::text), 0)::int as before,
      exists (select 1 from target t join snap s on s.version = t.version) as fresh
  ),
  removed as (
    delete from votes v using prior p
    where v.idea_id = ${sql.placeholder('ideaId')}::int and v.user_id = ${sql.placeholder('userId')}::text
      and ${sql.placeholder('value')}::int = 0 and p.fresh and p.before <> 0
  ),
  added as (
    insert into votes (idea_id, user_id, value, created_at, updated_at)
    select ${sql.placeholder('ideaId')}::int, ${sql.placeholder('userId')}::text, ${sql.placeholder('value')}::int,
      ${sql.placeholder('now')}::timestamptz, ${sql.placeholder('now')}::timestamptz
    from prior p where ${sql.placeholder('value')}::int <> 0 and p.fresh and p.before = 0
  ),
  changed as (
    update votes v set value = ${sql.placeholder('value')}::int, updated_at = ${sql.placeholder('now')}::timestamptz
    from prior p
    where v.idea_id = ${sql.placeholder('ideaId')}::int and v.user_id = ${sql.placeholder('userId')}::text
      and ${sql.placeholder('value')}::int <> 0 and p.fresh and p.before not in (0, ${sql.placeholder('value')}::int)
  ),
  counts as (
    update ideas i set
      support_count = i.support_count + (${sql.placeholder('value')}::int = 1)::int - (p.before = 1)::int,
      oppose_count = i.oppose_count + (${sql.placeholder('value')}::int = -1)::int - (p.before = -1)::int,
      last_activity_at = ${sql.placeholder('now')}::timestamptz
    from prior p
    where i.id = ${sql.placeholder('ideaId')}::int and p.fresh and p.before <> ${sql.placeholder('value')}::int
    returning i.support_count, i.oppose_count
  )
  select t.status, t.author_id, t.challenge_id, t.stage, t.brand_id, p.before, p.fresh,
    c.support_count, c.oppose_count,
    coalesce((select r.points from reputation_totals r
      where r.user_id = ${sql.placeholder('userId')}::text), 0)::int as voter_points,
    exists (select 1 from brand_members m
      where m.brand_id = t.brand_id and m.user_id = ${sql.placeholder('userId')}::text) as voter_member
  from target t cross join prior p left join counts c on true`);

type Written = {
  status: IdeaStatus;
  author_id: string;
  challenge_id: number;
  stage: ChallengeStage;
  brand_id: number;
  before: number;
  fresh: boolean;
  /** Null when nothing was written (the vote already was the wanted one, or not fresh). */
  support_count: number | null;
  oppose_count: number | null;
  /** The voter's ledger total (reputation_totals) and whether they are a member of the brand. */
  voter_points: number;
  voter_member: boolean;
};

async function writeVote(
  tx: Db,
  params: { ideaId: number; userId: string; value: VoteValue; now: string },
): Promise<Written | undefined> {
  // A prepared query belongs to the connection it was made on, so it is made per transaction.
  const query = tx._.session.prepareQuery(WRITE_VOTE, undefined, 'cast_vote', false);
  return rowsOf<Written>(await query.execute(params))[0];
}

function castVoteNow(
  db: Db,
  actor: Actor,
  ideaId: number,
  value: VoteValue,
  now: Date,
): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    const params = { ideaId, userId: actor.id, value, now: now.toISOString() };
    let row = await writeVote(tx, params);
    if (row && !row.fresh) row = await writeVote(tx, params);
    // What a refused vote wrote above is undone with the transaction.
    if (!row || row.stage === 'draft' || !PUBLIC_IDEA_STATUSES.includes(row.status))
      throw notFound('errors.notFound.idea');
    const before = row.before as VoteValue;
    // Brand members, moderators and admins oppose whatever their points (reputation/policy.ts).
    const standing = {
      reputation: reputationOf(Number(row.voter_points)),
      roleOverride: row.voter_member || isModerator(actor),
    };
    const refusal = voteRefusal(
      actor,
      { status: row.status, authorId: row.author_id, stage: row.stage },
      { from: before, to: value, standing },
    );
    if (refusal === 'closed') throw conflict('errors.vote.closed');
    if (refusal === 'ownIdea') throw forbidden('errors.vote.ownIdea');
    if (refusal === 'locked') {
      const lock = opposeLock(standing)!;
      throw new DomainError('Forbidden', 'errors.vote.opposeLocked', {
        threshold: lock.threshold,
        reputation: lock.reputation,
      });
    }

    if (before === value) {
      if (value === 0) throw conflict('errors.vote.notVoted');
      throw conflict(value === 1 ? 'errors.vote.alreadySupport' : 'errors.vote.alreadyOppose');
    }
    if (!row.fresh || row.support_count === null || row.oppose_count === null)
      throw new Error(`castVote: idea ${ideaId} changed while this transaction held its lock`);
    const counts = {
      supportCount: Number(row.support_count),
      opposeCount: Number(row.oppose_count),
    };
    // The author is told of a first vote by the vote reactions (votes/reactions.server.ts).
    await appendEvent(tx, {
      type: value === 0 ? 'vote.withdrawn' : before === 0 ? 'vote.cast' : 'vote.changed',
      actorId: actor.id,
      brandId: row.brand_id,
      challengeId: row.challenge_id,
      ideaId,
      subjectUserId: row.author_id,
      payload: { from: before, to: value, ...counts },
      at: now,
    });
    return { ideaId, value, ...counts };
  });
}
