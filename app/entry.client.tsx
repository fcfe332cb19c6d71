// The browser's entry: the page's messages are loaded first (their own cached chunk, see
// app/i18n/browser-messages.ts), then the server-rendered document is hydrated with them.
import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { loadMessages } from '#app/i18n/browser-messages';
import { DEFAULT_LOCALE, isLocale } from '#app/i18n/locales';

const lang = document.documentElement.lang;
loadMessages(isLocale(lang) ? lang : DEFAULT_LOCALE).then(
  () =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    }),
  // Without its messages the page stays as the server rendered it: links and forms still work.
  (error: unknown) => console.error('Could not load the page’s messages', error),
);
