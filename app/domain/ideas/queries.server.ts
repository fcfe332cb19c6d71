import { and, count, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brands, challenges, ideas, isPublicIdea, users, votes } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import type { IdeaSort } from '#app/domain/challenges/policy';
import { notFound } from '#app/domain/core/errors';
import { storedExcerpt } from '#app/domain/markdown/render.server';
import {
  PAGE_SIZE,
  pageKey,
  readKeysetPage,
  type Keyset,
  type PagePosition,
} from '#app/domain/core/pagination';
import { canComment, commentsOpen } from '#app/domain/comments/policy';
import { voteRefusal } from '#app/domain/votes/policy';
import { shownHandle, shownName } from '#app/domain/users/shown.server';
import { hiddenNoticeOf } from '#app/domain/moderation/hidden.server';
import { PUBLIC_IDEA_STATUSES, canBuildOn, canEditIdea, canWithdrawIdea } from './policy';

/**
 * Locks an idea's row for the rest of the transaction and reads it with its challenge's stage and
 * brand: comments and idea edits go through here (votes lock the idea in their own one statement), so
 * concurrent writes to one idea apply one after another.
 */
export async function lockIdea(tx: Db, ideaId: number) {
  const [row] = await tx
    .select({ idea: ideas, stage: challenges.stage, brandId: challenges.brandId })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(ideas.id, ideaId))
    // Not FOR UPDATE: rows that reference the idea (votes, comments, ideas building on it) take a
    // key-share lock on it, which this must not block; no writer changes an idea's key.
    .for('no key update', { of: ideas });
  return row;
}

/** lockIdea for an idea the public can see; any other (draft challenge, hidden, withdrawn) is not found. */
export async function lockPublicIdea(tx: Db, ideaId: number) {
  const row = await lockIdea(tx, ideaId);
  if (!row || row.stage === 'draft' || !PUBLIC_IDEA_STATUSES.includes(row.idea.status))
    throw notFound('errors.notFound.idea');
  return row;
}

/** The orders of a challenge's ideas, for keyset pages; each has an index in exactly this order. */
export const IDEA_KEYSETS: Record<IdeaSort, Keyset> = {
  top: {
    name: 'top',
    parts: [
      { type: 'int', expr: sql`(${ideas.supportCount} - ${ideas.opposeCount})` },
      { type: 'timestamp', expr: sql`${ideas.createdAt}` },
      { type: 'int', expr: sql`${ideas.id}` },
    ],
  },
  new: {
    name: 'new',
    parts: [
      { type: 'timestamp', expr: sql`${ideas.createdAt}` },
      { type: 'int', expr: sql`${ideas.id}` },
    ],
  },
  trending: {
    name: 'trending',
    parts: [
      { type: 'float', expr: sql`${ideas.trendingScore}` },
      { type: 'int', expr: sql`${ideas.id}` },
    ],
  },
};

/**
 * Everything the idea page shows, as the viewer may see it. It goes to the browser as route data,
 * so it names the author by handle only: internal user ids never leave the server.
 */
