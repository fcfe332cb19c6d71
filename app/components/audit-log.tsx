// The audit log as its pages show it (/moderation/audit, /brands/:slug/audit): a GET filter form
// that works without JavaScript, the entries newest first and keyset page links.
import { Form, Link } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { BRAND_ACTIONS, MODERATION_ACTIONS, type AuditAction } from '#app/domain/audit/actions';
import { diffLines } from '#app/domain/audit/diff';
import { AUDIT_TARGET_KINDS, type AuditPageData } from '#app/domain/audit/schema';
import { ACTION_KEYS, FIELD_KEYS, KIND_KEYS } from './audit-labels';
import { FormError } from './forms';
import { KeysetPager } from './keyset-pager';
import { EmptyState } from './ui';

/** `user.role_changed` → its words (message keys cannot hold dots, so they use `_`). */
export const actionKey = (action: AuditAction) => ACTION_KEYS[action];

type Entry = AuditPageData['entries'][number];

function AuditFilterForm({
  values,
  error,
  brandOnly,
}: {
  values: AuditPageData['values'];
  error: string | null;
  /** A brand's page offers only the actions that concern brands and their content. */
  brandOnly: boolean;
}) {
  const t = useTranslations();
  // A brand's own log lists its own actions first; the moderation log lists moderation first.
  const moderation = {
    label: 'audit.filter.moderationGroup',
    actions: MODERATION_ACTIONS,
  } as const;
  const brand = { label: 'audit.filter.brandGroup', actions: BRAND_ACTIONS } as const;
  const actionGroups = brandOnly ? [brand, moderation] : [moderation, brand];
  const field = (name: string) => `audit-${name}`;
  return (
    <Form
      method="get"
      className="community-filters"
      key={JSON.stringify(values)}
      aria-label={t('audit.filter.label')}
    >
      <fieldset>
        <legend>{t('audit.filter.legend')}</legend>
        <FormError error={error} />
        <div className="filters">
          <div className="field">
            <label htmlFor={field('actor')}>{t('audit.filter.actor')}</label>
            <input
              id={field('actor')}
              name="actor"
              type="text"
              maxLength={31}
              defaultValue={values.actor ?? ''}
              aria-describedby={field('actor-hint')}
            />
            <p className="hint" id={field('actor-hint')}>
              {t('audit.filter.actorHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={field('action')}>{t('audit.filter.action')}</label>
            <select id={field('action')} name="action" defaultValue={values.action ?? ''}>
              <option value="">{t('audit.filter.anyAction')}</option>
              {actionGroups.map(({ label, actions }) => (
                <optgroup key={label} label={t(label)}>
                  {actions.map((a) => (
                    <option key={a} value={a}>
                      {t(actionKey(a))}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={field('targetKind')}>{t('audit.filter.targetKind')}</label>
            <select
              id={field('targetKind')}
              name="targetKind"
              defaultValue={values.targetKind ?? ''}
            >
              <option value="">{t('audit.filter.anyKind')}</option>
              {AUDIT_TARGET_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEYS[k])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={field('target')}>{t('audit.filter.target')}</label>
            <input
              id={field('target')}
              name="target"
              type="text"
              maxLength={100}
              defaultValue={values.target ?? ''}
              aria-describedby={field('target-hint')}
            />
            <p className="hint" id={field('target-hint')}>
              {t('audit.filter.targetHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={field('from')}>{t('audit.filter.from')}</label>
            <input id={field('from')} name="from" type="date" defaultValue={values.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor={field('to')}>{t('audit.filter.to')}</label>
            <input id={field('to')} name="to" type="date" defaultValue={values.to ?? ''} />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('audit.filter.apply')}
          </button>
          {Object.keys(values).length ? <Link to="?">{t('audit.filter.clear')}</Link> : null}
        </div>
      </fieldset>
    </Form>
  );
}

function Change({ entry }: { entry: Entry }) {
  const t = useTranslations();
  const lines = diffLines(entry.before, entry.after);
  if (!lines.length) return null;
  const tk = t as unknown as (key: string) => string;
  const label = (f: string) => (Object.hasOwn(FIELD_KEYS, f) ? tk(FIELD_KEYS[f]!) : f);
  const value = (v: string | null) => (v === null ? <em>{t('audit.none')}</em> : v);
  return (
    <ul className="audit-diff">
      {lines.map((line) => (
        <li key={line.field}>
          <span className="audit-diff__field">{label(line.field)}:</span>{' '}
          {line.before === null && entry.before === null ? null : (
            <>
              <del>{value(line.before)}</del> →{' '}
            </>
          )}
          <ins>{value(line.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

function EntryRow({ entry }: { entry: Entry }) {
  const t = useTranslations();
  const format = useFormatter();
  const at = new Date(entry.at);
  return (
    <tr>
      <td>
        <time dateTime={entry.at}>
          {format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' })}
        </time>
      </td>
      <td>
        {entry.actor === null ? (
          <em>{t('audit.system')}</em>
        ) : entry.actor.handle ? (
          <Link to={`/u/${entry.actor.handle}`}>@{entry.actor.handle}</Link>
        ) : (
          <em>{t('audit.deletedAccount')}</em>
        )}
      </td>
      <th scope="row">{t(actionKey(entry.action))}</th>
      <td>
        <span className="community-table__detail">{t(KIND_KEYS[entry.target.kind])}</span>
        {entry.target.href ? (
          <Link to={entry.target.href}>{entry.target.label}</Link>
        ) : (
          <span>{entry.target.label || t('audit.gone')}</span>
        )}
        {entry.subject && entry.target.kind !== 'user' ? (
          <span className="community-table__detail">
            {t('audit.about', { handle: entry.subject })}
          </span>
        ) : null}
      </td>
      <td>{entry.reason || <span className="muted">—</span>}</td>
      <td>
        <Change entry={entry} />
      </td>
    </tr>
  );
}

export function AuditLog({
  data,
  brandOnly = false,
}: {
  data: AuditPageData;
  brandOnly?: boolean;
}) {
  const t = useTranslations();
  const heading = useId();
  return (
    <>
      <AuditFilterForm values={data.values} error={data.filterError} brandOnly={brandOnly} />
      <section aria-labelledby={heading} className="section">
        <h2 id={heading}>{t('audit.table.heading')}</h2>
        {data.entries.length ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={heading}>
            <table className="community-table audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.table.when')}</th>
                  <th scope="col">{t('audit.table.actor')}</th>
                  <th scope="col">{t('audit.table.action')}</th>
                  <th scope="col">{t('audit.table.target')}</th>
                  <th scope="col">{t('audit.table.reason')}</th>
                  <th scope="col">{t('audit.table.change')}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        ) : data.filterError ? null : (
          <EmptyState title={t('audit.empty.title')}>
            <p>{data.filtered ? t('audit.empty.filtered') : t('audit.empty.none')}</p>
          </EmptyState>
        )}
        <KeysetPager pages={data.pages} anchor={heading} />
      </section>
    </>
  );
}
