// Merging a duplicate idea (B, `fromId`) into its original (A, `intoId`), issue 15 item 3: B's votes
// move to A (or go, for voters already on A), B becomes 'merged' and points to A, its discussion
// stays readable from A, and everyone who wrote or voted on B is told. One transaction.
//
// Points already earned stay as they are. The ledger keys a vote's entries by (person, rule, idea,
// voter) — app/domain/reputation/reactions.server.ts `onVote` → ledger.server.ts `openEntries`
// with the event's idea — so the entries a vote on B gave (B's author's supportReceived, the
// voter's opposeCast) keep naming B. A moved vote, later withdrawn or changed on A, finds no open
// entry on A and reverses nothing; its new value is counted afresh. B's author keeps the points
// their idea earned, and gets no builtOn bonus either: the "Merged in" credit on A is the
// attribution. A dropped vote (its voter already had one on A) gives back nothing for the same
// reason.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, comments, flags, ideas, users, votes, type Idea } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { memberRole } from '#app/domain/brands/queries.server';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, invalid, notFound } from '#app/domain/core/errors';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent } from '#app/domain/events/log.server';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { notify, type NotificationDraft } from '#app/domain/notifications/commands.server';
import { listComments, type CommentPage } from '#app/domain/comments/queries.server';
import { shownHandle, shownName } from '#app/domain/users/shown.server';
import { MERGE_REASON_MAX, canMerge, checkMergeReason } from './merge';

export type MergeInput = {
  actor: Actor;
  /** The duplicate (B): it becomes 'merged'. */
  fromId: number;
  /** The original (A): it receives B's votes. */
  intoId: number;
  reason: string;
} & Timed;

export type MergeResult = {
  intoId: number;
  /** Votes moved from B to A. */
  moved: number;
  /** Votes on B removed because their voter already had one on A (or wrote A). */
  dropped: number;
};

/** Recipients per notify() statement: its VALUES list stays far below PostgreSQL's parameter limit. */
const NOTIFY_CHUNK = 5_000;

/** Locks one idea FOR UPDATE (the lock a vote takes first thing) and reads it with its challenge. */
async function lockForMerge(tx: Db, ideaId: number) {
  const [row] = await tx
    .select({ idea: ideas, stage: challenges.stage, brandId: challenges.brandId })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(ideas.id, ideaId))
    .for('update', { of: ideas });
  return row;
}

/** An idea's supports (1) or opposes (−1), counted from the votes table. */
const countOf = (ideaId: number, value: 1 | -1) =>
  sql<number>`(select count(*)::int from votes v where v.idea_id = ${ideaId} and v.value = ${value})`;

const countsOf = (idea: Pick<Idea, 'status' | 'supportCount' | 'opposeCount'>) => ({
  status: idea.status,
  supportCount: idea.supportCount,
  opposeCount: idea.opposeCount,
});

/**
 * Merges B into A. Refused, with nothing written: B into itself or into another challenge's idea
 * (Invalid), an actor who may not moderate B's challenge (Forbidden), B or A no longer public —
 * merged (a cycle included), hidden, withdrawn (Conflict), a missing idea (NotFound).
 *
 * Both rows are locked FOR UPDATE in id order, so two merges never deadlock, and a vote on either
 * (which locks its idea first thing, votes/commands.server.ts) waits for the merge: on A it then
 * sees the moved votes (the merge rewrote A's row, so the vote reads again under the lock); on B
 * it is refused as not found, B being no longer public.
 */
