// The suspension forms (suspend, lift early), posted from a person's profile and from
// /moderation/suspensions: one action for both, which goes back to the page it came from.
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { isModerator } from '#app/domain/core/actor';
import { forbidden } from '#app/domain/core/errors';
import {
  liftSuspension,
  suspendUser,
  suspensionTarget,
} from '#app/domain/moderation/suspensions.server';
import { getTranslator } from '#app/i18n/translator';
import { parseInput, redirectWithFlash, requireViewer, runAction } from './http.server';

// Types and presence only: the domain checks days and reason and words what is wrong with them.
const handle = z.string().trim().min(1).max(40);
const reason = z.string().max(5_000);
export const suspensionFormSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('suspend'), handle, days: z.string().max(20), reason }),
  z.object({ intent: z.literal('lift'), handle, reason }),
]);

/** "7" → 7; anything that is not plain digits → NaN, which the domain refuses with its message. */
const toDays = (raw: string) => (/^\s*\d{1,6}\s*$/.test(raw) ? Number(raw) : Number.NaN);

export function suspensionFormAction(
  { request, context }: Pick<ActionFunctionArgs, 'request' | 'context'>,
  back: (handle: string) => string,
) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    if (!isModerator(viewer)) throw forbidden('suspensions.errors.forbidden');
    await context.limits.consume('write', viewer.id);
    const input = parseInput(suspensionFormSchema, form);
    const target = await suspensionTarget(context.db, input.handle);
    const t = getTranslator(context.locale);
    if (input.intent === 'suspend') {
      const { until } = await suspendUser(context.db, {
        actor: viewer,
        userId: target.id,
        days: toDays(input.days),
        reason: input.reason,
        clock: context.clock,
      });
      return redirectWithFlash(
        context,
        back(target.handle),
        t('suspensions.flash.suspended', { handle: target.handle, until: until.getTime() }),
      );
    }
    await liftSuspension(context.db, {
      actor: viewer,
      userId: target.id,
      reason: input.reason,
      clock: context.clock,
    });
    return redirectWithFlash(
      context,
      back(target.handle),
      t('suspensions.flash.lifted', { handle: target.handle }),
    );
  });
}
