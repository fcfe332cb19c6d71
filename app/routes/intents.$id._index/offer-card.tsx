// One brand's offer as the intent's author sees it: what is offered, on what terms and until when,
// its state, the author's answers while it is open, and the private thread with that brand.
import { Form } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { SubmitButton, useActionError } from '#app/components/forms';
import { OfferStatusBadge } from '#app/components/intents/status-badge';
import { Markdown } from '#app/components/ui';
import { DECLINE_REASON_MAX } from '#app/domain/intents/schema';
import type { OfferStatus } from '../../../db/schema';
import { Thread, type ThreadMessage } from './thread';

export type OfferView = {
  id: number;
  status: OfferStatus;
  bodyHtml: string;
  conditions: string;
  price: number | null;
  currency: string | null;
  benefit: string | null;
  validUntil: string;
  declineReason: string | null;
  createdAt: string;
  updatedAt: string;
  brand: { id: number; slug: string; name: string };
  /** The brand's thread, on its newest offer's card only (null on its older offers). */
  messages: ThreadMessage[] | null;
  /** Past its valid-until day: it can no longer be accepted. */
  lapsedValidity: boolean;
  can: { accept: boolean; decline: boolean };
};

export function OfferCard({ offer, acceptsOne }: { offer: OfferView; acceptsOne: boolean }) {
  const t = useTranslations();
  const format = useFormatter();
  const result = useActionError();
  const answered =
    result &&
    (result.values?.intent === 'accept' || result.values?.intent === 'decline') &&
    result.values?.offerId === String(offer.id)
      ? result
      : undefined;
  const declineError = answered?.values?.intent === 'decline' ? answered : undefined;
  const headingId = `offer-${offer.id}-heading`;
  const reasonId = `offer-${offer.id}-reason`;
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium' });
  const moment = (iso: string) =>
    format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
  const edited = offer.updatedAt !== offer.createdAt;
  return (
    <article className="card offer-card" id={`offer-${offer.id}`} aria-labelledby={headingId}>
      <div className="offer-card__head">
        <h3 id={headingId}>{offer.brand.name}</h3>
        <OfferStatusBadge status={offer.status} />
      </div>
      <dl className="offer-card__terms">
        {offer.price !== null && offer.currency ? (
          <div>
            <dt>{t('intents.offer.price')}</dt>
            <dd className="offer-card__price">
              {format.number(offer.price, {
                style: 'currency',
                currency: offer.currency,
                maximumFractionDigits: 0,
              })}
            </dd>
          </div>
        ) : null}
        {offer.benefit ? (
          <div>
            <dt>{t('intents.offer.benefit')}</dt>
            <dd>{offer.benefit}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('intents.offer.validUntil')}</dt>
          <dd>
            <time dateTime={offer.validUntil}>{day(offer.validUntil)}</time>
            {offer.lapsedValidity && offer.status === 'open' ? (
              <> · {t('intents.offer.noLongerValid')}</>
            ) : null}
          </dd>
        </div>
      </dl>
      <Markdown html={offer.bodyHtml} />
      {offer.conditions ? (
        <div className="offer-card__conditions">
          <h4>{t('intents.offer.conditions')}</h4>
          <p>{offer.conditions}</p>
        </div>
      ) : null}
      <p className="meta">
        <span>
          {t('intents.offer.sent')}{' '}
          <time dateTime={offer.createdAt}>{moment(offer.createdAt)}</time>
        </span>
        {edited ? (
          <span>
            {t('intents.offer.updated')}{' '}
            <time dateTime={offer.updatedAt}>{moment(offer.updatedAt)}</time>
          </span>
        ) : null}
      </p>
      {offer.status === 'declined' && offer.declineReason ? (
        <p className="offer-card__reason">
          {t('intents.offer.yourReason')} {offer.declineReason}
        </p>
      ) : null}
      {answered && !declineError ? (
        <p className="field-error" role="alert">
          {answered.error}
        </p>
      ) : null}
      {offer.can.accept || offer.can.decline ? (
        <div className="offer-card__actions">
          {offer.can.accept ? (
            <Form
              method="post"
              preventScrollReset
              onSubmit={(e) => {
                if (
                  acceptsOne &&
                  !confirm(t('intents.offer.acceptConfirm', { brand: offer.brand.name }))
                )
                  e.preventDefault();
              }}
            >
              <input type="hidden" name="offerId" value={offer.id} />
              <SubmitButton
                name="intent"
                value="accept"
                className="button button--small"
                pendingText={t('intents.offer.accepting')}
              >
                {t('intents.offer.accept', { brand: offer.brand.name })}
              </SubmitButton>
            </Form>
          ) : null}
          {offer.can.decline ? (
            <details className="offer-card__decline" open={declineError ? true : undefined}>
              <summary>{t('intents.offer.decline')}</summary>
              <Form method="post" className="inline-form" preventScrollReset>
                <input type="hidden" name="offerId" value={offer.id} />
                <label htmlFor={reasonId}>{t('intents.offer.reason')}</label>
                <p className="hint" id={`${reasonId}-hint`}>
                  {t('intents.offer.reasonHint', { brand: offer.brand.name })}
                </p>
                <textarea
                  id={reasonId}
                  name="reason"
                  rows={2}
                  maxLength={DECLINE_REASON_MAX}
                  defaultValue={
                    declineError ? String(declineError.values?.reason ?? '') : undefined
                  }
                  aria-invalid={declineError ? true : undefined}
                  aria-describedby={
                    declineError ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`
                  }
                />
                {declineError ? (
                  <p className="field-error" id={`${reasonId}-error`} role="alert">
                    {declineError.fieldErrors?.reason?.[0] ?? declineError.error}
                  </p>
                ) : null}
                <SubmitButton
                  name="intent"
                  value="decline"
                  className="button button--small button--danger"
                  pendingText={t('intents.offer.declining')}
                >
                  {t('intents.offer.declineSend', { brand: offer.brand.name })}
                </SubmitButton>
              </Form>
            </details>
          ) : null}
        </div>
      ) : null}
      {offer.messages ? (
        <Thread
          brand={offer.brand}
          messages={offer.messages}
          canWrite
          asking={offer.status === 'open'}
        />
      ) : (
        <p className="hint">
          <a href={`#thread-${offer.brand.id}`}>
            {t('intents.offer.threadOnNewest', { brand: offer.brand.name })}
          </a>
        </p>
      )}
    </article>
  );
}
