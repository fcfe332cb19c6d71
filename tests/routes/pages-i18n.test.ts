// The pages speak the reader's language: flash messages and titles come from the request's locale,
// and every loader that shows words people wrote tells the page which language they are in, so it
// can mark them (WCAG 3.1.2).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as home from '#app/routes/_index';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as newBrand from '#app/routes/brands.new';
import * as challengeList from '#app/routes/challenges._index';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import * as profilePage from '#app/routes/u.$handle';
import { createFlashCookie } from '#app/utils/flash.server';
import { metaTranslator } from '#app/utils/meta';
import { messagesFor, provideServerMessages } from '#app/i18n/messages';
import type { Locale } from '#app/i18n/locales';
import { brands, challenges } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type RouteResult,
} from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';

const db = useTestDatabase();

/** The flash message a redirect carries, as the next page would read it. */
async function flashOf(result: RouteResult): Promise<string> {
  const cookie = result.headers.getSetCookie().find((c) => c.startsWith('cocrea_flash='));
  expect(cookie).toBeDefined();
  const value: unknown = await createFlashCookie('test-secret-0123456789', false).parse(
    cookie!.split(';')[0]!,
  );
  return String(value);
}

/** An Italian challenge, open for ideas, with one idea by someone else. */
async function italianChallenge() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const created = await makeChallenge(db(), owner, { stage: 'open' });
  const [challenge] = await db()
    .update(challenges)
    .set({ language: 'it' })
    .where(eq(challenges.id, created.id))
    .returning();
  const idea = await makeIdea(db(), author, challenge!.id);
  return { owner, author, challenge: challenge!, idea };
}

describe('flash messages', () => {
  it.each([
    ['es', 'está lista. Lanza su primer reto.'],
    ['it', 'è pronto. Lancia la sua prima sfida.'],
    ['en', 'is ready. Launch its first challenge.'],
  ] as const)('says a brand was created in %s', async (locale, expected) => {
    const owner = await makeUser(db());
    const name = `Marca ${owner.handle}`;
    const result = await callAction(newBrand, {
      request: formRequest('/brands/new', { name, description: '', website: '' }),
      context: makeContext(db(), owner, { locale }),
    });
    expect(result.status).toBe(302);
    expect(await flashOf(result)).toBe(`${name} ${expected}`);
  });

  it('names the new stage in the reader’s language', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    const result = await callAction(challengePage, {
      params: { slug: challenge.slug },
      request: formRequest(`/challenges/${challenge.slug}`, { to: 'open' }),
      context: makeContext(db(), owner, { locale: 'it' }),
    });
    expect(result.status).toBe(302);
    const stage = (messagesFor('it') as { common: { stage: { open: string } } }).common.stage.open;
    expect(await flashOf(result)).toBe(`Ora la sfida è in: ${stage}.`);
  });

  it('confirms a comment in Spanish', async () => {
    const { idea } = await italianChallenge();
    const reader = await makeUser(db());
    const result = await callAction(ideaPage, {
      params: { id: String(idea.id) },
      request: formRequest(`/ideas/${idea.id}`, { intent: 'comment', body: 'Me encanta.' }),
      context: makeContext(db(), reader, { locale: 'es' }),
    });
    expect(result.status).toBe(302);
    expect(await flashOf(result)).toBe('Comentario publicado.');
  });
});

describe('page titles', () => {
  // As the server does at start (app/entry.server.tsx); the root loader's data names the locale.
  provideServerMessages();
  const matches = (locale: Locale) => [{ id: 'root', data: { locale } }];
  type Matches = Parameters<typeof metaTranslator>[0];

  it.each([
    ['en', 'Challenges · Cocrea', 'Idea not found · Cocrea'],
    ['es', 'Retos · Cocrea', 'Idea no encontrada · Cocrea'],
    ['it', 'Sfide · Cocrea', 'Idea non trovata · Cocrea'],
  ] as const)('are in %s', (locale, list, missing) => {
    const t = metaTranslator(matches(locale) as unknown as Matches);
    expect(t('challenges.meta.listTitle')).toBe(list);
    expect(t('ideas.meta.notFound')).toBe(missing);
  });

  it('fall back to English when the root data is missing', () => {
    expect(metaTranslator([] as unknown as Matches)('brands.meta.listTitle')).toBe(
      'Brands · Cocrea',
    );
  });
});

describe('the language of what people wrote', () => {
  it('comes with every list and page that shows a challenge’s words', async () => {
    const { author, challenge, idea } = await italianChallenge();
    const context = makeContext(db());

    const challengeData = await callLoader(challengePage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}`),
      context,
    });
    expect(challengeData.body.challenge.language).toBe('it');

    const ideaData = await callLoader(ideaPage, { params: { id: String(idea.id) }, context });
    expect(ideaData.body.challenge.language).toBe('it');

    const list = await callLoader(challengeList, { request: getRequest('/challenges'), context });
    expect(list.body.items.find((c: { id: number }) => c.id === challenge.id)?.language).toBe('it');

    const homeData = await callLoader(home, { context });
    expect(
      homeData.body.open.items.find((c: { id: number }) => c.id === challenge.id),
    ).toMatchObject({ language: 'it' });
    expect(homeData.body.trending.find((i: { id: number }) => i.id === idea.id)).toMatchObject({
      challengeLanguage: 'it',
    });

    const profile = await callLoader(profilePage, { params: { handle: author.handle }, context });
    expect(profile.body.profile.ideas[0]).toMatchObject({ id: idea.id, challengeLanguage: 'it' });

    const brand = await callLoader(brandPage, {
      params: { slug: (await brandSlugOf(challenge.brandId))! },
      context,
    });
    expect(brand.body.challenges[0]).toMatchObject({ id: challenge.id, language: 'it' });
  });
});

async function brandSlugOf(brandId: number) {
  const [row] = await db().select({ slug: brands.slug }).from(brands).where(eq(brands.id, brandId));
  return row?.slug;
}
