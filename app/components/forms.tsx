// Form controls with labels, hints and per-field errors wired up for assistive technology.
import { useActionData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import type { ActionError, FieldErrors } from '#app/domain/core/errors';

/** The failed result of this route's action, if the last submission failed. */
export function useActionError(): ActionError | undefined {
  const data = useActionData() as ActionError | { ok: true } | undefined;
  return data && 'error' in data ? data : undefined;
}

/** Values the person typed before a failed submission, to put back in the form. */
export function useSubmittedValues(): Record<string, string> {
  return (useActionError()?.values ?? {}) as Record<string, string>;
}

type Common = {
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: FieldErrors;
  required?: boolean;
  /** The group already says it is optional. */
  hideOptional?: boolean;
};

function describedBy(name: string, hint: unknown, error: unknown) {
  return (
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') ||
    undefined
  );
}

function FieldShell({
  name,
  label,
  hint,
  errors,
  required,
  hideOptional,
  children,
}: Common & { children: ReactNode }) {
  const t = useTranslations();
  const error = errors?.[name]?.[0];
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={name}>
        {label}
        {required || hideOptional ? null : (
          <span className="optional"> {t('common.form.optional')}</span>
        )}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${name}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: Common & {
    type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'search';
    defaultValue?: string | number | null;
    autoComplete?: string;
    maxLength?: number;
    minLength?: number;
    min?: number;
    max?: number;
    autoFocus?: boolean;
  },
) {
  const {
    name,
    hint,
    errors,
    type = 'text',
    defaultValue,
    required,
    hideOptional: _h,
    ...rest
  } = props;
  const error = errors?.[name]?.[0];
  return (
    <FieldShell {...props}>
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        autoComplete={rest.autoComplete}
        maxLength={rest.maxLength}
        minLength={rest.minLength}
        min={rest.min}
        max={rest.max}
        autoFocus={rest.autoFocus}
      />
    </FieldShell>
  );
}

export function TextArea(
  props: Common & { defaultValue?: string | null; rows?: number; maxLength?: number },
) {
  const { name, hint, errors, defaultValue, required, rows = 6, maxLength } = props;
  const error = errors?.[name]?.[0];
  return (
    <FieldShell {...props}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue ?? undefined}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: Common & { defaultValue?: string | null; options: { value: string; label: string }[] },
) {
  const { name, hint, errors, defaultValue, required, options } = props;
  const error = errors?.[name]?.[0];
  return (
    <FieldShell {...props}>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue ?? undefined}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** The form-level message: what went wrong, in words. */
export function FormError({ error }: { error?: string | null }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {error}
    </div>
  );
}

/** A submit button that says it is working while its form is being sent. */
export function SubmitButton({
  children,
  pendingText,
  className = 'button',
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const navigation = useNavigation();
  const t = useTranslations();
  const pending =
    navigation.state === 'submitting' &&
    (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {pending ? (pendingText ?? t('common.form.working')) : children}
    </button>
  );
}
