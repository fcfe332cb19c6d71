// Challenges: a brand's call for ideas, moving draft → open → voting → review → awarded → archived.
import {
  and,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '../../db/client.server';
import {
  brands,
  challenges,
  type Challenge,
  type ChallengeStage,
  type JudgingCriterion,
} from '../../db/schema';
import type { Actor } from './actor';
import { canManageBrand } from './brands.server';
import { conflict, forbidden, invalid, notFound } from './errors';
import { appendEvent } from './events.server';
import { refuseDeepMarkdown } from './markdown';
import { renderMarkdown, storedExcerpt } from './markdown.server';
import { optionalDate, tagsField } from './fields';
import type { Clock } from './core/clock';
import { PUBLIC_STAGES, STAGES, nextStage } from './lifecycle';
import { PAGE_SIZE, pageOf } from './pagination';
import { UNIQUE_VIOLATION, pgErrorCode } from './pg-errors.server';
import { freeSlug } from './slugs.server';
import { publicIdeaCount } from './stats.server';

export { STAGES, PUBLIC_STAGES, nextStage, canSubmitIdeas, canVote } from './lifecycle';

/** "Originality: 40" per line → [{ name: 'Originality', weight: 40 }]. */
const criteriaField = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const lines = (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const out: JudgingCriterion[] = [];
    for (const line of lines) {
      const m = /^(.{2,60}?)\s*[:=]\s*(\d{1,3})\s*%?$/.exec(line);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 100) {
        ctx.addIssue({
          code: 'custom',
          message: 'errors.challenge.criterionFormat',
          params: { line: line.slice(0, 40) },
        });
        return z.NEVER;
      }
      out.push({ name: m[1]!, weight: Number(m[2]) });
    }
    return out;
  })
  .refine((c) => c.length <= 8, 'errors.challenge.criteriaMax');

