// Express ↔ Remix for server.ts: request bodies are read whole and bounded before Remix sees them.
// @remix-run/express hands Remix the raw Node stream, which an action then reads without any
// limit; these are its request/response conversions with the body taken from readBody instead.
import type express from 'express';
import { writeReadableStreamToWritable } from '@remix-run/node';
import getRawBody from 'raw-body';

/**
 * Reads the body of every request except GET/HEAD into `res.locals.body`. A declared
 * Content-Length over the limit is refused (413) before a byte is read, a chunked body as soon as
 * it passes the limit; the rest is never read, so the connection is closed after the answer.
 */
export function readBody(limitBytes: number): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const length = req.headers['content-length'];
    getRawBody(req, { length, limit: limitBytes }, (error, body) => {
      if (error) {
        res.setHeader('Connection', 'close');
        return next(error);
      }
      res.locals.body = body;
      next();
    });
  };
}

/** The Fetch Request for Remix, as @remix-run/express builds it, with the body readBody kept. */
export function toRemixRequest(req: express.Request, res: express.Response): Request {
  // req.hostname has no port; take it from X-Forwarded-Host (if trusted) or Host.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(':')[1] ?? '', 10);
  const forwardedPort = portOf(req.get('X-Forwarded-Host'));
  const hostPort = portOf(req.get('host'));
  const port = Number.isSafeInteger(forwardedPort)
    ? forwardedPort
    : Number.isSafeInteger(hostPort)
      ? hostPort
      : '';
  const url = new URL(
    `${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`,
  );

  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }

  // Loaders and actions are aborted when the client goes away before the answer is complete.
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const body: unknown = res.locals.body;
  return new Request(url.href, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : undefined,
  });
}

export async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
