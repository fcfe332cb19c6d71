// Accessibility: axe-core's WCAG 2.x A/AA rules on the main pages, signed out and signed in.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_USERS } from './support/demo';
import { ideaRows, signIn } from './support/helpers';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

async function firstLink(links: Locator) {
  const href = await links.first().getAttribute('href');
  expect(href).toBeTruthy();
  return href!;
}

/** The title links of the challenge cards in a list of challenges. */
function challengeLinks(page: Page) {
  return page.getByRole('main').getByRole('article').getByRole('heading').getByRole('link');
}

/** The title links of the ideas listed on a challenge page. */
function ideaLinks(page: Page) {
  return ideaRows(page).getByRole('heading').getByRole('link');
}

test('public pages have no WCAG A/AA violations', async ({ page }) => {
  // Seven pages, each analysed whole: the first test of a run also warms the server up.
  test.setTimeout(60_000);
  const pages = [
    '/',
    '/challenges',
    '/brands',
    '/signin',
    '/signup',
    '/u/demo_prosumer',
    '/no-such-page',
  ];
  await page.goto('/challenges?stage=open');
  pages.push(await firstLink(challengeLinks(page)));
  await page.goto(pages.at(-1)!);
  pages.push(await firstLink(ideaLinks(page)));
  const found: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    for (const v of await violations(page)) found.push(`${path}: ${v}`);
  }
  expect(found).toEqual([]);
});

test('signed-in pages and forms with errors have no WCAG A/AA violations', async ({ page }) => {
  await signIn(page, DEMO_USERS.owner);
  const found: string[] = [];
  const check = async (label: string) => {
    for (const v of await violations(page)) found.push(`${label}: ${v}`);
  };
  await page.goto('/notifications');
  await check('/notifications');
  await page.goto('/brands');
  // The "Your brands" line links the brands this person belongs to.
  const brand = await firstLink(
    page
      .getByRole('main')
      .getByText(/^Your brands:/)
      .getByRole('link'),
  );
  await page.goto(brand);
  await check(brand);
  await page.goto(`${brand}/challenges/new`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await check('new challenge with errors');
  await page.goto('/challenges?stage=open');
  await page.goto(await firstLink(challengeLinks(page)));
  await page.goto(await firstLink(ideaLinks(page)));
  await check('idea page signed in');
  expect(found).toEqual([]);
});

test('the moderation pages have no WCAG A/AA violations', async ({ page }) => {
  await signIn(page, DEMO_USERS.admin);
  const found: string[] = [];
  for (const path of [
    '/moderation',
    '/moderation/suspensions',
    '/moderation/audit',
    '/moderation/roles',
    '/moderation/audit?action=not-an-action',
  ]) {
    await page.goto(path);
    for (const v of await violations(page)) found.push(`${path}: ${v}`);
  }
  expect(found).toEqual([]);
});

test('the check itself catches a violation (an unlabeled input)', async ({ page }) => {
  // A fixed document rather than a live page of the app: a page that redraws (a live update, a
  // revalidation) could drop the added input between the two checks, as it once did.
  await page.setContent(
    '<!doctype html><html lang="en"><head><title>Check</title></head>' +
      '<body><main><h1>Check</h1><input></main></body></html>',
  );
  await expect(page.getByRole('main').getByRole('textbox')).toHaveAccessibleName('');
  expect((await violations(page)).join('\n')).toContain('label');
});
