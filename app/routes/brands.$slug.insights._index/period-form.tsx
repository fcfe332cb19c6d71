// The dashboard's filter: a GET form (two dates and a challenge) that works without JavaScript,
// and preset periods as plain links ending today, which keep the chosen challenge.
import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { FormError } from '#app/components/forms';
import { addDays } from '#app/domain/insights/period';

export const PRESET_DAYS = [7, 30, 90, 365] as const;

type PickerChallenge = { slug: string; title: string; language: string };

export function PeriodForm({
  values,
  today,
  challenges,
  error,
  base,
}: {
  values: { from: string; to: string; challenge: string };
  today: string;
  challenges: PickerChallenge[];
  error: string | null;
  /** The page's path, for the preset links. */
  base: string;
}) {
  const t = useTranslations();
  const presetHref = (days: number) => {
    const query = new URLSearchParams({ from: addDays(today, -(days - 1)), to: today });
    if (values.challenge) query.set('challenge', values.challenge);
    return `${base}?${query}`;
  };
  const current = (days: number) =>
    values.to === today && values.from === addDays(today, -(days - 1));
  return (
    <Form
      method="get"
      className="community-filters insights-filters"
      // A new answer resets the fields to what it shows (the browser keeps typed values otherwise).
      key={JSON.stringify(values)}
      aria-label={t('insights.filters.label')}
    >
      <fieldset>
        <legend>{t('insights.filters.legend')}</legend>
        <FormError error={error} />
        <div className="filters">
          <div className="field">
            <label htmlFor="insights-from">{t('insights.filters.from')}</label>
            <input
              id="insights-from"
              name="from"
              type="date"
              max={today}
              defaultValue={values.from}
            />
          </div>
          <div className="field">
            <label htmlFor="insights-to">{t('insights.filters.to')}</label>
            <input id="insights-to" name="to" type="date" max={today} defaultValue={values.to} />
          </div>
          <div className="field">
            <label htmlFor="insights-challenge">{t('insights.filters.challenge')}</label>
            <select id="insights-challenge" name="challenge" defaultValue={values.challenge}>
              <option value="">{t('insights.filters.allChallenges')}</option>
              {challenges.map((c) => (
                <option key={c.slug} value={c.slug} lang={c.language}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit" className="button">
              {t('insights.filters.submit')}
            </button>
          </div>
        </div>
        <p className="hint">{t('insights.filters.hint')}</p>
      </fieldset>
      <nav aria-label={t('insights.filters.presets')} className="insights-presets">
        <ul>
          {PRESET_DAYS.map((days) => (
            <li key={days}>
              <Link to={presetHref(days)} aria-current={current(days) ? 'true' : undefined}>
                {t('insights.filters.preset', { days })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </Form>
  );
}
