import { z } from 'zod';

export const voteSchema = z.object({
  value: z
    .enum(['1', '-1', '0'], {
      errorMap: () => ({ message: 'errors.vote.choice' }),
    })
    .transform((v) => Number(v) as VoteValue),
});
export type VoteValue = -1 | 0 | 1;

export type VoteResult = {
  ideaId: number;
  value: VoteValue;
  supportCount: number;
  opposeCount: number;
};
