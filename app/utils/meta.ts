// Page titles and descriptions in the page's language. `meta` runs outside React (no provider), and
// also when the route's loader failed (a 404 still needs a title), so it translates in the locale
// of the root loader's data, with the messages provided for it (app/i18n/browser-messages.ts),
// rather than with the route's own data.
import type { MetaArgs } from '@remix-run/node';
import { createTranslator, type AbstractIntlMessages } from 'use-intl';
import { shownMessages } from '#app/i18n/browser-messages';
import { DEFAULT_LOCALE, isLocale } from '#app/i18n/locales';
import type { Translator } from '#app/i18n/translator';

type RootData = { locale?: string } | undefined;

export function metaTranslator(matches: MetaArgs['matches']): Translator {
  const root = matches.find((m) => m.id === 'root')?.data as RootData;
  const { locale, messages } = shownMessages(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
  // Untyped keys, as in getTranslator: tests/unit/messages.test.ts checks them instead.
  return createTranslator<AbstractIntlMessages>({
    locale,
    messages,
    timeZone: 'UTC',
  }) as unknown as Translator;
}
