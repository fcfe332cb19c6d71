// The answer when the database cannot serve a request (down, restarting, or too busy): 503 with
// Retry-After and a plain sentence, quickly, instead of a hang or a 500 with an error page.
import type express from 'express';
import {
  DATABASE_BUSY_MESSAGE,
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseBusy,
  isDatabaseUnavailable,
} from '#app/domain/core/pg-errors.server';
import { localeOfHeaders } from './request-locale.server';
import { asTranslate } from '#app/domain/core/errors';
import { getTranslator } from '#app/i18n/translator';

/** The message key for an error that deserves a 503, or null when it is a real fault (500). */
export function unavailableMessage(error: unknown): string | null {
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE_MESSAGE;
  if (isDatabaseBusy(error)) return DATABASE_BUSY_MESSAGE;
  return null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answers 503 with `key` said in the request's language (cookie, else Accept-Language). */
export async function sendUnavailable(req: express.Request, res: express.Response, key: string) {
  const locale = await localeOfHeaders(req.headers).catch(() => 'en' as const);
  const t = asTranslate(getTranslator(locale));
  const message = escapeHtml(t(key));
  res.status(503).set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  res.set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'html') {
    const title = escapeHtml(t('errors.database.tryAgainTitle'));
    res
      .type('html')
      .send(
        `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title} · Cocrea</title>` +
          '<meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
          `<body><main><h1>${title}</h1><p>${message}</p><p><a href="">${escapeHtml(t('errors.database.reload'))}</a></p></main></body></html>`,
      );
  } else {
    res.json({ error: t(key) });
  }
}
