import { Form, Link } from '@remix-run/react';
import type { FieldErrors } from '../domain/errors';
import { FormError, SelectField, SubmitButton, TextArea, TextField } from './forms';

export type ChallengeFormValues = Partial<
  Record<
    | 'title'
    | 'brief'
    | 'tags'
    | 'language'
    | 'rewardDescription'
    | 'rewardPoints'
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
        hint="5–120 characters. A question works well: “How might we…?”"
      />
      <TextArea
        name="brief"
        label="Brief"
        required
        rows={10}
        maxLength={20000}
        defaultValue={values.brief}
        errors={fieldErrors}
        hint="20–20,000 characters. Markdown: **bold**, _italic_, lists, links. HTML is shown as text."
      />
      <TextField
        name="tags"
        label="Tags"
        maxLength={300}
        defaultValue={values.tags}
        errors={fieldErrors}
        hint="Up to 8, separated by commas, e.g. packaging, eco."
      />
      <SelectField
        name="language"
        label="Language of the challenge"
        required
        defaultValue={values.language ?? 'en'}
        errors={fieldErrors}
        options={[
          { value: 'en', label: 'English' },
          { value: 'es', label: 'Español' },
          { value: 'it', label: 'Italiano' },
        ]}
      />
      <TextField
        name="rewardPoints"
        label="Reward pool (points)"
        type="number"
        min={0}
        max={1000000}
        defaultValue={values.rewardPoints ?? '0'}
        errors={fieldErrors}
        hint="0–1,000,000 points, split among the winners."
      />
      <TextArea
        name="rewardDescription"
        label="Reward description"
        rows={2}
        maxLength={500}
        defaultValue={values.rewardDescription}
        errors={fieldErrors}
        hint="Prizes beyond points, up to 500 characters."
      />
      <TextArea
        name="criteria"
        label="Judging criteria"
        rows={4}
        defaultValue={values.criteria}
        errors={fieldErrors}
        hint="One per line as “Name: weight”, e.g. Originality: 40. Up to 8."
      />
      <TextField
        name="maxIdeasPerUser"
        label="Ideas per person"
        type="number"
        min={1}
        max={50}
        required
        defaultValue={values.maxIdeasPerUser ?? '3'}
        errors={fieldErrors}
        hint="1–50."
      />
      <fieldset className="field">
        <legend>
          <strong>Stage dates</strong> <span className="optional">(optional, in order)</span>
        </legend>
        <div className="date-grid">
          <TextField
            name="opensAt"
            label="Opens"
            hideOptional
            type="date"
            defaultValue={values.opensAt}
            errors={fieldErrors}
          />
          <TextField
            name="votingAt"
            label="Voting"
            hideOptional
            type="date"
            defaultValue={values.votingAt}
            errors={fieldErrors}
          />
          <TextField
            name="reviewAt"
            label="Review"
            hideOptional
            type="date"
            defaultValue={values.reviewAt}
            errors={fieldErrors}
          />
          <TextField
            name="awardedAt"
            label="Winners"
            hideOptional
            type="date"
            defaultValue={values.awardedAt}
            errors={fieldErrors}
          />
        </div>
      </fieldset>
      <div className="form-actions">
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}
