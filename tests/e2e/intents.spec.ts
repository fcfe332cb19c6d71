// Intents (issue 17): a prosumer posts what they need to two brands; one brand's owner, in another
// browser, answers with an offer; the offer arrives on the prosumer's page without a reload; the
// prosumer accepts it, and only then does the brand see the contact email. Also the brand pages in
// Spanish and Italian, for the screenshots.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { flash, signIn } from './support/helpers';
import { snap } from './support/screenshot';

/** A seeded prosumer with no intents of their own (demo password). */
const PROSUMER = 'oliver_bennett';
const CONTACT = 'oliver.bennett@example.com';
/** Verdana Home's owner (English) answers; Hoteles Brisa is the other brand picked. */
const OWNER = 'demo_owner';
const LIVE = { timeout: 2_000 };

async function personSignedIn(browser: Browser, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, handle);
  return page;
}

const isoDay = (daysFromNow: number) =>
  new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

test('a prosumer posts an intent to two brands, an offer arrives live, and accepting it shares the contact email', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const title = `Refill pouches for a shared house ${Date.now().toString(36)}`;

  // The prosumer writes the intent for two brands they pick.
  const prosumer = await personSignedIn(browser, PROSUMER);
  await prosumer.getByRole('banner').getByRole('link', { name: 'Intents' }).click();
  await expect(prosumer.getByRole('heading', { name: 'My intents' })).toBeVisible();
  await prosumer.getByRole('link', { name: 'New intent' }).first().click();
  await prosumer.getByLabel('Title').fill(title);
  await prosumer
    .getByLabel('Description')
    .fill('Five people, about **4 litres** of washing-up liquid a month, delivered.');
  await prosumer.getByLabel('Tags').fill('refill, delivery');
  await prosumer.getByLabel('Place').fill('Bristol');
  await prosumer.getByLabel('Only the brands I pick').check();
  await prosumer.getByRole('checkbox', { name: 'Verdana Home' }).check();
  await prosumer.getByRole('checkbox', { name: 'Hoteles Brisa' }).check();
  await expect(prosumer.getByLabel('Contact email')).toHaveValue(CONTACT);
  await snap(prosumer, 'intent-new-en');
  await prosumer.getByRole('button', { name: 'Publish' }).click();
  await expect(flash(prosumer)).toContainText('Your intent is published');
  await expect(prosumer.getByRole('heading', { name: title })).toBeVisible();
  await expect(prosumer.getByText('No offers yet')).toBeVisible();
  const intentUrl = prosumer.url();

  // The brand owner, in another browser, finds it among the intents addressed to Verdana.
  const owner = await personSignedIn(browser, OWNER);
  await owner.goto('/brands/verdana-home');
  await owner.getByRole('link', { name: 'Intents', exact: true }).last().click();
  await expect(owner.getByRole('heading', { name: 'Intents', exact: true })).toBeVisible();
  await owner.getByRole('textbox', { name: 'Tag', exact: true }).fill('delivery');
  await owner.getByRole('button', { name: 'Apply filters' }).click();
  await owner.getByRole('link', { name: title }).click();
  await expect(owner.getByRole('heading', { name: title })).toBeVisible();
  // No contact details before an accepted offer.
  await expect(owner.getByText(CONTACT)).toHaveCount(0);
  await owner
    .getByLabel('What you offer')
    .fill('A 5-litre returnable can of **unscented** washing-up liquid, delivered monthly.');
  await owner.getByLabel('Conditions').fill('Cancel any month before the 25th.');
  await owner.getByLabel('Price (whole amount)').fill('21');
  await owner.getByLabel('Currency').selectOption('GBP');
  await owner.getByLabel('Valid until').fill(isoDay(20));
  await owner.getByRole('button', { name: 'Make the offer' }).click();
  await expect(owner.getByRole('button', { name: 'Withdraw the offer' })).toBeVisible();

  // The other brand picked sees the intent too, without any contact details.
  const brisa = await personSignedIn(browser, 'isabel_navarro');
  await brisa.goto('/brands/hoteles-brisa/intents');
  await brisa.getByRole('link', { name: title }).click();
  await expect(brisa.getByRole('heading', { name: title })).toBeVisible();
  await expect(brisa.getByText(CONTACT)).toHaveCount(0);

  // The offer arrives on the prosumer's page without a reload.
  await expect(prosumer).toHaveURL(intentUrl);
  await expect(
    prosumer.getByRole('button', { name: 'Accept the offer of Verdana Home' }),
  ).toBeVisible(LIVE);
  await expect(prosumer.getByText('A new offer arrived.')).toBeVisible(LIVE);
  await snap(prosumer, 'intent-author-offer-en');

  // The prosumer accepts it (the page asks to confirm: accepting closes the intent).
  await prosumer.getByRole('button', { name: 'Accept the offer of Verdana Home' }).click();
  await expect(prosumer.getByRole('status').filter({ hasText: 'Offer accepted' })).toBeVisible();
  await expect(
    prosumer.getByRole('button', { name: 'Accept the offer of Verdana Home' }),
  ).toHaveCount(0);
  await expect(prosumer.getByText(/Accepted$/).first()).toBeVisible();

  // Now, and only now, the brand sees the contact email (its page reloads by itself).
  await expect(owner.getByText(CONTACT)).toBeVisible({ timeout: 5_000 });
  await snap(owner, 'intent-brand-accepted-en');

  // The other brand picked saw the intent while it was open but never its contact email; now that
  // the one offer the author wanted is accepted, the intent is closed and gone from its list.
  await brisa.reload();
  await expect(brisa.getByRole('heading', { name: title })).toHaveCount(0);
  await brisa.goto('/brands/hoteles-brisa/intents');
  await expect(brisa.getByRole('link', { name: title })).toHaveCount(0);

  for (const page of [prosumer, owner, brisa]) await page.context().close();
});

test('the brands read the intents addressed to them in Spanish and Italian', async ({
  browser,
}) => {
  const brisa = await personSignedIn(browser, 'isabel_navarro');
  await brisa.goto('/brands/hoteles-brisa/intents');
  await expect(brisa.locator('html')).toHaveAttribute('lang', 'es');
  await expect(
    brisa.getByRole('link', { name: 'A week in a 3-star hotel in Valencia in June' }),
  ).toBeVisible();
  await snap(brisa, 'intents-brand-list-es');
  await brisa.getByRole('link', { name: 'A week in a 3-star hotel in Valencia in June' }).click();
  // Brisa's offer was accepted in the demo: the contact email is there.
  await expect(brisa.getByText('demo.prosumer@example.com')).toBeVisible();
  await snap(brisa, 'intent-brand-detail-es');

  const aurora = await personSignedIn(browser, 'elena_marchetti');
  await aurora.goto('/brands/pastificio-aurora/intents');
  await expect(aurora.locator('html')).toHaveAttribute('lang', 'it');
  await expect(
    aurora.getByRole('link', { name: 'Pasta fresca sin gluten para una cena de 12 personas' }),
  ).toBeVisible();
  await snap(aurora, 'intents-brand-list-it');

  const author = await personSignedIn(browser, 'demo_prosumer');
  await author.goto('/intents');
  await snap(author, 'intents-mine-en');
  await author.getByRole('link', { name: 'Laundry liquid refills delivered every month' }).click();
  await expect(
    author.getByRole('button', { name: 'Accept the offer of Verdana Home' }),
  ).toBeVisible();
  await snap(author, 'intent-author-detail-en');
  for (const page of [brisa, aurora, author]) await page.context().close();
});