export async function mergeIdeas(
  db: Db,
  { actor, fromId, intoId, reason: rawReason, ...timed }: MergeInput,
): Promise<MergeResult> {
  const now = nowFrom(timed);
  if (fromId === intoId) throw invalid('merge.errors.itself');
  const checked = checkMergeReason(rawReason);
  if ('problem' in checked) throw invalid(checked.problem, { max: MERGE_REASON_MAX });
  const { reason } = checked;

  return db.transaction(async (tx) => {
    const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
    const locked = new Map<number, Awaited<ReturnType<typeof lockForMerge>>>();
    locked.set(first, await lockForMerge(tx, first));
    locked.set(second, await lockForMerge(tx, second));
    const from = locked.get(fromId);
    const into = locked.get(intoId);
    if (!from || !into) throw notFound('errors.notFound.idea');

    // Only those who moderate B's challenge learn anything more about it.
    const role = await memberRole(tx, actor.id, from.brandId);
    if (!canMerge(actor, { memberRole: role })) {
      if (from.stage === 'draft') throw notFound('errors.notFound.idea');
      throw forbidden('merge.errors.notAllowed');
    }
    if (from.idea.challengeId !== into.idea.challengeId)
      throw invalid('merge.errors.otherChallenge');
    if (into.idea.mergedIntoId === fromId) throw conflict('merge.errors.cycle');
    if (!PUBLIC_IDEA_STATUSES.includes(from.idea.status))
      throw conflict('merge.errors.fromNotPublic', { status: from.idea.status });
    if (!PUBLIC_IDEA_STATUSES.includes(into.idea.status))
      throw conflict('merge.errors.intoNotPublic', { status: into.idea.status });

    const A = into.idea;
    const B = from.idea;
    // No one ever holds two votes on A, and A's author none at all: those votes on B go.
    const dropped = await tx
      .delete(votes)
      .where(
        and(
          eq(votes.ideaId, B.id),
          sql`(${votes.userId} = ${A.authorId} or exists (
            select 1 from votes w where w.idea_id = ${A.id} and w.user_id = ${votes.userId}))`,
        ),
      )
      .returning({ userId: votes.userId });
    // Every other vote on B moves as it is (value and times kept).
    const moved = await tx
      .update(votes)
      .set({ ideaId: A.id })
      .where(eq(votes.ideaId, B.id))
      .returning({ userId: votes.userId });

    // Both ideas' counts from the votes table itself, so they are exact whatever came before.
    const [intoAfter] = await tx
      .update(ideas)
      .set({
        supportCount: countOf(A.id, 1),
        opposeCount: countOf(A.id, -1),
        lastActivityAt: now,
      })
      .where(eq(ideas.id, A.id))
      .returning();
    const [fromAfter] = await tx
      .update(ideas)
      .set({
        status: 'merged',
        mergedIntoId: A.id,
        supportCount: countOf(B.id, 1),
        opposeCount: countOf(B.id, -1),
        lastActivityAt: now,
        updatedAt: now,
      })
      .where(eq(ideas.id, B.id))
      .returning();
    // Ideas merged into B earlier now point at A too: their credits and discussions stay one hop
    // from every page that leads to them (and redirects never chain).
    const carried = await tx
      .update(ideas)
      .set({ mergedIntoId: A.id })
      .where(and(eq(ideas.mergedIntoId, B.id), eq(ideas.status, 'merged')))
      .returning({ id: ideas.id });

    // The merge answers B's own open flags (a "duplicate of" flag above all): they are upheld, and
    // B leaves the review queue.
    const upheld = await tx
      .update(flags)
      .set({ resolvedAt: now, resolvedBy: actor.id, outcome: 'upheld' })
      .where(and(eq(flags.ideaId, B.id), isNull(flags.commentId), isNull(flags.resolvedAt)))
      .returning({ id: flags.id });

    const counts = { supportCount: intoAfter!.supportCount, opposeCount: intoAfter!.opposeCount };
    const links = { brandId: from.brandId, challengeId: B.challengeId };
    const mergedEvent = await appendEvent(tx, {
      type: 'idea.merged',
      actorId: actor.id,
      ...links,
      ideaId: B.id,
      subjectUserId: B.authorId,
      payload: { intoId: A.id, moved: moved.length, dropped: dropped.length, ...counts },
      at: now,
    });
    await appendEvent(tx, {
      type: 'idea.merge_received',
      actorId: actor.id,
      ...links,
      ideaId: A.id,
      subjectUserId: A.authorId,
      payload: { fromId: B.id, ...counts },
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'idea.merged',
      target: { kind: 'idea', id: B.id },
      ...links,
      ideaId: B.id,
      subjectUserId: B.authorId,
      reason,
      before: { from: countsOf(B), into: { id: A.id, ...countsOf(A) } },
      after: {
        from: { ...countsOf(fromAfter!), mergedIntoId: A.id },
        into: { id: A.id, ...countsOf(intoAfter!) },
        moved: moved.length,
        dropped: dropped.length,
        ...(upheld.length ? { flagsUpheld: upheld.length } : {}),
        ...(carried.length ? { carried: carried.map((c) => c.id).sort((x, y) => x - y) } : {}),
      },
    });

    // B's author first (notify keeps one row per person, the first kind named), then its voters.
    const recipients: NotificationDraft[] = [
      { userId: B.authorId, kind: 'merged' },
      ...[...moved, ...dropped].map((v) => ({ userId: v.userId, kind: 'merged' as const })),
    ];
    const event = { id: mergedEvent, createdAt: now };
    for (let i = 0; i < recipients.length; i += NOTIFY_CHUNK)
      await notify(
        tx,
        event,
        { actorId: actor.id, ideaId: A.id },
        recipients.slice(i, i + NOTIFY_CHUNK),
      );

    return { intoId: A.id, moved: moved.length, dropped: dropped.length };
  });
}

