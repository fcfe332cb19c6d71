// Labelled fields for the page's forms. The page holds several forms with fields of the same name
// (the offer's text and a message are both `body`), so each field's id carries its form's prefix.
import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import type { FieldErrors } from '#app/domain/core/errors';

export type FieldProps = {
  form: string;
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  required?: boolean;
};

/** The label, hint and error around one control; `control` gets the id and ARIA attributes. */
export function Field({
  form,
  name,
  label,
  hint,
  errors,
  required,
  control,
}: FieldProps & {
  control: (a: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': true | undefined;
  }) => ReactNode;
}) {
  const t = useTranslations();
  const id = `${form}-${name}`;
  const error = errors?.[name]?.[0];
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="optional"> {t('common.form.optional')}</span>}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {control({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
