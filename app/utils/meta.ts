// Page titles and descriptions in the page's language. `meta` runs outside React (no provider), and
// also when the route's loader failed (a 404 still needs a title), so it translates with the
// messages the root loader sent for this request rather than with the route's own data.
import type { MetaArgs } from '@remix-run/node';
import { createTranslator, type AbstractIntlMessages } from 'use-intl';
import { ENGLISH } from '#app/i18n/english';
import { DEFAULT_LOCALE } from '#app/i18n/locales';
import type { Translator } from '#app/i18n/translator';

type RootMessages = { locale?: string; messages?: AbstractIntlMessages } | undefined;

export function metaTranslator(matches: MetaArgs['matches']): Translator {
  const root = matches.find((m) => m.id === 'root')?.data as RootMessages;
  const messages: AbstractIntlMessages = root?.messages ?? ENGLISH;
  // Untyped keys, as in getTranslator: tests/unit/messages.test.ts checks them instead.
  return createTranslator<AbstractIntlMessages>({
    locale: root?.locale ?? DEFAULT_LOCALE,
    messages,
    timeZone: 'UTC',
  }) as unknown as Translator;
}
