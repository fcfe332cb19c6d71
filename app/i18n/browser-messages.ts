// The messages a page is rendered with, one locale at a time. They are not sent with each page's
// data (about 100 kB a locale, serialized into every document and every client-side navigation):
// the browser loads its locale's messages as a script chunk of their own, cached like the rest of
// the build, before it hydrates the page (app/entry.client.tsx); the server provides every locale
// at start (provideServerMessages in app/i18n/messages.ts). The root layout and `meta` read them
// here.
import { useEffect, useReducer } from 'react';
import type { AbstractIntlMessages } from 'use-intl';
import type { Namespace } from './english';
import { DEFAULT_LOCALE, type Locale } from './locales';

/** Namespaces only the server uses (the texts of emails): never used in the browser. */
const SERVER_ONLY: readonly Namespace[] = ['mail'];

export function withoutServerOnly(messages: AbstractIntlMessages): AbstractIntlMessages {
  const out: AbstractIntlMessages = { ...messages };
  for (const namespace of SERVER_ONLY) delete out[namespace];
  return out;
}

const CHUNKS: Record<Locale, () => Promise<{ default: AbstractIntlMessages }>> = {
  en: () => import('./bundles/en'),
  es: () => import('./bundles/es'),
  it: () => import('./bundles/it'),
};

const provided = new Map<Locale, AbstractIntlMessages>();
/** The locale last provided: what a page shows while another one loads. */
let latest: Locale | null = null;

export function provideMessages(locale: Locale, messages: AbstractIntlMessages) {
  provided.set(locale, messages);
  latest ??= locale;
}

/** Loads a locale's messages (once) and provides them. */
export async function loadMessages(locale: Locale): Promise<AbstractIntlMessages> {
  const have = provided.get(locale);
  if (have) return have;
  const messages = withoutServerOnly((await CHUNKS[locale]()).default);
  provideMessages(locale, messages);
  return messages;
}

export type ShownMessages = { locale: Locale; messages: AbstractIntlMessages };

/**
 * The messages to show `wanted` in: its own once provided, else (in the browser, right after the
 * reader changed language) the last locale shown, until the new one has loaded.
 */
export function shownMessages(wanted: Locale): ShownMessages {
  const own = provided.get(wanted);
  if (own) {
    latest = wanted;
    return { locale: wanted, messages: own };
  }
  const fallback = latest ?? DEFAULT_LOCALE;
  return { locale: fallback, messages: provided.get(fallback) ?? {} };
}

/** shownMessages as a hook: loads a locale not provided yet, then renders again. */
export function useMessages(wanted: Locale): ShownMessages {
  const [, loaded] = useReducer((n: number) => n + 1, 0);
  const shown = shownMessages(wanted);
  const missing = shown.locale !== wanted;
  useEffect(() => {
    if (!missing) return;
    let current = true;
    loadMessages(wanted).then(
      () => current && loaded(),
      (error: unknown) => console.error(`Could not load the ${wanted} messages`, error),
    );
    return () => {
      current = false;
    };
  }, [wanted, missing]);
  return shown;
}
