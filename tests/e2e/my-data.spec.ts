// The participant's side of the CRM so far: asked once what a brand may see after taking part in its
// challenge (never blocking what they did), changing it later on /me, downloading their data with
// their password, and at last deleting their account (anonymise): signed out, their idea now "by a
// deleted account", their old credentials refused.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import {
  NEW_PASSWORD,
  OPEN_CHALLENGE_TITLE,
  flash,
  openFirstIdea,
  signUp,
  uniqueHandle,
} from './support/helpers';
import { screenshotsDir, snap } from './support/screenshot';

/** A screenshot of one section of the page, as tests/e2e/screenshots/<name>.png. */
async function snapSection(section: Locator, name: string) {
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({
    path: path.join(screenshotsDir, `${name}.png`),
    animations: 'disabled',
  });
}

const CHALLENGE_TITLE = 'Ideas para un hotel más sostenible en Valencia';
const BRAND = 'Hoteles Brisa';

test('a new person supports an idea, answers the consent question, changes it on /me, downloads their data and deletes their account', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const handle = uniqueHandle('crm');
  await signUp(page, handle);

  await page.goto('/challenges?stage=voting');
  await page.getByRole('link', { name: CHALLENGE_TITLE }).click();
  const question = page.getByRole('region', { name: `What may ${BRAND} see about you?` });
  await expect(question).toHaveCount(0); // not asked before taking part
  await openFirstIdea(page, 'Ideas');
  await page
    .getByRole('region', { name: 'Votes' })
    .getByRole('button', { name: '▲ Support' })
    .click();
  await expect(page.getByRole('button', { name: '✓ Supported' })).toBeVisible();

  // Asked once, after the support went through.
  await page.reload();
  await expect(question).toBeVisible();
  await snap(page, 'consent-question-en');
  await question.getByLabel('Also my name, my interests and a contact email').check();
  await question.getByRole('button', { name: 'Save' }).click();
  await expect(flash(page)).toContainText('Saved');
  await expect(question).toHaveCount(0);

  // /me: the choice, changeable.
  await page.goto('/me');
  await expect(page.getByRole('heading', { level: 1, name: 'My relationships' })).toBeVisible();
  const level = page.getByLabel(`What ${BRAND} may see`);
  await expect(level).toHaveValue('profile');
  await level.selectOption('none');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(flash(page)).toContainText('the brand sees only what everyone sees');
  await expect(page.getByLabel(`What ${BRAND} may see`)).toHaveValue('none');

  // A wrong password is told on the page; the right one downloads one JSON file.
  const password = page.getByLabel('Your current password');
  await password.fill('not my password at all');
  await page.getByRole('button', { name: 'Download my data' }).click();
  await expect(flash(page)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'My relationships' })).toBeVisible();
  await snap(page, 'me-en');
  await password.fill(NEW_PASSWORD);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    new RegExp(`^cocrea-${handle}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
  );
  const data = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
    profile: { handle: string };
    votes: unknown[];
    consents?: { level: string }[];
  };
  expect(data.profile.handle).toBe(handle);
  expect(data.votes).toHaveLength(1);
  expect(data.consents?.map((c) => c.level)).toEqual(['none']);

  // They share an idea, then delete their account, keeping their content (anonymise).
  const ideaTitle = `A refill bell for the whole street ${Date.now()}`;
  await page.goto('/challenges?stage=open');
  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await page.getByRole('link', { name: 'Submit an idea' }).click();
  await page.getByLabel('Title').fill(ideaTitle);
  await page
    .getByLabel('Describe your idea')
    .fill('A bell on the refill van, so the street knows it is here without an app.');
  await page.getByLabel('Tags').fill('refill');
  await page.getByRole('button', { name: 'Publish idea' }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ideaTitle);
  const ideaUrl = page.url();
  await expect(page.getByRole('link', { name: new RegExp(`@${handle}`) }).first()).toBeVisible();

  await page.goto('/me');
  const deletion = page.getByRole('region', { name: 'Delete my account' });
  await expect(deletion).toBeVisible();
  await expect(deletion.getByText('What goes', { exact: true })).toBeVisible();
  await expect(deletion.getByText('What stays', { exact: true })).toBeVisible();
  // Keeping the content is offered first and chosen unless they pick "Remove them".
  await expect(deletion.getByLabel('Keep them, shown as by “a deleted account”')).toBeChecked();
  await expect(deletion.getByLabel('Remove them')).not.toBeChecked();
  await snapSection(deletion, 'delete-account-en');

  // A wrong password, or no tick, is told by its field and deletes nothing.
  const deletePassword = deletion.getByLabel('Password, to confirm it is you');
  await deletePassword.fill('not my password at all');
  await deletion.getByLabel(/I understand that my account is deleted for good/).check();
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(deletion.getByText('That is not your password.', { exact: false })).toBeVisible();
  await expect(deletePassword).toHaveAttribute('aria-invalid', 'true');
  await snapSection(deletion, 'delete-account-error-en');

  // The same section in Spanish.
  await page.getByRole('contentinfo').getByLabel('Language').selectOption('es');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const eliminar = page.getByRole('region', { name: 'Eliminar mi cuenta' });
  await expect(eliminar.getByText('Lo que se va', { exact: true })).toBeVisible();
  // The refusal, in English, belonged to the page before: it is not shown again.
  await expect(eliminar.getByText('That is not your password', { exact: false })).toHaveCount(0);
  await snapSection(eliminar, 'delete-account-es');
  await page.getByRole('contentinfo').getByLabel('Idioma').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Without JavaScript a refusal comes back as /me?deleteError=…: shown by its field, in words;
  // a name the page does not know shows nothing.
  await page.goto('/me?deleteError=confirm&deleteError=<script>#delete-account');
  await expect(
    deletion.getByText('Tick the box to confirm that you want to delete your account.'),
  ).toBeVisible();
  await expect(deletion.getByRole('alert')).toHaveCount(1);
  await expect(
    deletion.getByLabel(/I understand that my account is deleted for good/),
  ).toHaveAttribute('aria-invalid', 'true');

  await deletion.getByLabel('Password, to confirm it is you').fill(NEW_PASSWORD);
  await deletion.getByLabel(/I understand that my account is deleted for good/).check();
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/$/);
  // (The live status may say "paused" a moment too: the server closed the old session's socket.)
  await expect(
    page.getByRole('status').filter({ hasText: 'Your account was deleted.' }),
  ).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: `@${handle}` })).toHaveCount(0);

  // Their idea stays, by "a deleted account", with no link to anyone.
  await page.goto(ideaUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ideaTitle);
  await expect(page.getByRole('main').getByText('by a deleted account')).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(handle);
  await snap(page, 'idea-by-deleted-account-en');
  const profile = await page.goto(`/u/${handle}`);
  expect(profile?.status()).toBe(404);

  // Their old credentials sign nobody in.
  await page.goto('/signin');
  await page.getByLabel('Handle or email').fill(handle);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(
    page.getByText('That handle/email and password do not match.', { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: `@${handle}` })).toHaveCount(0);
});
