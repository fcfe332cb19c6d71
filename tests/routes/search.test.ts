// GET /search through its loader (parameters, 400s, what the page gets), the page and the header's
// box rendered to HTML as the server renders them.
import { eq } from 'drizzle-orm';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from 'react-router-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import { ideas } from '../../db/schema';
import * as searchPage from '#app/routes/search';
import { SiteSearch } from '#app/components/site-search';
import { Header } from '#app/root';
import { LOG_START } from '#app/live/protocol';
import { ideaSchema } from '#app/domain/ideas/schema';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { messagesFor } from '#app/i18n/messages';
import type { Locale } from '#app/i18n/locales';
import { callLoader, getRequest, makeContext } from '../support/context';
import { makeBrand, makeChallenge, makeUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const load = (query: string, locale: Locale = 'en') =>
  callLoader(searchPage, {
    request: getRequest(`/search${query}`),
    context: makeContext(db(), null, { locale }),
  });

/**
 * Renders `Component` at `url` in a data router, as the server renders a page: `loaderData` is
 * what the route's loader answered.
 */
async function render(
  Component: ComponentType,
  url: string,
  loaderData: unknown = null,
  locale: Locale = 'en',
) {
  const routes = [
    { id: 'page', path: '/search', loader: () => loaderData as object | null, Component },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error('unexpected redirect');
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

async function spanishIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const idea = await submitIdea(db(), {
    actor: author,
    challengeId: challenge.id,
    idea: ideaSchema.parse({
      title: 'Una canción <b>para</b> la tienda',
      body: 'Poner música tranquila & suave mientras la gente compra.',
      tags: 'musica',
      buildsOnId: '',
    }),
  });
  await db().update(ideas).set({ language: 'es' }).where(eq(ideas.id, idea.id));
  return { brand, challenge, idea };
}

describe('GET /search', () => {
  it('answers an empty query with the empty state, not an error', async () => {
    for (const query of ['', '?q=', '?q=%20%20'])
      expect(await load(query)).toMatchObject({
        status: 200,
        body: { q: '', searched: false, items: [] },
      });
  });

  it('finds "cancion" in the Spanish idea and gives the page what it shows', async () => {
    const { brand, idea } = await spanishIdea();
    const result = await load(`?q=cancion&brand=${brand.slug}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      q: 'cancion',
      searched: true,
      filters: { kind: 'all', brand: brand.slug },
      items: [{ kind: 'idea', id: idea.id, href: `/ideas/${idea.id}`, language: 'es' }],
      counts: { ideas: { count: 1, capped: false } },
    });
  });

  it('renders results with <mark>, the row’s language and escaped text, and a next link', async () => {
    const { brand, idea } = await spanishIdea();
    const url = `/search?q=cancion+tranquila&brand=${brand.slug}`;
    const { body } = await load(url.slice('/search'.length));
    const html = await render(searchPage.default, url, body);
    expect(html).toMatch(new RegExp(`<a lang="es"[^>]*href="/ideas/${idea.id}"`));
    expect(html).toContain('&lt;b&gt;para&lt;/b&gt;');
    expect(html).toContain('<mark>canción</mark>');
    expect(html).toContain('<mark>tranquila</mark> &amp; suave');
    expect(html).not.toContain('<b>');
    expect(html).toMatch(/<label for="search-q">/);
    // One page only: no pager.
    expect(html).not.toContain('rel="next"');
    const paged = await render(searchPage.default, url, { ...body, next: 'abc' });
    expect(paged).toContain('rel="next"');
  });

  it('shows "Did you mean" links when nothing matches, in Spanish', async () => {
    const { brand, idea } = await spanishIdea();
    const { body } = await load(`?q=cancoin&brand=${brand.slug}`, 'es');
    expect(body.suggestions).toMatchObject([{ href: `/ideas/${idea.id}` }]);
    const html = await render(searchPage.default, `/search?q=cancoin`, body, 'es');
    expect(html).toContain('¿Quizás buscabas…?');
    expect(html).toContain(`href="/ideas/${idea.id}"`);
  });

  it('cuts a 10,000-character query to 200 and says so', async () => {
    const { body, status } = await load(`?q=${'palabra '.repeat(1_250)}`);
    expect(status).toBe(200);
    expect(body.shortened).toBe(true);
    expect(body.q.length).toBeLessThanOrEqual(200);
  });

  it('never fails on tsquery or SQL metacharacters', async () => {
    for (const q of [`&|!():*'"\\`, "'); drop table ideas; --", '!!!', 'a:*b', '(((', '"'])
      expect((await load(`?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
  });

  it.each([
    ['an unknown kind', '?q=x&kind=everything', /all, challenges, ideas or comments/],
    ['the draft stage', '?q=x&stage=draft', /stage/],
    ['an unknown stage', '?q=x&stage=soon', /stage/],
    ['a brand that is no slug', '?q=x&brand=%3Cscript%3E', /address/],
    ['a tag that is no tag', '?q=x&tag=%3Cb%3E', /Tags are/],
    ['a garbled cursor', '?q=x&after=garbage', /./],
    ['a query of 20,001 characters', `?q=${'x'.repeat(20_001)}`, /too long/],
  ])('refuses %s with a 400 and a message', async (_label, query, message) => {
    const result = await load(query);
    expect(result.status).toBe(400);
    expect(result.body.message).toMatch(message);
  });

  it('says it in the reader’s language', async () => {
    const result = await load('?q=x&kind=todo', 'it');
    expect(result).toMatchObject({ status: 400 });
    expect(result.body.message).toContain('Scegli dove cercare');
  });

  it('offers in its brand filter only brands with a public challenge', async () => {
    const owner = await makeUser(db());
    const shown = await makeBrand(db(), owner, 'Aardvark Shown');
    await makeChallenge(db(), owner, { brandId: shown.id, stage: 'voting' });
    const drafting = await makeBrand(db(), owner, 'Aardvark Drafting');
    await makeChallenge(db(), owner, { brandId: drafting.id });
    const empty = await makeBrand(db(), owner, 'Aardvark Empty');
    const { body } = await load('?q=anything');
    const slugs = body.brands.map((b: { slug: string }) => b.slug);
    expect(slugs).toContain(shown.slug);
    expect(slugs).not.toContain(drafting.slug);
    expect(slugs).not.toContain(empty.slug);
    const html = await render(searchPage.default, '/search?q=anything', body);
    expect(html).toContain(`<option value="${shown.slug}">Aardvark Shown</option>`);
    expect(html).not.toContain('Aardvark Drafting');
    expect(html).not.toContain('Aardvark Empty');
  });

  it('finds nothing, without an error, for a brand that does not exist', async () => {
    expect(await load('?q=cancion&brand=no-such-brand')).toMatchObject({
      status: 200,
      body: { searched: true, items: [], suggestions: [] },
    });
  });
});

describe('the header’s search box', () => {
  it('is a labelled search landmark sending GET /search?q=…', async () => {
    for (const [locale, label] of [
      ['en', 'Search Cocrea'],
      ['es', 'Buscar en Cocrea'],
      ['it', 'Cerca su Cocrea'],
    ] as const) {
      const html = await render(SiteSearch, '/search', null, locale);
      expect(html).toMatch(
        new RegExp(
          `<form[^>]*method="get"[^>]*action="/search"[^>]*role="search"[^>]*aria-label="${label}"`,
        ),
      );
      expect(html).toContain(`<label for="site-search-q" class="visually-hidden">${label}</label>`);
      expect(html).toMatch(/<input id="site-search-q" name="q" type="search"/);
      expect(html).toMatch(/<button type="submit"[^>]*aria-label="/);
    }
  });

  it('is in the site header, for visitors and for signed-in people', async () => {
    for (const viewer of [null, { handle: 'ana', displayName: 'Ana', role: 'moderator' }]) {
      const html = await render(
        () => createElement(Header, { viewer, unread: 0, cursor: LOG_START }),
        '/search',
        null,
        'es',
      );
      expect(html).toMatch(/<header class="site-header">[\s\S]*role="search"[\s\S]*<\/header>/);
    }
  });
});
