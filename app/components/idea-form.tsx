import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { FieldErrors } from '#app/domain/core/errors';
import { FormError, SelectField, SubmitButton, TextArea, TextField } from './forms';

export type IdeaFormValues = Partial<Record<'title' | 'body' | 'tags' | 'buildsOnId', string>>;

export function IdeaForm({
  values,
  error,
  fieldErrors,
  buildable,
  submitLabel,
  cancelTo,
}: {
  values: IdeaFormValues;
  error?: string;
  fieldErrors?: FieldErrors;
  buildable: { id: number; title: string }[];
  submitLabel: string;
  cancelTo: string;
}) {
  const t = useTranslations();
  return (
    <Form method="post" className="form" noValidate>
      <FormError error={error} />
      <TextField
        name="title"
        label={t('ideas.form.title')}
        required
        maxLength={120}
        defaultValue={values.title}
        errors={fieldErrors}
        hint={t('ideas.form.titleHint')}
      />
      <TextArea
        name="body"
        label={t('ideas.form.body')}
        required
        rows={10}
        maxLength={10000}
        defaultValue={values.body}
        errors={fieldErrors}
        hint={t('ideas.form.bodyHint')}
      />
      <TextField
        name="tags"
        label={t('ideas.form.tags')}
        maxLength={300}
        defaultValue={values.tags}
        errors={fieldErrors}
        hint={t('ideas.form.tagsHint')}
      />
      {buildable.length ? (
        <SelectField
          name="buildsOnId"
          label={t('ideas.form.buildsOn')}
          defaultValue={values.buildsOnId ?? ''}
          errors={fieldErrors}
          hint={t('ideas.form.buildsOnHint')}
          options={[
            { value: '', label: t('ideas.form.original') },
            ...buildable.map((i) => ({ value: String(i.id), label: i.title })),
          ]}
        />
      ) : null}
      <div className="form-actions">
        <SubmitButton pendingText={t('ideas.form.saving')}>{submitLabel}</SubmitButton>
        <Link to={cancelTo}>{t('ideas.form.cancel')}</Link>
      </div>
    </Form>
  );
}