// ─── What A's page shows of the ideas merged into it ────────────────────────────────────────────

/** The ideas merged into A that its page credits (oldest merge first), at most this many. */
export const MERGED_CREDITS_SHOWN = 50;
/** The merged discussions A's page shows, and the threads of each per page. */
export const MERGED_DISCUSSIONS_SHOWN = 10;
export const MERGED_THREADS_PER_PAGE = 20;

export type MergedIdea = {
  id: number;
  title: string;
  /** Null (both) for a deleted account. */
  authorHandle: string | null;
  authorName: string | null;
  commentCount: number;
};

/** "Merged in: «B» by @author": the ideas merged into `intoId`, with their authors. */
export function mergedIdeasOf(db: Db, intoId: number): Promise<MergedIdea[]> {
  return db
    .select({
      id: ideas.id,
      title: ideas.title,
      authorHandle: shownHandle,
      authorName: shownName,
      commentCount: ideas.commentCount,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .where(and(eq(ideas.mergedIntoId, intoId), eq(ideas.status, 'merged')))
    .orderBy(asc(ideas.updatedAt), asc(ideas.id))
    .limit(MERGED_CREDITS_SHOWN);
}

/** The title of B when B was merged into A (the notice A's page shows after the redirect), else null. */
export async function mergedTitle(db: Db, intoId: number, fromId: number) {
  const [row] = await db
    .select({ title: ideas.title })
    .from(ideas)
    .where(and(eq(ideas.id, fromId), eq(ideas.mergedIntoId, intoId), eq(ideas.status, 'merged')));
  return row?.title ?? null;
}

export type MergedDiscussion = { idea: MergedIdea; comments: CommentPage };

/**
 * The discussions of the merged ideas that have one, read-only (read as a visitor would: no edit,
 * delete or reply). `from` (a comment id, `?mergedComments=`) pages the discussion holding it; a
 * comment of no idea merged into A is Invalid (400).
 */
export async function mergedDiscussions(
  db: Db,
  merged: MergedIdea[],
  from?: number,
): Promise<MergedDiscussion[]> {
  let pagedIdea: number | null = null;
  if (from !== undefined) {
    const [row] = await db
      .select({ ideaId: comments.ideaId })
      .from(comments)
      .where(eq(comments.id, from));
    pagedIdea = row && merged.some((m) => m.id === row.ideaId) ? row.ideaId : null;
    if (pagedIdea === null) throw invalid('errors.page.cursor');
  }
  const shown = merged
    .filter((m) => m.commentCount > 0 || m.id === pagedIdea)
    .sort((a, b) => Number(b.id === pagedIdea) - Number(a.id === pagedIdea))
    .slice(0, MERGED_DISCUSSIONS_SHOWN);
  const out: MergedDiscussion[] = [];
  for (const idea of shown) {
    const page = await listComments(db, idea.id, null, {
      from: idea.id === pagedIdea ? from : undefined,
      size: MERGED_THREADS_PER_PAGE,
    });
    if (page.threads.length || !page.first) out.push({ idea, comments: page });
  }
  return out.sort((a, b) => merged.indexOf(a.idea) - merged.indexOf(b.idea));
}
