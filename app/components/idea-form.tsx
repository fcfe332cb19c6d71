import { Form, Link } from '@remix-run/react';
import type { FieldErrors } from '../domain/errors';
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
  return (
    <Form method="post" className="form" noValidate>
      <FormError error={error} />
      <TextField
        name="title"
        label="Title"
        required
        maxLength={120}
        defaultValue={values.title}
        errors={fieldErrors}
        hint="5–120 characters: the idea in one line."
      />
      <TextArea
        name="body"
        label="Describe your idea"
        required
        rows={10}
        maxLength={10000}
        defaultValue={values.body}
        errors={fieldErrors}
        hint="20–10,000 characters. What is it, who is it for, why would it work? Markdown is supported."
      />
      <TextField
        name="tags"
        label="Tags"
        maxLength={300}
        defaultValue={values.tags}
        errors={fieldErrors}
        hint="Up to 8, separated by commas."
      />
      {buildable.length ? (
        <SelectField
          name="buildsOnId"
          label="Builds on"
          defaultValue={values.buildsOnId ?? ''}
          errors={fieldErrors}
          hint="If your idea grows from someone else's, credit it here."
          options={[
            { value: '', label: 'Nothing — an original idea' },
            ...buildable.map((i) => ({ value: String(i.id), label: i.title })),
          ]}
        />
      ) : null}
      <div className="form-actions">
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}
