// The language switcher in every page's footer: a plain form, so it works before (or without)
// JavaScript; with JavaScript, choosing a language submits it at once.
import { Form, useLocation } from '@remix-run/react';
import { useLocale, useTranslations } from 'use-intl';
import { LOCALES, LOCALE_NAMES } from '#app/i18n/locales';

export function LanguageSwitcher() {
  const t = useTranslations();
  const locale = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="language-switcher" preventScrollReset>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-switcher-locale">{t('common.language.label')}</label>
      <select
        id="language-switcher-locale"
        name="locale"
        defaultValue={locale}
        key={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      {/* Kept for keyboard and no-JS users: changing the select alone submits only with JS. */}
      <button type="submit" className="button button--ghost button--small">
        {t('common.language.submit')}
      </button>
    </Form>
  );
}
