// The intent form (issue 17), shared by /intents/new and /intents/:id/edit. Grouped in fieldsets:
// the need, where and when, the budget, who may see it, and how offers and contact work. The brand
// picker matters only for the `picked` audience: once the page runs JavaScript it hides while
// another audience is chosen; without JavaScript every field is there and the server ignores the
// picked brands for the other audiences.
import { Form, Link } from '@remix-run/react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import type { FieldErrors } from '#app/domain/core/errors';
import {
  INTENT_ACCEPTS,
  INTENT_AUDIENCES,
  INTENT_BODY_MAX,
  INTENT_CURRENCIES,
  INTENT_PLACE_MAX,
  INTENT_TITLE_MAX,
  MAX_INTENT_TAGS,
  MAX_PICKED_BRANDS,
} from '#app/domain/intents/schema';
import { FormError, SelectField, SubmitButton, TextArea, TextField } from './forms';
import { AUDIENCE_HINT_KEYS, AUDIENCE_KEYS } from './intents/labels';

export type IntentFormValues = Partial<
  Record<
    | 'title'
    | 'body'
    | 'tags'
    | 'place'
    | 'startsOn'
    | 'endsOn'
    | 'budgetMin'
    | 'budgetMax'
    | 'currency'
    | 'audience'
    | 'accepts'
    | 'contactEmail'
    | 'expiresOn',
    string
  >
> & { brandIds?: string | string[] };

export type PickableBrand = { id: number; name: string };

const ACCEPTS_KEYS = {
  one: 'intents.form.acceptsOne',
  several: 'intents.form.acceptsSeveral',
} as const;

/** The first message of a field, or of any of its items (`brandIds.2`). */
function firstError(errors: FieldErrors | undefined, name: string) {
  if (!errors) return undefined;
  const own = errors[name]?.[0];
  if (own) return own;
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return key ? errors[key]?.[0] : undefined;
}

/** A group of radio buttons or checkboxes with its legend, hint and error. */
function ChoiceGroup({
  name,
  legend,
  hint,
  error,
  hidden,
  children,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  hidden?: boolean;
  children: ReactNode;
}) {
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      className={`field intent-choices${error ? ' field--invalid' : ''}`}
      aria-describedby={described || undefined}
      hidden={hidden}
    >
      <legend>
        <strong>{legend}</strong>
      </legend>
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
    </fieldset>
  );
}

