// The participant's side of the CRM so far: asked once what a brand may see after taking part in its
// challenge (never blocking what they did), changing it later on /me, and downloading their data
// with their password.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { NEW_PASSWORD, flash, openFirstIdea, signUp, uniqueHandle } from './support/helpers';
import { snap } from './support/screenshot';

const CHALLENGE_TITLE = 'Ideas para un hotel más sostenible en Valencia';
const BRAND = 'Hoteles Brisa';

test('a new person supports an idea, answers the consent question, changes it on /me and downloads their data', async ({
  page,
}) => {
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
});
