// The private thread between the intent's author and one brand: messages oldest first (plain text,
// never HTML), then a box to write. The author sees the brand's name, never which member wrote.
import { Form, useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { SubmitButton, useActionError } from '#app/components/forms';
import { MESSAGE_MAX } from '#app/domain/intents/schema';

export type ThreadMessage = {
  id: number;
  body: string;
  fromBrand: boolean;
  createdAt: string;
};

export function Thread({
  brand,
  messages,
  canWrite,
  asking,
}: {
  brand: { id: number; name: string };
  messages: ThreadMessage[];
  /** The author may write to a brand that has made an offer on the intent. */
  canWrite: boolean;
  /** Its offer is open: the box asks a question about it. */
  asking: boolean;
}) {
  const t = useTranslations();
  const format = useFormatter();
  const result = useActionError();
  const location = useLocation();
  const ref = useRef<HTMLFormElement>(null);
  const mine =
    result && result.values?.intent === 'message' && result.values?.brandId === String(brand.id);
  useEffect(() => {
    // Sent: empty the box (a refused message keeps what was typed).
    if (!mine) ref.current?.reset();
  }, [location.key, mine]);
  const fieldId = `thread-${brand.id}-body`;
  const headingId = `thread-${brand.id}-heading`;
  const error = mine ? (result.fieldErrors?.body?.[0] ?? result.error) : undefined;
  return (
    <section className="intent-thread" id={`thread-${brand.id}`} aria-labelledby={headingId}>
      <h4 id={headingId}>{t('intents.thread.heading', { brand: brand.name })}</h4>
      {messages.length ? (
        <ol className="intent-thread__messages">
          {messages.map((m) => (
            <li
              key={m.id}
              className={`intent-message${m.fromBrand ? '' : ' intent-message--mine'}`}
            >
              <p className="intent-message__head">
                <strong>{m.fromBrand ? brand.name : t('intents.thread.you')}</strong>{' '}
                <time dateTime={m.createdAt}>
                  {format.dateTime(new Date(m.createdAt), {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  })}
                </time>
              </p>
              <p className="intent-message__body">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('intents.thread.empty')}</p>
      )}
      {canWrite ? (
        <Form method="post" className="inline-form" ref={ref} preventScrollReset>
          <input type="hidden" name="brandId" value={brand.id} />
          <label htmlFor={fieldId}>
            {asking
              ? t('intents.thread.ask', { brand: brand.name })
              : t('intents.thread.write', { brand: brand.name })}
          </label>
          <textarea
            id={fieldId}
            name="body"
            rows={3}
            maxLength={MESSAGE_MAX}
            required
            defaultValue={mine ? String(result.values?.body ?? '') : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-error` : undefined}
          />
          {error ? (
            <p className="field-error" id={`${fieldId}-error`} role="alert">
              {error}
            </p>
          ) : null}
          <SubmitButton
            className="button button--small button--ghost"
            name="intent"
            value="message"
            pendingText={t('intents.thread.sending')}
          >
            {t('intents.thread.send')}
          </SubmitButton>
        </Form>
      ) : (
        <p className="hint">{t('intents.thread.replyAfterOffer', { brand: brand.name })}</p>
      )}
    </section>
  );
}
