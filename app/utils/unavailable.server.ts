// The answer when the database cannot serve a request (down, restarting, or too busy): 503 with
// Retry-After and a plain sentence, quickly, instead of a hang or a 500 with an error page.
import type express from 'express';
import {
  DATABASE_BUSY_MESSAGE,
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseBusy,
  isDatabaseUnavailable,
} from '../domain/pg-errors.server';

/** The message for an error that deserves a 503, or null when it is a real fault (500). */
export function unavailableMessage(error: unknown): string | null {
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE_MESSAGE;
  if (isDatabaseBusy(error)) return DATABASE_BUSY_MESSAGE;
  return null;
}

export function sendUnavailable(req: express.Request, res: express.Response, message: string) {
  res.status(503).set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  res.set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'html') {
    res
      .type('html')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Try again shortly · Cocrea</title>' +
          '<meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
          `<body><main><h1>Try again shortly</h1><p>${message}</p><p><a href="">Reload</a></p></main></body></html>`,
      );
  } else {
    res.json({ error: message });
  }
}
