// Languages end to end: a Spanish browser gets Spanish pages, the switcher in the footer changes
// to Italian, and the choice holds on the pages that follow. Screenshots of the main pages in both.
import { expect, test, type Page } from '@playwright/test';
import { OPEN_CHALLENGE_TITLE, openFirstIdea } from './support/helpers';
import { snap } from './support/screenshot';

test.use({ locale: 'es-ES' });

/** Home, an open challenge and one of its ideas, screenshotted as `<page>-<suffix>`. */
async function tour(
  page: Page,
  suffix: string,
  names: { challenges: string; main: string; ideas: string },
) {
  await page.goto('/');
  await snap(page, `home-${suffix}`);
  await page
    .getByRole('navigation', { name: names.main })
    .getByRole('link', { name: names.challenges })
    .click();
  await expect(page).toHaveURL(/\/challenges$/);
  // The address changes a moment before the new page renders: wait for its heading, or the
  // home page's links to the same challenge are still there to be found.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(names.challenges);
  await page.getByRole('main').getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(OPEN_CHALLENGE_TITLE);
  await snap(page, `challenge-${suffix}`);
  await openFirstIdea(page, names.ideas);
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  await snap(page, `idea-${suffix}`);
}

test('a Spanish browser sees Spanish, switches to Italian, and the choice holds', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const nav = page.getByRole('navigation', { name: 'Principal' });
  await expect(nav.getByRole('link', { name: 'Retos' })).toBeVisible();
  await expect(
    page.getByRole('banner').getByRole('link', { name: 'Iniciar sesión' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Retos abiertos' })).toBeVisible();
  await tour(page, 'es', { main: 'Principal', challenges: 'Retos', ideas: 'Ideas' });

  // The switcher is a labelled select in the footer; choosing submits it (the button is for
  // keyboard and no-JS use) and stays on the same page.
  const ideaUrl = page.url();
  await page.getByRole('contentinfo').getByLabel('Idioma').selectOption('it');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  expect(page.url()).toBe(ideaUrl);
  await expect(page.getByRole('contentinfo').getByLabel('Lingua')).toHaveValue('it');

  // The next pages, and a fresh load, stay Italian although the browser still asks for Spanish.
  await page.getByRole('banner').getByRole('link', { name: 'Accedi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accedi');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await tour(page, 'it', { main: 'Principale', challenges: 'Sfide', ideas: 'Idee' });
});

test('the switcher works without JavaScript, by its button', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/challenges');
  await page.getByRole('contentinfo').getByLabel('Idioma').selectOption('it');
  await page.getByRole('button', { name: 'Cambiar idioma' }).click();
  await expect(page).toHaveURL(/\/challenges$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('button', { name: 'Cambia lingua' })).toBeVisible();
  await context.close();
});

test('a page does not carry every message: the browser loads its language once, as a cached script', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  const document = await page.goto('/signin');
  // Texts of pages other than this one (the brand dashboard's) are not in its HTML…
  const html = await document!.text();
  expect(html).not.toContain('Análisis del reto');
  // It names the Spanish messages' script, for the browser to fetch alongside its entry script.
  expect(html).toMatch(/<link rel="modulepreload" href="\/assets\/es-[\w-]+\.js"\/>/);
  // …but the page is interactive in Spanish: its messages came as a script of their own.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iniciar sesión');
  await expect.poll(() => scripts.some((s) => /\/assets\/es-[\w-]+\.js$/.test(s))).toBe(true);
  // A client-side navigation fetches the next page's data without the messages either.
  const data = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('.data'));
  await page
    .getByRole('navigation', { name: 'Principal' })
    .getByRole('link', { name: 'Retos' })
    .click();
  expect(await (await data).text()).not.toContain('Análisis del reto');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Retos');
});
