// Email for jobs that must know whether a mail went out (the digests): a nodemailer transport built
// from SMTP_URL and MAIL_FROM, or none when SMTP_URL is unset — then the site says email is off and
// everything stays in the app. Unlike app/mail/mailer.server.ts (fire and forget), sending here
// resolves once the mail server accepted the mail and throws when it did not.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { parseEnv, type Env } from '#app/env.server';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
};

/** What sends mail: SMTP from the environment, or a test's own. */
export type Mailer = {
  /** Who the mails come from, as a From header. */
  from: string;
  /** The site's public address, for absolute links (no trailing slash). */
  appUrl: string;
  /** Resolves once the mail server accepted the mail; throws otherwise. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
};

let cached: { key: string; transport: Transporter } | undefined;

function transportFor(url: string, from: string): Transporter {
  const key = `${url}\n${from}`;
  if (!cached || cached.key !== key) {
    cached?.transport.close();
    const transport = nodemailer.createTransport(
      // Bounded, so a dead mail server fails the job (retried later) instead of holding it.
      { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from },
    );
    cached = { key, transport };
  }
  return cached.transport;
}

/** The mailer the environment configures, or null when SMTP_URL is not set (email is off). */
export function mailerFromEnv(env: Env = parseEnv()): Mailer | null {
  const url = env.SMTP_URL;
  if (!url) return null;
  const from = env.SMTP_FROM;
  return {
    from,
    appUrl: env.APP_URL,
    async send(mail) {
      const info = (await transportFor(url, from).sendMail(mail)) as { messageId?: string };
      return { messageId: info.messageId ?? '' };
    },
  };
}

/** Whether this site sends email at all (SMTP_URL is set). */
export function emailEnabled(env: Env = parseEnv()): boolean {
  return Boolean(env.SMTP_URL);
}

/**
 * The server's secret: SESSION_SECRET, or (as server.ts does for its cookies when it is unset) the
 * one generated and kept in the data folder. Signed links in mails are checked by the site with
 * it, so every process must see the same one.
 */
export function serverSecret(env: Env = parseEnv()): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.resolve(env.COCREA_DATA_DIR, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': if the server wrote it meanwhile, theirs stands and is read below.
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * A key of its own for one purpose (e.g. 'unsubscribe/v1'), derived from the server secret, so a
 * value signed for one use is never accepted for another (nor as a cookie signature).
 */
export function purposeKey(purpose: string, secret: string = serverSecret()): Buffer {
  return createHmac('sha256', secret).update(`cocrea/${purpose}`).digest();
}
