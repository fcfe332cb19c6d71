import { Form } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { FormError, SubmitButton } from '#app/components/forms';
import type { ActionError } from '#app/domain/core/errors';
import {
  INTENT_CURRENCIES,
  MAX_AMOUNT,
  OFFER_BENEFIT_MAX,
  OFFER_BODY_MAX,
  OFFER_CONDITIONS_MAX,
} from '#app/domain/intents/schema';
import { Field } from './fields';

export type OfferValues = {
  body: string;
  conditions: string;
  price: string;
  currency: string;
  benefit: string;
  validUntil: string;
};

/**
 * The brand's offer: its text (Markdown), conditions, a price or a benefit (or both) and the last
 * day the brand holds it. A new one (`make-offer`) or the open one changed (`update-offer`).
 */
export function OfferForm({
  mode,
  offerId,
  values,
  result,
  today,
}: {
  mode: 'make' | 'update';
  offerId?: number;
  values: OfferValues;
  /** This form's failed submission, if the last one was it. */
  result?: ActionError;
  /** The earliest valid-until day (YYYY-MM-DD). */
  today: string;
}) {
  const t = useTranslations();
  const form = mode === 'make' ? 'offer-new' : 'offer-edit';
  const errors = result?.fieldErrors;
  const shown = (result?.values as Partial<OfferValues> | undefined) ?? values;
  return (
    <Form method="post" className="form intent-offer-form" noValidate>
      <input type="hidden" name="intent" value={mode === 'make' ? 'make-offer' : 'update-offer'} />
      {offerId !== undefined ? <input type="hidden" name="offerId" value={offerId} /> : null}
      <FormError error={result?.error} />
      <Field
        form={form}
        name="body"
        label={t('brandIntents.offerForm.body')}
        hint={t('brandIntents.offerForm.bodyHint')}
        errors={errors}
        required
        control={(a) => (
          <textarea
            {...a}
            name="body"
            rows={6}
            required
            maxLength={OFFER_BODY_MAX}
            defaultValue={shown.body ?? ''}
          />
        )}
      />
      <Field
        form={form}
        name="conditions"
        label={t('brandIntents.offerForm.conditions')}
        hint={t('brandIntents.offerForm.conditionsHint')}
        errors={errors}
        control={(a) => (
          <textarea
            {...a}
            name="conditions"
            rows={3}
            maxLength={OFFER_CONDITIONS_MAX}
            defaultValue={shown.conditions ?? ''}
          />
        )}
      />
      <fieldset className="field intent-offer-form__price">
        <legend>{t('brandIntents.offerForm.priceLegend')}</legend>
        <p className="hint">{t('brandIntents.offerForm.priceHint')}</p>
        <div className="date-grid">
          <Field
            form={form}
            name="price"
            label={t('brandIntents.offerForm.price')}
            errors={errors}
            control={(a) => (
              <input
                {...a}
                name="price"
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_AMOUNT}
                step={1}
                defaultValue={shown.price ?? ''}
              />
            )}
          />
          <Field
            form={form}
            name="currency"
            label={t('brandIntents.offerForm.currency')}
            errors={errors}
            control={(a) => (
              <select {...a} name="currency" defaultValue={shown.currency ?? ''}>
                <option value="">{t('brandIntents.offerForm.noCurrency')}</option>
                {INTENT_CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          />
        </div>
        <Field
          form={form}
          name="benefit"
          label={t('brandIntents.offerForm.benefit')}
          hint={t('brandIntents.offerForm.benefitHint')}
          errors={errors}
          control={(a) => (
            <input
              {...a}
              name="benefit"
              type="text"
              maxLength={OFFER_BENEFIT_MAX}
              defaultValue={shown.benefit ?? ''}
            />
          )}
        />
      </fieldset>
      <Field
        form={form}
        name="validUntil"
        label={t('brandIntents.offerForm.validUntil')}
        hint={t('brandIntents.offerForm.validUntilHint')}
        errors={errors}
        required
        control={(a) => (
          <input
            {...a}
            name="validUntil"
            type="date"
            required
            min={today}
            defaultValue={shown.validUntil ?? ''}
          />
        )}
      />
      <div className="form-actions">
        <SubmitButton pendingText={t('brandIntents.offerForm.sending')}>
          {mode === 'make' ? t('brandIntents.offerForm.make') : t('brandIntents.offerForm.save')}
        </SubmitButton>
      </div>
    </Form>
  );
}
