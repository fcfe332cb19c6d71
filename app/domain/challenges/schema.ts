import { z } from 'zod';
import type { JudgingCriterion } from '../../../db/schema';
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
