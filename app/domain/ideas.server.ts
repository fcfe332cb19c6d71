// Ideas: submitted to open challenges, edited or withdrawn by their authors, listed by top/new/trending.
import { and, count, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.server';
import { brands, challenges, ideas, users, votes, type IdeaStatus } from '../../db/schema';
import { isModerator, type Actor } from './actor';
import { canManageBrand } from './brands.server';
import { IDEA_SORTS, canSubmitIdeas, canVote, type IdeaSort } from './lifecycle';
import { conflict, forbidden, invalid, msg, notFound } from './errors';
import { appendEvent } from './events.server';
import { refuseDeepMarkdown } from './markdown';
import { renderMarkdown, storedExcerpt } from './markdown.server';
import { idField, tagsField } from './fields';
import { PAGE_SIZE, pageOf } from './pagination';

export const PUBLIC_IDEA_STATUSES: IdeaStatus[] = ['published', 'shortlisted', 'winner'];

export const ideaSchema = z.object({
  title: z
    .string({ required_error: 'errors.idea.titleRequired' })
    .trim()
    .min(5, 'errors.idea.titleLength')
    .max(120, 'errors.idea.titleLength'),
  body: z
    .string({ required_error: 'errors.idea.bodyRequired' })
    .trim()
    .min(20, 'errors.idea.bodyLength')
    .max(10_000, 'errors.idea.bodyLength')
    .superRefine(refuseDeepMarkdown),
  tags: tagsField,
  buildsOnId: z
    .union([z.literal('').transform(() => null), idField('buildsOn')])
    .optional()
    .transform((v) => v ?? null),
});
export type IdeaInput = z.infer<typeof ideaSchema>;

export { IDEA_SORTS, type IdeaSort };

/** Fider's trending score: (recent votes×5 + recent comments×3 − 1) / (hours since posted + 2)^1.4. */
export const trendingScore = sql<number>`(
  (5 * (select count(*) from votes v where v.idea_id = ${ideas.id} and v.updated_at > now() - interval '7 days')
 + 3 * (select count(*) from comments c where c.idea_id = ${ideas.id} and c.deleted_at is null and c.created_at > now() - interval '7 days')
 - 1) / power(extract(epoch from (now() - ${ideas.createdAt})) / 3600 + 2, 1.4))`;

const orderFor: Record<IdeaSort, SQL[]> = {
  // The id breaks ties last, so LIMIT/OFFSET pages never repeat or skip ideas with equal score and age.
  top: [
    sql`(${ideas.supportCount} - ${ideas.opposeCount}) desc`,
    sql`${ideas.createdAt} desc`,
    sql`${ideas.id} desc`,
  ],
  new: [sql`${ideas.createdAt} desc`, sql`${ideas.id} desc`],
  trending: [sql`${trendingScore} desc`, sql`${ideas.id} desc`],
};

async function lockedChallenge(tx: Db, challengeId: number) {
  const [c] = await tx.select().from(challenges).where(eq(challenges.id, challengeId)).for('share');
  if (!c) throw notFound('errors.notFound.challenge');
  return c;
}

/** An idea builds on a public idea of the same challenge (the one the picker offers). */
async function checkBuildsOn(
  tx: Db,
  challengeId: number,
  buildsOnId: number | null,
  selfId?: number,
) {
  if (buildsOnId === null) return null;
  if (buildsOnId === selfId)
    throw invalid('errors.idea.buildsOnSelf', undefined, {
      buildsOnId: msg('errors.idea.buildsOnSelf'),
    });
  const [target] = await tx
    .select({
      id: ideas.id,
      authorId: ideas.authorId,
      status: ideas.status,
      challengeId: ideas.challengeId,
      stage: challenges.stage,
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(ideas.id, buildsOnId));
  if (!target || !PUBLIC_IDEA_STATUSES.includes(target.status) || target.stage === 'draft')
    throw invalid('errors.idea.buildsOnMissing', undefined, {
      buildsOnId: msg('errors.idea.buildsOnMissingField'),
    });
  if (target.challengeId !== challengeId)
    throw invalid('errors.idea.buildsOnOtherChallenge', undefined, {
      buildsOnId: msg('errors.idea.buildsOnOtherChallengeField'),
    });
  return target;
}

export async function submitIdea(db: Db, actor: Actor, challengeId: number, input: IdeaInput) {
  // Rendered before the transaction, so no connection waits on it.
  const body = await renderMarkdown(input.body);
  return db.transaction(async (tx) => {
    const challenge = await lockedChallenge(tx, challengeId);
    if (challenge.stage === 'draft') throw notFound('errors.notFound.challenge');
    if (!canSubmitIdeas(challenge.stage)) throw conflict('errors.idea.notAccepting');
    // Serialise one author's submissions to one challenge so the per-person limit holds under races.
    await tx.execute(sql`select pg_advisory_xact_lock(${challengeId}, hashtext(${actor.id}))`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(ideas)
      .where(
        and(
          eq(ideas.challengeId, challengeId),
          eq(ideas.authorId, actor.id),
          sql`${ideas.status} <> 'withdrawn'`,
        ),
      );
    if (n >= challenge.maxIdeasPerUser)
      throw conflict('errors.idea.limit', { max: challenge.maxIdeasPerUser });
    const buildsOn = await checkBuildsOn(tx, challengeId, input.buildsOnId);
    const [idea] = await tx
      .insert(ideas)
      .values({
        challengeId,
        authorId: actor.id,
        title: input.title,
        body: input.body,
        bodyHtml: body.html,
        bodyExcerpt: body.excerpt,
        tags: input.tags,
        buildsOnId: input.buildsOnId,
      })
      .returning();
    // The original's author is told by the idea reactions (ideas/reactions.server.ts).
    await appendEvent(tx, {
      type: 'idea.created',
      actorId: actor.id,
      brandId: challenge.brandId,
      challengeId,
      ideaId: idea!.id,
      subjectUserId: buildsOn?.authorId ?? null,
      payload: { title: idea!.title, buildsOnId: idea!.buildsOnId },
    });
    return idea!;
  });
}

async function ownIdeaForChange(tx: Db, actor: Actor, ideaId: number) {
  const [row] = await tx
    .select({ idea: ideas, stage: challenges.stage, brandId: challenges.brandId })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(ideas.id, ideaId))
    .for('update', { of: ideas });
  if (!row) throw notFound('errors.notFound.idea');
  if (row.idea.authorId !== actor.id) throw forbidden('errors.idea.onlyAuthorChange');
  return row;
}

export async function editIdea(db: Db, actor: Actor, ideaId: number, input: IdeaInput) {
  const body = await renderMarkdown(input.body);
  return db.transaction(async (tx) => {
    const { idea, stage, brandId } = await ownIdeaForChange(tx, actor, ideaId);
    if (idea.status !== 'published')
      throw conflict('errors.idea.statusNoEdit', { status: idea.status });
    if (!canVote(stage)) throw conflict('errors.idea.stageNoEdit');
    if (input.buildsOnId !== idea.buildsOnId)
      await checkBuildsOn(tx, idea.challengeId, input.buildsOnId, ideaId);
    const now = new Date();
    const [updated] = await tx
      .update(ideas)
      .set({
        title: input.title,
        body: input.body,
        bodyHtml: body.html,
        bodyExcerpt: body.excerpt,
        tags: input.tags,
        buildsOnId: input.buildsOnId,
        updatedAt: now,
        lastActivityAt: now,
      })
      .where(eq(ideas.id, ideaId))
      .returning();
    await appendEvent(tx, {
      type: 'idea.updated',
      actorId: actor.id,
      brandId,
      challengeId: idea.challengeId,
      ideaId,
      payload: { title: updated!.title },
    });
    return updated!;
  });
}

export async function withdrawIdea(db: Db, actor: Actor, ideaId: number) {
  return db.transaction(async (tx) => {
    const { idea, brandId } = await ownIdeaForChange(tx, actor, ideaId);
    if (idea.status !== 'published')
      throw conflict('errors.idea.statusNoWithdraw', { status: idea.status });
    const [updated] = await tx
      .update(ideas)
      .set({ status: 'withdrawn', updatedAt: new Date() })
      .where(eq(ideas.id, ideaId))
      .returning();
    await appendEvent(tx, {
      type: 'idea.withdrawn',
      actorId: actor.id,
      brandId,
      challengeId: idea.challengeId,
      ideaId,
    });
    return updated!;
  });
}

/**
 * Everything the idea page shows, as the viewer may see it. It goes to the browser as route data,
 * so it names the author by handle only: internal user ids never leave the server.
 */
export async function getIdea(db: Db, viewer: Actor | null, ideaId: number) {
  const { authorId: _authorId, ...ideaColumns } = getTableColumns(ideas);
  const [found] = await db
    .select({
      idea: ideaColumns,
      authorId: ideas.authorId,
      author: { handle: users.handle, displayName: users.displayName },
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
  const canManage = await canManageBrand(db, viewer, row.challenge.brandId);
  if (row.challenge.stage === 'draft' && !canManage) throw notFound('errors.notFound.idea');
  if (row.idea.status === 'hidden' && !canManage && !isModerator(viewer))
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
    .select({ id: ideas.id, title: ideas.title, authorHandle: users.handle })
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
  return { ...row, buildsOn, builtUpon, myVote, isAuthor, canManage };
}

export async function listIdeas(
  db: Db,
  challengeId: number,
  options: { sort: IdeaSort; page: number; pageSize?: number },
) {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const where = and(
    eq(ideas.challengeId, challengeId),
    inArray(ideas.status, PUBLIC_IDEA_STATUSES),
  );
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(ideas).where(where);
  const items = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      excerpt: storedExcerpt(ideas.bodyExcerpt, ideas.body),
      tags: ideas.tags,
      status: ideas.status,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      commentCount: ideas.commentCount,
      createdAt: ideas.createdAt,
      authorHandle: users.handle,
      authorName: users.displayName,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .where(where)
    .orderBy(...orderFor[options.sort])
    .limit(pageSize)
    .offset((options.page - 1) * pageSize);
  return pageOf(items, total, options.page, pageSize);
}

/** Trending ideas across every public challenge, for the home page. */
export async function trendingIdeas(db: Db, limit = 6) {
  return db
    .select({
      id: ideas.id,
      title: ideas.title,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      commentCount: ideas.commentCount,
      authorHandle: users.handle,
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
      challengeLanguage: challenges.language,
    })
    .from(ideas)
    .innerJoin(users, eq(users.id, ideas.authorId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(
      and(
        inArray(ideas.status, PUBLIC_IDEA_STATUSES),
        inArray(challenges.stage, ['open', 'voting']),
      ),
    )
    .orderBy(desc(trendingScore), desc(ideas.id))
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
