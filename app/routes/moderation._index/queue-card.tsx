// One item of the review queue: what it is (with a link), its flags, its author, and one plain
// form per action the viewer may take — each in a disclosure, each asking for a reason.
import { Form, Link } from '@remix-run/react';
import type { SerializeFrom } from '@remix-run/node';
import { useFormatter, useTranslations } from 'use-intl';
import { FormError, SubmitButton } from '#app/components/forms';
import type { ActionError } from '#app/domain/core/errors';
import type { QueueItem } from '#app/domain/moderation/queue.server';
import { REASON_MAX, SUSPEND_DAYS, type ReviewAction } from '#app/domain/moderation/queue';

type Item = SerializeFrom<QueueItem>;

const ACTION_LABELS = {
  dismiss: 'queue.actions.dismiss',
  hide: 'queue.actions.hide',
  restore: 'queue.actions.restore',
  editTags: 'queue.actions.editTags',
  merge: 'queue.actions.merge',
  suspend: 'queue.actions.suspend',
  approve: 'queue.actions.approve',
} as const satisfies Record<ReviewAction, string>;

const ACTION_HINTS = {
  dismiss: 'queue.hints.dismiss',
  hide: 'queue.hints.hide',
  restore: 'queue.hints.restore',
  editTags: 'queue.hints.editTags',
  merge: 'queue.hints.merge',
  suspend: 'queue.hints.suspend',
  approve: 'queue.hints.approve',
} as const satisfies Record<ReviewAction, string>;

const REASON_LABELS = {
  spam: 'flags.reasons.spam',
  offensive: 'flags.reasons.offensive',
  off_topic: 'flags.reasons.off_topic',
  duplicate: 'flags.reasons.duplicate',
  other: 'flags.reasons.other',
} as const;

