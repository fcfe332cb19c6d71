// The author's answers on their intent's page, one function per form `intent`: publish a draft,
// close the intent, accept or decline an offer, write in a brand's thread. The route's action parses
// the form with `answerSchema` and calls the matching function; each calls one domain command.
import type { AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import type { Viewer } from '#app/auth/lucia.server';
import { idField } from '#app/domain/core/fields';
import {
  acceptOffer,
  closeIntent,
  declineOffer,
  publishIntent,
  sendIntentMessage,
} from '#app/domain/intents/commands.server';
import { declineSchema, messageSchema } from '#app/domain/intents/schema';
import { getTranslator } from '#app/i18n/translator';
import { redirectWithFlash } from '#app/utils/http.server';

export const answerSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('publish') }),
    z.object({
      intent: z.literal('close'),
      // Closing cannot be undone: the author ticks that they mean it (works without JavaScript).
      confirm: z.literal('on', {
        errorMap: () => ({ message: 'intents.page.close.confirmNeeded' }),
      }),
    }),
    z.object({ intent: z.literal('accept'), offerId: idField('id') }),
    z.object({ intent: z.literal('decline'), offerId: idField('id') }).merge(declineSchema),
    z.object({ intent: z.literal('message'), brandId: idField('id') }).merge(messageSchema),
  ],
  { errorMap: () => ({ message: 'errors.generic.unknownAction' }) },
);

type Answer = z.infer<typeof answerSchema>;

type Args<K extends Answer['intent']> = {
  context: AppLoadContext;
  viewer: Viewer;
  intentId: number;
  input: Extract<Answer, { intent: K }>;
};

const here = (intentId: number, anchor = '') => `/intents/${intentId}${anchor}`;

export async function publish({ context, viewer, intentId }: Args<'publish'>) {
  await publishIntent(context.db, { actor: viewer, intentId, clock: context.clock });
  const t = getTranslator(context.locale);
  return redirectWithFlash(context, here(intentId), t('intents.new.published'));
}

export async function close({ context, viewer, intentId }: Args<'close'>) {
  await closeIntent(context.db, { actor: viewer, intentId, clock: context.clock });
  const t = getTranslator(context.locale);
  return redirectWithFlash(context, here(intentId), t('intents.page.close.done'));
}

export async function accept({ context, viewer, intentId, input }: Args<'accept'>) {
  await acceptOffer(context.db, { actor: viewer, offerId: input.offerId, clock: context.clock });
  const t = getTranslator(context.locale);
  return redirectWithFlash(
    context,
    here(intentId, `#offer-${input.offerId}`),
    t('intents.offer.acceptedFlash'),
  );
}

export async function decline({ context, viewer, intentId, input }: Args<'decline'>) {
  await declineOffer(context.db, {
    actor: viewer,
    offerId: input.offerId,
    reason: input.reason,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  return redirectWithFlash(
    context,
    here(intentId, `#offer-${input.offerId}`),
    t('intents.offer.declinedFlash'),
  );
}

export async function message({ context, viewer, intentId, input }: Args<'message'>) {
  await sendIntentMessage(context.db, {
    actor: viewer,
    intentId,
    brandId: input.brandId,
    body: input.body,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  return redirectWithFlash(
    context,
    here(intentId, `#thread-${input.brandId}`),
    t('intents.thread.sentFlash'),
  );
}
