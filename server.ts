// The one Node process: Express serving Remix and Socket.IO on one port, on PGlite or PostgreSQL.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { ServerBuild } from '@remix-run/node';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { verifyRequestOrigin } from 'lucia';
import { openDatabase } from './db/client.server';
import { createAuth, resolveViewer } from './app/auth/lucia.server';
import { parseEnv } from './app/env.server';
import { clearFlashHeader, createFlashCookie, readFlash } from './app/utils/flash.server';
import { createRateLimits } from './app/utils/rate-limit.server';
import { attachRealtime } from './realtime/io.server';

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
  if (env.COCREA_SEED !== 'auto') return;
  const { seedIfEmpty } = await import('./db/seed.server');
  const seeded = await seedIfEmpty(database.db);
  if (seeded) {
    console.log('\nSeeded demo data. Demo sign-ins (password for all: %s):', seeded.password);
    for (const login of seeded.logins) console.log(`  ${login.role.padEnd(12)} ${login.handle}`);
    console.log('');
  }
});

const auth = createAuth(database.db, { secureCookies: production });
const limits = createRateLimits(env.COCREA_RATE_LIMITS === 'on');
const flashCookie = createFlashCookie(sessionSecret(), production);

const vite = dev
  ? await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 'loopback');
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
            connectSrc: ["'self'", 'ws:', 'wss:'],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            upgradeInsecureRequests: production && env.DATABASE_URL ? [] : null,
          },
        },
    strictTransportSecurity: production && !!env.DATABASE_URL,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  }),
);

// CSRF: a state-changing request must come from this site's own pages.
app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.headers.origin ?? req.headers.referer;
  const host = req.headers.host;
  if (!origin && !req.headers.cookie) return next(); // no credentials, nothing to forge
  if (origin && host && verifyRequestOrigin(origin, [host])) return next();
  res.status(403).type('text/plain').send('Cross-site request refused (bad or missing Origin).');
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
}
app.use(express.static('public', { maxAge: '1h' }));

app.get('/healthz', (_req, res) => {
  res.json({ ok: true, database: database.kind });
});

const build = vite
  ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(path.resolve('build/server/index.js'))) as ServerBuild);

app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    async getLoadContext(req, res) {
      // Route discovery (/__manifest) runs no loader: no session to check, and the one-shot
      // message is left for the page's own data request that follows.
      const discovery = req.path === '/__manifest';
      const { viewer, sessionId, setCookie } = discovery
        ? { viewer: null, sessionId: null, setCookie: null }
        : await resolveViewer(auth, req.headers.cookie);
      if (setCookie) res.append('Set-Cookie', setCookie);
      const showsFlash = req.method === 'GET' && !discovery;
      const flashMessage = showsFlash ? await readFlash(flashCookie, req.headers.cookie) : null;
      if (flashMessage) res.append('Set-Cookie', await clearFlashHeader(flashCookie));
      return {
        db: database.db,
        auth,
        viewer,
        sessionId,
        nonce: res.locals.nonce as string,
        clientIp: req.ip ?? 'unknown',
        limits,
        flash: { message: flashMessage, cookie: flashCookie },
      };
    },
  }),
);

const httpServer = createServer(app);
const realtime = attachRealtime(httpServer, {
  db: database.db,
  database,
  auth,
  startedAt: new Date(),
  sharePresence: database.kind === 'postgres',
});
await realtime.start();

httpServer.listen(env.PORT, env.HOST, () => {
  console.log(`Cocrea is running at http://localhost:${env.PORT}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  // Closing Socket.IO also closes the HTTP server.
  await realtime.close();
  await vite?.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
