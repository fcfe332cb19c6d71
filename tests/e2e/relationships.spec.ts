// "My relationships" (/me) for the seeded demo prosumer: the summary, one card per brand with its
// numbers, engagement meter and consent form, the timeline filtered by a kind and paged to older
// entries, in English, Spanish and Italian (screenshots of each, and of a phone-sized page).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS } from './support/demo';
import { signIn } from './support/helpers';
import { snap } from './support/screenshot';

/** Switches the site's language with the footer's switcher (the label is in the current one). */
async function switchTo(page: Page, label: string, locale: 'en' | 'es' | 'it') {
  await page.getByRole('contentinfo').getByLabel(label).selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

const timelineItems = (page: Page) =>
  page.getByRole('list', { name: /^(Timeline|Cronología|Cronologia)$/ }).getByRole('listitem');

test('the demo prosumer sees their brands and timeline on /me, filters by a kind and pages older', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO_USERS.prosumer);
  await page.goto('/me');
  await expect(page.getByRole('heading', { level: 1, name: 'My relationships' })).toBeVisible();

  // No WCAG A/AA violations (axe-core, as tests/e2e/a11y.spec.ts checks the other pages).
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
    [],
  );

  // The summary row.
  for (const name of ['Reputation', 'Badges', 'Rewards', 'Interests'])
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();

  // One card per brand, each with its numbers, an engagement meter and the consent form.
  const brands = page.getByRole('list', { name: 'Your brands' });
  const cards = brands.getByRole('article');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(0);
  const card = cards.first();
  await expect(card.getByRole('meter', { name: 'Engagement' })).toBeVisible();
  await expect(card.getByText('Ideas', { exact: true })).toBeVisible();
  await expect(card.getByLabel(/^What .+ may see$/)).toHaveValue(/^(none|activity|profile)$/);
  await expect(card.getByRole('button', { name: 'Save' })).toBeVisible();
  // The formulas, in plain words, behind "How is this computed?".
  const how = page.getByRole('region', { name: 'Your brands' }).getByText('How is this computed?');
  await how.click();
  await expect(page.getByText(/Engagement goes from 0 to 100/)).toBeVisible();

  // The timeline: twenty entries, each a sentence with a date.
  const entries = timelineItems(page);
  await expect(entries).toHaveCount(20);
  await expect(entries.first().locator('time')).toBeVisible();
  await snap(page, 'me-relationships-en');

  // Filter by a kind: only votes remain (the select applies at once).
  await page
    .getByRole('search', { name: 'Filter the timeline' })
    .getByLabel('Kind')
    .selectOption('votes');
  await expect(page).toHaveURL(/[?&]kind=votes/);
  await expect(entries.first()).toBeVisible();
  const texts = await entries.allInnerTexts();
  for (const text of texts) expect(text).toMatch(/support|oppos|vote/i);
  await snap(page, 'me-timeline-votes-en');

  // Older: the next page starts after the last entry shown, the filter kept.
  const lastShown = texts.at(-1)!;
  await page
    .getByRole('navigation', { name: 'Timeline pages' })
    .getByRole('link', { name: 'Older' })
    .click();
  await expect(page).toHaveURL(/[?&]after=\d+/);
  await expect(page).toHaveURL(/[?&]kind=votes/);
  await expect(page.getByRole('link', { name: 'Newest' })).toBeVisible();
  await expect(entries.first()).toBeVisible();
  expect(await entries.first().innerText()).not.toBe(lastShown);
  await snap(page, 'me-timeline-older-en');

  // A bad filter value is a clear message, with the way back.
  await page.goto('/me?kind=everything');
  await expect(page.getByRole('alert')).toContainText('Choose one of the kinds');
  await page.getByRole('link', { name: 'Back to My relationships' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(timelineItems(page)).toHaveCount(20);
  await expect(page.getByRole('heading', { level: 1, name: 'My relationships' })).toBeVisible();
});

test('/me reads in Spanish and Italian, and fits a phone', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO_USERS.prosumer);
  await page.goto('/me');
  await expect(page.getByRole('heading', { level: 1, name: 'My relationships' })).toBeVisible();
  try {
    await inOtherLanguages(page);
  } finally {
    // Back to English for the specs that follow (the choice is saved on the account).
    await page.goto('/me');
    const switcher = page.getByRole('contentinfo').getByRole('combobox');
    if ((await switcher.inputValue()) !== 'en') {
      await switcher.selectOption('en');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  }
});

async function inOtherLanguages(page: Page) {
  await switchTo(page, 'Language', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Mis relaciones' })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Tus marcas' }).getByRole('article').first(),
  ).toBeVisible();
  await expect(timelineItems(page)).toHaveCount(20);
  await snap(page, 'me-relationships-es');
  await switchTo(page, 'Idioma', 'it');
  await expect(page.getByRole('heading', { level: 1, name: 'Le mie relazioni' })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'I tuoi marchi' }).getByRole('article').first(),
  ).toBeVisible();
  await page
    .getByRole('search', { name: 'Filtra la cronologia' })
    .getByLabel('Tipo')
    .selectOption('comments');
  await expect(page).toHaveURL(/[?&]kind=comments/);
  await snap(page, 'me-relationships-it');

  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/me');
  await expect(page.getByRole('heading', { level: 1, name: 'Le mie relazioni' })).toBeVisible();
  await snap(page, 'me-relationships-it-mobile');
}
