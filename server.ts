// The one Node process: Express serving Remix and Socket.IO on one port, on PGlite or PostgreSQL.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { verifyRequestOrigin } from 'lucia';
import { openDatabase } from './db/client.server';
import {
  createAuth,
  followSignOuts,
  forgetCachedViewer,
  resolveViewer,
} from '#app/auth/lucia.server';
import { systemClock } from '#app/domain/core/clock';
import { isDomainError } from '#app/domain/core/errors';
import { parseEnv } from '#app/env.server';
import { clearFlashHeader, createFlashCookie, readFlash } from '#app/utils/flash.server';
import { createLocaleCookie, resolveLocale } from '#app/i18n/locale.server';
import { readBody, sendRemixResponse, toRemixRequest } from '#app/utils/express-remix.server';
import { createRateLimits } from '#app/utils/rate-limit.server';
import { sendUnavailable, unavailableMessage } from '#app/utils/unavailable.server';
import { PLAIN_ERRORS, translatorForHeaders } from '#app/utils/request-locale.server';
import { attachRealtime } from './realtime/io.server';
import { startBackgroundWork } from './jobs/background.server';

const dev = process.argv.includes('--dev');
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? 'development' : 'production';
let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const production = env.NODE_ENV === 'production';

function sessionSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.DATABASE_URL && production) {
    console.warn(
      'SESSION_SECRET is not set: using a secret kept in the data folder. Set the same SESSION_SECRET on every process that serves this site.',
    );
  }
  // Embedded mode: keep a generated secret beside the data so flash cookies survive restarts.
  const file = path.resolve(env.COCREA_DATA_DIR, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const database = env.DATABASE_URL
  ? openDatabase({ url: env.DATABASE_URL })
  : openDatabase({ pgliteDir: env.pgliteDir });
console.log(
  database.kind === 'pglite'
    ? `Database: embedded PGlite in ${env.pgliteDir}`
    : `Database: PostgreSQL at ${new URL(env.DATABASE_URL!).host}`,
);
await database.withStartupLock(async () => {
  await database.migrate();
  // Markdown is rendered when written; rows from before that get theirs here, never in a request.
  const { backfillRenderedMarkdown } = await import('#app/domain/markdown/backfill.server');
  await backfillRenderedMarkdown(database.db);
  // Likewise language and sentiment (issue 16), for ideas and comments from before them.
  const { backfillSentiment } = await import('#app/domain/listening/backfill.server');
  await backfillSentiment(database.db);
  if (env.COCREA_SEED !== 'auto') return;
  const { seedIfEmpty } = await import('./seed/seed.server');
  const seeded = await seedIfEmpty(database.db);
  if (seeded) {
    console.log('\nSeeded demo data. Demo sign-ins (password for all: %s):', seeded.password);
    for (const login of seeded.logins) console.log(`  ${login.role.padEnd(12)} ${login.handle}`);
    console.log('');
  }
});

const https = env.COCREA_HTTPS === 'on';
// Session checks use the side pool: a main pool full of waiting votes must not stall every request.
const auth = createAuth(database.side, { secureCookies: https });
// Sessions are cached for a few seconds per process; a sign-out in another process ends them here.
await followSignOuts(auth, database);
const limits = createRateLimits(env.COCREA_RATE_LIMITS === 'on');
const flashCookie = createFlashCookie(sessionSecret(), https);
const localeCookie = createLocaleCookie(https);

/**
 * The largest request body read. The longest field (a 20,000-character brief) is about 180 kB when
 * a browser percent-encodes it as three-byte characters; everything else is far smaller.
 */
const BODY_LIMIT_BYTES = 256 * 1024;
const HEALTH_TIMEOUT_MS = 2_000;
/** How long requests in flight may take to finish after SIGTERM before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

let stopping = false;
const inFlight = new Set<express.Response>();

const vite = dev
  ? await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', env.TRUST_PROXY);

// Shutdown needs to know which responses are still being written, and tells their clients to
// reconnect elsewhere (Connection: close) instead of sending more on a closing connection.
app.use((_req, res, next) => {
  inFlight.add(res);
  if (stopping) res.setHeader('Connection', 'close');
  res.once('close', () => {
    inFlight.delete(res);
    if (stopping) httpServer.closeIdleConnections();
  });
  next();
});
app.use(compression());

app.use((_req, res, next) => {
  res.locals.nonce = randomBytes(16).toString('base64');
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: dev
      ? false
      : {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: [
              "'self'",
              (_req, res) => `'nonce-${(res as express.Response).locals.nonce}'`,
            ],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:'],
            // 'self' covers the same-origin ws:/wss: URL Socket.IO uses (CSP Level 3).
            connectSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            upgradeInsecureRequests: https ? [] : null,
          },
        },
    strictTransportSecurity: https,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  }),
);

// CSRF: a state-changing request must come from this site's own pages.
app.use(async (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.headers.origin ?? req.headers.referer;
  const host = req.headers.host;
  if (!origin && !req.headers.cookie) return next(); // no credentials, nothing to forge
  if (origin && host && verifyRequestOrigin(origin, [host])) return next();
  const t = await translatorForHeaders(req.headers);
  res.status(403).type('text/plain').send(t(PLAIN_ERRORS.crossSite));
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
}
app.use(express.static('public', { maxAge: '1h' }));

// A NUL character in the address reaches PostgreSQL as text it refuses; a malformed escape in the
// path cannot be decoded into route parameters. Both are the client's mistake: 400, not 500.
app.use(async (req, res, next) => {
  const [pathPart = '', query = ''] = req.originalUrl.split(/\?(.*)/s);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(pathPart);
  } catch {
    const t = await translatorForHeaders(req.headers);
    res.status(400).type('text/plain').send(t(PLAIN_ERRORS.badEscape));
    return;
  }
  if (decodedPath.includes('\0') || /%00/i.test(query)) {
    const t = await translatorForHeaders(req.headers);
    res.status(400).type('text/plain').send(t(PLAIN_ERRORS.nulAddress));
    return;
  }
  next();
});

/** Whether the database answers `select 1` within HEALTH_TIMEOUT_MS. */
const databaseAnswers = () => database.ping(HEALTH_TIMEOUT_MS);

// Liveness: the process serves and its database answers.
app.get('/healthz', async (_req, res) => {
  const ok = await databaseAnswers();
  res.set('Cache-Control', 'no-store');
  res.status(ok ? 200 : 503).json({ ok, database: database.kind });
});

// Readiness, for load balancers: as /healthz, and not ready once shutdown has begun.
app.get('/readyz', async (_req, res) => {
  res.set('Cache-Control', 'no-store');
  if (stopping) {
    res.status(503).json({ ok: false, reason: 'shutting down' });
    return;
  }
  const ok = await databaseAnswers();
  res.status(ok ? 200 : 503).json({ ok, database: database.kind });
});

// Bodies are read whole and bounded before Remix sees them (413 beyond the limit).
app.use(readBody(BODY_LIMIT_BYTES));

const build = vite
  ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(path.resolve('build/server/index.js'))) as ServerBuild);

