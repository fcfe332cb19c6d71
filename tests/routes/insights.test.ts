// The brand dashboard (/brands/:slug/insights) and its CSV export: the brand's team sees every
// section drawn as accessible SVG in the server render; visitors sign in first; anyone else, other
// brands' teams and site moderators included, is refused; bad periods and challenges are 400s with
// the form and a message; each table downloads as CSV with headers in the reader's language.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  StaticRouterProvider,
  createStaticHandler,
  createStaticRouter,
} from 'react-router-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as insightsPage from '#app/routes/brands.$slug.insights._index/route';
import * as insightsExport from '#app/routes/brands.$slug.insights.export[.csv]';
import { addManager } from '#app/domain/brands/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import { INSIGHT_TABLES } from '#app/domain/insights/types';
import { castVote } from '#app/domain/votes/commands.server';
import type { Locale } from '#app/i18n/locales';
import { messagesFor } from '#app/i18n/messages';
import { backfillInsights } from '../../jobs/insights.server';
import {
  callLoader,
  getRequest,
  makeContext,
  TEST_ORIGIN,
  type TestViewer,
} from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { expectRefused } from '../support/route-assertions';

const db = useTestDatabase();

type World = {
  owner: TestUser;
  manager: TestUser;
  outsider: TestUser;
  moderator: TestUser;
  otherOwner: TestUser;
  brand: { id: number; slug: string; name: string };
  quiet: { slug: string };
  challenge: { id: number; slug: string; title: string };
  otherChallenge: { slug: string };
};
let w: World;

beforeAll(async () => {
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const otherOwner = await makeUser(db());
  const other = await makeBrand(db(), otherOwner);
  const otherChallenge = await makeChallenge(db(), otherOwner, {
    brandId: other.id,
    stage: 'open',
  });
  const quietOwner = await makeUser(db());
  const quiet = await makeBrand(db(), quietOwner);
  // Ideas, votes and comments today (the default period ends today), one author named by consent.
  const [ana, ben, cai] = [await makeUser(db()), await makeUser(db()), await makeUser(db())];
  await setConsent(db(), { actor: ana, brandId: brand.id, level: 'profile' });
  const first = await makeIdea(db(), ana, challenge.id, {
    title: 'Solar panels on every school roof',
    tags: 'solar, schools',
  });
  const second = await makeIdea(db(), ben, challenge.id, {
    title: 'Community gardens on the roofs',
    tags: 'gardens',
    buildsOnId: first.id,
  });
  await castVote(db(), { actor: cai, ideaId: first.id, value: 1 });
  await castVote(db(), { actor: ben, ideaId: first.id, value: 1 });
  await castVote(db(), { actor: ana, ideaId: second.id, value: 1 });
  await addComment(db(), {
    actor: cai,
    ideaId: first.id,
    comment: { body: 'A wonderful idea, the children would love it.', parentId: null },
  });
  await makeIdea(db(), otherOwner, otherChallenge.id, { tags: 'solar' });
  await backfillInsights(db());
  w = {
    owner,
    manager,
    outsider: await makeUser(db()),
    moderator: await makeUser(db(), { role: 'admin' }),
    otherOwner,
    brand,
    quiet: { slug: quiet.slug },
    challenge,
    otherChallenge,
  };
  // The quiet brand's owner, for the empty dashboard.
  quietViewer = quietOwner;
});
let quietViewer: TestUser;