function ActionForm({
  item,
  action,
  error,
}: {
  item: Item;
  action: ReviewAction;
  error: ActionError | undefined;
}) {
  const t = useTranslations();
  const failed = error?.values?.intent === action;
  const id = (field: string) => `${item.key}-${action}-${field}`;
  const fieldError = (field: string) =>
    failed ? (error?.fieldErrors?.[field]?.[0] ?? null) : null;
  const typed = (field: string) => {
    const v = failed ? error?.values?.[field] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const invalid = (field: string) =>
    fieldError(field)
      ? { 'aria-invalid': true as const, 'aria-describedby': id(`${field}-error`) }
      : {};
  const problem = (field: string) =>
    fieldError(field) ? (
      <p className="field-error" id={id(`${field}-error`)} role="alert">
        {fieldError(field)}
      </p>
    ) : null;
  return (
    <details className="queue-action" open={failed || undefined}>
      <summary>{t(ACTION_LABELS[action])}</summary>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value={action} />
        <input type="hidden" name="kind" value={item.kind} />
        <input type="hidden" name="id" value={item.id} />
        <p className="hint">{t(ACTION_HINTS[action])}</p>
        {failed ? <FormError error={error?.error} /> : null}
        {action === 'editTags' ? (
          <div className="field">
            <label htmlFor={id('tags')}>{t('queue.fields.tags')}</label>
            <input
              id={id('tags')}
              name="tags"
              type="text"
              defaultValue={typed('tags') ?? item.tags.join(', ')}
              maxLength={300}
              {...invalid('tags')}
            />
            {problem('tags')}
          </div>
        ) : null}
        {action === 'merge' ? (
          <div className="field">
            <label htmlFor={id('intoId')}>{t('queue.fields.intoId')}</label>
            <input
              id={id('intoId')}
              name="intoId"
              type="text"
              required
              maxLength={300}
              defaultValue={typed('intoId') ?? item.flags.duplicates[0]?.id ?? ''}
              {...invalid('intoId')}
            />
            {problem('intoId')}
          </div>
        ) : null}
        {action === 'suspend' ? (
          <div className="field">
            <label htmlFor={id('days')}>{t('queue.fields.days')}</label>
            <input
              id={id('days')}
              name="days"
              type="number"
              required
              min={SUSPEND_DAYS.min}
              max={SUSPEND_DAYS.max}
              step={1}
              defaultValue={typed('days') ?? 7}
              {...invalid('days')}
            />
            {problem('days')}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={id('reason')}>{t('queue.fields.reason')}</label>
          <textarea
            id={id('reason')}
            name="reason"
            rows={2}
            required
            maxLength={REASON_MAX}
            defaultValue={typed('reason')}
            {...invalid('reason')}
          />
          {problem('reason')}
        </div>
        <div className="form-actions">
          <SubmitButton
            className={
              action === 'hide' || action === 'suspend' ? 'button button--danger' : 'button'
            }
          >
            {t(ACTION_LABELS[action])}
          </SubmitButton>
        </div>
      </Form>
    </details>
  );
}

export function QueueCard({ item, error }: { item: Item; error: ActionError | undefined }) {
  const t = useTranslations();
  const format = useFormatter();
  const date = (value: string | Date) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const href =
    item.kind === 'idea' ? `/ideas/${item.id}` : `/ideas/${item.ideaId}#comment-${item.id}`;
  return (
    <li className="card queue-item" id={item.key}>
      <p className="eyebrow">
        <Link to={`/brands/${item.brand.slug}`}>{item.brand.name}</Link> ·{' '}
        <Link to={`/challenges/${item.challenge.slug}`}>{item.challenge.title}</Link>
      </p>
      <h2>
        <Link to={href}>
          {item.kind === 'idea'
            ? item.ideaTitle
            : t('queue.item.commentOn', { title: item.ideaTitle })}
        </Link>{' '}
        {item.status === 'hidden' ? (
          <span className="badge badge--status-hidden">
            {t(item.autoHidden ? 'queue.item.autoHidden' : 'queue.item.hidden')}
          </span>
        ) : null}
        {item.merged ? (
          <span className="badge badge--status-merged">{t('common.status.merged')}</span>
        ) : null}
      </h2>
      <p className="queue-item__text">{item.text}</p>
      {item.hiddenReason ? (
        <p className="muted">{t('queue.item.hiddenReason', { reason: item.hiddenReason })}</p>
      ) : null}
      <dl className="queue-item__facts">
        <dt>{t('queue.item.flags')}</dt>
        <dd>
          {item.flags.count && item.flags.firstAt ? (
            <>
              {t('queue.item.flagSummary', {
                count: item.flags.count,
                since: date(item.flags.firstAt),
              })}
              <ul className="queue-item__reasons">
                {item.flags.reasons.map((r) => (
                  <li key={r.reason}>
                    {t(REASON_LABELS[r.reason])} × {r.count}
                  </li>
                ))}
              </ul>
              {item.flags.duplicates.length ? (
                <p>
                  {t('queue.item.duplicateOf')}{' '}
                  {item.flags.duplicates.map((d, i) => (
                    <span key={d.id}>
                      {i > 0 ? ', ' : null}
                      <Link to={`/ideas/${d.id}`}>{d.title || `#${d.id}`}</Link>
                    </span>
                  ))}
                </p>
              ) : null}
              {item.flags.notes.length ? (
                <ul className="queue-item__notes" aria-label={t('queue.item.notes')}>
                  {item.flags.notes.map((note, i) => (
                    <li key={i}>
                      <q>{note}</q>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            t('queue.item.firstPost', { date: date(item.createdAt) })
          )}
        </dd>
        <dt>{t('queue.item.author')}</dt>
        <dd>
          {item.author.deleted ? (
            t('queue.item.deletedAuthor')
          ) : (
            <Link to={`/u/${item.author.handle}`}>@{item.author.handle}</Link>
          )}{' '}
          ·{' '}
          {t('queue.item.authorFacts', {
            reputation: item.author.reputation,
            joined: date(item.author.joinedAt),
          })}
          {item.author.young ? (
            <>
              {' '}
              · <strong>{t('queue.item.newAccount')}</strong>
            </>
          ) : null}
          {item.author.suspendedUntil ? (
            <>
              {' '}
              ·{' '}
              <strong>
                {t('queue.item.suspendedUntil', { until: date(item.author.suspendedUntil) })}
              </strong>
            </>
          ) : null}
        </dd>
      </dl>
      {item.actions.length ? (
        <div className="queue-item__actions">
          {item.actions.map((action) => (
            <ActionForm key={action} item={item} action={action} error={error} />
          ))}
        </div>
      ) : (
        <p className="muted">{t('queue.item.noActions')}</p>
      )}
    </li>
  );
}
