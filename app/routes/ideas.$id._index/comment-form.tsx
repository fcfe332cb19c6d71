import { Form, useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'use-intl';
import { SubmitButton, useActionError } from '#app/components/forms';

export function CommentForm({
  parentId,
  onDone,
  label,
}: {
  parentId?: number;
  onDone?: () => void;
  label: string;
}) {
  const result = useActionError();
  const t = useTranslations();
  const ref = useRef<HTMLFormElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (result) return;
    // Posted: empty the box and fold the reply panel away.
    ref.current?.reset();
    ref.current?.closest('details')?.removeAttribute('open');
  }, [location.key, result]);
  const fieldId = parentId ? `reply-${parentId}` : 'comment-body';
  const mine =
    result &&
    (result.values?.parentId ?? '') === (parentId ? String(parentId) : '') &&
    result.values?.intent === 'comment';
  return (
    <Form method="post" className="inline-form" ref={ref} preventScrollReset onSubmit={onDone}>
      <input type="hidden" name="intent" value="comment" />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <label htmlFor={fieldId} className={parentId ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={parentId ? 2 : 3}
        maxLength={5000}
        required
        defaultValue={mine ? String(result.values?.body ?? '') : undefined}
        aria-invalid={mine && result.fieldErrors?.body ? true : undefined}
        aria-describedby={mine && result.error ? `${fieldId}-error` : undefined}
      />
      {mine && result.error ? (
        <p className="field-error" id={`${fieldId}-error`} role="alert">
          {result.fieldErrors?.body?.[0] ?? result.error}
        </p>
      ) : null}
      <div>
        <SubmitButton className="button button--small" pendingText={t('ideas.comment.posting')}>
          {parentId ? t('ideas.comment.reply') : t('ideas.comment.post')}
        </SubmitButton>
      </div>
    </Form>
  );
}