export function IntentForm({
  values,
  error,
  fieldErrors,
  brands,
  draft,
  cancelTo,
}: {
  values: IntentFormValues;
  error?: string;
  fieldErrors?: FieldErrors;
  brands: PickableBrand[];
  /** A new intent or a draft: "Save as draft" and "Publish"; a published one: "Save changes". */
  draft: boolean;
  cancelTo: string;
}) {
  const t = useTranslations();
  const [audience, setAudience] = useState(values.audience ?? 'any');
  // Until the page runs JavaScript the brand picker stays visible, whatever the audience.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const picked = new Set(
    (Array.isArray(values.brandIds) ? values.brandIds : values.brandIds ? [values.brandIds] : [])
      .map(String)
      .filter(Boolean),
  );
  const accepts = values.accepts ?? 'one';
  const formErrors = fieldErrors?.form;
  const audienceError = firstError(fieldErrors, 'audience');
  const brandsError = firstError(fieldErrors, 'brandIds');
  const acceptsError = firstError(fieldErrors, 'accepts');
  return (
    <Form method="post" className="form intent-form" noValidate>
      <FormError error={error} />
      {formErrors?.length ? (
        <ul className="field-error" role="alert">
          {formErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <fieldset className="intent-form__group">
        <legend>{t('intents.form.need')}</legend>
        <TextField
          name="title"
          label={t('intents.form.title')}
          required
          maxLength={INTENT_TITLE_MAX}
          defaultValue={values.title}
          errors={fieldErrors}
          hint={t('intents.form.titleHint')}
        />
        <TextArea
          name="body"
          label={t('intents.form.body')}
          required
          rows={8}
          maxLength={INTENT_BODY_MAX}
          defaultValue={values.body}
          errors={fieldErrors}
          hint={t('intents.form.bodyHint')}
        />
        <TextField
          name="tags"
          label={t('intents.form.tags')}
          maxLength={200}
          defaultValue={values.tags}
          errors={fieldErrors}
          hint={t('intents.form.tagsHint', { max: MAX_INTENT_TAGS })}
        />
      </fieldset>
      <fieldset className="intent-form__group">
        <legend>{t('intents.form.whereWhen')}</legend>
        <TextField
          name="place"
          label={t('intents.form.place')}
          maxLength={INTENT_PLACE_MAX}
          defaultValue={values.place}
          errors={fieldErrors}
          hint={t('intents.form.placeHint')}
        />
        <div className="date-grid">
          <TextField
            name="startsOn"
            type="date"
            label={t('intents.form.startsOn')}
            defaultValue={values.startsOn}
            errors={fieldErrors}
          />
          <TextField
            name="endsOn"
            type="date"
            label={t('intents.form.endsOn')}
            defaultValue={values.endsOn}
            errors={fieldErrors}
          />
        </div>
      </fieldset>
      <fieldset className="intent-form__group">
        <legend>{t('intents.form.budget')}</legend>
        <p className="hint">{t('intents.form.budgetHint')}</p>
        <div className="date-grid">
          <TextField
            name="budgetMin"
            type="number"
            min={0}
            label={t('intents.form.budgetMin')}
            defaultValue={values.budgetMin}
            errors={fieldErrors}
          />
          <TextField
            name="budgetMax"
            type="number"
            min={0}
            label={t('intents.form.budgetMax')}
            defaultValue={values.budgetMax}
            errors={fieldErrors}
          />
          <SelectField
            name="currency"
            label={t('intents.form.currency')}
            defaultValue={values.currency ?? ''}
            errors={fieldErrors}
            options={[
              { value: '', label: t('intents.form.noCurrency') },
              ...INTENT_CURRENCIES.map((c) => ({ value: c, label: c })),
            ]}
          />
        </div>
      </fieldset>
      <div className="intent-form__group">
        <ChoiceGroup name="audience" legend={t('intents.form.audience')} error={audienceError}>
          {INTENT_AUDIENCES.map((a) => (
            <div className="intent-choice" key={a}>
              <input
                type="radio"
                id={`audience-${a}`}
                name="audience"
                value={a}
                defaultChecked={audience === a}
                onChange={() => setAudience(a)}
                aria-describedby={`audience-${a}-hint`}
              />
              <label htmlFor={`audience-${a}`}>{t(AUDIENCE_KEYS[a])}</label>
              <p className="hint" id={`audience-${a}-hint`}>
                {t(AUDIENCE_HINT_KEYS[a])}
              </p>
            </div>
          ))}
        </ChoiceGroup>
        <ChoiceGroup
          name="brandIds"
          legend={t('intents.form.brands')}
          hint={t('intents.form.brandsHint', { max: MAX_PICKED_BRANDS })}
          error={brandsError}
          hidden={enhanced && audience !== 'picked'}
        >
          {brands.length ? (
            <ul className="intent-brand-picker">
              {brands.map((b) => (
                <li key={b.id}>
                  <input
                    type="checkbox"
                    id={`brand-${b.id}`}
                    name="brandIds"
                    value={b.id}
                    defaultChecked={picked.has(String(b.id))}
                  />
                  <label htmlFor={`brand-${b.id}`}>{b.name}</label>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('intents.form.noBrands')}</p>
          )}
        </ChoiceGroup>
      </div>
      <fieldset className="intent-form__group">
        <legend>{t('intents.form.offersAndContact')}</legend>
        <ChoiceGroup name="accepts" legend={t('intents.form.acceptsLegend')} error={acceptsError}>
          {INTENT_ACCEPTS.map((a) => (
            <div className="intent-choice" key={a}>
              <input
                type="radio"
                id={`accepts-${a}`}
                name="accepts"
                value={a}
                defaultChecked={accepts === a}
              />
              <label htmlFor={`accepts-${a}`}>{t(ACCEPTS_KEYS[a])}</label>
            </div>
          ))}
        </ChoiceGroup>
        <TextField
          name="contactEmail"
          type="email"
          label={t('intents.form.contactEmail')}
          required
          maxLength={254}
          autoComplete="email"
          defaultValue={values.contactEmail}
          errors={fieldErrors}
          hint={t('intents.form.contactEmailHint')}
        />
        <TextField
          name="expiresOn"
          type="date"
          label={t('intents.form.expiresOn')}
          required
          defaultValue={values.expiresOn}
          errors={fieldErrors}
          hint={t('intents.form.expiresOnHint')}
        />
      </fieldset>
      <div className="form-actions">
        {draft ? (
          <>
            {/* First, so Enter in a field saves the draft rather than publishing it. */}
            <SubmitButton
              name="intent"
              value="save"
              className="button button--ghost"
              pendingText={t('intents.form.saving')}
            >
              {t('intents.form.saveDraft')}
            </SubmitButton>
            <SubmitButton name="intent" value="publish" pendingText={t('intents.form.saving')}>
              {t('intents.form.publish')}
            </SubmitButton>
          </>
        ) : (
          <SubmitButton name="intent" value="save" pendingText={t('intents.form.saving')}>
            {t('intents.form.save')}
          </SubmitButton>
        )}
        <Link to={cancelTo}>{t('intents.form.cancel')}</Link>
      </div>
    </Form>
  );
}
