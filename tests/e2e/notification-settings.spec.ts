// Notification settings end to end: reached from the header and from /notifications, quiet
// defaults, a choice saved and kept, email off on a site without SMTP (the e2e server has none),
// the page in English, Spanish and Italian, and an unsubscribe link that does not verify.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { flash, signIn, signUp, uniqueHandle } from './support/helpers';
import { snap } from './support/screenshot';

const radio = (page: Page, name: string) => page.getByRole('radio', { name, exact: true });

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help}`);
}

test('a person chooses what they are told about, and the choice is kept', async ({ page }) => {
  const handle = uniqueHandle('quiet');
  await signUp(page, handle);

  await page.getByRole('banner').getByRole('link', { name: 'Notification settings' }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notification settings');

  // Quiet by default: replies, mentions and rewards in the app, the rest off.
  await expect(radio(page, 'Replies: In the app')).toBeChecked();
  await expect(radio(page, 'Mentions: In the app')).toBeChecked();
  await expect(radio(page, 'Rewards and badges: In the app')).toBeChecked();
  await expect(radio(page, 'Votes on your ideas: Off')).toBeChecked();
  await expect(radio(page, 'Comments on your ideas: Off')).toBeChecked();

  // No SMTP on this server: email is off, said so, and the digest cannot be chosen.
  await expect(page.getByText('Email is off on this site')).toBeVisible();
  await expect(radio(page, 'Votes on your ideas: In the email digest')).toBeDisabled();
  await expect(radio(page, 'Daily')).toBeDisabled();
  expect(await axeViolations(page)).toEqual([]);
  await snap(page, 'notification-settings-en');

  await radio(page, 'Votes on your ideas: In the app').check();
  await radio(page, 'Replies: Off').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(flash(page)).toHaveText('Your notification settings are saved.');
  await page.reload();
  await expect(radio(page, 'Votes on your ideas: In the app')).toBeChecked();
  await expect(radio(page, 'Replies: Off')).toBeChecked();
  await expect(radio(page, 'Mentions: In the app')).toBeChecked();

  // Also reached from the notifications page.
  await page.goto('/notifications');
  await page.getByRole('link', { name: 'Choose what you are told about' }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
});

test('a visitor is sent to sign in first', async ({ page }) => {
  await page.goto('/settings/notifications');
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2Fsettings%2Fnotifications$/);
});

for (const [lang, handle, heading, emailOff] of [
  ['es', 'javi_moreno', 'Ajustes de notificaciones', 'El correo electrónico está desactivado'],
  ['it', 'francesca_gallo', 'Impostazioni delle notifiche', 'L’email è disattivata'],
] as const) {
  test(`the settings page in ${lang}`, async ({ page }) => {
    await signIn(page, handle);
    await page.goto('/settings/notifications');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByText(emailOff)).toBeVisible();
    await snap(page, `notification-settings-${lang}`);
  });
}

test('an unsubscribe link that does not verify says so (400) and offers the settings', async ({
  page,
}) => {
  const response = await page.goto('/unsubscribe?token=someone.all.1900000000.forged');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'This unsubscribe link is not valid',
  );
  await expect(page.getByRole('link', { name: 'Open the notification settings' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await snap(page, 'unsubscribe-invalid');
});
