// The forms of judging (browser-safe): scorecards, the award and reward decisions.
import { z } from 'zod';
import { idField } from '#app/domain/core/fields';
import { MAX_RANK, SCORE_MAX, SCORE_MIN } from './policy';

/** One score as typed: a whole number from 1 to 5. */
const scoreField = z.unknown().transform((value, ctx) => {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || text === '') {
    ctx.addIssue({ code: 'custom', message: 'errors.judging.scoreMissing' });
    return z.NEVER;
  }
  if (!/^-?\d+$/.test(text) || Number(text) < SCORE_MIN || Number(text) > SCORE_MAX) {
    ctx.addIssue({
      code: 'custom',
      message: 'errors.judging.scoreRange',
      params: { min: SCORE_MIN, max: SCORE_MAX },
    });
    return z.NEVER;
  }
  return Number(text);
});

/** `score` sent once per criterion, in the challenge's order; `intent` says save or submit. */
export const scorecardSchema = z.object({
  ideaId: idField('idea'),
  score: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], {
      errorMap: () => ({ message: 'errors.judging.scoreMissing' }),
    })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(scoreField).max(8, 'errors.judging.scoreCount')),
});
export type ScorecardInput = z.infer<typeof scorecardSchema>;

export const ideaActionSchema = z.object({ ideaId: idField('idea') });

/**
 * The award form: `rank1` … `rank10`, each naming the winning idea of that rank (empty: no winner
 * for it). The domain checks that the winners fit the challenge's split.
 */
export const awardSchema = z
  .record(z.unknown())
  .transform((form, ctx) => {
    const winners: { rank: number; ideaId: number }[] = [];
    for (let rank = 1; rank <= MAX_RANK; rank++) {
      const value = form[`rank${rank}`];
      if (value === undefined || value === '') continue;
      const parsed = idField('idea').safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          path: [`rank${rank}`],
          message: 'errors.judging.winnerChoice',
          params: { rank },
        });
        continue;
      }
      winners.push({ rank, ideaId: parsed.data });
    }
    return winners;
  })
  .refine((w) => w.length > 0, { message: 'errors.judging.noWinners', path: ['rank1'] });

/** A reward decision's note, kept as plain text: "prototype meeting held 12 March". */
export const rewardDecisionSchema = z.object({
  rewardId: idField('id'),
  note: z
    .string({
      required_error: 'errors.judging.noteRequired',
      invalid_type_error: 'errors.judging.noteRequired',
    })
    // Control characters other than new lines are dropped; the note is shown as text, never HTML.
    // eslint-disable-next-line no-control-regex
    .transform((s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim())
    .pipe(z.string().min(3, 'errors.judging.noteRequired').max(500, 'errors.judging.noteLength')),
});
export type RewardDecisionInput = z.infer<typeof rewardDecisionSchema>;
