// "Delete my account" on /me: what goes and what stays in plain words, the choice for the person's
// ideas and comments, the password again and a box to tick; posts to /me/delete (app/routes/me.delete.tsx).
// With JavaScript a fetcher sends it and a refusal comes back as data; without, the browser is sent
// back here with the failing fields named in the query (?deleteError=…), shown the same way.
import { useFetcher, useLocation, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import type { ActionError, FieldErrors } from '#app/domain/core/errors';
import { DELETE_CONTENT_CHOICES, type DeleteContentChoice } from '#app/domain/users/schema';

export const DELETE_SECTION_ID = 'delete-account';
export const DELETE_ERROR_PARAM = 'deleteError';

/**
 * What a refusal may say after a document post, by name: the query names one of these, never
 * carries text (a crafted link can only pick among these messages, each shown by its own field).
 */
const DOCUMENT_ERRORS = {
  password: { field: 'password', key: 'errors.user.passwordAgain' },
  passwordMissing: { field: 'password', key: 'errors.user.loginPassword' },
  content: { field: 'content', key: 'errors.user.deleteContent' },
  confirm: { field: 'confirm', key: 'errors.user.deleteConfirm' },
  limit: { field: 'form', key: 'mydata.delete.tooManyTries' },
} as const;
type DocumentError = keyof typeof DOCUMENT_ERRORS;

/** A refusal's name for the query, from the fields it names (a domain error's message keys). */
export function documentErrorsOf(refusal: {
  kind: string;
  fieldMessages?: Record<string, { key: string }[] | undefined>;
}): DocumentError[] {
  if (refusal.kind === 'RateLimited') return ['limit'];
  const fields = refusal.fieldMessages ?? {};
  const out: DocumentError[] = [];
  const password = fields.password?.[0]?.key;
  if (password) out.push(password === 'errors.user.passwordAgain' ? 'password' : 'passwordMissing');
  if (fields.content) out.push('content');
  if (fields.confirm) out.push('confirm');
  return out.length ? out : ['password'];
}

const CHOICE_KEYS = {
  anonymise: { label: 'mydata.delete.anonymise', hint: 'mydata.delete.anonymiseHint' },
  remove: { label: 'mydata.delete.remove', hint: 'mydata.delete.removeHint' },
} as const satisfies Record<DeleteContentChoice, { label: string; hint: string }>;

export function DeleteAccountSection() {
  const t = useTranslations();
  const fetcher = useFetcher<ActionError>();
  const [params] = useSearchParams();
  const location = useLocation();
  // The page a refusal answered: once the person navigates (a language change reloads /me), an
  // old refusal, in the old language, is not shown again.
  const [sentFrom, setSentFrom] = useState<string | null>(null);
  const pending = fetcher.state !== 'idle';

  const fromQuery: FieldErrors = {};
  for (const name of params.getAll(DELETE_ERROR_PARAM))
    if (Object.hasOwn(DOCUMENT_ERRORS, name)) {
      const { field, key } = DOCUMENT_ERRORS[name as DocumentError];
      (fromQuery[field] ??= []).push(t(key));
    }
  const data = fetcher.state === 'idle' && sentFrom === location.key ? fetcher.data : undefined;
  const errors: FieldErrors = data ? (data.fieldErrors ?? {}) : fromQuery;
  const formError = data ? (data.fieldErrors ? null : data.error) : fromQuery.form?.[0];
  const error = (field: string) => errors[field]?.[0];
  const described = (...ids: (string | false | undefined)[]) =>
    ids.filter(Boolean).join(' ') || undefined;

  return (
    <section
      id={DELETE_SECTION_ID}
      className="card delete-account"
      aria-labelledby="delete-account-heading"
    >
      <h2 id="delete-account-heading">{t('mydata.delete.heading')}</h2>
      <p>{t('mydata.delete.intro')}</p>
      <div className="delete-account__lists">
        <div>
          <h3>{t('mydata.delete.goesHeading')}</h3>
          <ul>
            <li>{t('mydata.delete.goesIdentity')}</li>
            <li>{t('mydata.delete.goesSessions')}</li>
            <li>{t('mydata.delete.goesPrivate')}</li>
            <li>{t('mydata.delete.goesConsents')}</li>
            <li>{t('mydata.delete.goesHandle')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('mydata.delete.staysHeading')}</h3>
          <ul>
            <li>{t('mydata.delete.staysVotes')}</li>
            <li>{t('mydata.delete.staysLedger')}</li>
            <li>{t('mydata.delete.staysExport')}</li>
          </ul>
        </div>
      </div>
      <fetcher.Form
        method="post"
        action="/me/delete"
        className="form"
        noValidate
        onSubmit={() => setSentFrom(location.key)}
      >
        {formError ? (
          <div className="alert alert--error" role="alert">
            {formError}
          </div>
        ) : null}
        <fieldset
          className={`field delete-account__choice${error('content') ? ' field--invalid' : ''}`}
          aria-describedby={described(
            'delete-content-hint',
            error('content') && 'delete-content-error',
          )}
        >
          <legend>{t('mydata.delete.contentLegend')}</legend>
          <p id="delete-content-hint" className="hint">
            {t('mydata.delete.contentHint')}
          </p>
          {DELETE_CONTENT_CHOICES.map((choice) => (
            <div key={choice} className="delete-account__option">
              <input
                type="radio"
                id={`delete-content-${choice}`}
                name="content"
                value={choice}
                defaultChecked={choice === 'anonymise'}
                required
                aria-describedby={`delete-content-${choice}-hint`}
              />
              <label htmlFor={`delete-content-${choice}`}>{t(CHOICE_KEYS[choice].label)}</label>
              <p id={`delete-content-${choice}-hint`} className="hint">
                {t(CHOICE_KEYS[choice].hint)}
              </p>
            </div>
          ))}
          {error('content') ? (
            <p id="delete-content-error" className="field-error" role="alert">
              {error('content')}
            </p>
          ) : null}
        </fieldset>
        <div className={`field${error('password') ? ' field--invalid' : ''}`}>
          <label htmlFor="delete-password">{t('mydata.delete.password')}</label>
          <p id="delete-password-hint" className="hint">
            {t('mydata.delete.passwordHint')}
          </p>
          <input
            id="delete-password"
            name="password"
            type="password"
            required
            maxLength={200}
            autoComplete="current-password"
            aria-invalid={error('password') ? true : undefined}
            aria-describedby={described(
              'delete-password-hint',
              error('password') && 'delete-password-error',
            )}
          />
          {error('password') ? (
            <p id="delete-password-error" className="field-error" role="alert">
              {error('password')}
            </p>
          ) : null}
        </div>
        <div
          className={`field delete-account__confirm${error('confirm') ? ' field--invalid' : ''}`}
        >
          <div className="delete-account__option">
            <input
              type="checkbox"
              id="delete-confirm"
              name="confirm"
              value="yes"
              required
              aria-invalid={error('confirm') ? true : undefined}
              aria-describedby={error('confirm') ? 'delete-confirm-error' : undefined}
            />
            <label htmlFor="delete-confirm">{t('mydata.delete.confirm')}</label>
          </div>
          {error('confirm') ? (
            <p id="delete-confirm-error" className="field-error" role="alert">
              {error('confirm')}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button--danger"
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? t('mydata.delete.pending') : t('mydata.delete.submit')}
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}
