// Listening and search (issue 16), in a browser: a visitor searches "cancion" from the header and
// finds the Spanish idea written with the accent, its words marked; a brand's owner opens the
// dashboard and sees its charts — in English (Verdana Home's owner), in Spanish (Hoteles Brisa's
// owner, in her own language) and in Italian (Pastificio Aurora's) — picks a shorter period, and
// downloads a table as CSV.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/helpers';
import { snap } from './support/screenshot';

test('a visitor searches “cancion” from the header and finds the Spanish idea with “canción”', async ({
  page,
}) => {
  await page.goto('/');
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Search Cocrea' });
  await box.fill('cancion');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=cancion/);
  const result = page.getByRole('link', { name: 'Una canción y una playlist para cada escapada' });
  await expect(result).toBeVisible();
  await expect(result).toHaveAttribute('lang', 'es');
  // The matched word is marked in the snippet, whatever its accents.
  await expect(
    page
      .locator('mark')
      .filter({ hasText: /canción/i })
      .first(),
  ).toBeVisible();
  await snap(page, 'search-cancion-en');
  await result.click();
  await expect(
    page
      .getByRole('heading', { level: 1, name: 'Una canción y una playlist para cada escapada' })
      .locator('[lang="es"]'),
  ).toHaveText('Una canción y una playlist para cada escapada');

  // A typo finds nothing by full text, and the titles answer "Did you mean…".
  await page.goto('/search?q=escapda%20perfecta');
  await expect(page.getByText(/Did you mean/)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Tu escapada perfecta de fin de semana en la costa' }),
  ).toBeVisible();
  await snap(page, 'search-did-you-mean-en');
});

async function expectCharts(page: Page) {
  const charts = page.locator('svg[role="img"]');
  // Funnel, activity, sentiment share and trend, heat map at least.
  expect(await charts.count()).toBeGreaterThanOrEqual(5);
  for (const chart of await charts.all()) {
    // Each chart is a server-rendered SVG with a title and a description.
    await expect(chart.locator('title')).toHaveCount(1);
    await expect(chart.locator('desc')).toHaveCount(1);
  }
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ')})`)).toEqual(
    [],
  );
}

test('Verdana Home’s owner opens the dashboard, narrows the period and downloads a table', async ({
  page,
}) => {
  await signIn(page, 'demo_owner');
  await page.goto('/brands');
  await page.getByRole('link', { name: 'Verdana Home', exact: true }).first().click();
  await page.getByRole('link', { name: 'Insights', exact: true }).click();
  await expect(page).toHaveURL(/\/brands\/[^/]+\/insights$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
  await expectCharts(page);
  // The seeded history fills the funnel: visitors, participants and ideas are not zero.
  const funnel = page.getByRole('img', { name: 'From visit to winning idea' });
  await expect(funnel).toBeVisible();
  await snap(page, 'insights-en');

  await page.getByRole('link', { name: 'Last 90 days' }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  await expectCharts(page);

  const csv = await page.request.get(
    `${new URL(page.url()).pathname}/export.csv?table=activity${new URL(page.url()).search.replace('?', '&')}`,
  );
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines.length).toBeGreaterThan(30);
});

test('Hoteles Brisa’s owner reads the dashboard in Spanish, for one challenge', async ({
  page,
}) => {
  await signIn(page, 'isabel_navarro');
  await page.goto('/brands');
  await page.getByRole('link', { name: 'Hoteles Brisa', exact: true }).first().click();
  await page.getByRole('link', { name: 'Análisis', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Análisis' })).toBeVisible();
  await expectCharts(page);
  await snap(page, 'insights-es');
  await page
    .getByLabel('Reto', { exact: true })
    .selectOption({ label: 'Ideas para un hotel más sostenible en Valencia' });
  await page.getByRole('button', { name: 'Mostrar' }).click();
  await expect(page).toHaveURL(/challenge=/);
  await expectCharts(page);
  await snap(page, 'insights-challenge-es');
});

test('Pastificio Aurora’s owner reads the dashboard in Italian', async ({ page }) => {
  await signIn(page, 'elena_marchetti');
  await page.goto('/brands');
  await page.getByRole('link', { name: 'Pastificio Aurora', exact: true }).first().click();
  await page.getByRole('link', { name: 'Analisi', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { level: 1, name: 'Analisi' })).toBeVisible();
  await expectCharts(page);
  await snap(page, 'insights-it');
});
