// A brand owner drafts a challenge, checks it stays private, opens it, and adds a manager.
import { expect, test } from '@playwright/test';
import { DEMO_USERS } from './support/demo';
import { flash, signIn } from './support/helpers';
import { snap } from './support/screenshot';

const BRAND_NAME = 'Verdana Home';

test('a brand owner drafts a challenge, opens it, and adds a manager', async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const title = `How might we refill on the go? ${stamp}`;
  const brief = [
    'Most refills happen at home. We want **refills on the move**: at work, at the gym, at the station.',
    '',
    '- small pouches',
    '- a _deposit_ scheme',
    '',
    '<script>window.__cocreaPwned = true</script>',
  ].join('\n');

  await signIn(page, DEMO_USERS.owner);

  // The owner's brand.
  await page.goto('/brands');
  await page.getByRole('main').getByRole('link', { name: BRAND_NAME }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(BRAND_NAME);
  const brandUrl = page.url();
  await snap(page, 'brand');

  // Draft a challenge.
  await page.getByRole('link', { name: 'New challenge' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New challenge');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Brief').fill(brief);
  await page.getByLabel('Tags').fill('refill, travel');
  await page.getByLabel('Language of the challenge').selectOption('en');
  await page.getByLabel('Reward pool (points)').fill('750');
  await page.getByLabel('Reward description').fill('A year of refills for the winner.');
  await page.getByLabel('Judging criteria').fill('Originality: 50\nImpact: 50');
  await page.getByLabel('Ideas per person').fill('2');
  await snap(page, 'challenge-new');
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page).toHaveURL(/\/challenges\/[a-z0-9-]+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // The stage badge reads "Stage: Draft" to screen readers ("Stage:" is visually hidden).
  await expect(page.getByRole('main').getByText(/^Stage: /)).toHaveText('Stage: Draft');
  const reward = page.getByRole('region', { name: 'Reward' });
  await expect(reward.getByText('750 points pool', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Judging criteria' }).getByRole('listitem'),
  ).toHaveText(['Originality50%', 'Impact50%']);
  const challengeUrl = page.url();
  const manage = page.getByRole('region', { name: 'Manage' });
  await expect(manage.getByRole('link', { name: 'Edit this challenge' })).toBeVisible();
  await snap(page, 'challenge-manage');

  // A signed-out visitor cannot see the draft.
  const visitor = await browser.newContext();
  try {
    const guest = await visitor.newPage();
    const hidden = await guest.goto(challengeUrl);
    expect(hidden?.status()).toBe(404);
    await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await guest.goto('/challenges');
    await expect(guest.getByRole('link', { name: title })).toHaveCount(0);

    // Open it (the button asks for confirmation first).
    page.on('dialog', (dialog) => void dialog.accept());
    await manage.getByRole('button', { name: 'Move to “Open for ideas”' }).click();
    await expect(flash(page)).toHaveText('The challenge is now: Open for ideas.');
    await expect(page.getByRole('main').getByText(/^Stage: /)).toHaveText('Stage: Open for ideas');
    await expect(manage.getByRole('button', { name: 'Move to “Voting”' })).toBeVisible();

    // Now the visitor sees it, with the brief's HTML shown as text, never run.
    const shown = await guest.goto(challengeUrl);
    expect(shown?.status()).toBe(200);
    await expect(guest.getByRole('heading', { level: 1 })).toHaveText(title);
    const prose = guest.getByRole('article', { name: 'Brief' });
    await expect(prose.getByRole('strong')).toHaveText('refills on the move');
    await expect(prose.getByRole('listitem')).toHaveText(['small pouches', 'a deposit scheme']);
    await expect(prose).toContainText('<script>window.__cocreaPwned = true</script>');
    // Shown as text: escaped in the markup, so no <script> element was made from it.
    expect(await prose.innerHTML()).not.toMatch(/<script/i);
    expect(
      await guest.evaluate(() => (window as { __cocreaPwned?: boolean }).__cocreaPwned),
    ).toBeUndefined();
    await expect(guest.getByRole('link', { name: 'Submit an idea' })).toBeVisible();
  } finally {
    await visitor.close();
  }

  // Add a manager by handle.
  await page.goto(brandUrl);
  const team = page.getByRole('region', { name: 'Team' });
  const prosumer = `@${DEMO_USERS.prosumer}`;
  // Idempotent on a retry against the same database: remove the manager first if already there.
  const remove = team.getByRole('button', { name: `Remove ${prosumer}` });
  if (await remove.count()) {
    await remove.click();
    await expect(flash(page)).toHaveText('Manager removed.');
  }
  await expect(team.getByRole('link', { name: prosumer, exact: true })).toHaveCount(0);
  const addForm = page.getByRole('region', { name: 'Add a manager' });
  await addForm.getByLabel('Handle').fill(DEMO_USERS.prosumer);
  await addForm.getByRole('button', { name: 'Add manager' }).click();
  await expect(flash(page)).toHaveText(`${prosumer} is now a manager of ${BRAND_NAME}.`);
  const member = team
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: prosumer, exact: true }) });
  await expect(member).toContainText('manager');
  await expect(team.getByRole('button', { name: `Remove ${prosumer}` })).toBeVisible();
});