async function getLoadContext(
  req: express.Request,
  res: express.Response,
): Promise<AppLoadContext> {
  // Route discovery (/__manifest) runs no loader: no session to check, and the one-shot
  // message is left for the page's own data request that follows.
  const discovery = req.path === '/__manifest';
  const { viewer, sessionId, setCookie } = discovery
    ? { viewer: null, sessionId: null, setCookie: null }
    : await resolveViewer(auth, req.headers.cookie, { cached: true });
  if (setCookie) res.append('Set-Cookie', setCookie);
  const showsFlash = req.method === 'GET' && !discovery;
  const flashMessage = showsFlash ? await readFlash(flashCookie, req.headers.cookie) : null;
  if (flashMessage) res.append('Set-Cookie', await clearFlashHeader(flashCookie));
  const locale = await resolveLocale({
    userLocale: viewer?.locale,
    cookie: localeCookie,
    cookieHeader: req.headers.cookie,
    acceptLanguage: req.headers['accept-language'],
  });
  return {
    db: database.db,
    auth,
    viewer,
    sessionId,
    nonce: res.locals.nonce as string,
    clientIp: req.ip ?? 'unknown',
    limits: {
      // Remix passes only cookies from an action's own headers on to the page, so the wait a
      // limit asks for is noted here and sent with the 429 below.
      async consume(name, key) {
        try {
          await limits.consume(name, key);
        } catch (error) {
          if (isDomainError(error) && error.retryAfterSeconds)
            res.locals.retryAfter = String(error.retryAfterSeconds);
          throw error;
        }
      },
      reward: (name, key) => limits.reward(name, key),
    },
    flash: { message: flashMessage, cookie: flashCookie },
    locale,
    localeCookie,
    clock: systemClock,
  };
}

