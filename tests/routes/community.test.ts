// The community pages as routes: /brands/:slug/community (table, segments), its CSV export and the
// participant page. Members only (a visitor is sent to sign in, anyone else 403), crafted
// parameters 400 with a message, forms refused without writing, and route data without user ids
// or anything a person did not consent to.
import { beforeAll, describe, expect, it } from 'vitest';
import * as communityRoute from '#app/routes/brands.$slug.community._index/route';
import * as exportRoute from '#app/routes/brands.$slug.community.export[.csv]';
import * as participantRoute from '#app/routes/brands.$slug.community.$handle';
import * as brandPage from '#app/routes/brands.$slug._index';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeUser, type TestUser } from '../support/factories';
import { communityWorld, parseCsv, type CommunityWorld } from '../support/community';
import { expectAccepted, expectRefused } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

let w: CommunityWorld;
let stranger: TestUser;
let moderator: TestUser;
beforeAll(async () => {
  w = await communityWorld(db());
  stranger = await makeUser(db());
  moderator = await makeUser(db(), { role: 'moderator' });
});

const base = () => `/brands/${w.brand.slug}/community`;
const ctx = (viewer: TestViewer | null) => makeContext(db(), viewer, { clock: w.clock });

const page = (viewer: TestViewer | null, search = '') =>
  callLoader(communityRoute, {
    params: { slug: w.brand.slug },
    request: getRequest(`${base()}${search}`),
    context: ctx(viewer),
  });

const csv = (viewer: TestViewer | null, search = '') =>
  callLoader(exportRoute, {
    params: { slug: w.brand.slug },
    request: getRequest(`${base()}/export.csv${search}`),
    context: ctx(viewer),
  });

const participant = (viewer: TestViewer | null, handle: string) =>
  callLoader(participantRoute, {
    params: { slug: w.brand.slug, handle },
    request: getRequest(`${base()}/${handle}`),
    context: ctx(viewer),
  });

const post = (viewer: TestViewer | null, fields: Record<string, string | string[]>) =>
  callAction(communityRoute, {
    params: { slug: w.brand.slug },
    request: formRequest(base(), fields),
    context: ctx(viewer),
  });

const hidden = () => [w.cai, w.dan, w.eve, w.fay];