/** The day `n` days before today (UTC), as the period's parameters write it. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const open = (viewer: TestViewer | null, slug: string, query = '', locale: Locale = 'en') =>
  callLoader(insightsPage, {
    request: getRequest(`/brands/${slug}/insights${query}`),
    params: { slug },
    context: makeContext(db(), viewer, { locale }),
  });

const download = (viewer: TestViewer | null, slug: string, query = '', locale: Locale = 'en') =>
  callLoader(insightsExport, {
    request: getRequest(`/brands/${slug}/insights/export.csv${query}`),
    params: { slug },
    context: makeContext(db(), viewer, { locale }),
  });

/** The page as the server renders it, with the loader's data (JSON, as Remix sends it). */
async function html(body: unknown, path: string, locale: Locale = 'en') {
  const data = JSON.parse(JSON.stringify(body)) as object;
  const handler = createStaticHandler([
    {
      id: 'insights',
      path: '/brands/:slug/insights',
      loader: () => data,
      Component: insightsPage.default,
    },
  ]);
  const context = await handler.query(new Request(`${TEST_ORIGIN}${path}`));
  if (context instanceof Response) throw new Error('the static handler answered with a Response');
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    createElement(IntlProvider, {
      locale,
      messages: messagesFor(locale),
      timeZone: 'UTC',
      children: createElement(StaticRouterProvider, { router, context, hydrate: false }),
    }),
  );
}

