import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from '#app/components/forms';
import { INTENT_PLACE_MAX, MAX_AMOUNT } from '#app/domain/intents/schema';

export const FILTER_KEYS = ['tag', 'place', 'from', 'to', 'budget'] as const;
export type FilterValues = Record<(typeof FILTER_KEYS)[number], string>;

type FieldErrors = Record<string, string[] | undefined>;

function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const error = errors?.[name]?.[0];
  const id = `intents-${name}`;
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy, !!error)}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The list's filters as a GET form (it works without JavaScript): a tag, a place, a time window the
 * intent's own window overlaps, and an amount its budget range includes. Applying it starts again
 * at the first page.
 */
export function IntentFilterForm({
  values,
  error,
}: {
  values: FilterValues;
  error: { message: string; fieldErrors?: FieldErrors } | null;
}) {
  const t = useTranslations();
  // A key per applied filter, so the fields show it again after each navigation.
  const key = JSON.stringify(values);
  const errors = error?.fieldErrors;
  return (
    <Form
      method="get"
      className="community-filters intent-filters"
      key={key}
      aria-label={t('brandIntents.filter.label')}
    >
      <fieldset>
        <legend>{t('brandIntents.filter.legend')}</legend>
        <FormError error={error?.message} />
        <div className="filters">
          <Field
            name="tag"
            label={t('brandIntents.filter.tag')}
            hint={t('brandIntents.filter.tagHint')}
            errors={errors}
          >
            {(describedBy, invalid) => (
              <input
                id="intents-tag"
                name="tag"
                type="text"
                defaultValue={values.tag}
                maxLength={31}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field name="place" label={t('brandIntents.filter.place')} errors={errors}>
            {(describedBy, invalid) => (
              <input
                id="intents-place"
                name="place"
                type="text"
                defaultValue={values.place}
                maxLength={INTENT_PLACE_MAX}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field name="from" label={t('brandIntents.filter.from')} errors={errors}>
            {(describedBy, invalid) => (
              <input
                id="intents-from"
                name="from"
                type="date"
                defaultValue={values.from}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            name="to"
            label={t('brandIntents.filter.to')}
            hint={t('brandIntents.filter.datesHint')}
            errors={errors}
          >
            {(describedBy, invalid) => (
              <input
                id="intents-to"
                name="to"
                type="date"
                defaultValue={values.to}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            name="budget"
            label={t('brandIntents.filter.budget')}
            hint={t('brandIntents.filter.budgetHint')}
            errors={errors}
          >
            {(describedBy, invalid) => (
              <input
                id="intents-budget"
                name="budget"
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_AMOUNT}
                step={1}
                defaultValue={values.budget}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('brandIntents.filter.apply')}
          </button>
          <Link to="?" className="button button--ghost">
            {t('brandIntents.filter.clear')}
          </Link>
        </div>
      </fieldset>
    </Form>
  );
}
