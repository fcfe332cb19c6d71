// Suspensions in the UI: the banner a suspended person sees on every page, the moderator's
// panel on a profile (status, suspend, lift early, past suspensions) and the lift form of
// /moderation/suspensions. Plain forms: they work without JavaScript.
import { Form, useNavigation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useActionError } from '#app/components/forms';
import { SUSPENSION_DAYS, SUSPENSION_REASON_MAX } from '#app/domain/moderation/suspensions';

/** Route data is JSON: dates arrive as strings. */
type Listed = {
  id: number;
  reason: string;
  startsAt: string | Date;
  endsAt: string | Date;
  endedAt: string | Date | null;
  byHandle: string;
};

const time = (d: string | Date) => new Date(d).getTime();

/** "Your account is suspended until …: reason." Shown to the suspended person only. */
export function SuspensionBanner({
  suspension,
}: {
  suspension: { until: string; reason: string } | null;
}) {
  const t = useTranslations();
  if (!suspension) return null;
  return (
    <div className="container">
      <p className="alert alert--error suspension-banner" role="status">
        {t('suspensions.banner', { until: time(suspension.until), reason: suspension.reason })}
      </p>
    </div>
  );
}

function ReasonField({
  id,
  label,
  error,
  defaultValue,
}: {
  id: string;
  label: string;
  error?: string;
  defaultValue?: string;
}) {
  const t = useTranslations();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('suspensions.form.reasonHint', { max: SUSPENSION_REASON_MAX })}
      </p>
      <textarea
        id={id}
        name="reason"
        rows={2}
        required
        maxLength={SUSPENSION_REASON_MAX}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Pending({ intent, handle, label, busy }: Record<string, string>) {
  const navigation = useNavigation();
  const pending =
    navigation.state === 'submitting' &&
    navigation.formData?.get('intent') === intent &&
    navigation.formData?.get('handle') === handle;
  return (
    <button
      type="submit"
      className={intent === 'suspend' ? 'button button--danger' : 'button'}
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {pending ? busy : label}
    </button>
  );
}

/** The "Lift early" form: a reason and the button. Errors show on the form they came from. */
export function LiftForm({ handle, action }: { handle: string; action?: string }) {
  const t = useTranslations();
  const failed = useActionError();
  const mine = failed?.values?.intent === 'lift' && failed.values.handle === handle;
  const id = `lift-reason-${handle}`;
  return (
    <Form method="post" action={action} className="form suspension-form">
      {mine ? (
        <p className="alert alert--error" role="alert">
          {failed.error}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="lift" />
      <input type="hidden" name="handle" value={handle} />
      <ReasonField
        id={id}
        label={t('suspensions.form.liftReason')}
        error={mine ? failed.fieldErrors?.reason?.[0] : undefined}
        defaultValue={mine ? String(failed.values?.reason ?? '') : undefined}
      />
      <Pending
        intent="lift"
        handle={handle}
        label={t('suspensions.form.lift')}
        busy={t('suspensions.form.lifting')}
      />
    </Form>
  );
}

function SuspendForm({ handle }: { handle: string }) {
  const t = useTranslations();
  const failed = useActionError();
  const mine = failed?.values?.intent === 'suspend' ? failed : undefined;
  const daysError = mine?.fieldErrors?.days?.[0];
  return (
    <Form method="post" className="form suspension-form">
      {mine ? (
        <p className="alert alert--error" role="alert">
          {mine.error}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="suspend" />
      <input type="hidden" name="handle" value={handle} />
      <div className={`field${daysError ? ' field--invalid' : ''}`}>
        <label htmlFor="suspend-days">{t('suspensions.form.days')}</label>
        <p className="hint" id="suspend-days-hint">
          {t('suspensions.form.daysHint', SUSPENSION_DAYS)}
        </p>
        <input
          id="suspend-days"
          name="days"
          type="number"
          inputMode="numeric"
          min={SUSPENSION_DAYS.min}
          max={SUSPENSION_DAYS.max}
          step={1}
          required
          defaultValue={mine ? String(mine.values?.days ?? '') : '7'}
          aria-invalid={daysError ? true : undefined}
          aria-describedby={`suspend-days-hint${daysError ? ' suspend-days-error' : ''}`}
        />
        {daysError ? (
          <p className="field-error" id="suspend-days-error" role="alert">
            {daysError}
          </p>
        ) : null}
      </div>
      <ReasonField
        id="suspend-reason"
        label={t('suspensions.form.reason')}
        error={mine?.fieldErrors?.reason?.[0]}
        defaultValue={mine ? String(mine.values?.reason ?? '') : undefined}
      />
      <Pending
        intent="suspend"
        handle={handle}
        label={t('suspensions.form.suspend')}
        busy={t('suspensions.form.suspending')}
      />
    </Form>
  );
}

export type SuspensionPanelData = {
  running: Listed | null;
  past: Listed[];
  canSuspend: boolean;
  canLift: boolean;
};

/** A profile's moderation panel, for moderators and admins (the loader sends null to others). */
export function SuspensionPanel({ handle, panel }: { handle: string; panel: SuspensionPanelData }) {
  const t = useTranslations();
  return (
    <section className="panel suspension-panel" aria-labelledby="suspension-heading">
      <h2 id="suspension-heading">{t('suspensions.form.heading')}</h2>
      <p>
        {panel.running
          ? t('suspensions.form.suspendedUntil', {
              until: time(panel.running.endsAt),
              by: panel.running.byHandle,
              reason: panel.running.reason,
            })
          : t('suspensions.form.notSuspended', { handle })}
      </p>
      {panel.canLift ? <LiftForm handle={handle} /> : null}
      {panel.canSuspend ? (
        <SuspendForm handle={handle} />
      ) : (
        <p className="muted">{t('suspensions.form.notAllowed')}</p>
      )}
      {panel.past.length ? (
        <>
          <h3>{t('suspensions.form.history')}</h3>
          <ul>
            {panel.past.map((s) => (
              <li key={s.id}>
                {t('suspensions.form.historyItem', {
                  from: time(s.startsAt),
                  until: time(s.endedAt ?? s.endsAt),
                  by: s.byHandle,
                  reason: s.reason,
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