describe('GET /brands/:slug/community', () => {
  it('shows a member the consenting participants only, without any user id', async () => {
    for (const member of [w.owner, w.manager]) {
      const result = await page(member);
      expect(result.status).toBe(200);
      const text = JSON.stringify(result.body);
      expect(result.body.rows.map((r: { handle: string }) => r.handle).sort()).toEqual(
        [w.ana.handle, w.ben.handle].sort(),
      );
      expect(result.body.others).toEqual({ people: 2, ideas: 0, votes: 2, comments: 1 });
      for (const person of hidden()) expect(text).not.toContain(person.handle);
      for (const person of [w.ana, w.ben, w.cai, w.dan, w.eve, w.fay, w.owner])
        expect(text).not.toContain(person.id);
      expect(text).not.toContain(w.ben.email);
    }
  });

  it('sends a visitor to sign in, and refuses anyone else (403) — a moderator and another brand’s owner too', async () => {
    const visitor = await page(null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toMatch(/^\/signin\?redirectTo=/);
    for (const viewer of [stranger, moderator, w.rival, w.ana]) {
      const result = await page(viewer);
      expect(result.status).toBe(403);
      expect(result.body.message).toMatch(/owner and managers/);
      expect(JSON.stringify(result.body)).not.toContain(w.ana.handle);
    }
    const unknown = await callLoader(communityRoute, {
      params: { slug: 'no-such-brand' },
      request: getRequest('/brands/no-such-brand/community'),
      context: ctx(w.owner),
    });
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['?sort=engagement%3B%20drop%20table%20users', /Sort by engagement/],
    ['?dir=up', /highest first or lowest first/],
    ['?page=100000', /Pages go from 1 to 400/],
    ['?tag=%3Cscript%3E', /A tag is 2 to 30/],
    ['?level=12', /from 1 to 4/],
    ['?active=-1', /1 to 3650/],
    ['?consent=none', /never listed/],
    ['?engagement=abc', /0 to 100/],
    ['?challenge=%00', /brand’s challenges/],
    ['?segment=999999', /segment was not found/],
  ])(
    'answers %s with a 400 (404 for an unknown segment) and a message',
    async (search, message) => {
      const result = await page(w.owner, search);
      expect([400, 404]).toContain(result.status);
      expect(result.body.message).toMatch(message);
    },
  );

  it('answers in the reader’s language', async () => {
    const result = await callLoader(communityRoute, {
      params: { slug: w.brand.slug },
      request: getRequest(`${base()}?sort=nope`),
      context: makeContext(db(), w.owner, { locale: 'es', clock: w.clock }),
    });
    expect(result.status).toBe(400);
    expect(result.body.message).toMatch(/Ordena por/);
  });

  it('filters, sorts and pages from the query', async () => {
    const result = await page(w.owner, '?consent=activity&sort=votes&dir=asc');
    expect(result.body).toMatchObject({
      filter: { consent: 'activity' },
      sort: 'votes',
      dir: 'asc',
      page: 1,
      pageCount: 1,
      total: 1,
    });
    expect(result.body.rows.map((r: { handle: string }) => r.handle)).toEqual([w.ben.handle]);
    const past = await page(w.owner, '?page=3');
    expect(past.body).toMatchObject({ rows: [], total: 2, pageCount: 1, page: 3 });
  });
});

describe('the brand page', () => {
  it('links the community for members only', async () => {
    const as = async (viewer: TestViewer | null) =>
      (
        await callLoader(brandPage, {
          params: { slug: w.brand.slug },
          request: getRequest(`/brands/${w.brand.slug}`),
          context: ctx(viewer),
        })
      ).body.seesCommunity;
    expect(await as(w.owner)).toBe(true);
    expect(await as(w.manager)).toBe(true);
    expect(await as(moderator)).toBe(false);
    expect(await as(stranger)).toBe(false);
    expect(await as(null)).toBe(false);
  });
});

describe('GET /brands/:slug/community/export.csv', () => {
  it('streams the consented rows as a CSV download, profile columns empty for activity rows', async () => {
    const result = await csv(w.owner, '?sort=handle');
    expect(result.status).toBe(200);
    expect(result.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(result.headers.get('Content-Disposition')).toMatch(
      new RegExp(`^attachment; filename="community-${w.brand.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(result.headers.get('Cache-Control')).toBe('no-store');
    const text = String(result.body).replace(/^\uFEFF/, '');
    const records = parseCsv(text);
    expect(records.map((r) => r.handle).sort()).toEqual([w.ana.handle, w.ben.handle].sort());
    expect(records.find((r) => r.handle === w.ben.handle)).toMatchObject({
      display_name: '',
      email: '',
      interests: '',
    });
    for (const person of hidden()) expect(text).not.toContain(person.handle);
  });

  it('applies the same filter, and refuses crafted ones (400)', async () => {
    const result = await csv(w.owner, '?consent=profile');
    expect(parseCsv(String(result.body).replace(/^\uFEFF/, '')).map((r) => r.handle)).toEqual([
      w.ana.handle,
    ]);
    const bad = await csv(w.owner, '?sort=email');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Sort by/);
  });

  it('refuses non-members (403) and sends visitors to sign in', async () => {
    for (const viewer of [stranger, moderator, w.rival]) {
      const result = await csv(viewer);
      expect(result.status).toBe(403);
      expect(String(JSON.stringify(result.body))).not.toContain(w.ana.handle);
    }
    expect((await csv(null)).status).toBe(302);
  });
});

describe('GET /brands/:slug/community/:handle', () => {
  it('shows a profile participant fully and an activity participant without name, email or interests', async () => {
    const ana = await participant(w.owner, w.ana.handle);
    expect(ana.status).toBe(200);
    expect(ana.body.participant).toMatchObject({ consent: 'profile', email: w.ana.email });
    const ben = await participant(w.manager, w.ben.handle);
    expect(ben.status).toBe(200);
    expect(ben.body.participant).not.toHaveProperty('email');
    expect(ben.body.participant).not.toHaveProperty('displayName');
    expect(ben.body.participant).not.toHaveProperty('interests');
    expect(JSON.stringify(ben.body)).not.toContain(w.ben.id);
  });

  it('is the same 404 for someone who shares nothing, a deleted account, another brand’s participant, an unknown or malformed handle', async () => {
    const unknown = await participant(w.owner, 'nobody_here');
    expect(unknown.status).toBe(404);
    for (const handle of [
      ...hidden().map((p) => p.handle),
      '../etc',
      '<script>',
      'x'.repeat(200),
    ]) {
      const result = await participant(w.owner, handle);
      expect(result.status, handle).toBe(404);
      expect(result.body).toEqual(unknown.body);
    }
  });

  it('refuses non-members (403) before looking anyone up', async () => {
    for (const viewer of [stranger, moderator, w.rival]) {
      expect((await participant(viewer, w.ana.handle)).status).toBe(403);
      expect((await participant(viewer, 'nobody_here')).status).toBe(403);
    }
  });
});

describe('POST /brands/:slug/community (segments)', () => {
  it('saves the current filter by name and goes to it; deleting it goes back', async () => {
    const name = `Profiles ${Date.now()}`;
    const { result } = await expectAccepted(
      db(),
      () => post(w.owner, { intent: 'save-segment', name, consent: 'profile', tag: 'refill' }),
      { location: new RegExp(`^${base()}\\?segment=\\d+$`), events: ['community.segment_saved'] },
    );
    const id = result.headers.get('Location')!.split('=')[1]!;
    const applied = await page(w.owner, `?segment=${id}`);
    expect(applied.body.segment).toEqual({ id: Number(id), name });
    expect(applied.body.filter).toEqual({ consent: 'profile', tag: 'refill' });
    expect(applied.body.rows.map((r: { handle: string }) => r.handle)).toEqual([w.ana.handle]);
    await expectAccepted(db(), () => post(w.manager, { intent: 'delete-segment', segment: id }), {
      location: new RegExp(`^${base()}$`),
      events: ['community.segment_deleted'],
    });
  });

  it('refuses a taken name (409), crafted filters and names (400), and writes nothing', async () => {
    await post(w.owner, { intent: 'save-segment', name: 'Taken', consent: 'activity' });
    await expectRefused(
      db(),
      () => post(w.owner, { intent: 'save-segment', name: 'TAKEN', consent: 'activity' }),
      409,
      { fields: ['name'], error: /already has a segment named/ },
    );
    const crafted: [Record<string, string | string[]>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(61) }, 'name'],
      [{ name: 'Ok', tag: '<script>alert(1)</script>' }, 'tag'],
      [{ name: 'Ok', level: '99' }, 'level'],
      [{ name: 'Ok', consent: 'none' }, 'consent'],
      [{ name: 'Ok', active: '1e9' }, 'active'],
      [{ name: 'Ok', engagement: '200' }, 'engagement'],
      [{ name: 'Ok', challenge: "x' or '1'='1" }, 'challenge'],
      [{ name: 'Ok', tag: ['a1', 'b2'] }, 'tag'],
    ];
    for (const [fields, field] of crafted)
      await expectRefused(db(), () => post(w.owner, { intent: 'save-segment', ...fields }), 400, {
        fields: [field],
      });
    await expectRefused(db(), () => post(w.owner, { intent: 'drop-everything' }), 400);
    await expectRefused(db(), () => post(w.owner, { intent: 'delete-segment', segment: 'x' }), 400);
    await expectRefused(
      db(),
      () => post(w.owner, { intent: 'delete-segment', segment: '2147483647' }),
      404,
    );
  });

  it('refuses a visitor (401) and non-members (403) before reading the form, and writes nothing', async () => {
    const fields = { intent: 'save-segment', name: 'Mine', consent: 'profile' };
    await expectRefused(db(), () => post(null, fields), 401);
    for (const viewer of [stranger, moderator, w.rival])
      await expectRefused(db(), () => post(viewer, fields), 403, { error: /owner and managers/ });
    // Even with a crafted form, a non-member learns only that they may not.
    await expectRefused(db(), () => post(stranger, { intent: 'nope', name: '' }), 403);
  });
});
