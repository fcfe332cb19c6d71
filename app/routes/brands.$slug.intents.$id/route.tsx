// /brands/:slug/intents/:id (issue 17, items 3–4): one intent as the brand sees it, for its owner and
// managers — the need, its author as far as they consented to this brand, the brand's offer (make
// one; change or withdraw it while it is open; its answer after), the brand's earlier offers, the
// private thread with the author, and the author's contact email only once they accepted an offer
// of this brand. An intent the brand may not see is a 404, as one that does not exist.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { idField } from '#app/domain/core/fields';
import { invalid, notFound } from '#app/domain/core/errors';
import { logHorizon } from '#app/domain/events/log.server';
import {
  makeOffer,
  sendIntentMessage,
  updateOffer,
  withdrawOffer,
} from '#app/domain/intents/commands.server';
import { dayOf } from '#app/domain/intents/policy';
import { intentForBrand } from '#app/domain/intents/queries.server';
import { messageSchema, offerFormSchema } from '#app/domain/intents/schema';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  intParam,
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';
import { BrandIntentView } from './view';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data
        ? t('brandIntents.meta.detailTitle', { title: data.intent.title, brand: data.brand.name })
        : t('brandIntents.meta.detailFallback'),
    },
  ];
};

const NOT_FOUND = 'errors.intents.notFound';

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : value;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const intentId = intParam(params.id, NOT_FOUND, context);
  return runLoader(context, async () => {
    // Read before the data: anything after it reaches the page live.
    const cursor = await logHorizon(context.db);
    const view = await intentForBrand(context.db, {
      actor: viewer,
      brandSlug: params.slug ?? '',
      intentId,
      clock: context.clock,
    });
    const { intent } = view;
    return {
      cursor,
      today: dayOf(context.clock.now()),
      brand: view.brand,
      // Field by field: what the page shows, nothing more (never the contact email).
      intent: {
        id: intent.id,
        title: intent.title,
        bodyHtml: intent.bodyHtml,
        tags: intent.tags,
        language: intent.language,
        place: intent.place,
        startsOn: intent.startsOn,
        endsOn: intent.endsOn,
        budgetMin: intent.budgetMin,
        budgetMax: intent.budgetMax,
        currency: intent.currency,
        status: intent.status,
        accepts: intent.accepts,
        publishedAt: iso(intent.publishedAt),
        expiresAt: iso(intent.expiresAt)!,
      },
      author: view.author,
      offers: view.offers.map((o) => ({
        id: o.id,
        status: o.status,
        body: o.body,
        bodyHtml: o.bodyHtml,
        conditions: o.conditions,
        price: o.price,
        currency: o.currency,
        benefit: o.benefit,
        validUntil: o.validUntil,
        declineReason: o.declineReason,
        answeredAt: iso(o.answeredAt),
        createdAt: iso(o.createdAt)!,
        updatedAt: iso(o.updatedAt)!,
        /** The team member who wrote it (null once their account is gone). */
        writer: o.writer,
      })),
      // Oldest first, as a conversation reads.
      messages: [...view.messages]
        .sort((a, b) => a.id - b.id)
        .map((m) => ({ ...m, createdAt: iso(m.createdAt)! })),
      contactEmail: view.contactEmail,
      can: view.can,
    };
  });
}

const ACTIONS = ['make-offer', 'update-offer', 'withdraw-offer', 'message'] as const;

/** Which of the page's forms was sent; anything else is an unknown action (400). */
function actionOf(form: Record<string, string | string[]>) {
  const parsed = z.enum(ACTIONS).safeParse(form.intent);
  if (!parsed.success) throw invalid('errors.generic.unknownAction');
  return parsed.data;
}
const offerIdSchema = z.object({ offerId: idField('id') });

/**
 * The price's currency goes with a price: a form sent with a benefit only still holds the currency
 * picker's value, which would otherwise read as "a currency without an amount".
 */
function offerInput(form: Record<string, string | string[]>) {
  const price = typeof form.price === 'string' ? form.price.trim() : form.price;
  return parseInput(offerFormSchema, price === '' ? { ...form, currency: '' } : form);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const intentId = intParam(params.id, NOT_FOUND, context);
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    // The intent as the viewer's brand sees it, before the form is read: a non-member, or a brand
    // the intent is not addressed to, gets the same 404 whatever was sent.
    const view = await intentForBrand(context.db, {
      actor: viewer,
      brandSlug: params.slug ?? '',
      intentId,
      clock: context.clock,
    });
    const what = actionOf(form);
    const t = getTranslator(context.locale);
    const here = `/brands/${view.brand.slug}/intents/${intentId}`;
    const clock = context.clock;
    /** One of this brand's offers on this intent, by the form's id (any other is a 404). */
    const ownOffer = () => {
      const { offerId } = parseInput(offerIdSchema, form);
      if (!view.offers.some((o) => o.id === offerId))
        throw notFound('errors.intents.offerNotFound');
      return offerId;
    };
    switch (what) {
      case 'make-offer': {
        const input = offerInput(form);
        await makeOffer(context.db, {
          actor: viewer,
          brandId: view.brand.id,
          intentId,
          input,
          clock,
        });
        return redirectWithFlash(context, `${here}#offer`, t('brandIntents.flash.offerMade'));
      }
      case 'update-offer': {
        const offerId = ownOffer();
        const input = offerInput(form);
        await updateOffer(context.db, { actor: viewer, offerId, input, clock });
        return redirectWithFlash(context, `${here}#offer`, t('brandIntents.flash.offerUpdated'));
      }
      case 'withdraw-offer': {
        const offerId = ownOffer();
        await withdrawOffer(context.db, { actor: viewer, offerId, clock });
        return redirectWithFlash(context, `${here}#offer`, t('brandIntents.flash.offerWithdrawn'));
      }
      case 'message': {
        const { body } = parseInput(messageSchema, form);
        await sendIntentMessage(context.db, {
          actor: viewer,
          intentId,
          brandId: view.brand.id,
          body,
          clock,
        });
        return redirectWithFlash(context, `${here}#thread`, t('brandIntents.flash.messageSent'));
      }
    }
  });
}

export default function BrandIntentPage() {
  const data = useLoaderData<typeof loader>();
  return <BrandIntentView data={data} />;
}
