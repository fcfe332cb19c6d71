// Bad input: field errors next to the fields, typed values kept. And forms without JavaScript.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import {
  OPEN_CHALLENGE_TITLE,
  accountLink,
  commentText,
  flash,
  openFirstIdea,
  signIn,
  uniqueHandle,
} from './support/helpers';

const MISMATCH = 'That handle/email and password do not match. Check them and try again.';

test('sign-up with a bad email and a short password shows both errors and keeps the input', async ({
  page,
}) => {
  const handle = uniqueHandle('bad');
  await page.goto('/signup');
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Name').fill('Typo Tester');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(
    page.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' }),
  ).toBeVisible();
  const email = page.getByLabel('Email');
  const password = page.getByLabel('Password');
  await expect(
    page.getByText('Enter a valid email address, like name@example.com.', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText('Passwords are at least 10 characters.', { exact: true }),
  ).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Passwords are at least 10 characters\./);
  // What was typed stays, except the password, which is never sent back.
  await expect(page.getByLabel('Handle')).toHaveValue(handle);
  await expect(page.getByLabel('Name')).toHaveValue('Typo Tester');
  await expect(email).toHaveValue('not-an-email');
  await expect(page.getByLabel('Handle')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Join' })).toBeVisible();
});

test('sign-in with a wrong password or an unknown handle says they do not match', async ({
  page,
}) => {
  await page.goto('/signin');
  await page.getByLabel('Handle or email').fill(DEMO_USERS.prosumer);
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(MISMATCH);
  await expect(page.getByLabel('Handle or email')).toHaveValue(DEMO_USERS.prosumer);

  const unknown = uniqueHandle('nobody');
  await page.getByLabel('Handle or email').fill(unknown);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByLabel('Handle or email')).toHaveValue(unknown);
  await expect(page.getByRole('alert')).toHaveText(MISMATCH);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('a new idea with a three-character title is refused and the text is kept', async ({
  page,
}) => {
  await signIn(page, DEMO_USERS.prosumer);
  await page.goto('/challenges?stage=open');
  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await page.getByRole('link', { name: 'Submit an idea' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Submit an idea');
  const body = 'Long enough description of an idea whose title is far too short.';
  await page.getByLabel('Title').fill('Abc');
  await page.getByLabel('Describe your idea').fill(body);
  await page.getByRole('button', { name: 'Publish idea' }).click();

  await expect(page.getByText('Titles are 5–120 characters.', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title')).toHaveAccessibleDescription(
    /Titles are 5–120 characters\./,
  );
  await expect(page.getByLabel('Title')).toHaveValue('Abc');
  await expect(page.getByLabel('Describe your idea')).toHaveValue(body);
  await expect(page.getByLabel('Describe your idea')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/ideas\/new$/);
});

test('without JavaScript, signing in (after a failed try) and commenting still work', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto('/signin?redirectTo=/challenges?stage=open');
    // A failed attempt is answered by a server-rendered page: the error, the login kept, the
    // password (never sent back) empty.
    await page.getByLabel('Handle or email').fill(DEMO_USERS.prosumer);
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(MISMATCH);
    await expect(page.getByLabel('Handle or email')).toHaveValue(DEMO_USERS.prosumer);
    await expect(page.getByLabel('Password')).toHaveValue('');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/challenges\?stage=open$/);
    await expect(accountLink(page, DEMO_USERS.prosumer)).toBeVisible();

    await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
    await openFirstIdea(page);
    await expect(page).toHaveURL(/\/ideas\/\d+$/);

    const text = `Posted with JavaScript off (${Date.now()}).`;
    await page.getByLabel('Add a comment').fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(page).toHaveURL(/\/ideas\/\d+\?comments=\d+#comment-\d+$/);
    await expect(flash(page)).toHaveText('Comment posted.');
    await expect(commentText(page, text)).toBeVisible();
  } finally {
    await context.close();
  }
});
