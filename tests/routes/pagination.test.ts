// Keyset pages through the routes: a page's "next" cursor opens the next page, and a garbled or
// tampered cursor is a 400 with a message for people, never a 500.
import { describe, expect, it } from 'vitest';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as challengeList from '#app/routes/challenges._index';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as profilePage from '#app/routes/u.$handle';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { addComment } from '#app/domain/comments/commands.server';
import { callLoader, getRequest, makeContext } from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const BROKEN =
  'That page link is broken or out of date. Start again from the first page of the list.';

/** Cursors a visitor might send: garbage, a truncated one, a forged one and one of another list. */
const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const BAD_CURSORS = [
  'garbage!',
  'eyJ',
  forged(['top', 'ten', '2026-01-01T00:00:00.000000Z', 1]),
  forged(['top', 1, '2026-02-30T00:00:00.000000Z', 1]),
  forged(['top', 99_999_999_999, '2026-01-01T00:00:00.000000Z', 1]),
  forged(['new', '2026-01-01T00:00:00.000000Z', 1]),
  'x'.repeat(5_000),
];

async function ideasInAChallenge(count: number) {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, {
    brandId: brand.id,
    stage: 'open',
    maxIdeasPerUser: 50,
  });
  const author = await makeUser(db());
  for (let i = 0; i < count; i++) await makeIdea(db(), author, challenge.id);
  return { owner, brand, challenge, author };
}

const load = (
  route: Parameters<typeof callLoader>[0],
  path: string,
  params: Record<string, string> = {},
) => callLoader(route, { params, request: getRequest(path), context: makeContext(db(), null) });

describe('the challenge page, page by page', () => {
  it('follows its next and previous links through every sort', async () => {
    const { challenge } = await ideasInAChallenge(14);
    for (const sort of ['top', 'new', 'trending']) {
      const path = `/challenges/${challenge.slug}?sort=${sort}`;
      const first = await load(challengePage, path, { slug: challenge.slug });
      expect(first.status).toBe(200);
      expect(first.body.ideas).toMatchObject({ total: 14, first: true, prev: null });
      expect(first.body.ideas.items).toHaveLength(12);
      const second = await load(
        challengePage,
        `${path}&after=${encodeURIComponent(first.body.ideas.next)}`,
        { slug: challenge.slug },
      );
      expect(second.status).toBe(200);
      expect(second.body.ideas).toMatchObject({ total: 14, first: false, next: null });
      const ids = (r: typeof first) => r.body.ideas.items.map((i: { id: number }) => i.id);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(14);
      const back = await load(
        challengePage,
        `${path}&before=${encodeURIComponent(second.body.ideas.prev)}`,
        { slug: challenge.slug },
      );
      expect(ids(back)).toEqual(ids(first));
    }
  });

  it('refuses a garbled or tampered cursor with a 400 that says what to do', async () => {
    const { challenge } = await ideasInAChallenge(1);
    for (const cursor of BAD_CURSORS) {
      for (const param of ['after', 'before']) {
        const result = await load(
          challengePage,
          `/challenges/${challenge.slug}?sort=top&${param}=${encodeURIComponent(cursor)}`,
          { slug: challenge.slug },
        );
        expect(result, `${param}=${cursor.slice(0, 40)}`).toMatchObject({
          status: 400,
          thrown: true,
          body: { message: BROKEN },
        });
      }
    }
  });
});

