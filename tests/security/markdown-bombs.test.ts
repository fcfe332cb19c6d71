// Markdown bombs (Hardening finding 1): text that made marked overflow its stack or run for seconds
// inside a page's loader, taking the page down for everyone. Markdown is now rendered once when it
// is written, in a worker with a time limit; absurd nesting is refused; loaders only read what was
// stored (or, for rows from before, show the text escaped) and answer 200.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as home from '#app/routes/_index';
import * as brandList from '#app/routes/brands._index';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as newBrand from '#app/routes/brands.new';
import * as newChallenge from '#app/routes/brands.$slug.challenges.new';
import * as challengeList from '#app/routes/challenges._index';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as editChallenge from '#app/routes/challenges.$slug.edit';
import * as newIdea from '#app/routes/challenges.$slug.ideas.new';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import * as editIdea from '#app/routes/ideas.$id.edit';
import { TOO_DEEP_MESSAGE, plainTextHtml } from '#app/domain/markdown/markdown';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { backfillRenderedMarkdown } from '#app/domain/markdown/backfill.server';
import { brands, challenges, ideas } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type RouteResult,
  type TestViewer,
} from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectRefused, unique } from '../support/route-assertions';

const db = useTestDatabase();

/** The bombs from the report, each as long as the field allows (brand descriptions: 2,000). */
const NESTING_BOMBS: Record<string, (max: number) => string> = {
  '">" × 2,000 + "a"': (max) => '>'.repeat(Math.min(2000, max - 1)) + 'a',
  '"1. " × 1,187': (max) => '1. '.repeat(Math.min(1187, Math.floor(max / 3))),
  '"> - " × 750': (max) => '> - '.repeat(Math.min(750, Math.floor(max / 4))),
  '"*" × 2,188 + "a" + "*" × 2,188': (max) => {
    const n = Math.min(2188, Math.floor((max - 1) / 2));
    return `${'*'.repeat(n)}a${'*'.repeat(n)}`;
  },
};
/** 10 kB that marked takes 0.9–1.7 s over: no nesting, just slow. */
const SLOW = '*_a'.repeat(3333);

const XSS =
  'Look <script>alert(1)</script> here [click](javascript:alert(1)) <img src=x onerror=alert(1)> and <a href="javascript:alert(2)">this</a>.';

function expectInert(html: string) {
  expect(html).not.toMatch(/<script|<img|<iframe|onerror=|href="\s*javascript:/i);
}

function ok(result: RouteResult) {
  expect(result.status, JSON.stringify(result.body)?.slice(0, 300)).toBe(200);
  return result.body;
}

const viewerOf = (u: TestViewer) => makeContext(db(), u);

/** Every page that shows an idea body, a challenge brief or a brand description. */
async function loadPages(
  viewer: TestViewer | null,
  at: { ideaId: number; challengeSlug: string; brandSlug: string },
) {
  const context = makeContext(db(), viewer);
  return {
    idea: ok(
      await callLoader(ideaPage, {
        params: { id: String(at.ideaId) },
        request: getRequest(`/ideas/${at.ideaId}`),
        context,
      }),
    ),
    challenge: ok(
      await callLoader(challengePage, {
        params: { slug: at.challengeSlug },
        request: getRequest(`/challenges/${at.challengeSlug}`),
        context,
      }),
    ),
    home: ok(await callLoader(home, { request: getRequest('/'), context })),
    challenges: ok(
      await callLoader(challengeList, { request: getRequest('/challenges'), context }),
    ),
    brands: ok(await callLoader(brandList, { request: getRequest('/brands'), context })),
    brand: ok(
      await callLoader(brandPage, {
        params: { slug: at.brandSlug },
        request: getRequest(`/brands/${at.brandSlug}`),
        context,
      }),
    ),
  };
}

/** An open challenge of a new brand with one idea, all made through the domain functions. */
async function scene() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const brand = await makeBrand(db(), owner, unique('Bomb brand '));
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  return { owner, author, brand, challenge, idea };
}

const at = (s: Awaited<ReturnType<typeof scene>>) => ({
  ideaId: s.idea.id,
  challengeSlug: s.challenge.slug,
  brandSlug: s.brand.slug,
});

