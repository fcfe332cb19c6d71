// Account enumeration through sign-up: whether an email address already has an account must not
// show in the answer. The address's owner is told by mail instead — through a real SMTP session
// with an in-process server when SMTP_URL is set, and only in the server log when it is not.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as signupRoute from '#app/routes/signup';
import { mailSettled } from '#app/mail/mailer.server';
import { users } from '../../db/schema';
import { callAction, formRequest, makeContext, type RouteResult } from '../support/context';
import { makeUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

type Received = { from: string; to: string[]; data: string };
const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          // Undo quoted-printable soft line breaks, so the text can be searched as written.
          data: Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, ''),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
});

afterEach(async () => {
  await mailSettled();
  delete process.env.SMTP_URL;
  received.length = 0;
  vi.restoreAllMocks();
});

let n = 0;
const fields = (email: string) => {
  const handle = `enum_${Date.now().toString(36)}${n++}`;
  return { handle, displayName: '', email, password: 'a long enough passphrase', redirectTo: '' };
};

async function signUp(sent: ReturnType<typeof fields>) {
  const context = makeContext(db());
  const result = await callAction(signupRoute, {
    request: formRequest('/signup', sent),
    context,
  });
  return { result, context };
}

/** Everything a visitor can see of an answer, with their own handle taken out. */
async function visible(
  { result, context }: { result: RouteResult; context: ReturnType<typeof makeContext> },
  handle: string,
) {
  const cookies = result.headers.getSetCookie();
  const flashCookie = cookies.find((c) => c.startsWith('cocrea_flash='));
  const flash = flashCookie ? await context.flash.cookie.parse(flashCookie.split(';')[0]!) : null;
  return {
    status: result.status,
    location: result.headers.get('Location'),
    body: result.body,
    cookies: cookies.map((c) => c.replace(/^([^=]+)=[^;]*/, '$1=…')),
    flash: typeof flash === 'string' ? flash.replaceAll(handle, '<handle>') : flash,
  };
}

const accountsWith = async (handle: string) =>
  (await db().select({ handle: users.handle }).from(users)).filter(
    (u) => u.handle.toLowerCase() === handle.toLowerCase(),
  ).length;

describe('sign-up and taken email addresses', () => {
  it('answers a taken email exactly as a free one, and creates no account for it', async () => {
    process.env.SMTP_URL = smtpUrl;
    const owner = await makeUser(db());
    const free = fields(`fresh_${Date.now()}@example.test`);
    const taken = fields(owner.email.toUpperCase());

    const freeAnswer = await visible(await signUp(free), free.handle);
    const takenAnswer = await visible(await signUp(taken), taken.handle);

    expect(freeAnswer.status).toBe(302);
    expect(freeAnswer.flash).toMatch(/Thanks for joining/);
    expect(takenAnswer).toEqual(freeAnswer);
    expect(JSON.stringify(takenAnswer)).not.toMatch(/already exists|already in use|taken/i);
    expect(await accountsWith(free.handle)).toBe(1);
    expect(await accountsWith(taken.handle)).toBe(0);
  });

  it("mails the address's owner exactly once when SMTP is configured, and no one for a free address", async () => {
    process.env.SMTP_URL = smtpUrl;
    const owner = await makeUser(db());
    await signUp(fields(`fresh_${Date.now()}@example.test`));
    await mailSettled();
    expect(received).toEqual([]);

    const attempt = fields(owner.email);
    await signUp(attempt);
    await mailSettled();
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.to).toEqual([owner.email]);
    expect(mail!.data).toMatch(
      /^Subject: Someone tried to create a Cocrea account with your email address/m,
    );
    expect(mail!.data).toContain(`Hello @${owner.handle},`);
    expect(mail!.data).toContain(`sign in to Cocrea with your handle, @${owner.handle}`);
    // Nothing of the attempt itself: not the password, not the handle they tried.
    expect(mail!.data).not.toContain(attempt.password);
    expect(mail!.data).not.toContain(attempt.handle);
  });

  it('sends nothing without SMTP, and says so in the server log', async () => {
    const owner = await makeUser(db());
    const log = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { result } = await signUp(fields(owner.email));
    await mailSettled();
    expect(result.status).toBe(302);
    expect(received).toEqual([]);
    expect(log).toHaveBeenCalledWith(
      `Mail not sent (SMTP_URL is not set): sign-up attempt with the email address of @${owner.handle}`,
    );
    // The log names the account, never the address.
    expect(JSON.stringify(log.mock.calls)).not.toContain(owner.email);
  });

  it('still refuses a taken handle, which is public anyway', async () => {
    const owner = await makeUser(db());
    const sent = { ...fields(`fresh_${Date.now()}@example.test`), handle: owner.handle };
    const { result } = await signUp(sent);
    expect(result.status).toBe(409);
    expect(result.body.fieldErrors).toEqual({ handle: ['That handle is taken. Try another.'] });
  });
});
