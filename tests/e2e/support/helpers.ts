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

/**
 * The one-off message shown under the header after a redirect ("Comment posted." …): the status
 * message on screen (the live-updates status is there too, but empty while connected).
 */
export function flash(page: Page): Locator {
  return page.getByRole('status').filter({ visible: true });
}

/**
 * The list of ideas on a challenge page. Exact: the stage track's name ("… Open for ideas") would
 * match too.
 */
export function ideaList(page: Page, name = 'Ideas'): Locator {
  return page.getByRole('list', { name, exact: true });
}

/** The rows of a challenge page's idea list, optionally the one linking to an idea's title. */
export function ideaRows(page: Page, title?: string): Locator {
  const rows = ideaList(page).getByRole('listitem');
  return title ? rows.filter({ has: page.getByRole('link', { name: title }) }) : rows;
}

/** Opens the first idea listed on a challenge page (the list's name in the page's language). */
export async function openFirstIdea(page: Page, listName = 'Ideas'): Promise<void> {
  await ideaList(page, listName)
    .getByRole('listitem')
    .first()
    .getByRole('heading')
    .getByRole('link')
    .click();
}

/**
 * A comment's text in the discussion of an idea page. Visible only: the author's own comments also
 * hold it in the (closed) edit form's text box.
 */
export function commentText(page: Page, text: string): Locator {
  return page
    .getByRole('region', { name: 'Discussion' })
    .getByText(text, { exact: true })
    .filter({ visible: true });
}

/** The score shown in an idea row ("3 votes"). */
export function rowScore(row: Locator): Locator {
  return row.getByText(/^-?\d+ votes?$/);
}

/** The "Votes" panel of an idea page. */
function votesPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Votes' });
}

/** The idea's score in its vote panel, "Score: 3" (the label is for screen readers). */
export function voteScore(page: Page): Locator {
  return votesPanel(page).getByText(/^Score: -?\d+$/);
}

/** The idea's vote counts in its vote panel, "4 support · 1 oppose". */
export function voteSplit(page: Page): Locator {
  return votesPanel(page).getByText(/^\d+ support · \d+ oppose$/);
}

/** The numbers of the vote panel: score, support and oppose. */
export async function readVotes(
  page: Page,
): Promise<{ score: number; support: number; oppose: number }> {
  await expect(voteSplit(page)).toBeVisible();
  const score = /-?\d+/.exec((await voteScore(page).textContent()) ?? '');
  const split = /(\d+) support · (\d+) oppose/.exec((await voteSplit(page).textContent()) ?? '');
  if (!score || !split) throw new Error('the vote panel shows no counts');
  return { score: Number(score[0]), support: Number(split[1]), oppose: Number(split[2]) };
}

/** The notifications link in the site header; its name tells the unread count. */
export function notificationsLink(page: Page): Locator {
  return page.getByRole('banner').getByRole('link', { name: /^Notifications\b/ });
}

/** "N people here now" on a challenge page. */
export function presence(page: Page): Locator {
  return page.getByRole('main').getByText(/^\d+ (person|people) here now$/);
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
