// The challenge page's judging intents: follow / unfollow, and a brand's decision on a reward.
import type { AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import type { Viewer } from '#app/auth/lucia.server';
import {
  followChallenge,
  fulfilReward,
  revokeReward,
  unfollowChallenge,
} from '#app/domain/judging/commands.server';
import { rewardDecisionSchema } from '#app/domain/judging/schema';
import { getTranslator } from '#app/i18n/translator';
import { parseInput, redirectWithFlash } from '#app/utils/http.server';

const intentSchema = z.object({
  intent: z.enum(['follow', 'unfollow', 'fulfil', 'revoke'], {
    errorMap: () => ({ message: 'errors.field.invalidChoice' }),
  }),
});

export async function challengeIntent({
  context,
  viewer,
  challenge,
  form,
}: {
  context: AppLoadContext;
  viewer: Viewer;
  challenge: { id: number; slug: string };
  form: Record<string, string | string[]>;
}) {
  const { intent } = parseInput(intentSchema, form);
  const t = getTranslator(context.locale);
  const back = `/challenges/${challenge.slug}`;
  const base = { actor: viewer, clock: context.clock };
  switch (intent) {
    case 'follow':
      await followChallenge(context.db, { ...base, challengeId: challenge.id });
      return redirectWithFlash(context, back, t('challenges.follow.followed'));
    case 'unfollow':
      await unfollowChallenge(context.db, { ...base, challengeId: challenge.id });
      return redirectWithFlash(context, back, t('challenges.follow.unfollowed'));
    case 'fulfil':
    case 'revoke': {
      const input = parseInput(rewardDecisionSchema, form);
      const decide = intent === 'fulfil' ? fulfilReward : revokeReward;
      await decide(context.db, { ...base, rewardId: input.rewardId, note: input.note });
      return redirectWithFlash(
        context,
        `${back}#winners`,
        t(intent === 'fulfil' ? 'challenges.winners.fulfilled' : 'challenges.winners.revoked'),
      );
    }
  }
}
