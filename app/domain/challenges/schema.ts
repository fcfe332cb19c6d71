import { z } from 'zod';
import type { JudgingCriterion, RankPrize } from '../../../db/schema';
import { refuseDeepMarkdown } from '#app/domain/markdown/markdown';
import { optionalDate, tagsField } from '#app/domain/core/fields';

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
  .refine((c) => c.length <= 8, 'errors.challenge.criteriaMax')
  // Weights are shares of the score: a judge's weighted average is Σ score × weight / 100.
  .refine(
    (c) =>
      !Array.isArray(c) ||
      c.length === 0 ||
      c.length > 8 ||
      c.reduce((sum, x) => sum + x.weight, 0) === 100,
    'errors.challenge.criteriaSum',
  );

/** The most ranks a challenge may reward (rewards.rank is 1–10). */
export const MAX_PRIZE_RANKS = 10;
export const PRIZE_ITEM_MAX = 200;

/**
 * The pool split, one line per rank, first place first: "500 | A prototype meeting" (points and a
 * described prize), "300" (points only) or "0 | A year of coffee" (a prize without points). Absent
 * from the input (not sent at all) it stays undefined, so an edit that does not send it keeps it.
 */
const prizesField = z
  .string()
  .optional()
  .transform((text, ctx): RankPrize[] | undefined => {
    if (text === undefined) return undefined;
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const out: RankPrize[] = [];
    for (const [i, line] of lines.entries()) {
      const m = /^(-?[\d.,]+)\s*(?:[|:]\s*(.*))?$/.exec(line);
      const rank = i + 1;
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: 'errors.challenge.prizeFormat',
          params: { rank, line: line.slice(0, 40) },
        });
        return z.NEVER;
      }
      if (!/^\d+$/.test(m[1]!)) {
        ctx.addIssue({ code: 'custom', message: 'errors.challenge.prizeWhole', params: { rank } });
        return z.NEVER;
      }
      const item = (m[2] ?? '').trim();
      if (item.length > PRIZE_ITEM_MAX) {
        ctx.addIssue({
          code: 'custom',
          message: 'errors.challenge.prizeItemLength',
          params: { rank, max: PRIZE_ITEM_MAX },
        });
        return z.NEVER;
      }
      out.push({ points: Number(m[1]), item });
    }
    if (out.length > MAX_PRIZE_RANKS) {
      ctx.addIssue({
        code: 'custom',
        message: 'errors.challenge.prizesMax',
        params: { max: MAX_PRIZE_RANKS },
      });
      return z.NEVER;
    }
    return out;
  });

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
    prizes: prizesField,
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
    if (v.prizes?.length) {
      const sum = v.prizes.reduce((total, p) => total + p.points, 0);
      if (sum !== v.rewardPoints)
        ctx.addIssue({
          code: 'custom',
          path: ['prizes'],
          message: 'errors.challenge.prizesSum',
          params: { sum, pool: v.rewardPoints },
        });
    }
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

/** The split as the form shows it: the inverse of the prizes field. */
export function prizesText(prizes: RankPrize[]): string {
  return prizes.map((p) => (p.item ? `${p.points} | ${p.item}` : String(p.points))).join('\n');
}

/**
 * What each rank wins: the configured split; without one, a pool goes whole to a single first place
 * and a challenge without a pool may name up to ten winners for the honour (0 points each).
 */
export function effectivePrizes(challenge: {
  prizes: RankPrize[];
  rewardPoints: number;
  rewardDescription: string;
}): { ranks: RankPrize[]; open: boolean } {
  if (challenge.prizes.length) return { ranks: challenge.prizes, open: false };
  if (challenge.rewardPoints > 0)
    return {
      ranks: [{ points: challenge.rewardPoints, item: challenge.rewardDescription }],
      open: false,
    };
  return {
    ranks: Array.from({ length: MAX_PRIZE_RANKS }, () => ({ points: 0, item: '' })),
    open: true,
  };
}

export const stageChangeSchema = z.object({
  to: z.enum(['open', 'voting', 'review', 'awarded', 'archived'], {
    errorMap: () => ({ message: 'errors.challenge.stageChoice' }),
  }),
});
