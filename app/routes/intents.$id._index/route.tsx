// /intents/:id: the author's view of their intent (issue 17): the need as written, its facts, the
// author's controls (publish a draft, edit, close), the offers side by side with accept / decline /
// ask, and the private thread with each brand. Only the author reaches it: anyone else gets a 404,
// never a 403, so nobody learns the intent exists. New offers and messages arrive live.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { IntentDetails } from '#app/components/intents/intent-details';
import { IntentStatusBadge } from '#app/components/intents/status-badge';
import { EmptyState, Markdown, Tags } from '#app/components/ui';
import { logHorizon } from '#app/domain/events/log.server';
import {
  canAnswerOffer,
  canCloseIntent,
  canDeclineOffer,
  canEditIntent,
  offerStillValid,
} from '#app/domain/intents/policy';
import { intentForAuthor } from '#app/domain/intents/queries.server';
import { metaTranslator } from '#app/utils/meta';
import {
  intParam,
  parseInput,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';
import * as answers from './intents.server';
import { OfferCard, type OfferView } from './offer-card';
import { Thread, type ThreadMessage } from './thread';
import { useLiveIntent } from './use-live-intent';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data
        ? t('intents.meta.title', { title: data.intent.title })
        : t('intents.meta.notFound'),
    },
  ];
};

const iso = (d: Date | string) => new Date(d).toISOString();

const messageView = (m: {
  id: number;
  body: string;
  fromBrand: boolean;
  createdAt: Date | string;
}) =>
  ({
    id: m.id,
    body: m.body,
    fromBrand: m.fromBrand,
    createdAt: iso(m.createdAt),
  }) satisfies ThreadMessage;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const id = intParam(params.id, 'errors.notFound.page', context);
  return runLoader(context, async () => {
    // Read before the data: whatever happens after it arrives live (at worst twice).
    const cursor = await logHorizon(context.db);
    const view = await intentForAuthor(context.db, viewer, id);
    const now = context.clock.now();
    const { intent } = view;
    const live = { status: intent.status, expiresAt: new Date(intent.expiresAt) };
    // A brand's thread is shown once, on its newest offer's card (offers come newest first).
    const threaded = new Set<number>();
    const offers: OfferView[] = [...view.offers]
      .sort((a, b) => b.offer.id - a.offer.id)
      .map(({ offer, brand, messages }) => {
        const first = !threaded.has(brand.id);
        threaded.add(brand.id);
        return {
          id: offer.id,
          status: offer.status,
          bodyHtml: offer.bodyHtml,
          conditions: offer.conditions,
          price: offer.price,
          currency: offer.currency,
          benefit: offer.benefit,
          validUntil: offer.validUntil,
          declineReason: offer.declineReason,
          createdAt: iso(offer.createdAt),
          updatedAt: iso(offer.updatedAt),
          brand: { id: brand.id, slug: brand.slug, name: brand.name },
          messages: first ? messages.map(messageView) : null,
          lapsedValidity: !offerStillValid(offer, now),
          can: {
            accept: canAnswerOffer(live, offer, now),
            decline: canDeclineOffer(offer),
          },
        };
      });
    return {
      cursor,
      intent: {
        id: intent.id,
        title: intent.title,
        status: intent.status,
        bodyHtml: intent.bodyHtml,
        language: intent.language,
        tags: intent.tags,
        place: intent.place,
        startsOn: intent.startsOn,
        endsOn: intent.endsOn,
        budgetMin: intent.budgetMin,
        budgetMax: intent.budgetMax,
        currency: intent.currency,
        audience: intent.audience,
        accepts: intent.accepts,
        contactEmail: intent.contactEmail,
        expiresAt: iso(intent.expiresAt),
        publishedAt: intent.publishedAt ? iso(intent.publishedAt) : null,
        closedAt: intent.closedAt ? iso(intent.closedAt) : null,
      },
      pickedBrands: view.pickedBrands,
      offers,
      // Brands that wrote without (yet) making an offer: read here, answered once they offer.
      otherThreads: view.threadsWithoutOffer.map(({ brand, messages }) => ({
        brand: { id: brand.id, slug: brand.slug, name: brand.name },
        messages: messages.map(messageView),
      })),
      can: {
        publish: intent.status === 'draft',
        edit: canEditIntent(intent),
        close: canCloseIntent(intent),
      },
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const intentId = intParam(params.id, 'errors.notFound.page', context);
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(answers.answerSchema, form);
    const args = { context, viewer, intentId };
    switch (input.intent) {
      case 'publish':
        return answers.publish({ ...args, input });
      case 'close':
        return answers.close({ ...args, input });
      case 'accept':
        return answers.accept({ ...args, input });
      case 'decline':
        return answers.decline({ ...args, input });
      case 'message':
        return answers.message({ ...args, input });
    }
  });
}

