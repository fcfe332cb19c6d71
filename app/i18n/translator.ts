// Translating outside React (loaders, actions, meta titles, emails, socket errors) with the same
// full keys components use.
import { createTranslator } from 'use-intl';
import { messagesFor } from './messages';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locales';

/** Dates are shown in UTC on the server and in the browser alike, so hydration matches. */
export const TIME_ZONE = 'UTC';

const translators = new Map<Locale, Translator>();

// Keys are checked by tests/unit/messages.test.ts rather than by types: typed as plain records,
// any full key is accepted.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- use-intl's own untyped shape
type UntypedMessages = Record<string, any>;

function build(locale: Locale) {
  return createTranslator<UntypedMessages>({
    locale,
    messages: messagesFor(locale),
    timeZone: TIME_ZONE,
  });
}

export type Translator = ReturnType<typeof build>;

/** A `t` for one locale; an unknown locale gets English rather than an error. */
export function getTranslator(locale: Locale | string): Translator {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let t = translators.get(chosen);
  if (!t) {
    t = build(chosen);
    translators.set(chosen, t);
  }
  return t;
}
