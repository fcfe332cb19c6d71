// GET /me, "My relationships": private (a visitor is sent to sign in), only ever the viewer's own
// data whatever the URL says, bad filter and page values answered 400 with a message in the
// reader's language, and no user id in the page's data.
import { describe, expect, it } from 'vitest';
import * as mePage from '#app/routes/me';
import * as consentRoute from '#app/routes/consent';
import { addComment } from '#app/domain/comments/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { backfillCommunity } from '../../jobs/community.server';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectRefused } from '../support/route-assertions';
import { canOppose } from '../support/reputation';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const load = (viewer: TestViewer | null, path = '/me', locale: 'en' | 'es' | 'it' = 'en') =>
  callLoader(mePage, { request: getRequest(path), context: makeContext(db(), viewer, { locale }) });

async function setup() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const ana = await makeUser(db());
  const voter = await makeUser(db());
  const other = await makeUser(db());
  await canOppose(db(), voter.id);
  const idea = await makeIdea(db(), ana, challenge.id, { title: 'Ana’s own idea' });
  await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
  // Another person's private life on another brand.
  const elsewhere = await makeChallenge(db(), other, { stage: 'open' });
  const theirs = await makeIdea(db(), other, elsewhere.id, { title: 'Somebody else’s idea' });
  await castVote(db(), { actor: voter, ideaId: theirs.id, value: 1 });
  await addComment(db(), {
    actor: other,
    ideaId: theirs.id,
    comment: { body: 'A private-ish note', parentId: null },
  });
  await backfillCommunity(db());
  return { owner, brand, challenge, ana, voter, other, idea, elsewhere };
}

describe('GET /me', () => {
  it('sends a signed-out visitor to sign in, and back to the same view', async () => {
    const result = await load(null);
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/signin?redirectTo=%2Fme');
    const filtered = await load(null, '/me?kind=votes');
    expect(filtered.headers.get('Location')).toBe('/signin?redirectTo=%2Fme%3Fkind%3Dvotes');
  });

  it('shows the viewer’s summary, brand cards and timeline', async () => {
    const { ana, brand, idea } = await setup();
    const result = await load(ana);
    expect(result.status).toBe(200);
    const body = result.body;
    expect(body.handle).toBe(ana.handle);
    expect(body.summary.reputation).toMatchObject({ reputation: 1, level: 1 });
    expect(body.brands).toEqual([
      expect.objectContaining({
        slug: brand.slug,
        name: brand.name,
        activity: expect.objectContaining({ ideas: 1, votes: 0 }),
        points: -2,
        consent: expect.objectContaining({ level: 'none', answered: false }),
      }),
    ]);
    expect(body.filterBrands).toEqual([{ slug: brand.slug, name: brand.name }]);
    expect(body.timeline.items.map((i: { key: string }) => i.key)).toEqual([
      'opposeReceived',
      'ideaCreated',
    ]);
    expect(body.timeline.items[1].idea).toEqual({ id: idea.id, title: 'Ana’s own idea' });
    expect(body.timeline.items[0].points).toBe(-2);
  });

  it('shows only the viewer’s own data, whatever the URL names, and no user id at all', async () => {
    const { ana, voter, other } = await setup();
    for (const path of [
      `/me?user=${other.id}`,
      `/me?handle=${other.handle}&userId=${other.id}`,
      `/me?u=${voter.handle}`,
    ]) {
      const result = await load(ana, path);
      expect(result.status).toBe(200);
      const text = JSON.stringify(result.body);
      expect(text).not.toContain(other.handle);
      expect(text).not.toContain(voter.handle);
      expect(text).not.toContain('Somebody else’s idea');
      expect(text).not.toContain('A private-ish note');
      for (const id of [ana.id, voter.id, other.id]) expect(text).not.toContain(id);
    }
    // The other person sees theirs, and the voter's identity stays secret there too.
    const theirs = await load(other);
    const text = JSON.stringify(theirs.body);
    expect(text).toContain('Somebody else’s idea');
    expect(text).not.toContain(voter.handle);
    expect(text).not.toContain('Ana’s own idea');
  });

  it('filters by kind and brand and pages with the last id seen', async () => {
    const { ana, brand } = await setup();
    const votes = await load(ana, `/me?kind=votes&brand=${brand.slug}`);
    expect(votes.status).toBe(200);
    expect(votes.body.filters).toEqual({ kind: 'votes', brand: brand.slug });
    expect(votes.body.timeline.items.map((i: { key: string }) => i.key)).toEqual([
      'opposeReceived',
    ]);
    const first = await load(ana);
    const [newest, oldest] = first.body.timeline.items;
    const older = await load(ana, `/me?after=${newest.id}`);
    expect(older.body.timeline.items.map((i: { id: number }) => i.id)).toEqual([oldest.id]);
    expect(older.body.timeline.first).toBe(false);
    expect(older.body.timeline.next).toBeNull();
    // An empty choice of the filter's selects means no filter.
    const blank = await load(ana, '/me?kind=&brand=&after=');
    expect(blank.status).toBe(200);
    expect(blank.body.timeline.items).toHaveLength(2);
  });

  it('answers a bad kind, brand or page value with 400 and a message, writing nothing', async () => {
    const { ana, other } = await setup();
    const theirBrand = await makeBrand(db(), other);
    const cases: [string, RegExp][] = [
      ['kind=everything', /kinds offered/],
      ['kind=%3Cscript%3Ealert(1)%3C%2Fscript%3E', /kinds offered/],
      ['kind=1', /kinds offered/],
      [`kind=${'votes'.repeat(100)}`, /kinds offered/],
      ['brand=%3Cscript%3E', /your brands/],
      ['brand=UPPER', /your brands/],
      [`brand=${'a'.repeat(200)}`, /your brands/],
      ['brand=no-such-brand', /your brands/],
      [`brand=${theirBrand.slug}`, /your brands/],
      ['after=abc', /page link/],
      ['after=0', /page link/],
      ['after=-5', /page link/],
      ['after=1e5', /page link/],
      ['after=1.5', /page link/],
      ['after=99999999999999999999', /page link/],
      ['after=%3Cscript%3E', /page link/],
    ];
    for (const [query, error] of cases)
      await expectRefused(db(), () => load(ana, `/me?${query}`), 400, { error });
  });

  it('says what was wrong in the reader’s language', async () => {
    const { ana } = await setup();
    const es = await load(ana, '/me?kind=nope', 'es');
    expect(es.status).toBe(400);
    expect(es.body.message).toMatch(/Elige uno de los tipos/);
    const it_ = await load(ana, '/me?brand=nope', 'it');
    expect(it_.body.message).toMatch(/Scegli uno dei tuoi marchi/);
  });

  it('shows a consent changed through its card’s form, and the change in the timeline', async () => {
    const { ana, brand } = await setup();
    const saved = await callAction(consentRoute, {
      request: formRequest('/consent', {
        brandId: String(brand.id),
        level: 'activity',
        redirectTo: '/me',
      }),
      context: makeContext(db(), ana),
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get('Location')).toBe('/me');
    const page = await load(ana);
    expect(page.body.brands[0].consent).toMatchObject({ level: 'activity', answered: true });
    expect(page.body.timeline.items[0]).toMatchObject({
      key: 'consentChanged',
      from: 'none',
      to: 'activity',
      brand: { slug: brand.slug },
    });
  });
});
