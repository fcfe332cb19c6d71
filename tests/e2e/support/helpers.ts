// Small helpers shared by the e2e specs: unique handles, signing in through the real form, the flash.
import { expect, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './demo';

/** A password good enough for sign-up (10+ characters, not a common one, no handle inside). */
export const NEW_PASSWORD = 'a quiet harbour at dawn 42';

let counter = 0;

/** A handle no other run or test has used: prefix + time + counter, within the 30-character limit. */
export function uniqueHandle(prefix: string): string {
  counter += 1;
  const stamp = `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
  return `${prefix}_${stamp}`.toLowerCase().slice(0, 30);
}

/** The one-off message shown under the header after a redirect ("Comment posted." …). */
export function flash(page: Page): Locator {
  return page.locator('p.flash');
}

/** The "@handle" account link in the site header, shown while signed in. */
export function accountLink(page: Page, handle: string): Locator {
  return page.getByRole('banner').getByRole('link', { name: `@${handle}`, exact: true });
}

/** Signs in through /signin and waits until the header shows the account. */
export async function signIn(page: Page, handle: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Handle or email').fill(handle);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountLink(page, handle)).toBeVisible();
}

/**
 * Signs up through /signup, then signs in with the new password on the page sign-up leads to (a new
 * account is not signed in at once: see docs/decisions/007-signup-enumeration.md), ending on
 * /challenges with the account in the header.
 */
export async function signUp(
  page: Page,
  handle: string,
  displayName = 'E2E Tester',
): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Name').fill(displayName);
  await page.getByLabel('Email').fill(`${handle}@example.com`);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2Fchallenges$/);
  await expect(flash(page)).toContainText(`Thanks for joining, @${handle}!`);
  await page.getByLabel('Handle or email').fill(handle);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/challenges$/);
  await expect(accountLink(page, handle)).toBeVisible();
}

/** The id in an /ideas/<id> URL. */
export function ideaIdFrom(url: string): number {
  const match = /\/ideas\/(\d+)/.exec(new URL(url).pathname);
  if (!match) throw new Error(`not an idea URL: ${url}`);
  return Number(match[1]);
}

/** The seeded open challenge every spec can rely on (Verdana Home, "Open for ideas"). */
export const OPEN_CHALLENGE_TITLE = 'Refill stations people actually use';
