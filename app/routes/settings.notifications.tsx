// /settings/notifications: what the signed-in person is told about (topic × in the app / in the
// email digest / off) and how often the digest comes. With no SMTP on this site the page says that
// email is off and the digest cannot be chosen (docs/decisions/019).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import {
  CHANNELS,
  FREQUENCIES,
  TOPICS,
  type NotificationChannel,
} from '#app/domain/notifications/preferences';
import { preferencesOf, savePreferences } from '#app/domain/notifications/preferences.server';
import { notificationSettingsSchema } from '#app/domain/notifications/schema';
import { CHANNEL_KEYS, FREQUENCY_KEYS, TOPIC_KEYS } from '#app/domain/notifications/topic-keys';
import { getTranslator } from '#app/i18n/translator';
import { emailEnabled } from '#app/utils/mail.server';
import {
  parseInput,
  redirectWithFlash,
  requireViewerOrRedirect,
  runAction,
} from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const email = emailEnabled();
  const preferences = await preferencesOf(context.db, viewer.id);
  // Without email, a digest chosen earlier comes in the app only: shown as such.
  const channels = Object.fromEntries(
    TOPICS.map((topic) => {
      const channel = preferences.channels[topic];
      return [topic, !email && channel === 'digest' ? 'in_app' : channel];
    }),
  ) as Record<(typeof TOPICS)[number], NotificationChannel>;
  return {
    title: getTranslator(context.locale)('settings.notifications.metaTitle'),
    emailEnabled: email,
    channels,
    frequency: preferences.frequency,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runAction(
    { request, context },
    async (form) => {
      await context.limits.consume('write', viewer.id);
      const { frequency, ...channels } = parseInput(notificationSettingsSchema, form);
      await savePreferences(context.db, {
        userId: viewer.id,
        input: { channels, frequency },
        emailEnabled: emailEnabled(),
        clock: context.clock,
      });
      return redirectWithFlash(
        context,
        '/settings/notifications',
        getTranslator(context.locale)('settings.notifications.saved'),
      );
    },
    { whileSuspended: true },
  );
}

export default function NotificationSettings() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionError();
  const t = useTranslations();
  const typed = (failed?.values ?? {}) as Record<string, unknown>;
  const chosen = (name: string, saved: string) =>
    typeof typed[name] === 'string' ? (typed[name] as string) : saved;
  const formErrors = failed?.fieldErrors?.form ?? [];
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('settings.notifications.heading')}</h1>
          <p>{t('settings.notifications.intro')}</p>
        </div>
        <Link to="/notifications" className="button button--ghost">
          {t('settings.notifications.back')}
        </Link>
      </div>
      {data.emailEnabled ? null : (
        <div className="alert alert--info" id="email-off">
          <strong>{t('settings.notifications.emailOffTitle')}</strong>
          <p className="email-off__text">{t('settings.notifications.emailOff')}</p>
        </div>
      )}
      <Form method="post" className="card notification-settings" noValidate>
        <FormError error={failed?.error} />
        {formErrors.map((message) => (
          <p key={message} className="field-error" role="alert">
            {message}
          </p>
        ))}
        <div className="notification-settings__scroll">
          <table className="notification-settings__table">
            <caption>{t('settings.notifications.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.notifications.topicColumn')}</th>
                {CHANNELS.map((channel) => (
                  <th scope="col" key={channel}>
                    {t(CHANNEL_KEYS[channel])}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {TOPICS.map((topic) => {
                const label = t(TOPIC_KEYS[topic].label);
                const error = failed?.fieldErrors?.[topic]?.[0];
                const current = chosen(topic, data.channels[topic]);
                return (
                  <tr key={topic} className={error ? 'notification-settings__row--invalid' : ''}>
                    <th scope="row">
                      <span className="notification-settings__topic">{label}</span>
                      <span className="hint" id={`${topic}-hint`}>
                        {t(TOPIC_KEYS[topic].hint)}
                      </span>
                      {error ? (
                        <span className="field-error" id={`${topic}-error`} role="alert">
                          {error}
                        </span>
                      ) : null}
                    </th>
                    {CHANNELS.map((channel) => {
                      const off = channel === 'digest' && !data.emailEnabled;
                      return (
                        <td key={channel}>
                          <label className="notification-settings__choice">
                            <input
                              type="radio"
                              name={topic}
                              value={channel}
                              defaultChecked={current === channel}
                              disabled={off}
                              aria-invalid={error ? true : undefined}
                              aria-describedby={
                                [
                                  `${topic}-hint`,
                                  error ? `${topic}-error` : null,
                                  off ? 'email-off' : null,
                                ]
                                  .filter(Boolean)
                                  .join(' ') || undefined
                              }
                            />
                            <span className="visually-hidden">
                              {t('settings.radioLabel', {
                                topic: label,
                                channel: t(CHANNEL_KEYS[channel]),
                              })}
                            </span>
                          </label>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="hint">{t('settings.notifications.digestHint')}</p>
        <fieldset
          className="field notification-settings__frequency"
          disabled={!data.emailEnabled}
          aria-describedby={data.emailEnabled ? 'frequency-hint' : 'frequency-hint email-off'}
        >
          <legend>{t('settings.notifications.frequencyLegend')}</legend>
          <p className="hint" id="frequency-hint">
            {t('settings.notifications.frequencyHint')}
          </p>
          {failed?.fieldErrors?.frequency?.[0] ? (
            <p className="field-error" role="alert">
              {failed.fieldErrors.frequency[0]}
            </p>
          ) : null}
          {FREQUENCIES.map((frequency) => (
            <label key={frequency} className="notification-settings__choice">
              <input
                type="radio"
                name="frequency"
                value={frequency}
                defaultChecked={chosen('frequency', data.frequency) === frequency}
              />{' '}
              {t(FREQUENCY_KEYS[frequency])}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <SubmitButton pendingText={t('settings.notifications.saving')}>
            {t('settings.notifications.save')}
          </SubmitButton>
        </div>
      </Form>
    </>
  );
}
