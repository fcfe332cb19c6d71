import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { FILTER_KEYS, SEGMENT_NAME_MAX, type CommunityFilter } from '#app/domain/community/schema';

type SegmentItem = { id: number; name: string; filter: CommunityFilter | null };

/** The brand's saved segments (apply, delete) and the form that saves the current filter as one. */
export function SegmentsPanel({
  segments,
  current,
  filter,
}: {
  segments: SegmentItem[];
  current: { id: number; name: string } | null;
  filter: CommunityFilter;
}) {
  const t = useTranslations();
  const result = useActionError();
  const hasFilter = Object.keys(filter).length > 0;
  return (
    <aside className="community-segments">
      <FormError error={result?.error} />
      <section className="panel" aria-labelledby="segments-heading">
        <h2 id="segments-heading">{t('community.segments.heading')}</h2>
        {segments.length ? (
          <ul className="segment-list">
            {segments.map((s) => (
              <li key={s.id}>
                {s.filter ? (
                  <Link
                    to={`?segment=${s.id}`}
                    aria-current={current?.id === s.id ? 'true' : undefined}
                  >
                    {s.name}
                  </Link>
                ) : (
                  <span>
                    {s.name} <span className="muted">{t('community.segments.broken')}</span>
                  </span>
                )}
                <Form method="post" replace>
                  <input type="hidden" name="intent" value="delete-segment" />
                  <input type="hidden" name="segment" value={s.id} />
                  <button
                    type="submit"
                    className="link-button link-button--danger"
                    aria-label={t('community.segments.deleteLabel', { name: s.name })}
                  >
                    {t('community.segments.delete')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('community.segments.empty')}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="save-segment-heading">
        <h2 id="save-segment-heading">{t('community.segments.saveHeading')}</h2>
        {current ? (
          <p className="muted">{t('community.segments.applied', { name: current.name })}</p>
        ) : hasFilter ? (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="save-segment" />
            {FILTER_KEYS.map((key) =>
              filter[key] !== undefined ? (
                <input key={key} type="hidden" name={key} value={String(filter[key])} />
              ) : null,
            )}
            <div className={`field${result?.fieldErrors?.name ? ' field--invalid' : ''}`}>
              <label htmlFor="segment-name">{t('community.segments.name')}</label>
              <input
                id="segment-name"
                name="name"
                type="text"
                required
                maxLength={SEGMENT_NAME_MAX}
                defaultValue={typeof result?.values?.name === 'string' ? result.values.name : ''}
                aria-invalid={result?.fieldErrors?.name ? true : undefined}
                aria-describedby={result?.fieldErrors?.name ? 'segment-name-error' : undefined}
              />
              {result?.fieldErrors?.name ? (
                <p className="field-error" id="segment-name-error" role="alert">
                  {result.fieldErrors.name[0]}
                </p>
              ) : null}
            </div>
            <SubmitButton pendingText={t('community.segments.saving')}>
              {t('community.segments.save')}
            </SubmitButton>
          </Form>
        ) : (
          <p className="muted">{t('community.segments.filterFirst')}</p>
        )}
      </section>
    </aside>
  );
}