/** Publish (a draft), edit, and close (a published intent) after ticking that the author means it. */
function AuthorControls({
  intentId,
  can,
}: {
  intentId: number;
  can: { publish: boolean; edit: boolean; close: boolean };
}) {
  const t = useTranslations();
  const result = useActionError();
  const closeError = result?.values?.intent === 'close' ? result : undefined;
  const confirmError = closeError?.fieldErrors?.confirm?.[0] ?? closeError?.error;
  if (!can.publish && !can.edit && !can.close) return null;
  return (
    <section className="panel" aria-labelledby="intent-controls-heading">
      <h2 id="intent-controls-heading">{t('intents.page.controls')}</h2>
      <div className="stack">
        {can.publish ? (
          <Form method="post">
            <SubmitButton name="intent" value="publish" pendingText={t('intents.form.saving')}>
              {t('intents.page.publish')}
            </SubmitButton>
          </Form>
        ) : null}
        {can.edit ? (
          <p>
            <Link to={`/intents/${intentId}/edit`}>{t('intents.page.edit')}</Link>
          </p>
        ) : null}
        {can.close ? (
          <details className="intent-close" open={closeError ? true : undefined}>
            <summary>{t('intents.page.close.summary')}</summary>
            <Form method="post" className="inline-form">
              <p>{t('intents.page.close.explain')}</p>
              <div className={`intent-choice${confirmError ? ' field--invalid' : ''}`}>
                <input
                  type="checkbox"
                  id="close-confirm"
                  name="confirm"
                  required
                  aria-invalid={confirmError ? true : undefined}
                  aria-describedby={confirmError ? 'close-confirm-error' : undefined}
                />
                <label htmlFor="close-confirm">{t('intents.page.close.confirm')}</label>
              </div>
              {confirmError ? (
                <p className="field-error" id="close-confirm-error" role="alert">
                  {confirmError}
                </p>
              ) : null}
              <SubmitButton
                name="intent"
                value="close"
                className="button button--small button--danger"
                pendingText={t('intents.page.close.closing')}
              >
                {t('intents.page.close.button')}
              </SubmitButton>
            </Form>
          </details>
        ) : null}
      </div>
    </section>
  );
}

export default function IntentPage() {
  const { cursor, intent, pickedBrands, offers, otherThreads, can } =
    useLoaderData<typeof loader>();
  const t = useTranslations();
  const result = useActionError();
  const lang = useContentLang(intent.language);
  const { arrived } = useLiveIntent(intent.id, cursor, offers.length);
  // Errors of forms that have no place of their own on the page (publishing, say).
  const placed = ['close', 'accept', 'decline', 'message'];
  const pageError =
    result && !placed.includes(String(result.values?.intent ?? '')) ? result.error : undefined;
  const acceptsOne = intent.accepts === 'one';
  const open = offers.filter((o) => o.status === 'open').length;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to="/intents">{t('intents.list.heading')}</Link> ·{' '}
            <IntentStatusBadge status={intent.status} />
          </p>
          <h1 lang={lang}>{intent.title}</h1>
          <Tags tags={intent.tags} />
        </div>
      </div>
      <FormError error={pageError} />
      {intent.status === 'draft' ? (
        <p className="alert alert--info">{t('intents.page.draftNotice')}</p>
      ) : null}
      <div className="split split--top">
        <article className="card" lang={lang} aria-label={t('intents.page.need')}>
          <Markdown html={intent.bodyHtml} />
        </article>
        <aside>
          <section className="panel" aria-labelledby="intent-details-heading">
            <h2 id="intent-details-heading">{t('intents.page.details')}</h2>
            <IntentDetails intent={intent} pickedBrands={pickedBrands} />
          </section>
          <AuthorControls intentId={intent.id} can={can} />
        </aside>
      </div>
      <section className="section" aria-labelledby="offers-heading">
        <div className="section-head">
          <h2 id="offers-heading">{t('intents.page.offers', { count: offers.length })}</h2>
          {offers.length ? (
            <p className="muted">{t('intents.page.openOffers', { count: open })}</p>
          ) : null}
        </div>
        <div className="intent-live" role="status" aria-live="polite">
          {arrived ? (
            <p className="alert alert--info">{t('intents.page.arrived', { count: arrived })}</p>
          ) : null}
        </div>
        {intent.status === 'published' || offers.length ? (
          <p className="hint">
            {acceptsOne ? t('intents.page.acceptsOne') : t('intents.page.acceptsSeveral')}
          </p>
        ) : null}
        {offers.length ? (
          <ul className="grid offer-grid">
            {offers.map((o) => (
              <li key={o.id}>
                <OfferCard offer={o} acceptsOne={acceptsOne} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            title={
              intent.status === 'draft'
                ? t('intents.page.noOffersDraft')
                : t('intents.page.noOffers')
            }
          >
            {intent.status === 'published' ? <p>{t('intents.page.noOffersHint')}</p> : null}
          </EmptyState>
        )}
      </section>
      {otherThreads.length ? (
        <section className="section" aria-labelledby="other-threads-heading">
          <h2 id="other-threads-heading">{t('intents.page.otherThreads')}</h2>
          <ul className="grid offer-grid">
            {otherThreads.map((th) => (
              <li key={th.brand.id}>
                <div className="card">
                  <Thread brand={th.brand} messages={th.messages} canWrite={false} asking={false} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
