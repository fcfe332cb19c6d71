// A new prosumer's journey: join, find an open challenge, share an idea, vote, comment and reply.
import { expect, test, type Page } from '@playwright/test';
import {
  OPEN_CHALLENGE_TITLE,
  accountLink,
  commentText,
  flash,
  ideaIdFrom,
  ideaRows,
  readVotes,
  signUp,
  uniqueHandle,
  voteScore,
  voteSplit,
} from './support/helpers';
import { snap } from './support/screenshot';

/** Resolves when the vote POST of the idea page has been answered (the fetcher's request). */
function voteAnswered(page: Page) {
  return page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/ideas\/\d+/.test(r.url()),
  );
}

test('a new prosumer joins, shares an idea, votes, comments and replies', async ({ page }) => {
  const handle = uniqueHandle('pro');
  const ideaTitle = `Refill cards for the whole street ${Date.now()}`;

  // Join.
  await signUp(page, handle, 'Pat Prosumer');

  // Find an open challenge through the filters.
  await page.getByLabel('Stage').selectOption({ label: 'Open for ideas' });
  await expect(page).toHaveURL(/[?&]stage=open\b/);
  await expect(page.getByText(/challenges? match your filters/)).toBeVisible();
  // Each card's stage badge reads "Stage: …" to screen readers ("Stage:" is visually hidden).
  const cards = page.getByRole('main').getByRole('article');
  const badges = cards.getByText(/^Stage: /);
  await expect(badges.first()).toBeVisible();
  expect(await badges.count()).toBe(await cards.count());
  for (const text of await badges.allTextContents()) expect(text).toBe('Stage: Open for ideas');
  await snap(page, 'challenges');

  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(OPEN_CHALLENGE_TITLE);
  const challengeUrl = page.url();
  await snap(page, 'challenge');

  // Share an idea.
  await page.getByRole('link', { name: 'Submit an idea' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Submit an idea');
  await page.getByLabel('Title').fill(ideaTitle);
  await page
    .getByLabel('Describe your idea')
    .fill(
      'A **shared refill card** for a whole street: one neighbour brings the empties, everyone gets a stamp.',
    );
  await page.getByLabel('Tags').fill('refill, community');
  await snap(page, 'idea-new');
  await page.getByRole('button', { name: 'Publish idea' }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  // The "Your idea is published…" flash is checked by the test below (known app bug).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ideaTitle);
  const myIdeaId = ideaIdFrom(page.url());

  // It is listed on the challenge, first under "New".
  await page.goto(challengeUrl);
  await page
    .getByRole('navigation', { name: 'Sort ideas' })
    .getByRole('link', { name: 'New' })
    .click();
  await expect(page).toHaveURL(/[?&]sort=new\b/);
  const newest = ideaRows(page).first();
  await expect(newest.getByRole('heading')).toHaveText(ideaTitle);
  await expect(newest).toContainText(`@${handle}`);
  await newest.getByRole('link', { name: ideaTitle }).click();
  await expect(page).toHaveURL(new RegExp(`/ideas/${myIdeaId}$`));
  // Authors cannot vote on their own idea: the panel shows the counts but no buttons.
  await expect(voteScore(page)).toHaveText('Score: 0');
  await expect(page.getByRole('button', { name: '▲ Support' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your idea' })).toBeVisible();

  // Vote on someone else's idea in the same challenge (the top one), then take the vote back.
  await page.goto(challengeUrl);
  const top = ideaRows(page).first();
  await expect(top).not.toContainText(`@${handle}`);
  await top.getByRole('heading').getByRole('link').click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  const ideaUrl = page.url();
  const score = voteScore(page);
  const counts = voteSplit(page);
  const before = await readVotes(page);
  const after = `${before.support + 1} support · ${before.oppose} oppose`;
  const unchanged = `${before.support} support · ${before.oppose} oppose`;

  const support = page.getByRole('button', { name: '▲ Support' });
  await expect(support).toHaveAttribute('aria-pressed', 'false');
  let answered = voteAnswered(page);
  await support.click();
  expect((await answered).status()).toBe(200);
  const supported = page.getByRole('button', { name: '✓ Supported' });
  await expect(supported).toHaveAttribute('aria-pressed', 'true');
  await expect(score).toHaveText(`Score: ${before.score + 1}`);
  await expect(counts).toHaveText(after);

  await page.reload();
  await expect(score).toHaveText(`Score: ${before.score + 1}`);
  await expect(supported).toHaveAttribute('aria-pressed', 'true');

  answered = voteAnswered(page);
  await supported.click();
  expect((await answered).status()).toBe(200);
  await expect(support).toHaveAttribute('aria-pressed', 'false');
  await expect(score).toHaveText(`Score: ${before.score}`);
  await expect(counts).toHaveText(unchanged);
  await page.reload();
  await expect(score).toHaveText(`Score: ${before.score}`);
  await expect(support).toHaveAttribute('aria-pressed', 'false');

  // Comment, then reply to the comment.
  const comment = `Would this work for flats too? (${handle})`;
  await page.getByLabel('Add a comment').fill(comment);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(flash(page)).toHaveText('Comment posted.');
  await expect(page).toHaveURL(/#comment-\d+$/);
  // The comment's thread: its list item in the discussion (the comment and its replies).
  const thread = page
    .getByRole('region', { name: 'Discussion' })
    .getByRole('listitem')
    .filter({ hasText: comment });
  await expect(commentText(page, comment)).toBeVisible();
  await expect(thread.getByRole('link', { name: `@${handle}`, exact: true })).toBeVisible();
  await expect(page.getByLabel('Add a comment')).toHaveValue('');

  const reply = `Answering myself: yes, one card per stairwell. (${handle})`;
  await thread.getByText('Reply', { exact: true }).first().click(); // the disclosure's summary
  await thread.getByLabel(`Reply to @${handle}`).fill(reply);
  await thread.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(flash(page)).toHaveText('Reply posted.');
  const replies = thread.getByRole('list').getByRole('listitem');
  await expect(replies).toHaveCount(1);
  await expect(replies.getByText(reply, { exact: true }).filter({ visible: true })).toBeVisible();
  expect(page.url().startsWith(ideaUrl)).toBe(true);
  await expect(accountLink(page, handle)).toBeVisible();
  await snap(page, 'idea');
});

// The flash survives Remix's route discovery request on the way to a page not yet visited.
test('the "idea published" flash is shown after publishing', async ({ page }) => {
  const handle = uniqueHandle('fl');
  await signUp(page, handle);
  await page.goto('/challenges?stage=open');
  await page.getByRole('link', { name: OPEN_CHALLENGE_TITLE }).click();
  await page.getByRole('link', { name: 'Submit an idea' }).click();
  await page.getByLabel('Title').fill(`Flash check ${handle}`);
  await page
    .getByLabel('Describe your idea')
    .fill('Checking that the confirmation message is shown after publishing.');
  await page.getByRole('button', { name: 'Publish idea' }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Flash check ${handle}`);
  await expect(flash(page)).toContainText('Your idea is published', { timeout: 2_000 });
});