/** An empty form field means "use the default", not zero. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const challengeSchema = z
  .object({
    title: z
      .string({ required_error: 'errors.challenge.titleRequired' })
      .trim()
      .min(5, 'errors.challenge.titleLength')
      .max(120, 'errors.challenge.titleLength'),
    brief: z
      .string({ required_error: 'errors.challenge.briefRequired' })
      .trim()
      .min(20, 'errors.challenge.briefLength')
      .max(20_000, 'errors.challenge.briefLength')
      .superRefine(refuseDeepMarkdown),
    tags: tagsField,
    language: z
      .enum(['en', 'es', 'it'], {
        errorMap: () => ({ message: 'errors.challenge.language' }),
      })
      .default('en'),
    rewardDescription: z.string().trim().max(500, 'errors.challenge.rewardLength').default(''),
    rewardPoints: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'errors.challenge.rewardNumber' })
        .int('errors.challenge.rewardWhole')
        .min(0, 'errors.challenge.rewardNegative')
        .max(1_000_000, 'errors.challenge.rewardMax')
        .default(0),
    ),
    criteria: criteriaField,
    maxIdeasPerUser: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'errors.challenge.ideasPerPersonNumber' })
        .int('errors.challenge.ideasPerPersonWhole')
        .min(1, 'errors.challenge.ideasPerPersonRange')
        .max(50, 'errors.challenge.ideasPerPersonRange')
        .default(3),
    ),
    opensAt: optionalDate('opens'),
    votingAt: optionalDate('voting'),
    reviewAt: optionalDate('review'),
    awardedAt: optionalDate('award'),
  })
  .superRefine((v, ctx) => {
    const order = [
      ['opensAt', v.opensAt],
      ['votingAt', v.votingAt],
      ['reviewAt', v.reviewAt],
      ['awardedAt', v.awardedAt],
    ] as const;
    let last: { key: string; date: Date } | null = null;
    for (const [key, date] of order) {
      if (!date) continue;
      if (last && date < last.date)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'errors.challenge.datesOrder',
        });
      last = { key, date };
    }
  });
export type ChallengeInput = z.infer<typeof challengeSchema>;

export const stageChangeSchema = z.object({
  to: z.enum(['open', 'voting', 'review', 'awarded', 'archived'], {
    errorMap: () => ({ message: 'errors.challenge.stageChoice' }),
  }),
});

export async function createChallenge(
  db: Db,
  actor: Actor,
  brandId: number,
  input: ChallengeInput,
) {
  // Moderators may manage any brand, so check the brand exists rather than fail on its foreign key.
  if (!(await db.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId))).length)
    throw notFound('errors.notFound.brand');
  if (!(await canManageBrand(db, actor, brandId)))
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
        })
        .returning();
      await appendEvent(tx, {
        type: 'challenge.created',
        actorId: actor.id,
        brandId,
        challengeId: challenge!.id,
        payload: { title: challenge!.title, slug, stage: 'draft' },
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
  actor: Actor,
  challengeId: number,
  input: ChallengeInput,
) {
  // Rendered before the transaction, so no connection or row lock waits on it.
  const brief = await renderMarkdown(input.brief);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(challenges)
      .where(eq(challenges.id, challengeId))
      .for('update');
    if (!current) throw notFound('errors.notFound.challenge');
    if (!(await canManageBrand(tx, actor, current.brandId)))
      throw forbidden('errors.challenge.editNotMember');
    if (current.stage === 'archived') throw invalid('errors.challenge.archivedNoEdit');
    const [updated] = await tx
      .update(challenges)
      .set({ ...input, briefHtml: brief.html, briefExcerpt: brief.excerpt, updatedAt: new Date() })
      .where(eq(challenges.id, challengeId))
      .returning();
    await appendEvent(tx, {
      type: 'challenge.updated',
      actorId: actor.id,
      brandId: current.brandId,
      challengeId,
      payload: { title: updated!.title },
    });
    return updated!;
  });
}

export async function changeStage(db: Db, actor: Actor, challengeId: number, to: ChallengeStage) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(challenges)
      .where(eq(challenges.id, challengeId))
      .for('update');
    if (!current) throw notFound('errors.notFound.challenge');
    if (!(await canManageBrand(tx, actor, current.brandId)))
      throw forbidden('errors.challenge.stageNotMember');
    const expected = nextStage(current.stage);
    if (expected !== to) {
      throw expected
        ? conflict('errors.challenge.stageOrder', { from: current.stage, to: expected })
        : conflict('errors.challenge.archivedStays');
    }
    return applyStageMove(tx, current, to, { actorId: actor.id, now: new Date(), payload: {} });
  });
}

/** The one stage transition, by hand or by schedule: the row and its event, in the caller's transaction. */
async function applyStageMove(
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
 * are taken one stage at a time (docs/decisions/008-jobs-and-consumers.md).
 */
export function scheduledStage(challenge: Challenge, now: Date): ChallengeStage | null {
  const to = nextStage(challenge.stage);
  if (!to || to === 'draft') return null;
  const due = challenge[STAGE_DATE[to]];
  return due && due.getTime() <= now.getTime() ? to : null;
}

/** Challenges whose next stage date has passed, oldest first. */
export async function challengesDueToMove(db: Db, now: Date, limit = 100): Promise<number[]> {
  const due = STAGES.flatMap((stage) => {
    const to = nextStage(stage);
    if (!to || to === 'draft') return [];
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
export async function moveStageBySchedule(db: Db, challengeId: number, clock: Clock) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(challenges)
      .where(eq(challenges.id, challengeId))
      .for('update');
    if (!current) return null;
    const now = clock.now();
    const to = scheduledStage(current, now);
    if (!to || to === 'draft') return null;
    const scheduledFor = current[STAGE_DATE[to]]!.toISOString();
    return applyStageMove(tx, current, to, {
      actorId: null,
      now,
      payload: { by: 'schedule', scheduledFor },
    });
  });
}

/**
 * A challenge as its viewer may see it; drafts exist only for the brand and moderators. Pages send
 * it to the browser, so who created it (an internal user id) stays out.
 */
export async function getChallengeBySlug(db: Db, viewer: Actor | null, slug: string) {
  const { createdBy: _createdBy, ...challengeColumns } = getTableColumns(challenges);
  const [row] = await db
    .select({
      challenge: challengeColumns,
      brand: { id: brands.id, slug: brands.slug, name: brands.name },
    })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(eq(challenges.slug, slug));
  if (!row) throw notFound('errors.notFound.challenge');
  const canManage = await canManageBrand(db, viewer, row.challenge.brandId);
  if (row.challenge.stage === 'draft' && !canManage) throw notFound('errors.notFound.challenge');
  return { ...row, canManage };
}

export async function getChallengeById(db: Db, id: number): Promise<Challenge> {
  const [c] = await db.select().from(challenges).where(eq(challenges.id, id));
  if (!c) throw notFound('errors.notFound.challenge');
  return c;
}

export type ChallengeFilters = {
  stage?: ChallengeStage;
  brand?: string;
  tag?: string;
  q?: string;
  page: number;
};

export async function listChallenges(db: Db, filters: ChallengeFilters, pageSize = PAGE_SIZE) {
  const where: SQL[] = [inArray(challenges.stage, PUBLIC_STAGES as ChallengeStage[])];
  // Drafts are never listed: asking for them finds nothing rather than everything.
  if (filters.stage) where.push(eq(challenges.stage, filters.stage));
  if (filters.brand) where.push(eq(brands.slug, filters.brand));
  if (filters.tag) where.push(sql`${challenges.tags} @> array[${filters.tag}]::text[]`);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${challenges.title} ilike ${like} or ${challenges.brief} ilike ${like})`);
  }
  const condition = and(...where);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(condition);
  const items = await db
    .select({
      id: challenges.id,
      slug: challenges.slug,
      title: challenges.title,
      excerpt: storedExcerpt(challenges.briefExcerpt, challenges.brief),
      tags: challenges.tags,
      stage: challenges.stage,
      rewardPoints: challenges.rewardPoints,
      rewardDescription: challenges.rewardDescription,
      votingAt: challenges.votingAt,
      createdAt: challenges.createdAt,
      brandName: brands.name,
      brandSlug: brands.slug,
      ideaCount: publicIdeaCount,
      language: challenges.language,
    })
    .from(challenges)
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(condition)
    // Open first, then voting, then the rest; newest within each stage.
    .orderBy(
      sql`array_position(array['open','voting','review','awarded','archived']::challenge_stage[], ${challenges.stage})`,
      desc(challenges.stageChangedAt),
      desc(challenges.id),
    )
    .limit(pageSize)
    .offset((filters.page - 1) * pageSize);
  return pageOf(items, total, filters.page, pageSize);
}

export async function popularChallengeTags(db: Db, limit = 12) {
  const rows = await db.execute(sql`
    select tag, count(*)::int as n
    from challenges, unnest(tags) as tag
    where stage <> 'draft'
    group by tag order by n desc, tag asc limit ${limit}`);
  return rowsOf<{ tag: string }>(rows).map((r) => r.tag);
}
