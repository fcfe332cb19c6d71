// Judging and rewards end to end: the owner of a brand scores, shortlists and awards its challenge
// in review while the winner watches their own idea page in another browser, sees the reward arrive
// live, and then finds the points, the badge and the reward on their profile. Both are Italian
// accounts (their saved language), so the pages — and the screenshots — are in Italian.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openFirstIdea, signIn } from './support/helpers';
import { snap } from './support/screenshot';

/** The seeded Italian challenge in review, owned by Pastificio Aurora (elena_marchetti). */
const CHALLENGE_TITLE = 'Il formato di pasta per l’estate';
const OWNER = 'elena_marchetti';
/** The winner: marco_rossi's idea, already shortlisted by the seed. */
const WINNER = 'marco_rossi';
const WINNING_IDEA = 'Conchiglie piccole con la rigatura interna';
const RUNNER_UP = 'Una spirale corta per la schiscetta';
/** Not shortlisted yet: the owner scores and shortlists it in this test. */
const THIRD = 'Pasta al limone della costiera';
const LIVE = { timeout: 3_000 };

async function personSignedIn(browser: Browser, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, handle);
  return page;
}

test('a brand owner scores, shortlists and awards; the winner sees the reward live and on their profile', async ({
  browser,
}) => {
  const owner = await personSignedIn(browser, OWNER);
  const winner = await personSignedIn(browser, WINNER);
  try {
    // The winner watches their idea page.
    await winner.goto('/challenges?stage=review');
    await winner.getByRole('link', { name: CHALLENGE_TITLE }).click();
    await winner.getByRole('link', { name: WINNING_IDEA }).first().click();
    await expect(winner.getByRole('heading', { level: 1 })).toContainText(WINNING_IDEA);
    await expect(winner.getByText(/Vincitrice — /)).toHaveCount(0);

    // The owner opens the judging from the challenge page.
    await owner.goto('/challenges?stage=review');
    await owner.getByRole('link', { name: CHALLENGE_TITLE }).click();
    await owner.getByRole('link', { name: 'Apri la valutazione' }).click();
    await expect(owner.getByRole('heading', { level: 1, name: 'Valutazione' })).toBeVisible();

    // Scores the third idea on every criterion and submits the scorecard.
    const card = owner.getByRole('listitem').filter({
      has: owner.getByRole('heading', { name: new RegExp(THIRD) }),
    });
    const inputs = card.getByRole('spinbutton');
    const n = await inputs.count();
    expect(n).toBe(3);
    for (let i = 0; i < n; i++) await inputs.nth(i).fill(String(4 + (i % 2)));
    await card.getByRole('button', { name: 'Invia scheda' }).click();
    await expect(owner.getByText('Scheda inviata.')).toBeVisible();
    await expect(card.getByText(/^Media [\d,]+ da 1 giudice/)).toBeVisible();
    await expect(card.getByText('La tua scheda è inviata e definitiva.')).toBeVisible();

    // Shortlists it.
    await card.getByRole('button', { name: 'Metti in rosa', exact: true }).click();
    await expect(owner.getByText('Idea messa in rosa.')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Togli dalla rosa' })).toBeVisible();
    await snap(owner, 'judging-it');

    // Awards the three places.
    const award = owner.getByRole('region', { name: 'Premiazione' });
    const place = async (label: RegExp, title: string) => {
      const select = award.getByLabel(label);
      const value = await select
        .getByRole('option', { name: new RegExp(`^${title}`) })
        .getAttribute('value');
      await select.selectOption(value!);
    };
    await place(/^1º posto/, WINNING_IDEA);
    await place(/^2º posto/, RUNNER_UP);
    await place(/^3º posto/, THIRD);
    await award.getByRole('button', { name: 'Premia i vincitori' }).click();
    await expect(owner.getByText('I vincitori sono stati annunciati.')).toBeVisible();

    // The winner's page shows the reward without a reload.
    await expect(winner.getByText('Vincitrice — 1º posto, 800 punti')).toBeVisible(LIVE);
    await snap(winner, 'idea-winner-it');

    // The challenge page lists the winners in order.
    await owner.goto('/challenges?stage=awarded');
    await owner.getByRole('link', { name: CHALLENGE_TITLE }).click();
    const winners = owner.getByRole('region', { name: 'Vincitori' });
    await expect(winners.getByRole('listitem')).toHaveCount(3);
    await expect(winners.getByRole('listitem').first()).toContainText(WINNING_IDEA);
    await expect(winners.getByRole('listitem').first()).toContainText('800 punti');
    await snap(owner, 'challenge-winners-it');

    // The winner's profile: the points, the badge and the reward.
    await winner.goto(`/u/${WINNER}`);
    const history = winner.getByRole('region', { name: 'Storico dei punti' });
    const won = history.getByRole('listitem').filter({ hasText: /^Vittoria su/ });
    await expect(won.first()).toContainText(WINNING_IDEA);
    await expect(won.first()).toContainText('+100');
    const reward = history.getByRole('listitem').filter({ hasText: /^Premio su/ });
    await expect(reward.first()).toContainText('+800');
    const rewards = winner.getByRole('region', { name: 'Premi' });
    await expect(rewards.getByText(WINNING_IDEA)).toBeVisible();
    await expect(rewards.getByText('In attesa')).toBeVisible();
    // The badge comes from the after-commit consumer: it may take a moment.
    await expect(async () => {
      await winner.reload();
      await expect(
        winner.getByRole('region', { name: 'Badge' }).getByText('Vincitore', { exact: true }),
      ).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await snap(winner, 'profile-winner-it');

    // The notification of the win, worded with the place and the points.
    await winner.goto('/notifications');
    await expect(
      winner.getByRole('listitem').filter({ hasText: WINNING_IDEA }).first(),
    ).toBeVisible();
    await snap(winner, 'notifications-winner-it');
  } finally {
    await owner.context().close();
    await winner.context().close();
  }
});

test('a visitor reads the leaderboards by tab and a winner’s profile, in English and Spanish', async ({
  browser,
}) => {
  const en = await browser.newContext({ locale: 'en-GB' });
  const es = await browser.newContext({ locale: 'es-ES' });
  try {
    const page = await en.newPage();
    await page.goto('/leaderboards');
    const tabs = page.getByRole('navigation', { name: 'Boards' });
    await expect(tabs.getByRole('link', { name: 'All time' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toBeVisible();
    await snap(page, 'leaderboards-en');
    await tabs.getByRole('link', { name: 'By brand' }).click();
    await page.getByLabel('Brand').selectOption({ label: 'Hoteles Brisa' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('Points in Hoteles Brisa')).toBeVisible();
    await expect(rows.nth(1)).toBeVisible();
    await snap(page, 'leaderboards-brand-en');
    await page.goto('/brands');
    await page.getByRole('link', { name: 'Hoteles Brisa' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Hoteles Brisa' })).toBeVisible();
    await snap(page, 'brand-top-five-en');

    // The winner of the archived Spanish challenge: reputation, badges, a fulfilled reward.
    const visitor = await es.newPage();
    await visitor.goto('/u/pablo_ortega');
    await expect(visitor.getByRole('heading', { name: 'Reputación' })).toBeVisible();
    const rewards = visitor.getByRole('region', { name: 'Premios' });
    await expect(rewards.getByRole('listitem').first()).toContainText('El check-in del futuro');
    await snap(visitor, 'profile-winner-es');
  } finally {
    await en.close();
    await es.close();
  }
});

test('someone without the reputation sees the oppose control locked, with what unlocks it', async ({
  browser,
}) => {
  // The demo's spammer: joined minutes before posting, earned nothing.
  const page = await personSignedIn(browser, 'deals_4u_uk');
  try {
    await page.goto('/challenges?stage=voting');
    await page
      .getByRole('link', { name: 'Ideas para un hotel más sostenible en Valencia' })
      .click();
    await openFirstIdea(page, 'Ideas');
    const votes = page.getByRole('region', { name: 'Votes' });
    await expect(votes.getByRole('button', { name: '▲ Support' })).toBeEnabled();
    const oppose = votes.getByRole('button', { name: '▼ Oppose' });
    await expect(oppose).toBeDisabled();
    await expect(oppose).toHaveAccessibleDescription(
      'Oppose unlocks at 125 reputation — you have 1.',
    );
    await snap(page, 'idea-oppose-locked-en');
  } finally {
    await page.context().close();
  }
});
