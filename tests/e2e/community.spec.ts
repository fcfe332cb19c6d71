// The brand's community, seen from both sides: a new person supports an idea of a Verdana Home
// challenge and shares their profile when asked; the owner, already on the community page in
// another browser, sees their name appear without reloading; the person then withdraws to "none"
// on /me and the row is gone at the owner's next load. Then the page in English, Spanish and
// Italian (each brand's owner, in their own language), for the screenshots.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  OPEN_CHALLENGE_TITLE,
  openFirstIdea,
  signIn,
  signUp,
  uniqueHandle,
} from './support/helpers';
import { snap } from './support/screenshot';

const BRAND = 'Verdana Home';

// Two browsers, sign-ups and live updates on a shared machine take longer than the default.
test.describe.configure({ timeout: 90_000 });

async function openCommunity(page: Page, brand: string) {
  await page.goto('/brands');
  await page.getByRole('link', { name: brand, exact: true }).first().click();
  await page.getByRole('link', { name: /^(Community|Comunidad)$/ }).click();
  await expect(page).toHaveURL(/\/brands\/[^/]+\/community$/);
}

test('a participant who shares their profile appears live in the owner’s community table, and is gone after they withdraw', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext({ locale: 'en-GB' });
  const personContext = await browser.newContext({ locale: 'en-GB' });
  try {
    const owner = await ownerContext.newPage();
    await signIn(owner, 'demo_owner');
    await openCommunity(owner, BRAND);
    await expect(owner.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible();
    const table = owner.getByRole('table');
    await expect(table).toBeVisible();
    const others = owner.getByText(/took part without sharing anything/);
    await expect(others).toBeVisible();

    const person = await personContext.newPage();
    const handle = uniqueHandle('cm');
    const name = `Mira Community ${handle.slice(-5)}`;
    await signUp(person, handle, name);
    await person.goto('/challenges');
    await person.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
    await openFirstIdea(person, 'Ideas');
    await person
      .getByRole('region', { name: 'Votes' })
      .getByRole('button', { name: '▲ Support' })
      .click();
    await expect(person.getByRole('button', { name: '✓ Supported' })).toBeVisible();
    await person.reload();
    const question = person.getByRole('region', { name: `What may ${BRAND} see about you?` });
    await expect(question).toBeVisible();
    await question.getByLabel('Also my name, my interests and a contact email').check();
    await question.getByRole('button', { name: 'Save' }).click();
    await expect(question).toHaveCount(0);

    // No reload on the owner's side: the brand's room says something changed, the table reloads.
    await expect(table.getByText(name, { exact: true })).toBeVisible({ timeout: 15_000 });
    const row = table.getByRole('row').filter({ hasText: name });
    await expect(row.getByRole('link', { name: `@${handle}` })).toBeVisible();
    await expect(row.getByRole('link', { name: `${handle}@example.com` })).toBeVisible();
    await snap(owner, 'community-live-en');

    // The participant page, as far as they shared.
    await row.getByRole('link', { name: `@${handle}` }).click();
    await expect(owner.getByRole('heading', { level: 1, name })).toBeVisible();
    await snap(owner, 'community-participant-en');
    await owner.goBack();

    // Withdrawn on /me: gone at the owner's next load.
    await person.goto('/me');
    const level = person.getByLabel(`What ${BRAND} may see`);
    await level.selectOption('none');
    await level.locator('xpath=ancestor::form[1]').getByRole('button').first().click();
    await expect(person.getByLabel(`What ${BRAND} may see`)).toHaveValue('none');
    await owner.reload();
    await expect(owner.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible();
    await expect(owner.getByText(name, { exact: true })).toHaveCount(0);
    await expect(owner.getByText(`@${handle}`)).toHaveCount(0);
    // Nor in the CSV.
    const csv = await owner.request.get(`${new URL(owner.url()).pathname}/export.csv`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('handle,consent,display_name,email');
    expect(text).not.toContain(handle);
  } finally {
    await ownerContext.close();
    await personContext.close();
  }
});

test('a stranger is refused the community', async ({ page }) => {
  // A new account: other specs make demo people managers of the demo brands.
  await signUp(page, uniqueHandle('cmx'));
  await page.goto('/brands');
  await page.getByRole('link', { name: BRAND, exact: true }).first().click();
  await expect(page).toHaveURL(/\/brands\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: BRAND })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Community' })).toHaveCount(0);
  const response = await page.goto(`${new URL(page.url()).pathname}/community`);
  expect(response?.status()).toBe(403);
  await expect(
    page.getByText('Only the brand’s owner and managers see its community.'),
  ).toBeVisible();
});

// Each brand's owner reads the site in their own language (their saved choice wins over the
// browser's): Nora in English, Isabel in Spanish, Elena in Italian.
for (const { owner, brand, heading, shot } of [
  { owner: 'demo_owner', brand: 'Verdana Home', heading: 'Community', shot: 'en' },
  { owner: 'isabel_navarro', brand: 'Hoteles Brisa', heading: 'Comunidad', shot: 'es' },
  { owner: 'elena_marchetti', brand: 'Pastificio Aurora', heading: 'Community', shot: 'it' },
])
  test(`the community page of ${brand} in ${shot}, with its saved segment applied`, async ({
    page,
  }) => {
    await signIn(page, owner);
    await page.goto('/brands');
    await page.getByRole('link', { name: brand, exact: true }).first().click();
    await page.getByRole('link', { name: heading, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', shot);
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toBeVisible();
    await snap(page, `community-${shot}`);
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(
      axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ')})`),
    ).toEqual([]);
    // The saved segment, applied from the panel.
    const segments = page.getByRole('complementary').getByRole('list').getByRole('link');
    await expect(segments).toHaveCount(1);
    await segments.first().click();
    await expect(page).toHaveURL(/\?segment=\d+$/);
    await expect(segments.first()).toHaveAttribute('aria-current', 'true');
    await expect(rows.nth(1)).toBeVisible();
    await snap(page, `community-segment-${shot}`);
  });
