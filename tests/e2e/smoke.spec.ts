import { expect, test } from '@playwright/test';
import { snap } from './support/screenshot';

test('home page renders', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/Cocrea/);
  await snap(page, 'home');
});

test('health check answers ok', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.ok()).toBe(true);
  expect(await response.json()).toMatchObject({ ok: true });
});
