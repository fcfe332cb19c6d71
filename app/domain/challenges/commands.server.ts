// Challenges: a brand's call for ideas, moving draft → open → voting → review → awarded → archived.
import { and, eq, lte, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brands, challenges, type Challenge, type ChallengeStage } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { canManageBrandOf } from '#app/domain/brands/queries.server';
import { conflict, forbidden, invalid, notFound } from '#app/domain/core/errors';
import { recordAudit } from '#app/domain/audit/log.server';
import { changedFields } from '#app/domain/audit/diff';
import { appendEvent } from '#app/domain/events/log.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { nowFrom, type Clock, type Timed } from '#app/domain/core/clock';
import { STAGES, challengeEditable, nextStage } from './policy';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { freeSlug } from '#app/domain/core/slugs.server';
import type { ChallengeInput } from './schema';

export { STAGES, PUBLIC_STAGES, nextStage, canSubmitIdeas, canVote } from './policy';

export async function createChallenge(
  db: Db,
  {
    actor,
    brandId,
    challenge: input,
    ...timed
  }: { actor: Actor; brandId: number; challenge: ChallengeInput } & Timed,
) {
  const now = nowFrom(timed);
  // Moderators may manage any brand, so check the brand exists rather than fail on its foreign key.
  if (!(await db.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId))).length)
    throw notFound('errors.notFound.brand');
  if (!(await canManageBrandOf(db, actor, brandId)))
    throw forbidden('errors.challenge.createNotMember');
  const brief = await renderMarkdown(input.brief);
  try {
    return await db.transaction(async (tx) => {
      const slug = await freeSlug(tx, challenges.slug, input.title);
      const [challenge] = await tx
        .insert(challenges)
        .values({
          ...input,
          briefHtml: brief.html,
          briefExcerpt: brief.excerpt,
          brandId,
          slug,
          stage: 'draft',
          createdBy: actor.id,
          stageChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await appendEvent(tx, {
        type: 'challenge.created',
        actorId: actor.id,
        brandId,
        challengeId: challenge!.id,
        payload: { title: challenge!.title, slug, stage: 'draft' },
        at: now,
      });
      return challenge!;
    });
  } catch (e) {
    if (pgErrorCode(e) === UNIQUE_VIOLATION) throw conflict('errors.challenge.titleRace');
    throw e;
  }
}

export async function updateChallenge(
  db: Db,
  {
    actor,
    challengeId,
    challenge: input,
    ...timed
  }: { actor: Actor; challengeId: number; challenge: ChallengeInput } & Timed,
) {
  const now = nowFrom(timed);
  // Rendered before the transaction, so no connection or row lock waits on it.
  const brief = await renderMarkdown(input.brief);
  return db.transaction(async (tx) => {
    const current = await lockChallenge(tx, challengeId);
    if (!current) throw notFound('errors.notFound.challenge');
    if (!(await canManageBrandOf(tx, actor, current.brandId)))
      throw forbidden('errors.challenge.editNotMember');
    if (!challengeEditable(current.stage)) throw invalid('errors.challenge.archivedNoEdit');
    const [updated] = await tx
      .update(challenges)
      .set({ ...input, briefHtml: brief.html, briefExcerpt: brief.excerpt, updatedAt: now })
      .where(eq(challenges.id, challengeId))
      .returning();
    await appendEvent(tx, {
      type: 'challenge.updated',
      actorId: actor.id,
      brandId: current.brandId,
      challengeId,
      payload: { title: updated!.title },
      at: now,
    });
    // A draft is the brand's own business; once open, what people answered may change under them.
    const changed = current.stage === 'draft' ? null : changedFields(current, input, AUDIT_CLIP);
    if (changed)
      await recordAudit(tx, {
        at: now,
        actorId: actor.id,
        action: 'challenge.edited',
        target: { kind: 'challenge', id: challengeId },
        brandId: current.brandId,
        challengeId,
        ...changed,
      });
    return updated!;
  });
}

/** Long texts of an edited challenge: the audit log keeps an excerpt of each side. */
const AUDIT_CLIP = { brief: 200, rewardDescription: 200 };

/** Locks a challenge's row for the rest of the transaction: its writes apply one after another. */
async function lockChallenge(tx: Db, challengeId: number) {
  const [current] = await tx
    .select()
    .from(challenges)
    .where(eq(challenges.id, challengeId))
    .for('update');
  return current;
}

export async function changeStage(
  db: Db,
  {
    actor,
    challengeId,
    to,
    ...timed
  }: { actor: Actor; challengeId: number; to: ChallengeStage } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const current = await lockChallenge(tx, challengeId);
    if (!current) throw notFound('errors.notFound.challenge');
    if (!(await canManageBrandOf(tx, actor, current.brandId)))
      throw forbidden('errors.challenge.stageNotMember');
    const expected = nextStage(current.stage);
    // Winners are named by the award (awardChallenge), which moves the challenge to awarded itself.
    if (to === 'awarded' && expected === 'awarded')
      throw conflict('errors.challenge.awardNeedsWinners');
    if (expected !== to) {
      throw expected
        ? conflict('errors.challenge.stageOrder', { from: current.stage, to: expected })
        : conflict('errors.challenge.archivedStays');
    }
    return applyStageMove(tx, current, to, { actorId: actor.id, now, payload: {} });
  });
}

