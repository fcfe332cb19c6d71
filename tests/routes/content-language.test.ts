// What people wrote is marked with the language they wrote it in (issue 16, WCAG 3.1.2): a Spanish
// idea in an English challenge is lang="es" on the challenge page, its own page and the author's
// profile; each comment carries its own language.
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
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import { IdeaList } from '#app/routes/challenges.$slug._index/idea-list';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { CommentItem } from '#app/routes/ideas.$id._index/comment-list';
import * as profilePage from '#app/routes/u.$handle';
import * as home from '#app/routes/_index';
import { addComment } from '#app/domain/comments/commands.server';
import type { CommentView } from '#app/domain/comments/queries.server';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { messagesFor } from '#app/i18n/messages';
import { challenges } from '../../db/schema';
import { callLoader, getRequest, makeContext } from '../support/context';
import { makeChallenge, makeUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

/** Renders a component in a data router, in English, as the server renders a page. */
async function render(Component: ComponentType) {
  const routes = [{ id: 'page', path: '/', Component }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request('http://localhost/'));
  if (context instanceof Response) throw new Error('unexpected redirect');
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    createElement(IntlProvider, {
      locale: 'en',
      messages: messagesFor('en'),
      timeZone: 'UTC',
      children: createElement(StaticRouterProvider, { router, context, hydrate: false }),
    }),
  );
}

async function spanishIdeaInEnglishChallenge() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  await db().update(challenges).set({ language: 'en' }).where(eq(challenges.id, challenge.id));
  const idea = await submitIdea(db(), {
    actor: author,
    challengeId: challenge.id,
    idea: ideaSchema.parse({
      title: 'Desayuno con productos locales',
      body: 'Servir fruta y pan de los mercados del barrio en el desayuno del hotel.',
      tags: 'desayuno',
      buildsOnId: '',
    }),
  });
  return { author, challenge, idea };
}

describe('the language of an idea', () => {
  it('marks a Spanish idea lang="es" in an English challenge’s list', async () => {
    const { challenge, idea } = await spanishIdeaInEnglishChallenge();
    const page = await callLoader(challengePage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}`),
      context: makeContext(db()),
    });
    expect(page.status).toBe(200);
    expect(page.body.challenge.language).toBe('en');
    const items = page.body.ideas.items as { id: number; language: string }[];
    expect(items.find((i) => i.id === idea.id)?.language).toBe('es');
    const html = await render(() =>
      createElement(IdeaList, {
        ideas: page.body.ideas,
        sort: 'top',
        live: { newIdeas: 0, showNew: () => {}, counts: (i) => i },
        empty: 'open',
      }),
    );
    expect(html).toMatch(/<h3 lang="es"><a [^>]*>Desayuno con productos locales<\/a><\/h3>/);
    expect(html).toMatch(/<p lang="es">Servir fruta/);
  });

  it('gives its own page, the profile and the home page its language', async () => {
    const { author, idea } = await spanishIdeaInEnglishChallenge();
    const context = makeContext(db());
    const own = await callLoader(ideaPage, { params: { id: String(idea.id) }, context });
    expect(own.body.idea.language).toBe('es');
    expect(own.body.challenge.language).toBe('en');
    const profile = await callLoader(profilePage, { params: { handle: author.handle }, context });
    expect(profile.body.profile.ideas[0]).toMatchObject({
      id: idea.id,
      language: 'es',
      challengeLanguage: 'en',
    });
    const homeData = await callLoader(home, { context });
    expect(homeData.body.trending.find((i: { id: number }) => i.id === idea.id)).toMatchObject({
      language: 'es',
    });
  });
});

describe('the language of a comment', () => {
  it('marks each comment with its own language', async () => {
    const { idea } = await spanishIdeaInEnglishChallenge();
    const reader = await makeUser(db());
    await addComment(db(), {
      actor: reader,
      ideaId: idea.id,
      comment: { body: 'Mi piace molto, la proverei subito in vacanza.', parentId: null },
    });
    await addComment(db(), {
      actor: reader,
      ideaId: idea.id,
      comment: { body: 'Would this work for guests with allergies too?', parentId: null },
    });
    const page = await callLoader(ideaPage, {
      params: { id: String(idea.id) },
      context: makeContext(db()),
    });
    const threads = page.body.comments.threads as CommentView[];
    expect(threads.map((c) => c.language)).toEqual(['it', 'en']);
    const html = await render(() =>
      createElement(
        'ul',
        null,
        threads.map((c) => createElement(CommentItem, { key: c.id, c, canReply: false })),
      ),
    );
    expect(html).toContain('<div class="comment__body" lang="it">Mi piace molto');
    // English on an English page needs no attribute.
    expect(html).toContain('<div class="comment__body">Would this work');
  });
});
