// Live updates between two people at once: presence on a challenge page, "Show N new ideas", vote
// counts, comments and the notification badge, all pushed over Socket.IO without a reload.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  accountLink,
  commentText,
  flash,
  ideaIdFrom,
  ideaRows,
  notificationsLink,
  openFirstIdea,
  presence,
  rowScore,
  signIn,
  signUp,
  uniqueHandle,
  voteScore,
  voteSplit,
} from './support/helpers';
import { snap } from './support/screenshot';

/** A seeded open challenge no other spec writes to; person A has no idea in it. */
const CHALLENGE_TITLE = 'Tu escapada perfecta de fin de semana en la costa';
/** A seeded prosumer (demo password). */
const USER_A = 'emma_walsh';
/** Anything pushed live must show up within this long. */
const LIVE = { timeout: 2_000 };

async function personSignedIn(browser: Browser, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, handle);
  return page;
}

/**
 * A new person each run: the challenge allows two ideas per person, so a seeded author would hit
 * the limit when the test runs again on the same database (a retry, --repeat-each).
 */
async function newPersonSignedUp(browser: Browser, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signUp(page, handle);
  return page;
}

/**
 * Votes are not told by default (decision 019): the person asks for them, posting the settings form
 * as the page does (the page itself is tested in notification-settings.spec.ts; posting keeps this
 * long test within its time).
 */
