import type { useLoaderData } from '@remix-run/react';
import { Form, Link } from '@remix-run/react';
import { useId } from 'react';
import { useIntentFactsText } from '#app/components/intents/facts-text';
import { useFormatter, useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { EmptyState, Markdown, Tags } from '#app/components/ui';
import type { ActionError } from '#app/domain/core/errors';
import { MESSAGE_MAX } from '#app/domain/intents/schema';
import {
  AuthorLine,
  IntentFacts,
  LiveAnnouncement,
  OfferStatusBadge,
  authorLabel,
  useBrandIntentsLive,
} from '../brands.$slug.intents._index/intent-parts';
import { Field } from './fields';
import { OfferForm, type OfferValues } from './offer-form';
import type { loader } from './route';

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Offer = Data['offers'][number];

const INTENT_STATUS_KEYS = {
  draft: 'brandIntents.intentStatus.published',
  published: 'brandIntents.intentStatus.published',
  closed: 'brandIntents.intentStatus.closed',
  expired: 'brandIntents.intentStatus.expired',
} as const;

const INTENT_STATUS_BADGE = {
  draft: 'badge--open',
  published: 'badge--open',
  closed: 'badge--status-withdrawn',
  expired: 'badge--draft',
} as const;

/** The failed submission of one of the page's forms (by its `intent` field), if the last was it. */
function resultFor(result: ActionError | undefined, ...intents: string[]) {
  const sent = result?.values?.intent;
  return typeof sent === 'string' && intents.includes(sent) ? result : undefined;
}

export function BrandIntentView({ data }: { data: Data }) {
  const { brand, intent, author } = data;
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(intent.language);
  const said = useBrandIntentsLive(brand.id, data.cursor, intent.id);
  const result = useActionError();
  const needHeading = useId();
  // A refusal that belongs to no form (an unknown action, a missing offer) shows at the top.
  const orphan =
    result && !resultFor(result, 'make-offer', 'update-offer', 'withdraw-offer', 'message')
      ? result
      : undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <Link to={`/brands/${brand.slug}/intents`}>{t('brandIntents.list.title')}</Link>
          </p>
          <h1 lang={lang}>{intent.title}</h1>
          <p className="meta">
            <span className={`badge ${INTENT_STATUS_BADGE[intent.status]}`}>
              {t(INTENT_STATUS_KEYS[intent.status])}
            </span>
            <AuthorLine author={author} brandSlug={brand.slug} />
            {intent.publishedAt ? (
              <span>
                {t('brandIntents.detail.published', {
                  date: format.dateTime(new Date(intent.publishedAt), { dateStyle: 'medium' }),
                })}
              </span>
            ) : null}
          </p>
        </div>
      </div>
      <FormError error={orphan?.error} />
      <LiveAnnouncement messageKey={said} />
      <div className="split">
        <div>
          <section aria-labelledby={needHeading} className="card intent-need">
            <h2 id={needHeading}>{t('brandIntents.detail.need')}</h2>
            <div lang={lang}>
              <Markdown html={intent.bodyHtml} />
            </div>
            <Tags tags={intent.tags} />
            <IntentFacts intent={intent} />
            <p className="muted">
              {intent.accepts === 'one'
                ? t('brandIntents.detail.acceptsOne')
                : t('brandIntents.detail.acceptsSeveral')}
            </p>
          </section>
          <OfferSection data={data} result={result} />
          <Thread data={data} result={resultFor(result, 'message')} />
        </div>
        <aside>
          <ContactPanel data={data} />
        </aside>
      </div>
    </>
  );
}

