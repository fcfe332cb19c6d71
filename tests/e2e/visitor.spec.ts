// What a signed-out visitor can and cannot do, including forged and cross-site requests.
import { expect, test } from '@playwright/test';
import { DEMO_USERS } from './support/demo';
import { OPEN_CHALLENGE_TITLE, ideaIdFrom, openFirstIdea, voteSplit } from './support/helpers';
import { snap } from './support/screenshot';

test('a visitor browses home, challenges, an idea and a profile', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Co-create');
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Join' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Open challenges' })).toBeVisible();
  await snap(page, 'home');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Challenges' })
    .click();
  await expect(page).toHaveURL(/\/challenges$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges');
  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(OPEN_CHALLENGE_TITLE);
  // Submitting needs an account: the link leads to sign-in and back.
  await page.getByRole('link', { name: 'Submit an idea' }).click();
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2Fchallenges%2F[^&]+%2Fideas%2Fnew$/);
  await page.goBack();

  await openFirstIdea(page);
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  const votes = page.getByRole('region', { name: 'Votes' });
  await expect(votes.getByText('Sign in to vote.')).toBeVisible();
  await expect(votes.getByRole('link', { name: 'Sign in' })).toHaveAttribute(
    'href',
    /^\/signin\?redirectTo=%2Fideas%2F\d+$/,
  );
  await expect(page.getByRole('button', { name: /Support/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Oppose/ })).toHaveCount(0);
  await expect(page.getByLabel('Add a comment')).toHaveCount(0);
  await expect(page.getByText('to join the discussion.')).toBeVisible();

  await page.goto(`/u/${DEMO_USERS.prosumer}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`@${DEMO_USERS.prosumer}`);
  await expect(page.getByRole('heading', { name: /^Ideas/ })).toBeVisible();
  await snap(page, 'profile');
});

test('votes without a session, or from another site, are refused', async ({ page, baseURL }) => {
  await page.goto('/challenges?stage=open');
  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await openFirstIdea(page);
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  const id = ideaIdFrom(page.url());
  const counts = voteSplit(page);
  await expect(counts).toBeVisible();
  const countsBefore = await counts.textContent();

  // The idea page is an index route without a parent layout, so a POST reaches its action with or
  // without Remix's `?index` marker: both must be refused for lack of a session.
  for (const path of [`/ideas/${id}`, `/ideas/${id}?index`]) {
    const anonymous = await page.request.post(path, {
      form: { intent: 'vote', value: '1' },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(anonymous.status(), `POST ${path}`).toBe(401);
    expect(await anonymous.text()).toContain('Please sign in to vote.');
  }

  const crossSite = await page.request.post(`/ideas/${id}`, {
    form: { intent: 'vote', value: '1' },
    headers: { Origin: 'http://evil.example' },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain('Cross-site request refused');

  await page.reload();
  await expect(counts).toHaveText(countsBefore!);
});

test('an unknown address shows "Page not found" with status 404', async ({ page }) => {
  const response = await page.goto('/this/page/does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Browse challenges' })).toBeVisible();
  await snap(page, 'not-found');

  const missingIdea = await page.goto('/ideas/999999');
  expect(missingIdea?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('the sign-in and sign-up pages render', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByLabel('Handle or email')).toBeFocused();
  await snap(page, 'signin');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join Cocrea');
  await expect(page.getByLabel('Handle')).toBeVisible();
  await snap(page, 'signup');
});
