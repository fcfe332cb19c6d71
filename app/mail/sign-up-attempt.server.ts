// The mail that replaces "An account with that email already exists": the answer to a sign-up is the
// same whether the address is new or not, and only the address's owner learns someone tried it.
import type { AccountOwner } from '#app/domain/users/commands.server';
import { sendMailLater } from './mailer.server';

export function signUpAttemptMail(owner: AccountOwner) {
  return {
    to: owner.email,
    subject: 'Someone tried to create a Cocrea account with your email address',
    // One line per paragraph: mail clients wrap text to their own width.
    text: [
      `Hello @${owner.handle},`,
      '',
      'Someone just tried to create a new Cocrea account with this email address. You already have an account with it, so no new account was made and nothing about yours has changed.',
      '',
      `If it was you: sign in to Cocrea with your handle, @${owner.handle}, or this email address, and your password.`,
      '',
      'If it was not you, you can ignore this message. Cocrea did not tell them that this address has an account.',
      '',
      '— Cocrea',
    ].join('\n'),
  };
}

/** Tells the owner in the background; the sign-up answer neither waits for nor depends on it. */
export function tellOwnerOfSignUpAttempt(owner: AccountOwner): void {
  sendMailLater(
    signUpAttemptMail(owner),
    `sign-up attempt with the email address of @${owner.handle}`,
  );
}