/** What an attacker's text looks like in a database written before this fix: no stored HTML. */
async function plantLegacyText(
  s: Awaited<ReturnType<typeof scene>>,
  text: (max: number) => string,
) {
  await db()
    .update(ideas)
    .set({ body: text(10_000), bodyHtml: null, bodyExcerpt: null })
    .where(eq(ideas.id, s.idea.id));
  await db()
    .update(challenges)
    .set({ brief: text(20_000), briefHtml: null, briefExcerpt: null })
    .where(eq(challenges.id, s.challenge.id));
  await db()
    .update(brands)
    .set({ description: text(2000), descriptionHtml: null, descriptionExcerpt: null })
    .where(eq(brands.id, s.brand.id));
}

const challengeFields = (brief: string) => ({
  title: unique('Bomb challenge '),
  brief,
  tags: 'test',
  language: 'en',
  rewardPoints: '0',
  rewardDescription: '',
  criteria: '',
  maxIdeasPerUser: '3',
  opensAt: '',
  votingAt: '',
  reviewAt: '',
  awardedAt: '',
});

describe('Markdown bombs written through the forms', () => {
  it.each(Object.entries(NESTING_BOMBS))(
    'refuses %s as an idea body, a challenge brief and a brand description (400, nothing written)',
    async (_name, bomb) => {
      const s = await scene();
      for (const [route, params, path, fields, field, viewer] of [
        [
          newIdea,
          { slug: s.challenge.slug },
          `/challenges/${s.challenge.slug}/ideas/new`,
          { title: 'A deep idea', body: bomb(10_000), tags: '', buildsOnId: '' },
          'body',
          s.author,
        ],
        [
          newChallenge,
          { slug: s.brand.slug },
          `/brands/${s.brand.slug}/challenges/new`,
          challengeFields(bomb(20_000)),
          'brief',
          s.owner,
        ],
        [
          newBrand,
          {},
          '/brands/new',
          { name: unique('Deep '), description: bomb(2000), website: '' },
          'description',
          s.owner,
        ],
      ] as const) {
        const result = await expectRefused(
          db(),
          () =>
            callAction(route, {
              params,
              request: formRequest(path, fields),
              context: viewerOf(viewer),
            }),
          400,
          { fields: [field] },
        );
        expect(result.body.fieldErrors[field]).toContain(TOO_DEEP_MESSAGE);
      }
    },
  );

  it('stores the slow 10 kB "*_a" × 3,333 without stalling the event loop, and its pages answer 200 from the stored HTML', async () => {
    const s = await scene();
    // Warm the renderer so the measurement is about this text, not about starting a thread.
    await renderMarkdown('warm *up*');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const created = await callAction(newIdea, {
      params: { slug: s.challenge.slug },
      request: formRequest(`/challenges/${s.challenge.slug}/ideas/new`, {
        title: 'A slow idea',
        body: SLOW,
        tags: '',
        buildsOnId: '',
      }),
      context: viewerOf(s.author),
    });
    expect(created.status).toBe(302);
    const ideaId = Number(created.headers.get('Location')!.replace(/^\/ideas\//, ''));
    const pages = await loadPages(null, { ...at(s), ideaId });
    const elapsed = performance.now() - started;
    delay.disable();
    // Rendering in the loader stalled the loop for the whole render (0.9–1.7 s, nearly all of this
    // time). In a worker at write time the longest stall is the database's and the test's own work:
    // 15–50 ms on a quiet machine, near 100 ms on a crowded one, while the render alone takes most of
    // a second. Measured against the elapsed time, since a busy machine stretches both alike.
    expect(delay.max / 1e6).toBeLessThan(elapsed / 4);

    const [stored] = await db().select().from(ideas).where(eq(ideas.id, ideaId));
    expect(stored!.bodyHtml).toBeTruthy();
    expect(pages.idea.bodyHtml).toBe(stored!.bodyHtml);
    expect(pages.challenge.ideas.items.map((i: { id: number }) => i.id)).toContain(ideaId);
  });
});

describe('pages showing Markdown stored before this fix', () => {
  const legacy: Record<string, (max: number) => string> = {
    ...NESTING_BOMBS,
    '"*_a" × 3,333': () => SLOW,
  };
  it.each(Object.entries(legacy))(
    'answer 200 with %s as escaped text, before and after the start-up backfill',
    async (_name, bomb) => {
      const s = await scene();
      await plantLegacyText(s, bomb);
      const before = await loadPages(null, at(s));
      // No stored HTML: the text as typed, escaped, never rendered in the request.
      expect(before.idea.bodyHtml).toBe(plainTextHtml(bomb(10_000)));
      expect(before.challenge.briefHtml).toBe(plainTextHtml(bomb(20_000)));
      expect(before.idea.bodyHtml).not.toMatch(/<(blockquote|ol|ul|em|strong)/);

      await backfillRenderedMarkdown(db());
      const after = await loadPages(null, at(s));
      const [idea] = await db().select().from(ideas).where(eq(ideas.id, s.idea.id));
      const [challenge] = await db()
        .select()
        .from(challenges)
        .where(eq(challenges.id, s.challenge.id));
      const [brand] = await db().select().from(brands).where(eq(brands.id, s.brand.id));
      expect(idea!.bodyHtml).not.toBeNull();
      expect(challenge!.briefHtml).not.toBeNull();
      expect(brand!.descriptionHtml).not.toBeNull();
      expect(after.idea.bodyHtml).toBe(idea!.bodyHtml);
      expect(after.challenge.briefHtml).toBe(challenge!.briefHtml);
    },
  );
});

describe('loaders read what was stored', () => {
  it('shows the stored HTML and excerpts on every page, without rendering anything', async () => {
    const s = await scene();
    // Markers no renderer would produce from the source text: finding them proves the pages read
    // the stored columns rather than rendering Markdown themselves.
    await db()
      .update(ideas)
      .set({ bodyHtml: '<p>stored idea html</p>', bodyExcerpt: 'stored idea excerpt' })
      .where(eq(ideas.id, s.idea.id));
    await db()
      .update(challenges)
      .set({ briefHtml: '<p>stored brief html</p>', briefExcerpt: 'stored brief excerpt' })
      .where(eq(challenges.id, s.challenge.id));
    await db()
      .update(brands)
      .set({ descriptionHtml: '<p>stored brand html</p>', descriptionExcerpt: 'stored brand text' })
      .where(eq(brands.id, s.brand.id));
    const pages = await loadPages(null, at(s));
    expect(pages.idea.bodyHtml).toBe('<p>stored idea html</p>');
    expect(pages.idea.excerpt).toBe('stored idea excerpt');
    expect(pages.challenge.briefHtml).toBe('<p>stored brief html</p>');
    expect(pages.challenge.excerpt).toBe('stored brief excerpt');
    const listed = pages.challenge.ideas.items.find((i: { id: number }) => i.id === s.idea.id);
    expect(listed.excerpt).toBe('stored idea excerpt');
    const card = (items: { slug: string; excerpt: string }[]) =>
      items.find((c) => c.slug === s.challenge.slug)?.excerpt;
    expect(card(pages.home.open.items)).toBe('stored brief excerpt');
    expect(card(pages.challenges.items)).toBe('stored brief excerpt');
    expect(pages.brands.brands.find((b: { slug: string }) => b.slug === s.brand.slug).excerpt).toBe(
      'stored brand text',
    );
    expect(pages.brand.description).toBe('stored brand text');
    // The HTML is sent once, not a second time inside the record it came from.
    expect(JSON.stringify(pages.idea).split('stored idea html')).toHaveLength(2);
    expect(JSON.stringify(pages.challenge).split('stored brief html')).toHaveLength(2);
    expect(JSON.stringify(pages.brand)).not.toContain('stored brand html');
  });

  it('cuts a long stored excerpt to each page’s length on a word boundary', async () => {
    const s = await scene();
    const long = 'word '.repeat(60).trim();
    await db()
      .update(challenges)
      .set({ briefExcerpt: long })
      .where(eq(challenges.id, s.challenge.id));
    const pages = await loadPages(null, at(s));
    const card = pages.home.open.items.find((c: { slug: string }) => c.slug === s.challenge.slug);
    expect(card.excerpt.length).toBeLessThanOrEqual(140);
    expect(card.excerpt).toMatch(/^(word )+word…$/);
  });
});

describe('rendering at write time', () => {
  it('renders an idea when submitted and again when edited', async () => {
    const s = await scene();
    const created = await callAction(newIdea, {
      params: { slug: s.challenge.slug },
      request: formRequest(`/challenges/${s.challenge.slug}/ideas/new`, {
        title: 'Refill stations',
        body: 'Put **refill stations** by the door.\n\n- jars\n- bags',
        tags: '',
        buildsOnId: '',
      }),
      context: viewerOf(s.author),
    });
    expect(created.status).toBe(302);
    const id = Number(created.headers.get('Location')!.replace(/^\/ideas\//, ''));
    const read = async () => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
    expect((await read()).bodyHtml).toContain('<strong>refill stations</strong>');
    expect((await read()).bodyExcerpt).toBe('Put refill stations by the door. jars bags');

    const edited = await callAction(editIdea, {
      params: { id: String(id) },
      request: formRequest(`/ideas/${id}/edit`, {
        title: 'Refill stations',
        body: 'Now with _deposit_ jars and a [map](https://example.com).',
        tags: '',
        buildsOnId: '',
      }),
      context: viewerOf(s.author),
    });
    expect(edited.status).toBe(302);
    const after = await read();
    expect(after.bodyHtml).toContain('<em>deposit</em>');
    expect(after.bodyHtml).not.toContain('refill stations');
    expect(after.bodyExcerpt).toBe('Now with deposit jars and a map.');
  });

  it('renders a challenge brief again when the challenge is edited', async () => {
    const s = await scene();
    const edited = await callAction(editChallenge, {
      params: { slug: s.challenge.slug },
      request: formRequest(`/challenges/${s.challenge.slug}/edit`, {
        ...challengeFields('## New brief\n\nHow might we **halve** packaging?'),
        title: s.challenge.title,
      }),
      context: viewerOf(s.owner),
    });
    expect(edited.status).toBe(302);
    const [after] = await db().select().from(challenges).where(eq(challenges.id, s.challenge.id));
    expect(after!.briefHtml).toContain('<h2>New brief</h2>');
    expect(after!.briefHtml).toContain('<strong>halve</strong>');
    expect(after!.briefExcerpt).toBe('New brief How might we halve packaging?');
  });

  it('keeps scripts and javascript: links out of stored idea, brief and brand HTML', async () => {
    const s = await scene();
    const idea = await callAction(newIdea, {
      params: { slug: s.challenge.slug },
      request: formRequest(`/challenges/${s.challenge.slug}/ideas/new`, {
        title: 'Hostile idea',
        body: XSS,
        tags: '',
        buildsOnId: '',
      }),
      context: viewerOf(s.author),
    });
    const challenge = await callAction(newChallenge, {
      params: { slug: s.brand.slug },
      request: formRequest(`/brands/${s.brand.slug}/challenges/new`, challengeFields(XSS)),
      context: viewerOf(s.owner),
    });
    const brand = await callAction(newBrand, {
      request: formRequest('/brands/new', {
        name: unique('Hostile '),
        description: XSS,
        website: '',
      }),
      context: viewerOf(s.owner),
    });
    for (const r of [idea, challenge, brand]) expect(r.status).toBe(302);
    const ideaId = Number(idea.headers.get('Location')!.replace(/^\/ideas\//, ''));
    const [storedIdea] = await db().select().from(ideas).where(eq(ideas.id, ideaId));
    const [storedBrief] = await db()
      .select()
      .from(challenges)
      .where(
        eq(challenges.slug, challenge.headers.get('Location')!.replace(/^\/challenges\//, '')),
      );
    const [storedBrand] = await db()
      .select()
      .from(brands)
      .where(eq(brands.slug, brand.headers.get('Location')!.replace(/^\/brands\//, '')));
    for (const html of [
      storedIdea!.bodyHtml,
      storedBrief!.briefHtml,
      storedBrand!.descriptionHtml,
    ]) {
      expect(html).toContain('&lt;script&gt;');
      expectInert(html!);
    }
    for (const excerpt of [storedIdea!.bodyExcerpt, storedBrief!.briefExcerpt]) {
      expect(excerpt).not.toContain('alert(1)</script>');
      expect(excerpt).toContain('Look');
    }
    const page = ok(
      await callLoader(ideaPage, {
        params: { id: String(ideaId) },
        request: getRequest(`/ideas/${ideaId}`),
        context: makeContext(db(), null),
      }),
    );
    expectInert(page.bodyHtml);
  });
});

describe('a render that fails or runs out of time', () => {
  it('stores the text escaped, as paragraphs, and the next render works again', async () => {
    const source = `${SLOW}\n\n<script>alert(1)</script> & "more"\nline two`;
    const rendered = await renderMarkdown(source, { timeoutMs: 1 });
    expect(rendered.html).toBe(plainTextHtml(source));
    expect(rendered.html).toContain(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;<br />line two</p>',
    );
    expectInert(rendered.html);
    expect(rendered.excerpt.length).toBeLessThanOrEqual(300);
    // The worker that ran out of time was replaced.
    expect((await renderMarkdown('back to **normal**')).html).toBe(
      '<p>back to <strong>normal</strong></p>\n',
    );
  });

  it('does not render text nested too deeply even when asked directly (rows from before the fix)', async () => {
    const bomb = '>'.repeat(2000) + 'a';
    expect(await renderMarkdown(bomb)).toEqual({
      html: plainTextHtml(bomb),
      excerpt: expect.stringMatching(/^>+…$/),
    });
  });
});

describe('the start-up backfill', () => {
  it('fills only rows without HTML, in batches, and changes nothing when run again', async () => {
    const s = await scene();
    const second = await makeIdea(db(), s.author, s.challenge.id);
    await db()
      .update(ideas)
      .set({ body: 'A **legacy** idea body, long enough.', bodyHtml: null, bodyExcerpt: null })
      .where(eq(ideas.id, s.idea.id));
    await db()
      .update(ideas)
      .set({ bodyHtml: null, bodyExcerpt: null })
      .where(eq(ideas.id, second.id));
    await db()
      .update(challenges)
      .set({ brief: '# Legacy brief\n\nWith _emphasis_.', briefHtml: null, briefExcerpt: null })
      .where(eq(challenges.id, s.challenge.id));
    await db()
      .update(brands)
      .set({ description: 'A **legacy** brand.', descriptionHtml: null, descriptionExcerpt: null })
      .where(eq(brands.id, s.brand.id));
    const untouched = await makeIdea(db(), s.author, s.challenge.id);
    await db().update(ideas).set({ bodyHtml: '<p>kept</p>' }).where(eq(ideas.id, untouched.id));

    // A batch of one makes it page through every row.
    const first = await backfillRenderedMarkdown(db(), 1);
    expect(first.ideas).toBeGreaterThanOrEqual(2);
    expect(first.challenges).toBeGreaterThanOrEqual(1);
    expect(first.brands).toBeGreaterThanOrEqual(1);
    const idea = async (id: number) =>
      (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
    expect((await idea(s.idea.id)).bodyHtml).toBe(
      '<p>A <strong>legacy</strong> idea body, long enough.</p>\n',
    );
    expect((await idea(s.idea.id)).bodyExcerpt).toBe('A legacy idea body, long enough.');
    expect((await idea(second.id)).bodyHtml).toMatch(/^<p>An idea body/);
    expect((await idea(untouched.id)).bodyHtml).toBe('<p>kept</p>');
    const [challenge] = await db()
      .select()
      .from(challenges)
      .where(eq(challenges.id, s.challenge.id));
    expect(challenge!.briefHtml).toBe('<h2>Legacy brief</h2>\n<p>With <em>emphasis</em>.</p>\n');
    expect(challenge!.briefExcerpt).toBe('Legacy brief With emphasis.');
    const [brand] = await db().select().from(brands).where(eq(brands.id, s.brand.id));
    expect(brand!.descriptionHtml).toBe('<p>A <strong>legacy</strong> brand.</p>\n');
    expect(brand!.descriptionExcerpt).toBe('A legacy brand.');

    const rows = async () => ({
      ideas: await db().select().from(ideas).orderBy(ideas.id),
      challenges: await db().select().from(challenges).orderBy(challenges.id),
      brands: await db().select().from(brands).orderBy(brands.id),
    });
    const snapshot = await rows();
    expect(await backfillRenderedMarkdown(db())).toEqual({ ideas: 0, challenges: 0, brands: 0 });
    expect(await rows()).toEqual(snapshot);
  });
});