describe('/brands/:slug/insights', () => {
  it('shows the brand’s owner every section, each chart an SVG image with a title', async () => {
    const result = await open(w.owner, w.brand.slug);
    expect(result.status).toBe(200);
    const { insights } = result.body;
    expect(insights.funnel).toMatchObject({ participants: 3, ideas: 2, votes: 3 });
    expect(insights.tags.map((t: { tag: string }) => t.tag)).toContain('solar');
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`);
    for (const heading of [
      'From visit to winning idea',
      'Activity per day',
      'Sentiment',
      'Top words',
      'Trending tags',
      'Most influential participants',
      'When people take part',
      'Top challenges',
    ])
      expect(page).toContain(`>${heading}</h2>`);
    // Funnel, activity, tone share and trend, the English words, tags and the heat map.
    expect(page.match(/<svg[^>]* role="img"/g)!.length).toBeGreaterThanOrEqual(7);
    expect(page.match(/<title id="[^"]+">[^<]+<\/title>/g)!.length).toBeGreaterThanOrEqual(7);
    expect(page).toContain('<desc id=');
    expect(page).not.toMatch(/NaN|Infinity/);
    expect(page).toContain('2 ideas, 3 votes and 1 comment.');
    expect(page).toContain('No text in Spanish in this period.');
    expect(page).toContain(`/brands/${w.brand.slug}/insights/export.csv?table=funnel`);
    expect(page).toContain('type="date"');
    // Ana consented to her profile: named, with a link to her page in the community.
    expect(page).toContain(`/brands/${w.brand.slug}/community/`);
  });

  it('draws the trending tags by ideas and votes together, the order they are ranked in', async () => {
    const result = await open(w.owner, w.brand.slug);
    const tags = result.body.insights.tags as { tag: string; ideas: number; votes: number }[];
    // gardens: one idea and one vote; schools and solar: one idea and two votes each.
    expect(tags.map((t) => [t.tag, t.ideas, t.votes])).toEqual([
      ['schools', 1, 2],
      ['solar', 1, 2],
      ['gardens', 1, 1],
    ]);
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`);
    const chart = page.slice(
      page.indexOf('>Ideas and votes per tag, this period and the one before<'),
    );
    // The figure at each bar's end and the table's first figure are ideas + votes.
    const drawn = [...chart.matchAll(/<text[^>]*font-weight="600"[^>]*>(\d+)<\/text>/g)]
      .slice(0, 3)
      .map((m) => Number(m[1]));
    expect(drawn).toEqual([3, 3, 2]);
    expect(chart).toMatch(/#schools<\/th><td[^>]*>3<\/td>/);
    expect(chart).toMatch(/#gardens<\/th><td[^>]*>2<\/td>/);
  });

  it('shows the tone per week over a long period', async () => {
    const result = await open(w.owner, w.brand.slug, `?from=${daysAgo(200)}`);
    expect(result.status).toBe(200);
    expect(result.body.insights.sentiment.step).toBe('week');
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`);
    expect(page).toContain('>Tone per week<');
    expect(page).toContain('>Week of</th>');
    const es = await html(result.body, `/brands/${w.brand.slug}/insights`, 'es');
    expect(es).toContain('>Tono por semana<');
    const csv = await download(
      w.owner,
      w.brand.slug,
      `?table=sentiment&from=${daysAgo(200)}`,
      'it',
    );
    expect(String(csv.body)).toContain('Settimana del,Positivi,');
  });

  it('shows a manager the dashboard too', async () => {
    expect((await open(w.manager, w.brand.slug)).status).toBe(200);
  });

  it('names no one who did not consent', async () => {
    const { body } = await open(w.owner, w.brand.slug);
    const named = body.insights.influencers.filter((i: { person: unknown }) => i.person !== null);
    expect(named.length).toBeLessThanOrEqual(1);
    const page = await html(body, `/brands/${w.brand.slug}/insights`);
    expect(page).toContain('appears as “a participant”');
  });

  it('shows one challenge when asked', async () => {
    const result = await open(w.owner, w.brand.slug, `?challenge=${w.challenge.slug}`);
    expect(result.status).toBe(200);
    expect(result.body.challenge.slug).toBe(w.challenge.slug);
    expect(result.body.values.challenge).toBe(w.challenge.slug);
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`);
    expect(page).toMatch(new RegExp(`<option value="${w.challenge.slug}"[^>]* selected=""`));
  });

  it('shows a brand with no activity its empty states', async () => {
    const result = await open(quietViewer, w.quiet.slug);
    expect(result.status).toBe(200);
    const page = await html(result.body, `/brands/${w.quiet.slug}/insights`);
    expect(page).toContain('No ideas, votes or comments in this period.');
    expect(page).toContain('No challenge had any activity in this period.');
    expect(page).toContain('No text in Italian in this period.');
    expect(page).not.toMatch(/NaN|Infinity/);
  });

  it('speaks the reader’s language', async () => {
    const result = await open(w.owner, w.brand.slug, '', 'es');
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`, 'es');
    expect(page).toContain('De la visita a la idea ganadora');
    expect(page).toContain('No hay textos en español en este periodo.');
  });

  it('sends a visitor to sign in', async () => {
    const result = await open(null, w.brand.slug);
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toMatch(/^\/signin\?redirectTo=/);
  });

  it.each([
    ['someone outside the brand', () => w.outsider],
    ['another brand’s owner', () => w.otherOwner],
    ['a site admin', () => w.moderator],
  ])('refuses %s with a 403', async (_who, viewer) => {
    await expectRefused(db(), () => open(viewer(), w.brand.slug), 403, {
      error: /Only the brand's team/,
    });
  });

  it('refuses an outsider before reading the parameters', async () => {
    await expectRefused(db(), () => open(w.outsider, w.brand.slug, '?from=garbage'), 403);
  });

  it('answers 404 for an unknown brand', async () => {
    await expectRefused(db(), () => open(w.owner, 'no-such-brand'), 404);
  });

  it.each([
    ['a reversed range', '?from=2026-03-10&to=2026-03-01', /after the end date/],
    ['twenty years', '?from=2006-01-01&to=2025-12-31', /at most 366 days/],
    ['garbage', '?from=yesterday', /yyyy-mm-dd/],
    ['a day that does not exist', '?to=2026-02-30', /yyyy-mm-dd/],
    ['a script tag', `?from=${encodeURIComponent('<script>alert(1)</script>')}`, /yyyy-mm-dd/],
    ['a very long value', `?to=${'9'.repeat(5000)}`, /yyyy-mm-dd/],
    ['a start in the future', '?from=2999-01-01', /cannot start after today/],
  ])('answers %s with a 400, the form and the message', async (_what, query, message) => {
    const result = await expectRefused(db(), () => open(w.owner, w.brand.slug, query), 400, {
      error: message,
    });
    expect(result.body.insights).toBeNull();
    const page = await html(result.body, `/brands/${w.brand.slug}/insights`);
    expect(page).toContain('role="alert"');
    expect(page).toMatch(message);
    expect(page).toContain('name="from"');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('role="img"');
  });

  it.each([
    ['an unknown challenge', () => 'no-such-challenge'],
    ['another brand’s challenge', () => w.otherChallenge.slug],
    ['a challenge slug too long to be one', () => 'x'.repeat(500)],
  ])('answers %s with a 400 and the form', async (_what, slug) => {
    const result = await expectRefused(
      db(),
      () => open(w.owner, w.brand.slug, `?challenge=${slug()}`),
      400,
      { error: /no challenge at that address/ },
    );
    expect(result.body.values.challenge.length).toBeLessThanOrEqual(120);
  });
});

describe('/brands/:slug/insights/export.csv', () => {
  it.each(INSIGHT_TABLES)('downloads the %s table for a member', async (table) => {
    const result = await download(w.owner, w.brand.slug, `?table=${table}`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(result.headers.get('content-disposition')).toMatch(
      new RegExp(
        `^attachment; filename="insights-${w.brand.slug}-${table}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
      ),
    );
    const lines = String(result.body)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const header = lines[0]!;
    expect(header).not.toMatch(/_/); // words, not column names
    expect(lines[1]!.length).toBeGreaterThan(0);
  });

  it('writes headers and funnel steps in the reader’s language', async () => {
    const en = await download(w.owner, w.brand.slug, '?table=activity');
    expect(String(en.body)).toContain('Day,Ideas,Votes,Comments\r\n');
    const es = await download(w.owner, w.brand.slug, '?table=funnel', 'es');
    expect(String(es.body)).toContain('Paso,Total\r\n');
    expect(String(es.body)).toContain('Visitantes únicos,');
    expect(String(es.body)).toContain('Ideas,2\r\n');
  });

  it('keeps the period and the challenge', async () => {
    const result = await download(
      w.owner,
      w.brand.slug,
      `?table=challenges&challenge=${w.challenge.slug}&from=2020-01-01&to=2020-01-31`,
    );
    expect(result.status).toBe(200);
    expect(result.headers.get('content-disposition')).toContain('-2020-01-01-2020-01-31.csv');
    expect(String(result.body).trim().split('\r\n')).toHaveLength(1); // no activity then
  });

  it('refuses a non-member, another brand’s owner and an admin', async () => {
    for (const viewer of [w.outsider, w.otherOwner, w.moderator])
      await expectRefused(db(), () => download(viewer, w.brand.slug, '?table=funnel'), 403);
  });

  it('sends a visitor to sign in', async () => {
    expect((await download(null, w.brand.slug, '?table=funnel')).status).toBe(302);
  });

  it.each([
    ['an unknown table', '?table=passwords', /no such table/],
    ['no table', '', /no such table/],
    ['a reversed range', '?table=funnel&from=2026-03-10&to=2026-03-01', /after the end date/],
    ['an unknown challenge', '?table=funnel&challenge=nope', /no challenge at that address/],
  ])('answers %s with a 400', async (_what, query, error) => {
    await expectRefused(db(), () => download(w.owner, w.brand.slug, query), 400, { error });
  });
});

describe('links to the dashboard', () => {
  it('are on the brand page for its team only', async () => {
    const read = (viewer: TestViewer | null) =>
      callLoader(brandPage, {
        request: getRequest(`/brands/${w.brand.slug}`),
        params: { slug: w.brand.slug },
        context: makeContext(db(), viewer),
      });
    expect((await read(w.manager)).body.seesInsights).toBe(true);
    expect((await read(w.outsider)).body.seesInsights).toBe(false);
    expect((await read(w.moderator)).body.seesInsights).toBe(false);
    expect((await read(null)).body.seesInsights).toBe(false);
  });

  it('are on the challenge page for its brand’s team only', async () => {
    const read = (viewer: TestViewer | null) =>
      callLoader(challengePage, {
        request: getRequest(`/challenges/${w.challenge.slug}`),
        params: { slug: w.challenge.slug },
        context: makeContext(db(), viewer),
      });
    expect((await read(w.owner)).body.can.insights).toBe(true);
    expect((await read(w.otherOwner)).body.can.insights).toBe(false);
    expect((await read(null)).body.can.insights).toBe(false);
  });
});
