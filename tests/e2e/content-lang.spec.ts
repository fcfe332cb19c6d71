// Words people wrote keep their own language on a page in another one (WCAG 3.1.2), and the pages
// around them speak the reader's language.
import { expect, test } from '@playwright/test';
import { ideaRows } from './support/helpers';

/** A seeded challenge written in Italian (Pastificio Aurora). */
const ITALIAN_CHALLENGE = 'Cena in 15 minuti: la pasta per chi torna tardi';

test('an Italian challenge read in English marks its own words as Italian', async ({ page }) => {
  await page.goto('/challenges');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const card = page.getByRole('article').filter({ hasText: ITALIAN_CHALLENGE });
  await expect(card.getByRole('heading')).toHaveAttribute('lang', 'it');
  await card.getByRole('link', { name: ITALIAN_CHALLENGE }).click();

  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveText(ITALIAN_CHALLENGE);
  await expect(title).toHaveAttribute('lang', 'it');
  // The page's own words stay in English, unmarked.
  const criteria = page.getByRole('heading', { name: 'Judging criteria' });
  await expect(criteria).toBeVisible();
  await expect(criteria).not.toHaveAttribute('lang', /.*/);

  const firstIdea = ideaRows(page).first().getByRole('heading').getByRole('link');
  const ideaTitle = (await firstIdea.textContent())!;
  await firstIdea.click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  await expect(
    page.getByRole('heading', { level: 1 }).getByText(ideaTitle, { exact: true }),
  ).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { name: 'Discussion' })).toBeVisible();
});

test('the same challenge read in Italian needs no mark, and the page speaks Italian', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  await page.goto('/challenges');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sfide');
  await page.getByRole('link', { name: ITALIAN_CHALLENGE }).click();
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveText(ITALIAN_CHALLENGE);
  await expect(title).not.toHaveAttribute('lang', /.*/);
  await expect(page.getByRole('heading', { name: 'Criteri di valutazione' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Ordina le idee' })).toBeVisible();
  await context.close();
});