/**
 * The one stage transition, by hand, by schedule or by the award: the row and its event, in the
 * caller's transaction (which holds the challenge's row).
 */
export async function applyStageMove(
  tx: Db,
  current: Challenge,
  to: ChallengeStage,
  by: { actorId: string | null; now: Date; payload: Record<string, unknown> },
) {
  const [updated] = await tx
    .update(challenges)
    .set({ stage: to, stageChangedAt: by.now, updatedAt: by.now })
    .where(eq(challenges.id, current.id))
    .returning();
  await appendEvent(tx, {
    type: 'challenge.stage_changed',
    actorId: by.actorId,
    brandId: current.brandId,
    challengeId: current.id,
    payload: { from: current.stage, to, ...by.payload },
    at: by.now,
  });
  await recordAudit(tx, {
    at: by.now,
    actorId: by.actorId,
    action: 'challenge.stage_moved',
    target: { kind: 'challenge', id: current.id },
    brandId: current.brandId,
    challengeId: current.id,
    before: { stage: current.stage },
    after: { stage: to, ...(by.actorId === null ? { by: 'schedule' } : {}) },
  });
  return updated!;
}

/** The date that makes the schedule move a challenge into each stage after draft. */
const STAGE_DATE = {
  open: 'opensAt',
  voting: 'votingAt',
  review: 'reviewAt',
  awarded: 'awardedAt',
  archived: 'archivedAt',
} as const satisfies Record<Exclude<ChallengeStage, 'draft'>, keyof Challenge>;

/**
 * The stage the schedule moves a challenge into at `now`: the next one, once its date is set and
 * has passed. Never backwards, and never over a stage whose date is unset; several passed dates
 * are taken one stage at a time (docs/decisions/008-jobs-and-consumers.md). Never into awarded:
 * that waits for the brand's award, which names the winners (its date stays the one announced).
 */
export function scheduledStage(challenge: Challenge, now: Date): ChallengeStage | null {
  const to = nextStage(challenge.stage);
  if (!to || to === 'draft' || to === 'awarded') return null;
  const due = challenge[STAGE_DATE[to]];
  return due && due.getTime() <= now.getTime() ? to : null;
}

/** Challenges whose next stage date has passed, oldest first. */
export async function challengesDueToMove(db: Db, now: Date, limit = 100): Promise<number[]> {
  const due = STAGES.flatMap((stage) => {
    const to = nextStage(stage);
    if (!to || to === 'draft' || to === 'awarded') return [];
    return [and(eq(challenges.stage, stage), lte(challenges[STAGE_DATE[to]], now))!];
  });
  const rows = await db
    .select({ id: challenges.id })
    .from(challenges)
    .where(or(...due))
    .orderBy(challenges.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Moves a challenge one stage forward if its schedule says so, recording `by: 'schedule'` and no
 * actor. Returns the moved challenge, or null when nothing was due (someone moved it by hand first).
 */
export async function moveStageBySchedule(
  db: Db,
  { challengeId, clock }: { challengeId: number; clock: Clock },
) {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const current = await lockChallenge(tx, challengeId);
    if (!current) return null;
    const to = scheduledStage(current, now);
    if (!to || to === 'draft' || to === 'awarded') return null;
    const scheduledFor = current[STAGE_DATE[to]]!.toISOString();
    return applyStageMove(tx, current, to, {
      actorId: null,
      now,
      payload: { by: 'schedule', scheduledFor },
    });
  });
}