export async function getIdea(db: Db, viewer: Actor | null, ideaId: number) {
  // Nor its search vector or sentiment: they are for search and the brand's dashboard.
  const {
    authorId: _authorId,
    searchVector: _searchVector,
    sentiment: _sentiment,
    sentimentScore: _sentimentScore,
    ...ideaColumns
  } = getTableColumns(ideas);
  const [found] = await db
    .select({
      idea: ideaColumns,
      authorId: ideas.authorId,
      // A deleted account's are null: the page says "a deleted account" (users/shown.server.ts).
      author: { handle: shownHandle, displayName: shownName },
      challenge: {
        id: challenges.id,
        slug: challenges.slug,
        title: challenges.title,
        stage: challenges.stage,
        brandId: challenges.brandId,
        language: challenges.language,
      },
      brand: { slug: brands.slug, name: brands.name },
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(eq(ideas.id, ideaId));
  if (!found) throw notFound('errors.notFound.idea');
  const { authorId, ...row } = found;
  const isAuthor = viewer?.id === authorId;
  const canManage = await canManageBrandOf(db, viewer, row.challenge.brandId);
  if (row.challenge.stage === 'draft' && !canManage) throw notFound('errors.notFound.idea');
  // Hidden (issue 15): its author sees it, with why, as do reviewers; anyone else, nothing at all.
  if (row.idea.status === 'hidden' && !isAuthor && !canManage && !isModerator(viewer))
    throw notFound('errors.notFound.idea');
  if (row.idea.status === 'withdrawn' && !isAuthor && !canManage)
    throw notFound('errors.idea.withdrawn');
  const [buildsOn = null] = row.idea.buildsOnId
    ? await db
        .select({ id: ideas.id, title: ideas.title })
        .from(ideas)
        .where(and(eq(ideas.id, row.idea.buildsOnId), inArray(ideas.status, PUBLIC_IDEA_STATUSES)))
    : [];
  const builtUpon = await db
    .select({ id: ideas.id, title: ideas.title, authorHandle: shownHandle })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .where(and(eq(ideas.buildsOnId, ideaId), inArray(ideas.status, PUBLIC_IDEA_STATUSES)))
    .orderBy(desc(ideas.createdAt))
    .limit(20);
  let myVote = 0;
  if (viewer) {
    const [v] = await db
      .select({ value: votes.value })
      .from(votes)
      .where(and(eq(votes.ideaId, ideaId), eq(votes.userId, viewer.id)));
    myVote = v?.value ?? 0;
  }
  // Computed here, where the author's id is known, by the same policies the commands check.
  const subject = { authorId, status: row.idea.status, stage: row.challenge.stage };
  const discussion = { stage: row.challenge.stage, ideaStatus: row.idea.status };
  // A hidden idea is shown (to its author and reviewers) but takes nothing new until restored.
  const hidden = row.idea.status === 'hidden';
  const refusal = hidden ? 'closed' : voteRefusal(viewer, subject);
  const can = {
    manage: canManage,
    vote: refusal === null,
    comment: !hidden && canComment(viewer, discussion),
    edit: canEditIdea(viewer, subject),
    withdraw: canWithdrawIdea(viewer, subject),
    buildOn: !hidden && canBuildOn(viewer, subject),
  };
  return {
    ...row,
    buildsOn,
    builtUpon,
    myVote,
    isAuthor,
    can,
    voteRefusal: refusal,
    commentsOpen: !hidden && commentsOpen(discussion),
    hidden: hidden
      ? await hiddenNoticeOf(db, {
          ideaId,
          commentId: null,
          hiddenReason: row.idea.hiddenReason,
        })
      : null,
  };
}

/**
 * One page of a challenge's public ideas in the given order, after or before a cursor of that
 * order (a cursor of another order is Invalid). The total is the challenge's idea_count.
 */
export async function listIdeas(
  db: Db,
  challengeId: number,
  options: { sort: IdeaSort; pageSize?: number } & PagePosition,
) {
  const keyset = IDEA_KEYSETS[options.sort];
  return readKeysetPage(keyset, options, options.pageSize ?? PAGE_SIZE, (page) =>
    db
      .select({
        id: ideas.id,
        title: ideas.title,
        language: ideas.language,
        excerpt: storedExcerpt(ideas.bodyExcerpt, ideas.body),
        tags: ideas.tags,
        status: ideas.status,
        supportCount: ideas.supportCount,
        opposeCount: ideas.opposeCount,
        commentCount: ideas.commentCount,
        createdAt: ideas.createdAt,
        authorHandle: shownHandle,
        authorName: shownName,
        pageKey: pageKey(keyset),
      })
      .from(ideas)
      .innerJoin(users, eq(users.id, ideas.authorId))
      .where(and(eq(ideas.challengeId, challengeId), isPublicIdea(ideas.status), page.where))
      .orderBy(...page.orderBy)
      .limit(page.limit),
  );
}

/**
 * The most trending public ideas across challenges (not drafts), for the home page: read from the
 * trending index, stopping at the limit.
 */
export async function trendingIdeas(db: Db, limit = 6) {
  return db
    .select({
      id: ideas.id,
      title: ideas.title,
      language: ideas.language,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      commentCount: ideas.commentCount,
      authorHandle: shownHandle,
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
      challengeLanguage: challenges.language,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(isPublicIdea(ideas.status), sql`${challenges.stage} <> 'draft'`))
    .orderBy(desc(ideas.trendingScore), desc(ideas.id))
    .limit(limit);
}

/** Ideas a new idea may build on: public ideas in the same challenge, for a picker. */
export async function buildableIdeas(db: Db, challengeId: number, excludeId?: number) {
  return db
    .select({ id: ideas.id, title: ideas.title })
    .from(ideas)
    .where(
      and(
        eq(ideas.challengeId, challengeId),
        inArray(ideas.status, PUBLIC_IDEA_STATUSES),
        excludeId ? sql`${ideas.id} <> ${excludeId}` : undefined,
      ),
    )
    .orderBy(desc(sql`${ideas.supportCount} - ${ideas.opposeCount}`), desc(ideas.id))
    .limit(200);
}

export async function ideaCountForAuthor(db: Db, challengeId: number, authorId: string) {
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(ideas)
    .where(
      and(
        eq(ideas.challengeId, challengeId),
        eq(ideas.authorId, authorId),
        sql`${ideas.status} <> 'withdrawn'`,
      ),
    );
  return n;
}
