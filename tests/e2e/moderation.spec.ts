// Moderation end to end (issue 15): three people flag an idea and it disappears from a visitor's open
// page at once; a moderator restores it from the review queue (and it comes back), hides another
// flagged idea and dismisses the flags of a comment; the audit log then shows those four actions
// with their reasons. Screenshots of the queue and the audit log in the three languages.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ideaRows, signIn } from './support/helpers';
import { snap } from './support/screenshot';

/** The seeded open challenge where the demo's moderation happens. */
const CHALLENGE = 'Refill stations people actually use';
/** A seeded idea of that challenge, by priya_shah, that nobody has flagged. */
const TARGET = 'Weigh, label and price at the station itself';
/** The seeded idea left in the queue with two flags. */
const FLAGGED = 'Put the station by the checkout, not in aisle 9';
/** Seeded English-speaking prosumers with more than 15 reputation, none the target's author. */
const FLAGGERS = ['hannah_okafor', 'lena_kowalski', 'tom_adeyemi'];
/** Live updates reload the list: allow for the reload, not for a page refresh. */
const LIVE = { timeout: 5_000 };

const REASONS = {
  restore: 'Checked: a genuine idea about the checkout, the flags were mistaken.',
  hide: 'Advertises a payment app; not an idea for the refill stations.',
  dismiss: 'Comparing with another country is on topic here.',
};

async function signedIn(browser: Browser, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, handle);
  return page;
}

/** The queue's card of an item, by the heading that names it. */
function card(page: Page, heading: string | RegExp) {
  return page
    .locator('li.queue-item')
    .filter({ has: page.getByRole('heading', { name: heading }) });
}

/** Opens one action of a card, gives the reason, and sends it. */
async function act(page: Page, heading: string | RegExp, action: string, reason: string) {
  const item = card(page, heading);
  await item.getByText(action, { exact: true }).first().click();
  const form = item.locator('details[open]');
  await form.getByLabel('Reason (up to 500 characters)').fill(reason);
  await form.getByRole('button', { name: action, exact: true }).click();
}

test('three flags hide an idea live; a moderator restores it; the audit log keeps the reasons', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // A visitor reading the challenge.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/challenges');
  await visitor.getByRole('link', { name: CHALLENGE }).first().click();
  await expect(ideaRows(visitor, TARGET)).toHaveCount(1);
  const challengeUrl = visitor.url();

  // Three people flag the idea; the first two leave it in place.
  let ideaUrl = '';
  for (const [i, handle] of FLAGGERS.entries()) {
    const page = await signedIn(browser, handle);
    await page.goto(challengeUrl);
    await ideaRows(page, TARGET).getByRole('link', { name: TARGET }).click();
    await page.getByText('Flag this idea', { exact: true }).first().click();
    const panel = page.getByRole('region', { name: 'Flag this idea' });
    await panel.getByLabel(i === 1 ? 'Offensive' : 'Spam').check();
    if (i === 0) await snap(page, 'idea-flag-form-en');
    ideaUrl = page.url();
    await panel.getByRole('button', { name: 'Send flag' }).click();
    await expect(
      page.getByText(
        i < 2
          ? 'Thanks — reviewers will look at it.'
          : 'Thanks — it is now hidden until a reviewer looks at it.',
      ),
    ).toBeVisible();
    if (i < 2) await expect(ideaRows(visitor, TARGET)).toHaveCount(1);
    await page.context().close();
  }
  // The third flag hid it: gone from the visitor's open page without a reload.
  await expect(ideaRows(visitor, TARGET)).toHaveCount(0, LIVE);
  // Its author still sees it, with why; anyone else finds nothing there.
  const author = await signedIn(browser, 'priya_shah');
  await author.goto(ideaUrl);
  await expect(
    author.getByText(/This idea is hidden, pending review, after 3 flags/),
  ).toBeVisible();
  await snap(author, 'idea-hidden-author-en');
  await author.context().close();
  expect((await visitor.request.get(ideaUrl)).status()).toBe(404);

  // The moderator's queue: the hidden idea, the seeded flagged idea and comment.
  const moderator = await signedIn(browser, 'demo_moderator');
  await moderator.getByRole('link', { name: 'Moderation' }).click();
  await expect(moderator.getByRole('heading', { name: 'Review queue', level: 1 })).toBeVisible();
  await expect(card(moderator, TARGET)).toContainText('Hidden, pending review');
  await snap(moderator, 'moderation-queue-en');

  await act(moderator, TARGET, 'Restore', REASONS.restore);
  await expect(moderator.getByText('Content restored.')).toBeVisible();
  await expect(card(moderator, TARGET)).toHaveCount(0);
  // Back on the visitor's page, live.
  await expect(ideaRows(visitor, TARGET)).toHaveCount(1, LIVE);

  await act(moderator, FLAGGED, 'Hide', REASONS.hide);
  await expect(moderator.getByText('Content hidden.')).toBeVisible();
  await expect(ideaRows(visitor, FLAGGED)).toHaveCount(0, LIVE);

  await act(moderator, /^Comment on/, 'Dismiss flags', REASONS.dismiss);
  await expect(moderator.getByText('Flags dismissed.')).toBeVisible();

  // The audit log: the four actions with their reasons.
  await moderator.getByRole('link', { name: 'Audit log' }).click();
  const log = moderator.locator('table.audit-table');
  await expect(log).toBeVisible();
  for (const reason of Object.values(REASONS)) await expect(log).toContainText(reason);
  await expect(log).toContainText('3 flags: spam, offensive');
  await snap(moderator, 'moderation-audit-en');

  // The same pages in Spanish and Italian.
  for (const locale of ['es', 'it'] as const) {
    const switched = await moderator.request.post('/locale', {
      headers: { Origin: new URL(moderator.url()).origin },
      form: { locale, redirectTo: '/moderation' },
    });
    expect(switched.ok()).toBe(true);
    await moderator.goto('/moderation');
    await expect(moderator.locator('html')).toHaveAttribute('lang', locale);
    await snap(moderator, `moderation-queue-${locale}`);
    await moderator.goto('/moderation/audit');
    await snap(moderator, `moderation-audit-${locale}`);
  }
  await moderator.request.post('/locale', {
    headers: { Origin: new URL(moderator.url()).origin },
    form: { locale: 'en', redirectTo: '/' },
  });
});
