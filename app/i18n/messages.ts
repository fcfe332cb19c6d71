// Every message of every locale, imported statically so Vite bundles them and a missing file fails
// the build. A key's first segment is its namespace: `ideas.vote.support` is `vote.support` in
// app/locales/<locale>/ideas.json.
import type { AbstractIntlMessages } from 'use-intl';
import type { Namespace } from './english';
import type { Locale } from './locales';
import { ENGLISH } from './english';
import { LOCALES } from './locales';
import { provideMessages, withoutServerOnly } from './browser-messages';
import es from './bundles/es';
import it from './bundles/it';

export { NAMESPACES, type Namespace } from './english';

export const MESSAGES: Record<Locale, Record<Namespace, AbstractIntlMessages>> = {
  en: ENGLISH,
  es,
  it,
};

export function messagesFor(locale: Locale): AbstractIntlMessages {
  return MESSAGES[locale];
}

/** The messages the browser gets: this locale's, without the server-only namespaces. */
export function browserMessagesFor(locale: Locale): AbstractIntlMessages {
  return withoutServerOnly(MESSAGES[locale]);
}

/**
 * Makes every locale's browser messages available to the page's rendering on the server (the root
 * layout and `meta`, app/i18n/browser-messages.ts), as the browser has them once loaded.
 */
export function provideServerMessages() {
  for (const locale of LOCALES) provideMessages(locale, browserMessagesFor(locale));
}