async function hearOfVotes(page: Page): Promise<void> {
  const response = await page.request.post('/settings/notifications', {
    headers: { Origin: new URL(page.url()).origin },
    form: {
      replies: 'in_app',
      mentions: 'in_app',
      comments: 'off',
      votes: 'in_app',
      builds: 'off',
      rewards: 'in_app',
      follows: 'off',
      stages: 'off',
      moderation: 'in_app',
      intents: 'in_app',
    },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers().location).toBe('/settings/notifications');
}

/**
 * Opens the challenge from the list of open challenges, newest ideas first (a new idea is on the
 * first page however many earlier runs added), and returns its URL.
 */
async function openChallenge(page: Page): Promise<string> {
  await page.goto('/challenges?stage=open');
  await page.getByRole('link', { name: CHALLENGE_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(CHALLENGE_TITLE);
  await page.getByRole('link', { name: 'New', exact: true }).click();
  await expect(page.getByRole('link', { name: 'New', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  return page.url();
}

/** The unread count the header's notifications link is named with (none named: 0). */
async function unread(page: Page): Promise<number> {
  const name = (await notificationsLink(page).getAttribute('aria-label')) ?? '';
  return Number(/(\d+) unread/.exec(name)?.[1] ?? 0);
}

test('two people see each other live: presence, new ideas, votes, comments, notifications', async ({
  browser,
}) => {
  const USER_B = uniqueHandle('live_b');
  const a = await personSignedIn(browser, USER_A);
  const b = await newPersonSignedUp(browser, USER_B);
  try {
    await hearOfVotes(b);
    const ideaTitle = `Sunset kayak and tapas for two (${Date.now().toString(36)})`;

    // Presence: A alone, then B joins, then B leaves (a client-side navigation to the idea form).
    const challengeUrl = await openChallenge(a);
    const presenceA = presence(a);
    await expect(presenceA).toHaveText('1 person here now');
    await b.goto(challengeUrl);
    await expect(b.getByRole('heading', { level: 1 })).toHaveText(CHALLENGE_TITLE);
    // B's own count comes once B's page has loaded its scripts and subscribed (not bound by LIVE:
    // that includes hydration); from then on, A must hear about B within LIVE.
    await expect(presence(b)).toHaveText('2 people here now');
    await expect(presenceA).toHaveText('2 people here now', LIVE);

    await b.getByRole('link', { name: 'Submit an idea' }).click();
    await expect(b.getByRole('heading', { level: 1 })).toHaveText('Submit an idea');
    await expect(presenceA).toHaveText('1 person here now', LIVE);

    // B publishes an idea; A is offered it without a reload, and shows it.
    await b.getByLabel('Title').fill(ideaTitle);
    await b
      .getByLabel('Describe your idea')
      .fill(
        'A kayak at sunset along the coast, then tapas on the beach: **one booking**, everything included.',
      );
    await b.getByRole('button', { name: 'Publish idea' }).click();
    await expect(b).toHaveURL(/\/ideas\/\d+$/);
    await expect(b.getByRole('heading', { level: 1 })).toContainText(ideaTitle);
    const ideaId = ideaIdFrom(b.url());

    const showNew = a.getByRole('button', { name: 'Show 1 new idea' });
    const row = ideaRows(a, ideaTitle);
    await expect(showNew).toBeVisible(LIVE);
    await expect(row).toHaveCount(0); // not reloaded by itself
    await showNew.click();
    await expect(row).toBeVisible();
    await expect(row).toContainText(`@${USER_B}`);
    await expect(ideaRows(a).first()).toContainText(ideaTitle);
    await expect(showNew).toHaveCount(0);
    await expect(presenceA).toHaveText('1 person here now');
    await snap(a, 'live-challenge');

    // A supports B's idea while B looks at it: B's counts and notification badge move by themselves.
    await expect(voteScore(b)).toHaveText('Score: 0');
    await expect(voteSplit(b)).toHaveText('0 support · 0 oppose');
    await expect(accountLink(b, USER_B)).toBeVisible();
    // B is new: publishing earned the "First idea" badge, told by a notification pushed live once the
    // badge consumer has seen the idea.
    await expect.poll(() => unread(b), LIVE).toBe(1);
    const unreadBefore = await unread(b);

    await row.getByRole('link', { name: ideaTitle }).click();
    await expect(a).toHaveURL(new RegExp(`/ideas/${ideaId}$`));
    const support = a.getByRole('button', { name: '▲ Support' });
    await expect(support).toHaveAttribute('aria-pressed', 'false');
    const voted = a.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(`/ideas/${ideaId}`),
    );
    await support.click();
    expect((await voted).status()).toBe(200);
    await expect(a.getByRole('button', { name: '✓ Supported' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await expect(voteSplit(b)).toHaveText('1 support · 0 oppose', LIVE);
    await expect(voteScore(b)).toHaveText('Score: 1', LIVE);
    // The support, and the "First supporter" badge it earns.
    await expect(notificationsLink(b)).toHaveAccessibleName(
      `Notifications, ${unreadBefore + 2} unread`,
      LIVE,
    );

    // A comments; the comment appears on B's page without a reload.
    const comment = `Count me in, I would book this tomorrow! (${Date.now().toString(36)})`;
    await a.getByLabel('Add a comment').fill(comment);
    await a.getByRole('button', { name: 'Post comment' }).click();
    // (Not the "Comment posted." flash: the live reload wipes it, see the known-bug test below.)
    await expect(a).toHaveURL(/#comment-\d+$/);
    await expect(commentText(a, comment)).toBeVisible();
    await expect(commentText(b, comment)).toBeVisible(LIVE);
    await expect(voteScore(b)).toHaveText('Score: 1');
    await snap(b, 'live-idea');

    // B watches the challenge list while A takes the vote back: the row's score follows.
    await b.goto(challengeUrl);
    const rowB = ideaRows(b, ideaTitle);
    await expect(rowScore(rowB)).toHaveText('1 vote');
    // Subscribed (after hydration, hence not LIVE): from here on, changes must arrive within LIVE.
    await expect(presence(b)).toHaveText('1 person here now');
    const withdrawn = a.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(`/ideas/${ideaId}`),
    );
    await a.getByRole('button', { name: '✓ Supported' }).click();
    expect((await withdrawn).status()).toBe(200);
    await expect(rowScore(rowB)).toHaveText('0 votes', LIVE);
  } finally {
    await a.context().close();
    await b.context().close();
  }
});

// The flash of one's own action survives the live reload that one's own comment triggers, even
// when that reload is due while the page is still loading the data the comment's redirect asked for
// (a reload then used to restart the navigation, and the flash, read once, was gone).
test('the "Comment posted." flash stays after the live update of one\'s own comment', async ({
  browser,
}) => {
  const a = await personSignedIn(browser, USER_A);
  try {
    await openChallenge(a);
    await openFirstIdea(a);
    await expect(a).toHaveURL(/\/ideas\/\d+$/);
    await expect(voteScore(a)).toBeVisible();

    // Page data answers slowly from now on (a busy server): the server has answered, and so read
    // the flash, well before the page gets the answer, and the live event arrives meanwhile.
    let dataLoads = 0;
    await a.route(/\.data(\?|$)/, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      dataLoads += 1;
      await route.fulfill({ response }).catch(() => {}); // an abandoned request is fine
    });
    const comment = `Flash check ${Date.now().toString(36)}`;
    await a.getByLabel('Add a comment').fill(comment);
    await a.getByRole('button', { name: 'Post comment' }).click();
    await expect(a).toHaveURL(/#comment-\d+$/);
    await expect(commentText(a, comment)).toBeVisible({
      timeout: 10_000,
    });
    // The redirect's data, then the live reload of one's own comment.
    await expect.poll(() => dataLoads, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect(flash(a)).toHaveText('Comment posted.', { timeout: 500 });
  } finally {
    await a.context().close();
  }
});
