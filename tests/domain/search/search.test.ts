// Full-text search (issue 16) on every driver of the run: an in-memory PGlite always, and
// PostgreSQL too when DATABASE_URL is set, every case on each.
import { eq, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { challenges, comments, ideas, type ChallengeStage } from '../../../db/schema';
import type { ContentLanguage } from '../../../db/schema/columns';
import { Highlighted } from '#app/components/highlighted';
import type { Actor } from '#app/domain/core/actor';
import { addComment } from '#app/domain/comments/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { RANK_CANDIDATES, search, type SearchResult } from '#app/domain/search/queries.server';
import {
  MAX_QUERY_LENGTH,
  normaliseQuery,
  searchParamsSchema,
  type SearchInput,
} from '#app/domain/search/schema';
import { makeBrand, makeChallenge, makeUser, setIdeaStatus } from '../../support/factories';
import { availableDrivers, useTestDatabase } from '../../support/db';
import { expectRefused } from '../../support/assertions';

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marked = (segments: { text: string; mark: boolean }[]) =>
  segments.filter((s) => s.mark).map((s) => s.text);

describe.each(availableDrivers())('search on %s', (driver) => {
  const db = useTestDatabase(driver);

  /** A brand of its own per test, so each test's search sees only its rows (brand filter). */
  async function world(options: { stage?: ChallengeStage; language?: ContentLanguage } = {}) {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const challenge = await makeChallenge(db(), owner, {
      brandId: brand.id,
      stage: options.stage ?? 'open',
      maxIdeasPerUser: 50,
    });
    return { owner, author, brand, challenge };
  }

  async function idea(
    author: Actor,
    challengeId: number,
    fields: { title: string; body?: string; language?: ContentLanguage; tags?: string },
  ) {
    const input = ideaSchema.parse({
      title: fields.title,
      body: fields.body ?? 'Plain words that say little about anything in particular here.',
      tags: fields.tags ?? 'general',
      buildsOnId: '',
    });
    const created = await submitIdea(db(), { actor: author, challengeId, idea: input });
    // Set outright: what is tested here is search in the stored language, not its detection.
    await db()
      .update(ideas)
      .set({ language: fields.language ?? 'en' })
      .where(eq(ideas.id, created.id));
    return created;
  }

  const find = (viewer: Actor | null, input: Partial<SearchInput> & { q: string }) =>
    search(db(), viewer, { kind: 'all', ...input });
  const ids = (items: SearchResult[], kind = 'idea') =>
    items.filter((r) => r.kind === kind).map((r) => r.id);

  it('finds English words by their stem: "run", "runs" and "RUNNING" find "Running"', async () => {
    const { author, brand, challenge } = await world();
    const running = await idea(author, challenge.id, { title: 'Running shoes that last longer' });
    const other = await idea(author, challenge.id, { title: 'Quieter coffee machines please' });
    for (const q of ['run', 'runs', 'RUNNING', 'shoe'])
      expect(ids((await find(null, { q, brand: brand.slug })).items), q).toEqual([running.id]);
    expect(ids((await find(null, { q: 'coffee', brand: brand.slug })).items)).toEqual([other.id]);
  });

  it('finds Spanish words without their accents: "cancion" finds "canción" and "canciones"', async () => {
    const { author, brand, challenge } = await world();
    const one = await idea(author, challenge.id, {
      title: 'Una canción para la tienda',
      body: 'Poner música tranquila mientras la gente compra en la tienda.',
      language: 'es',
    });
    const many = await idea(author, challenge.id, {
      title: 'Listas de reproducción',
      body: 'Que los clientes elijan las canciones que suenan en la caja.',
      language: 'es',
    });
    await idea(author, challenge.id, { title: 'Cancel the queue at the till' });
    const found = await find(null, { q: 'cancion', brand: brand.slug });
    expect(ids(found.items).sort()).toEqual([one.id, many.id].sort());
    const again = await find(null, { q: 'canción', brand: brand.slug });
    expect(ids(again.items).sort()).toEqual([one.id, many.id].sort());
    // Its title and snippet come marked in Spanish, the row's own language.
    const title = found.items.find((r) => r.id === one.id)!;
    expect(marked(title.title)).toEqual(['canción']);
    expect(title.language).toBe('es');
  });

  it('finds Italian words without their accents and by their stem: "perche", "bottiglia"', async () => {
    const { author, brand, challenge } = await world();
    const why = await idea(author, challenge.id, {
      title: 'Perché non riciclare le bottiglie?',
      body: 'Un distributore che raccoglie le bottiglie vuote e restituisce un buono.',
      language: 'it',
    });
    expect(ids((await find(null, { q: 'perche', brand: brand.slug })).items)).toEqual([why.id]);
    expect(ids((await find(null, { q: 'bottiglia', brand: brand.slug })).items)).toEqual([why.id]);
    expect(ids((await find(null, { q: 'città', brand: brand.slug })).items)).toEqual([]);
  });

  it('ranks a title match above a body match, and breaks ties by newest id', async () => {
    const { author, brand, challenge } = await world();
    const inBody = await idea(author, challenge.id, {
      title: 'Fewer plastic bags at checkout',
      body: 'Offer a paper alternative and a small discount for bringing a tote.',
    });
    const inTitle = await idea(author, challenge.id, {
      title: 'A tote for every loyal customer',
      body: 'Give it away after ten visits, printed with the store logo.',
    });
    const tie = await idea(author, challenge.id, {
      title: 'A tote for every new customer',
      body: 'Give it away on the first visit, printed with the store logo.',
    });
    const found = await find(null, { q: 'tote', brand: brand.slug });
    expect(ids(found.items)).toEqual([tie.id, inTitle.id, inBody.id]);
  });

  it('marks the matched words in snippets and keeps everything else as plain text', async () => {
    const { author, brand, challenge } = await world();
    await idea(author, challenge.id, {
      title: 'Tomatoes sold loose',
      body: 'Sell **tomatoes** by weight when 2 < 3 & "price" > cost, not <b>in</b> plastic <script>alert(1)</script> trays.',
    });
    const [result] = (await find(null, { q: 'tomato', brand: brand.slug })).items;
    expect(marked(result!.title)).toEqual(['Tomatoes']);
    expect(marked(result!.snippet)).toEqual(['tomatoes']);
    // Markdown's asterisks are not shown; HTML in the text stays text.
    expect(text(result!.snippet)).not.toContain('**');
    const html = renderToStaticMarkup(createElement(Highlighted, { segments: result!.snippet }));
    expect(html).toContain('<mark>tomatoes</mark>');
    expect(html).toContain('2 &lt; 3 &amp; &quot;price&quot; &gt; cost');
    expect(html).not.toMatch(/<(script|b)\b/);
  });

  it('cannot be made to mark words by the marker characters in the text itself', async () => {
    const { author, brand, challenge } = await world();
    await idea(author, challenge.id, {
      title: 'Forged \uE000marks\uE001 in a title',
      body: 'Someone wrote \uE000these\uE001 private characters into the body of the idea.',
    });
    const [result] = (await find(null, { q: 'private', brand: brand.slug })).items;
    expect(marked(result!.snippet)).toEqual(['private']);
    expect(marked(result!.title)).toEqual([]);
  });

  it('filters by kind, brand, challenge, stage and tag', async () => {
    const { owner, author, brand, challenge } = await world();
    const voting = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    const open = await idea(author, challenge.id, {
      title: 'Greener packaging with paper',
      tags: 'paper, eco',
    });
    const later = await idea(author, voting.id, { title: 'Greener packaging with glass' });
    await db()
      .update(challenges)
      .set({ title: 'Greener packaging for everyone', stage: 'voting' })
      .where(eq(challenges.id, voting.id));
    const talk = await addComment(db(), {
      actor: owner,
      ideaId: open.id,
      comment: { body: 'Greener packaging costs more, who pays?', parentId: null },
    });
    const q = 'greener';
    const all = await find(null, { q, brand: brand.slug });
    expect(all.items.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(
      [
        `challenge:${voting.id}`,
        `idea:${open.id}`,
        `idea:${later.id}`,
        `comment:${talk.id}`,
      ].sort(),
    );
    expect(all.counts).toEqual({
      challenges: { count: 1, capped: false },
      ideas: { count: 2, capped: false },
      comments: { count: 1, capped: false },
    });
    expect(ids((await find(null, { q, brand: brand.slug, kind: 'ideas' })).items).sort()).toEqual(
      [open.id, later.id].sort(),
    );
    expect(
      ids((await find(null, { q, brand: brand.slug, kind: 'challenges' })).items, 'challenge'),
    ).toEqual([voting.id]);
    const onlyComments = await find(null, { q, brand: brand.slug, kind: 'comments' });
    expect(onlyComments.items).toMatchObject([
      {
        kind: 'comment',
        id: talk.id,
        href: `/ideas/${open.id}?comments=${talk.id}#comment-${talk.id}`,
      },
    ]);
    expect(ids((await find(null, { q, challenge: voting.slug })).items)).toEqual([later.id]);
    expect(ids((await find(null, { q, brand: brand.slug, stage: 'open' })).items)).toEqual([
      open.id,
    ]);
    // The tag of an idea also finds its comments.
    const tagged = await find(null, { q, brand: brand.slug, tag: 'eco' });
    expect(tagged.items.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(
      [`comment:${talk.id}`, `idea:${open.id}`].sort(),
    );
    expect((await find(null, { q, brand: 'no-such-brand' })).items).toEqual([]);
  });

  it('pages through results without repeating or skipping any, forwards and back', async () => {
    const { author, brand, challenge } = await world();
    const made: number[] = [];
    // Same title shape: many equal ranks, so only kind and id keep the order stable.
    for (let i = 0; i < 25; i++)
      made.push((await idea(author, challenge.id, { title: `Refill station number ${i}` })).id);
    const q = 'refill';
    const first = await search(db(), null, { q, kind: 'all', brand: brand.slug });
    expect(first.items).toHaveLength(20);
    expect(first.next).not.toBeNull();
    const second = await search(db(), null, {
      q,
      kind: 'all',
      brand: brand.slug,
      after: first.next!,
    });
    expect(second.items).toHaveLength(5);
    expect(second.next).toBeNull();
    const seen = [...first.items, ...second.items].map((r) => r.id);
    expect(new Set(seen).size).toBe(25);
    expect(seen.sort()).toEqual(made.sort());
    const small = await search(db(), null, { q, kind: 'all', brand: brand.slug }, 10);
    const middle = await search(
      db(),
      null,
      { q, kind: 'all', brand: brand.slug, after: small.next! },
      10,
    );
    const back = await search(
      db(),
      null,
      { q, kind: 'all', brand: brand.slug, before: middle.prev! },
      10,
    );
    expect(back.items.map((r) => r.id)).toEqual(small.items.map((r) => r.id));
    expect(first.counts.ideas).toEqual({ count: 25, capped: false });
  });

  it('never finds hidden, withdrawn or merged ideas, draft challenges, or deleted and hidden comments', async () => {
    const { owner, author, brand, challenge } = await world();
    const q = 'lantern';
    const shown = await idea(author, challenge.id, { title: 'A lantern by the door' });
    for (const status of ['hidden', 'withdrawn', 'merged'] as const) {
      const gone = await idea(author, challenge.id, { title: `A lantern that is ${status}` });
      await setIdeaStatus(db(), gone.id, status);
    }
    const winner = await idea(author, challenge.id, { title: 'The winning lantern' });
    await setIdeaStatus(db(), winner.id, 'winner');
    const draft = await makeChallenge(db(), owner, { brandId: brand.id });
    await db()
      .update(challenges)
      .set({ title: 'Lantern festival draft' })
      .where(eq(challenges.id, draft.id));
    const keep = await addComment(db(), {
      actor: owner,
      ideaId: shown.id,
      comment: { body: 'Solar lantern, please', parentId: null },
    });
    const deleted = await addComment(db(), {
      actor: owner,
      ideaId: shown.id,
      comment: { body: 'Lantern comment deleted later', parentId: null },
    });
    const hidden = await addComment(db(), {
      actor: owner,
      ideaId: shown.id,
      comment: { body: 'Lantern comment hidden by moderation', parentId: null },
    });
    await db().update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, deleted.id));
    await db().update(comments).set({ hiddenAt: new Date() }).where(eq(comments.id, hidden.id));
    // A comment on an idea that is then hidden goes with its idea.
    const hiddenIdea = await idea(author, challenge.id, { title: 'Soon hidden idea' });
    await addComment(db(), {
      actor: owner,
      ideaId: hiddenIdea.id,
      comment: { body: 'Lantern talk on a hidden idea', parentId: null },
    });
    await setIdeaStatus(db(), hiddenIdea.id, 'hidden');

    const found = await find(null, { q, brand: brand.slug });
    expect(found.items.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(
      [`idea:${shown.id}`, `idea:${winner.id}`, `comment:${keep.id}`].sort(),
    );
    // The brand's own members see its draft challenge; nobody else does.
    const member = await find(owner, { q, brand: brand.slug, kind: 'challenges' });
    expect(member.items.map((r) => r.id)).toEqual([draft.id]);
    expect((await find(author, { q, brand: brand.slug, kind: 'challenges' })).items).toEqual([]);
    // Nor as a suggestion.
    const typo = await find(null, {
      q: 'lanternn festivall',
      brand: brand.slug,
      kind: 'challenges',
    });
    expect(typo.suggestions).toEqual([]);
  });

  it('suggests close titles when full text finds nothing ("Did you mean…")', async () => {
    const { owner, author, brand, challenge } = await world();
    const shampoo = await idea(author, challenge.id, { title: 'Refillable shampoo bottles' });
    const song = await idea(author, challenge.id, {
      title: 'Una canción para la tienda',
      language: 'es',
    });
    await db()
      .update(challenges)
      .set({ title: 'Sustainable packaging ideas' })
      .where(eq(challenges.id, challenge.id));
    const typo = await find(null, { q: 'shampo', brand: brand.slug });
    expect(typo.items).toEqual([]);
    expect(typo.suggestions).toEqual([
      { kind: 'idea', title: 'Refillable shampoo bottles', href: `/ideas/${shampoo.id}` },
    ]);
    expect((await find(null, { q: 'cancoin', brand: brand.slug })).suggestions).toMatchObject([
      { kind: 'idea', href: `/ideas/${song.id}` },
    ]);
    expect((await find(null, { q: 'sustainabel', brand: brand.slug })).suggestions).toEqual([
      {
        kind: 'challenge',
        title: 'Sustainable packaging ideas',
        href: `/challenges/${challenge.slug}`,
      },
    ]);
    // Nothing close: no suggestion rather than a random one.
    expect((await find(null, { q: 'xylophone', brand: brand.slug })).suggestions).toEqual([]);
    // Found by full text: no suggestions asked for.
    expect((await find(null, { q: 'shampoo', brand: brand.slug })).suggestions).toEqual([]);
    void owner;
  });

  it('takes any text as a query: tsquery and SQL metacharacters, 10,000 characters, nothing', async () => {
    const { author, brand, challenge } = await world();
    const plain = await idea(author, challenge.id, { title: "Shopper's loyalty card (digital)" });
    const queries = [
      ...'&|!():*\'"\\'.split(''),
      `&|!():*'"\\`,
      'loyalty & | ! ( ) : * \' " \\',
      "'); drop table ideas; --",
      'loyalty:*',
      '!loyalty',
      '-loyalty',
      '"unterminated phrase',
      'or or or',
      '\u0000loyalty\u0007',
      '😀'.repeat(300),
      'loyalty '.repeat(1_250),
      '',
      '   ',
    ];
    for (const raw of queries) {
      const parsed = searchParamsSchema.parse({ q: raw });
      const outcome = await search(db(), null, { ...parsed, q: parsed.q.q, brand: brand.slug });
      expect(outcome.items.every((r) => r.id === plain.id)).toBe(true);
    }
    // Still found through the noise.
    const noisy = searchParamsSchema.parse({ q: 'loyalty & | ! ( ) : * \' " \\' });
    expect(ids((await find(null, { q: noisy.q.q, brand: brand.slug })).items)).toEqual([plain.id]);
    // Only negations or only punctuation: nothing to look up, no search (and no scan of everything).
    for (const q of ['-loyalty', '&|!', '', '  '])
      expect(await find(null, { q, brand: brand.slug }), q).toMatchObject({
        searched: false,
        items: [],
      });
  });

  it('ranks only the newest RANK_CANDIDATES matches of a very common word, and says there are more', async () => {
    const { owner, author, brand, challenge } = await world();
    await db().execute(sql`
      insert into ideas (challenge_id, author_id, title, body)
      select ${challenge.id}, ${author.id}, 'Zeppelin rides number ' || g, 'A zeppelin over the store.'
      from generate_series(1, ${RANK_CANDIDATES + 5}::int) g`);
    const newest = await idea(owner, challenge.id, {
      title: 'Zeppelin rides number 0',
      body: 'A zeppelin over the store.',
    });
    const found = await find(null, { q: 'zeppelin', brand: brand.slug, kind: 'ideas' });
    expect(found.counts.ideas).toEqual({ count: RANK_CANDIDATES, capped: true });
    expect(found.items[0]!.id).toBe(newest.id);
  });

  it('refuses a garbled or tampered page cursor as Invalid', async () => {
    const forged = Buffer.from(JSON.stringify(['challenges', 5, '2026-01-01', 1])).toString(
      'base64url',
    );
    for (const after of ['not a cursor', 'e30', forged])
      await expectRefused(db(), () => find(null, { q: 'anything', after }), 'Invalid');
  });
});

describe('the search query as typed', () => {
  it('is cut to its first 200 characters at a word, and said to be', () => {
    const long = normaliseQuery('word '.repeat(2_000));
    expect(long.shortened).toBe(true);
    expect(long.q.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(long.q.endsWith('word')).toBe(true);
    expect(normaliseQuery('  two\n\twords\u0000 ')).toEqual({ q: 'two words', shortened: false });
    // Never splits a surrogate pair.
    expect(normaliseQuery('😀'.repeat(300)).q).toBe('😀'.repeat(MAX_QUERY_LENGTH));
  });

  it('refuses unknown kinds and stages, badly written filters and absurdly long text', () => {
    for (const bad of [
      { kind: 'everything' },
      { stage: 'draft' },
      { stage: 'nope' },
      { brand: '<script>' },
      { challenge: 'a'.repeat(200) },
      { tag: 'x' },
      { tag: '<b>' },
      { q: 'x'.repeat(20_001) },
    ])
      expect(searchParamsSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 40)).toBe(
        false,
      );
    expect(searchParamsSchema.parse({ kind: '', brand: '', stage: '', tag: '#Eco' })).toMatchObject(
      {
        kind: 'all',
        brand: undefined,
        stage: undefined,
        tag: 'eco',
      },
    );
  });
});
