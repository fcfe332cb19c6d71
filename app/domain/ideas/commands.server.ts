// Ideas: submitted to open challenges, edited or withdrawn by their authors, listed by top/new/trending.
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, ideas } from '../../../db/schema';
import type { ContentLanguage } from '../../../db/schema/columns';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { IDEA_SORTS, canSubmitIdeas, canVote, type IdeaSort } from '#app/domain/challenges/policy';
import { conflict, forbidden, invalid, msg, notFound } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { listenTo } from '#app/domain/listening/listen.server';
import { asContentLanguage } from '#app/domain/listening/language.server';
import { lockIdea } from './queries.server';
import { newIdeaScore } from './read-model.server';
import { PUBLIC_IDEA_STATUSES, ideaLimitReached } from './policy';
import type { IdeaInput } from './schema';

export { IDEA_SORTS, type IdeaSort };

/**
 * The challenge an idea is submitted to, locked for the transaction. Not FOR SHARE: the new idea
 * adds to the challenge's idea_count (a trigger, migration 0008), and two submissions that each
 * held a share lock and then updated the row would deadlock; so submissions to one challenge take
 * turns, briefly.
 */
async function lockedChallenge(tx: Db, challengeId: number) {
  const [c] = await tx
    .select()
    .from(challenges)
    .where(eq(challenges.id, challengeId))
    .for('no key update');
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

/** What an idea says, for its language and sentiment: the title and the body together. */
const ideaText = (input: IdeaInput) => `${input.title}\n\n${input.body}`;

/**
 * The language of the challenge an idea is (or will be) in: the guess when the idea's own text is
 * too short to tell. Read before the transaction; a missing challenge or idea is refused inside it.
 */
async function challengeLanguage(
  db: Db,
  where: { challengeId: number } | { ideaId: number },
): Promise<ContentLanguage> {
  const [row] =
    'challengeId' in where
      ? await db
          .select({ language: challenges.language })
          .from(challenges)
          .where(eq(challenges.id, where.challengeId))
      : await db
          .select({ language: challenges.language })
          .from(ideas)
          .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
          .where(eq(ideas.id, where.ideaId));
  return asContentLanguage(row?.language) ?? 'en';
}

export async function submitIdea(
  db: Db,
  {
    actor,
    challengeId,
    idea: input,
    ...timed
  }: { actor: Actor; challengeId: number; idea: IdeaInput } & Timed,
) {
  const now = nowFrom(timed);
  // Rendered and analysed before the transaction, so no connection waits on it.
  const body = await renderMarkdown(input.body);
  const heard = await listenTo(ideaText(input), await challengeLanguage(db, { challengeId }));
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
    if (ideaLimitReached(n, challenge.maxIdeasPerUser))
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
        ...heard,
        trendingScore: newIdeaScore(now),
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
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
      payload: {
        title: idea!.title,
        buildsOnId: idea!.buildsOnId,
        language: idea!.language,
        sentiment: idea!.sentiment,
      },
      at: now,
    });
    return idea!;
  });
}

async function ownIdeaForChange(tx: Db, actor: Actor, ideaId: number) {
  const row = await lockIdea(tx, ideaId);
  if (!row) throw notFound('errors.notFound.idea');
  if (row.idea.authorId !== actor.id) throw forbidden('errors.idea.onlyAuthorChange');
  return row;
}

export async function editIdea(
  db: Db,
  {
    actor,
    ideaId,
    idea: input,
    ...timed
  }: { actor: Actor; ideaId: number; idea: IdeaInput } & Timed,
) {
  const now = nowFrom(timed);
  const body = await renderMarkdown(input.body);
  const heard = await listenTo(ideaText(input), await challengeLanguage(db, { ideaId }));
  return db.transaction(async (tx) => {
    const { idea, stage, brandId } = await ownIdeaForChange(tx, actor, ideaId);
    if (idea.status !== 'published')
      throw conflict('errors.idea.statusNoEdit', { status: idea.status });
    if (!canVote(stage)) throw conflict('errors.idea.stageNoEdit');
    if (input.buildsOnId !== idea.buildsOnId)
      await checkBuildsOn(tx, idea.challengeId, input.buildsOnId, ideaId);
    const [updated] = await tx
      .update(ideas)
      .set({
        title: input.title,
        body: input.body,
        bodyHtml: body.html,
        bodyExcerpt: body.excerpt,
        tags: input.tags,
        buildsOnId: input.buildsOnId,
        ...heard,
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
      payload: {
        title: updated!.title,
        language: updated!.language,
        sentiment: updated!.sentiment,
      },
      at: now,
    });
    return updated!;
  });
}

export async function withdrawIdea(
  db: Db,
  { actor, ideaId, ...timed }: { actor: Actor; ideaId: number } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const { idea, brandId } = await ownIdeaForChange(tx, actor, ideaId);
    if (idea.status !== 'published')
      throw conflict('errors.idea.statusNoWithdraw', { status: idea.status });
    const [updated] = await tx
      .update(ideas)
      .set({ status: 'withdrawn', updatedAt: now })
      .where(eq(ideas.id, ideaId))
      .returning();
    await appendEvent(tx, {
      type: 'idea.withdrawn',
      actorId: actor.id,
      brandId,
      challengeId: idea.challengeId,
      ideaId,
      at: now,
    });
    return updated!;
  });
}