describe('the other paged lists', () => {
  it('refuse a garbled cursor with a 400: /challenges, a brand, a profile, a discussion', async () => {
    const { brand, challenge, author } = await ideasInAChallenge(1);
    const [idea] = (
      await load(challengePage, `/challenges/${challenge.slug}`, {
        slug: challenge.slug,
      })
    ).body.ideas.items;
    await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'First!', parentId: null },
    });
    const cases: [Parameters<typeof callLoader>[0], string, Record<string, string>][] = [
      [challengeList, '/challenges?after=garbage', {}],
      [
        brandPage,
        `/brands/${brand.slug}?before=${forged(['brand', 'x', 1])}`,
        { slug: brand.slug },
      ],
      [profilePage, `/u/${author.handle}?after=${forged(['profile'])}`, { handle: author.handle }],
      [ideaPage, `/ideas/${idea.id}?comments=abc`, { id: String(idea.id) }],
      [ideaPage, `/ideas/${idea.id}?comments=99999999999`, { id: String(idea.id) }],
      [ideaPage, `/ideas/${idea.id}?comments=2000000000`, { id: String(idea.id) }],
    ];
    for (const [route, path, params] of cases)
      expect(await load(route, path, params), path).toMatchObject({
        status: 400,
        body: { message: BROKEN },
      });
  });

  it('page /challenges, a brand and a profile by their next links', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const author = await makeUser(db());
    for (let i = 0; i < 13; i++) {
      const challenge = await makeChallenge(db(), owner, {
        brandId: brand.id,
        stage: 'open',
        maxIdeasPerUser: 20,
      });
      if (i < 2) for (let j = 0; j < 11; j++) await makeIdea(db(), author, challenge.id);
    }
    const walk = async (
      route: Parameters<typeof callLoader>[0],
      path: string,
      params: Record<string, string>,
      read: (body: { [key: string]: unknown }) => { items: { id: number }[]; next: string | null },
    ) => {
      const seen: number[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const separator = path.includes('?') ? '&' : '?';
        const url: string = next ? `${path}${separator}after=${encodeURIComponent(next)}` : path;
        const result = await load(route, url, params);
        expect(result.status, url).toBe(200);
        const page = read(result.body);
        seen.push(...page.items.map((i) => i.id));
        next = page.next;
        pages++;
      } while (next);
      return { seen, pages };
    };
    const list = await walk(challengeList, `/challenges?brand=${brand.slug}`, {}, (b) => ({
      items: b.items as { id: number }[],
      next: b.next as string | null,
    }));
    expect(list).toMatchObject({ pages: 2 });
    expect(new Set(list.seen).size).toBe(13);
    const ofBrand = await walk(brandPage, `/brands/${brand.slug}`, { slug: brand.slug }, (b) => ({
      items: b.challenges as { id: number }[],
      next: (b.pages as { next: string | null }).next,
    }));
    expect(ofBrand).toMatchObject({ pages: 2 });
    expect(new Set(ofBrand.seen).size).toBe(13);
    const profile = await walk(
      profilePage,
      `/u/${author.handle}`,
      { handle: author.handle },
      (b) => {
        const p = b.profile as { ideas: { id: number }[]; pages: { next: string | null } };
        return { items: p.ideas, next: p.pages.next };
      },
    );
    expect(profile).toMatchObject({ pages: 2 });
    expect(new Set(profile.seen).size).toBe(22);
  });
});

describe('a discussion of many comments', () => {
  it('shows 50 threads a page, with a link to the next that works without JavaScript', async () => {
    const { challenge, author } = await ideasInAChallenge(1);
    const [idea] = (
      await load(challengePage, `/challenges/${challenge.slug}`, {
        slug: challenge.slug,
      })
    ).body.ideas.items;
    const commenter = await makeUser(db());
    for (let i = 0; i < 55; i++)
      await addComment(db(), {
        actor: i % 2 ? author : commenter,
        ideaId: idea.id,
        comment: { body: `Comment ${i}`, parentId: null },
      });
    const params = { id: String(idea.id) };
    const first = await load(ideaPage, `/ideas/${idea.id}`, params);
    expect(first.body.comments.threads).toHaveLength(50);
    expect(first.body.comments.first).toBe(true);
    const second = await load(
      ideaPage,
      `/ideas/${idea.id}?comments=${first.body.comments.next}`,
      params,
    );
    expect(second.status).toBe(200);
    expect(second.body.comments.threads.map((c: { body: string }) => c.body)).toEqual(
      [50, 51, 52, 53, 54].map((i) => `Comment ${i}`),
    );
    expect(second.body.comments).toMatchObject({ next: null, first: false });
  });
});
