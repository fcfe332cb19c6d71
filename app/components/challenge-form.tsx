import { Form, Link } from '@remix-run/react';
import { useLocale, useTranslations } from 'use-intl';
import type { FieldErrors } from '#app/domain/core/errors';
import { LOCALES, LOCALE_NAMES } from '#app/i18n/locales';
import { FormError, SelectField, SubmitButton, TextArea, TextField } from './forms';

export type ChallengeFormValues = Partial<
  Record<
    | 'title'
    | 'brief'
    | 'tags'
    | 'language'
    | 'rewardDescription'
    | 'rewardPoints'
    | 'prizes'
    | 'criteria'
    | 'maxIdeasPerUser'
    | 'opensAt'
    | 'votingAt'
    | 'reviewAt'
    | 'awardedAt',
    string
  >
>;

export function ChallengeForm({
  values,
  error,
  fieldErrors,
  submitLabel,
  cancelTo,
}: {
  values: ChallengeFormValues;
  error?: string;
  fieldErrors?: FieldErrors;
  submitLabel: string;
  cancelTo: string;
}) {
  const t = useTranslations();
  // A new challenge is most likely written in the language its author reads the site in.
  const locale = useLocale();
  return (
    <Form method="post" className="form" noValidate>
      <FormError error={error} />
      <TextField
        name="title"
        label={t('challenges.form.title')}
        required
        maxLength={120}
        defaultValue={values.title}
        errors={fieldErrors}
        hint={t('challenges.form.titleHint')}
      />
      <TextArea
        name="brief"
        label={t('challenges.form.brief')}
        required
        rows={10}
        maxLength={20000}
        defaultValue={values.brief}
        errors={fieldErrors}
        hint={t('challenges.form.briefHint')}
      />
      <TextField
        name="tags"
        label={t('challenges.form.tags')}
        maxLength={300}
        defaultValue={values.tags}
        errors={fieldErrors}
        hint={t('challenges.form.tagsHint')}
      />
      <SelectField
        name="language"
        label={t('challenges.form.language')}
        required
        defaultValue={values.language ?? locale}
        errors={fieldErrors}
        // Each language named in itself, whatever the page's language.
        options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      />
      <TextField
        name="rewardPoints"
        label={t('challenges.form.rewardPoints')}
        type="number"
        min={0}
        max={1000000}
        defaultValue={values.rewardPoints ?? '0'}
        errors={fieldErrors}
        hint={t('challenges.form.rewardPointsHint')}
      />
      <TextArea
        name="prizes"
        label={t('challenges.form.prizes')}
        rows={3}
        maxLength={2500}
        defaultValue={values.prizes}
        errors={fieldErrors}
        hint={t('challenges.form.prizesHint')}
      />
      <TextArea
        name="rewardDescription"
        label={t('challenges.form.rewardDescription')}
        rows={2}
        maxLength={500}
        defaultValue={values.rewardDescription}
        errors={fieldErrors}
        hint={t('challenges.form.rewardDescriptionHint')}
      />
      <TextArea
        name="criteria"
        label={t('challenges.form.criteria')}
        rows={4}
        defaultValue={values.criteria}
        errors={fieldErrors}
        hint={t('challenges.form.criteriaHint')}
      />
      <TextField
        name="maxIdeasPerUser"
        label={t('challenges.form.maxIdeas')}
        type="number"
        min={1}
        max={50}
        required
        defaultValue={values.maxIdeasPerUser ?? '3'}
        errors={fieldErrors}
        hint={t('challenges.form.maxIdeasHint')}
      />
      <fieldset className="field">
        <legend>
          <strong>{t('challenges.form.dates')}</strong>{' '}
          <span className="optional">{t('challenges.form.datesOptional')}</span>
        </legend>
        <div className="date-grid">
          <TextField
            name="opensAt"
            label={t('challenges.dates.opens')}
            hideOptional
            type="date"
            defaultValue={values.opensAt}
            errors={fieldErrors}
          />
          <TextField
            name="votingAt"
            label={t('challenges.dates.voting')}
            hideOptional
            type="date"
            defaultValue={values.votingAt}
            errors={fieldErrors}
          />
          <TextField
            name="reviewAt"
            label={t('challenges.dates.review')}
            hideOptional
            type="date"
            defaultValue={values.reviewAt}
            errors={fieldErrors}
          />
          <TextField
            name="awardedAt"
            label={t('challenges.dates.winners')}
            hideOptional
            type="date"
            defaultValue={values.awardedAt}
            errors={fieldErrors}
          />
        </div>
      </fieldset>
      <div className="form-actions">
        <SubmitButton pendingText={t('challenges.form.saving')}>{submitLabel}</SubmitButton>
        <Link to={cancelTo}>{t('challenges.form.cancel')}</Link>
      </div>
    </Form>
  );
}