/** The brand's offer: the open one (changeable), a form for a new one, and the earlier ones. */
function OfferSection({ data, result }: { data: Data; result: ActionError | undefined }) {
  const t = useTranslations();
  const heading = useId();
  const open = data.offers.find((o) => o.status === 'open');
  const past = data.offers.filter((o) => o !== open);
  const latestAnswered = past[0];
  const blank: OfferValues = {
    body: '',
    conditions: '',
    price: '',
    currency: data.intent.currency ?? '',
    benefit: '',
    validUntil: '',
  };
  return (
    <section aria-labelledby={heading} className="section" id="offer">
      <h2 id={heading}>{t('brandIntents.offer.heading')}</h2>
      {open ? (
        <div className="stack">
          <OfferCard offer={open} />
          <details
            className="card intent-offer-edit"
            open={resultFor(result, 'update-offer') !== undefined}
          >
            <summary>{t('brandIntents.offer.edit')}</summary>
            <OfferForm
              mode="update"
              offerId={open.id}
              today={data.today}
              result={resultFor(result, 'update-offer')}
              values={{
                body: open.body,
                conditions: open.conditions,
                price: open.price === null ? '' : String(open.price),
                currency: open.currency ?? '',
                benefit: open.benefit ?? '',
                validUntil: open.validUntil,
              }}
            />
          </details>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="withdraw-offer" />
            <input type="hidden" name="offerId" value={open.id} />
            <FormError error={resultFor(result, 'withdraw-offer')?.error} />
            <SubmitButton className="button button--ghost button--danger">
              {t('brandIntents.offer.withdraw')}
            </SubmitButton>
            <p className="hint">{t('brandIntents.offer.withdrawHint')}</p>
          </Form>
        </div>
      ) : data.can.offer ? (
        <div className="card">
          {latestAnswered ? (
            <p className="muted">{t('brandIntents.offer.another')}</p>
          ) : (
            <p className="muted">{t('brandIntents.offer.first')}</p>
          )}
          <OfferForm
            mode="make"
            today={data.today}
            result={resultFor(result, 'make-offer')}
            values={blank}
          />
        </div>
      ) : (
        <>
          <FormError error={resultFor(result, 'make-offer')?.error} />
          <p className="muted">{t('brandIntents.offer.closed')}</p>
        </>
      )}
      {past.length ? (
        <>
          <h3 className="intent-offers__past">
            {open ? t('brandIntents.offer.past') : t('brandIntents.offer.yours')}
          </h3>
          <ol className="intent-offers">
            {past.map((o) => (
              <li key={o.id}>
                <OfferCard offer={o} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function OfferCard({ offer }: { offer: Offer }) {
  const t = useTranslations();
  const format = useFormatter();
  const { day, money } = useIntentFactsText();
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  return (
    <article
      className="card intent-offer"
      aria-label={t('brandIntents.offer.label', { id: offer.id })}
    >
      <p className="intent-offer__head">
        <OfferStatusBadge status={offer.status} />
        {offer.price !== null && offer.currency ? (
          <strong>{money(offer.price, offer.currency)}</strong>
        ) : null}
        {offer.benefit ? <span>{offer.benefit}</span> : null}
      </p>
      <Markdown html={offer.bodyHtml} />
      {offer.conditions ? (
        <div className="intent-offer__conditions">
          <h4>{t('brandIntents.offer.conditions')}</h4>
          <p>{offer.conditions}</p>
        </div>
      ) : null}
      {offer.status === 'declined' ? (
        <p className="alert alert--info">
          {offer.declineReason
            ? t('brandIntents.offer.declinedReason', { reason: offer.declineReason })
            : t('brandIntents.offer.declinedNoReason')}
        </p>
      ) : null}
      <ul className="meta">
        <li>{t('brandIntents.offer.validUntil', { date: day(offer.validUntil) })}</li>
        <li>
          {offer.writer
            ? t('brandIntents.offer.madeBy', {
                date: when(offer.createdAt),
                handle: offer.writer.handle,
              })
            : t('brandIntents.offer.made', { date: when(offer.createdAt) })}
        </li>
        {offer.updatedAt !== offer.createdAt && offer.status === 'open' ? (
          <li>{t('brandIntents.offer.updated', { date: when(offer.updatedAt) })}</li>
        ) : null}
        {offer.answeredAt ? (
          <li>{t('brandIntents.offer.answered', { date: when(offer.answeredAt) })}</li>
        ) : null}
      </ul>
    </article>
  );
}

/** The private thread between the brand and the author: oldest first, and a box to write. */
function Thread({ data, result }: { data: Data; result: ActionError | undefined }) {
  const t = useTranslations();
  const format = useFormatter();
  const heading = useId();
  const author = authorLabel(t, data.author);
  return (
    <section aria-labelledby={heading} className="section" id="thread">
      <h2 id={heading}>{t('brandIntents.thread.heading')}</h2>
      <p className="muted">{t('brandIntents.thread.private', { author })}</p>
      {data.messages.length ? (
        <ol className="intent-thread__messages brand-intent-thread">
          {data.messages.map((m) => (
            <li
              key={m.id}
              className={`intent-message${m.fromBrand ? ' intent-message--mine' : ''}`}
            >
              <p className="intent-message__head">
                <strong>
                  {m.fromBrand
                    ? m.sender
                      ? t('brandIntents.thread.fromMember', {
                          handle: m.sender.handle,
                          brand: data.brand.name,
                        })
                      : data.brand.name
                    : author}
                </strong>{' '}
                <time dateTime={m.createdAt}>
                  {format.dateTime(new Date(m.createdAt), {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  })}
                </time>
              </p>
              {/* Plain text, shown as text. */}
              <p className="intent-message__body">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <EmptyState title={t('brandIntents.thread.emptyTitle')}>
          <p>{t('brandIntents.thread.emptyBody', { author })}</p>
        </EmptyState>
      )}
      {data.can.message ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="message" />
          <FormError error={result?.error} />
          <Field
            form="message"
            name="body"
            label={t('brandIntents.thread.label')}
            hint={t('brandIntents.thread.hint')}
            errors={result?.fieldErrors}
            required
            control={(a) => (
              <textarea
                {...a}
                name="body"
                rows={4}
                required
                maxLength={MESSAGE_MAX}
                defaultValue={typeof result?.values?.body === 'string' ? result.values.body : ''}
              />
            )}
          />
          <div className="form-actions">
            <SubmitButton pendingText={t('brandIntents.thread.sending')}>
              {t('brandIntents.thread.send')}
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <p className="muted">{t('brandIntents.thread.closed')}</p>
      )}
    </section>
  );
}

/** The author's contact email: only once they accepted this brand's offer; otherwise why not. */
function ContactPanel({ data }: { data: Data }) {
  const t = useTranslations();
  const heading = useId();
  const author = authorLabel(t, data.author);
  return (
    <section className="panel intent-contact" aria-labelledby={heading}>
      <h2 id={heading}>{t('brandIntents.contact.heading')}</h2>
      {data.contactEmail ? (
        <p className="intent-contact__shared">
          {t.rich('brandIntents.contact.shared', {
            author,
            email: data.contactEmail,
            link: (chunks) => <a href={`mailto:${data.contactEmail}`}>{chunks}</a>,
          })}
        </p>
      ) : (
        <p>{t('brandIntents.contact.notYet')}</p>
      )}
    </section>
  );
}
