// Outgoing mail: through SMTP (nodemailer) when SMTP_URL is set, otherwise only a line in the server
// log. Mails go out in the background, so no answer waits on a mail server — nor, by taking longer,
// tells anyone that a mail was sent.
import nodemailer, { type Transporter } from 'nodemailer';
import { parseEnv } from '#app/env.server';

export type Mail = { to: string; subject: string; text: string };

let cached: { url: string; from: string; transport: Transporter } | undefined;

function transportFor(url: string, from: string) {
  if (!cached || cached.url !== url || cached.from !== from) {
    cached?.transport.close();
    const transport = nodemailer.createTransport(
      // Bounded, so a dead mail server cannot pile up deliveries for minutes.
      { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from },
    );
    cached = { url, from, transport };
  }
  return cached.transport;
}

const pending = new Set<Promise<void>>();

async function deliver(mail: Mail, label: string) {
  try {
    const { SMTP_URL, SMTP_FROM } = parseEnv();
    if (!SMTP_URL) {
      console.info(`Mail not sent (SMTP_URL is not set): ${label}`);
      return;
    }
    await transportFor(SMTP_URL, SMTP_FROM).sendMail(mail);
  } catch (e) {
    console.error(`Mail not sent: ${label}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Hands a mail over for delivery and returns at once; never throws. `label` says what the mail is
 * for in the log (no addresses: the log is not the place for them).
 */
export function sendMailLater(mail: Mail, label: string): void {
  const delivery: Promise<void> = deliver(mail, label).finally(() => pending.delete(delivery));
  pending.add(delivery);
}

/** Resolves once every mail handed over so far was delivered or given up (for tests and shutdown). */
export async function mailSettled(): Promise<void> {
  await Promise.all([...pending]);
}