const handleRemix = createRequestHandler(build, env.NODE_ENV);
app.all('*', async (req, res, next) => {
  try {
    const request = toRemixRequest(req, res);
    const context = await getLoadContext(req, res);
    const response = await handleRemix(request, context);
    if (response.status === 429 && res.locals.retryAfter && !response.headers.has('Retry-After'))
      response.headers.set('Retry-After', res.locals.retryAfter);
    if (context.databaseTrouble) {
      await response.body?.cancel();
      return sendUnavailable(req, res, context.databaseTrouble);
    }
    const setsCookie = Boolean(res.getHeader('Set-Cookie')) || response.headers.has('Set-Cookie');
    // A write that answers with a cookie changed who the viewer is or how they see the site
    // (signing in or out, their language): their next request reads their session afresh.
    if (context.viewer && req.method !== 'GET' && req.method !== 'HEAD' && setsCookie)
      forgetCachedViewer(auth, context.viewer.id);
    // A signed-in page holds the viewer's own data: no shared cache may keep it.
    if (context.viewer || setsCookie) response.headers.set('Cache-Control', 'private, no-store');
    await sendRemixResponse(res, response);
  } catch (error) {
    next(error);
  }
});

// Last stop for errors: a short plain message, never a stack trace. 4xx errors from the body
// reader (413 too large, 400 aborted or truncated) say what was wrong.
app.use(
  async (
    error: unknown,
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) => {
    if (res.headersSent) return next(error);
    const unavailable = unavailableMessage(error);
    if (unavailable) return sendUnavailable(req, res, unavailable);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const t = await translatorForHeaders(req.headers);
      const message =
        status === 413
          ? t(PLAIN_ERRORS.tooLarge, { kb: BODY_LIMIT_BYTES / 1024 })
          : t(PLAIN_ERRORS.unreadable);
      res.status(status).type('text/plain').send(message);
      return;
    }
    console.error(error);
    const t = await translatorForHeaders(req.headers);
    res.status(500).type('text/plain').send(t(PLAIN_ERRORS.serverError));
  },
);

const httpServer = createServer(app);
const realtime = attachRealtime(httpServer, {
  db: database.db,
  readerDb: database.side,
  database,
  auth,
  // Sockets are limited and anonymous presence counted per client address, worked out as Express
  // does for requests (TRUST_PROXY), so clients behind a trusted proxy are told apart.
  clientAddress: (req) =>
    (
      Object.create(app.request, {
        headers: { value: req.headers },
        socket: { value: req.socket },
      }) as express.Request
    ).ip ?? 'unknown',
  startedAt: new Date(),
  sharePresence: database.kind === 'postgres',
  // A vote over the socket counts against the same per-account limit as one over HTTP.
  limits,
});
await realtime.start();
// Jobs (the stage scheduler) and after-commit consumers of the event log.
const background = await startBackgroundWork(database);

httpServer.listen(env.PORT, env.HOST, () => {
  console.log(`Cocrea is running at http://localhost:${env.PORT}`);
});

/**
 * Stop accepting connections, let the requests in flight finish (at most SHUTDOWN_GRACE_MS), then
 * close Socket.IO and the database and exit 0. Readiness answers 503 from the first moment.
 */
async function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${reason}: shutting down (finishing ${inFlight.size} requests in flight)`);
  // The last resort if closing the database or Socket.IO hangs.
  setTimeout(() => {
    console.error('Shutdown did not finish in time; exiting anyway.');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 10_000).unref();

  // No new jobs from now on; the one in hand finishes alongside the requests in flight.
  const backgroundStopped = background.stop(SHUTDOWN_GRACE_MS);
  httpServer.close();
  for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  httpServer.closeIdleConnections();
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (inFlight.size > 0 && Date.now() < deadline) await delay(25);
  if (inFlight.size > 0) console.warn(`Cutting ${inFlight.size} requests still in flight.`);

  // Closing Socket.IO also closes the HTTP server; any connection left is cut here.
  await realtime.close();
  httpServer.closeAllConnections();
  await vite?.close();
  // The job or consumer batch in hand finishes before the database closes.
  await backgroundStopped;
  await database.close();
  console.log('Stopped.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void shutdown(signal));
// Under `npm start` (scripts/start.mjs) the server has an IPC channel to its supervisor: when that
// closes, the supervisor is gone (even by SIGKILL) and the server must not be left behind.
if (process.connected) process.on('disconnect', () => void shutdown('The supervisor exited'));
