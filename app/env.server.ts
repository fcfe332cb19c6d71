// Configuration from process.env, parsed once at start-up; a bad value stops the server with a readable list.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of Express's "trust proxy" list: a preset name, an address, or address/prefix. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_PRESETS.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (/^\d+$/.test(prefix)) return Number(prefix) <= (family === 4 ? 32 : 128);
  return isIP(prefix) === family; // a netmask such as 255.255.0.0
}

/**
 * Which peers may tell us the client's address (X-Forwarded-For): nobody unless configured, since
 * anyone able to connect could otherwise pick the address rate limits are keyed on.
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): number | string[] => {
    if (!value) return 0;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be a hop count or a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback/linklocal/uniquelocal; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .url('DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  COCREA_DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(16, 'SESSION_SECRET must be at least 16 characters').optional(),
  COCREA_SEED: z.enum(['auto', 'never']).default('auto'),
  COCREA_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  // Outgoing mail (smtp://user:pass@host:587 or smtps://…:465); without it mails are only logged.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().trim().min(3).default('Cocrea <no-reply@localhost>'),
  // The sender of Cocrea's mails; wins over SMTP_FROM (its older name) when both are set.
  MAIL_FROM: z
    .string()
    .trim()
    .min(3)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // The site's public address, for links in mails (sent by jobs, outside any request).
  APP_URL: z
    .string()
    .url("APP_URL must be the site's address, such as https://cocrea.example")
    .regex(/^https?:\/\//, 'APP_URL must start with http:// or https://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TRUST_PROXY: trustProxy,
  // Served over HTTPS (directly or behind a proxy): HSTS, upgrade-insecure-requests, Secure cookies.
  COCREA_HTTPS: z.enum(['on', 'off']).default('off'),
});

export type Env = Omit<z.infer<typeof schema>, 'MAIL_FROM' | 'APP_URL'> & {
  /** Where links in mails point: APP_URL without a trailing slash, else http://localhost:PORT. */
  APP_URL: string;
  pgliteDir: string;
};

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const { MAIL_FROM, APP_URL, ...env } = parsed.data;
  return {
    ...env,
    SMTP_FROM: MAIL_FROM ?? env.SMTP_FROM,
    APP_URL: (APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    pgliteDir: path.resolve(env.COCREA_DATA_DIR, 'pglite'),
  };
}
