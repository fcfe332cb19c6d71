// Consent enforcement of every brand-side read (issue 14, item 2): the table, the aggregate, the
// participant page, the CSV export and a segment applied return nothing beyond what each person
// consented to; `none` people are never listed; withdrawal takes effect on the next call; another
// brand's participants never appear; deleted accounts are absent; only the brand's members read.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import {
  mayWatchCommunity,
  nonConsentingSummary,
  openCommunity,
  participantOnBrand,
  readParticipants,
  type Participant,
} from '#app/domain/community/access.server';
import { saveSegment } from '#app/domain/community/commands.server';
import { communityCsv, CSV_COLUMNS } from '#app/domain/community/export.server';
import { communityPage } from '#app/domain/community/queries.server';
import { parseCommunityQuery, type CommunityFilter } from '#app/domain/community/schema';
import { isDomainError } from '#app/domain/core/errors';
import { deleteAccount } from '#app/domain/users/erase.server';
import { FACTORY_PASSWORD, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/db';
import { communityWorld, consent, parseCsv, type CommunityWorld } from '../../support/community';

const db = useTestDatabase();

const ACTIVITY_KEYS = [
  'comments',
  'consent',
  'engagement',
  'handle',
  'ideas',
  'lastActiveAt',
  'level',
  'points',
  'shortlists',
  'votes',
  'wins',
].sort();
const PROFILE_KEYS = [...ACTIVITY_KEYS, 'displayName', 'email', 'interests'].sort();

let w: CommunityWorld;
beforeAll(async () => {
  w = await communityWorld(db());
});

const now = () => w.clock.now();
const scopeOf = (actor = w.owner) => openCommunity(db(), actor, { id: w.brand.id });

async function table(filter: CommunityFilter = {}, actor = w.owner) {
  const scope = await scopeOf(actor);
  return readParticipants(db(), scope, {
    filter,
    sort: 'handle',
    dir: 'asc',
    now: now(),
    limit: 50,
  });
}

const handles = (rows: Participant[]) => rows.map((r) => r.handle).sort();

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (isDomainError(e)) return { kind: e.kind, key: e.key, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Every string value anywhere in a JSON-able value. */
const everything = (value: unknown) => JSON.stringify(value);

describe('the community table', () => {
  it('lists activity and profile people only, each with exactly the fields their level allows', async () => {
    const { rows, total } = await table();
    expect(handles(rows)).toEqual([w.ana.handle, w.ben.handle].sort());
    expect(total).toBe(2);
    const ana = rows.find((r) => r.handle === w.ana.handle)!;
    const ben = rows.find((r) => r.handle === w.ben.handle)!;
    expect(Object.keys(ana).sort()).toEqual(PROFILE_KEYS);
    expect(Object.keys(ben).sort()).toEqual(ACTIVITY_KEYS);
    expect(ana).toMatchObject({
      consent: 'profile',
      displayName: w.ana.handle,
      email: w.ana.email,
      ideas: 1,
      comments: 1,
      votes: 0,
    });
    expect(ana.consent === 'profile' && ana.interests.map((i) => i.tag)).toEqual(
      expect.arrayContaining(['refill', 'home', 'glass']),
    );
    expect(ben).toMatchObject({ consent: 'activity', ideas: 1, votes: 1, comments: 0 });
    // Nothing of ben beyond activity, anywhere in the row.
    expect(everything(ben)).not.toContain(w.ben.email);
    expect(everything(ben)).not.toContain('glass');
  });

  it('never shows anyone at none (explicit or never asked), a deleted account, or another brand’s people', async () => {
    const text = everything(await table());
    for (const absent of [w.cai, w.dan, w.eve, w.fay]) {
      expect(text).not.toContain(absent.handle);
      expect(text).not.toContain(absent.id);
    }
    // No internal ids at all.
    expect(text).not.toContain(w.ana.id);
    expect(text).not.toContain(w.ben.id);
  });

  it('counts the people who share nothing, with their summed activity, and lists none of them', async () => {
    const summary = await nonConsentingSummary(db(), await scopeOf());
    // cai (none: 2 votes) and dan (never asked: 1 comment); eve is deleted, fay is another brand's.
    expect(summary).toEqual({ people: 2, ideas: 0, votes: 2, comments: 1 });
    expect(Object.keys(summary).sort()).toEqual(['comments', 'ideas', 'people', 'votes']);
  });

  it('honours a withdrawal on the very next call, and a new consent likewise', async () => {
    const fresh = await communityWorld(db());
    const scope = await openCommunity(db(), fresh.owner, { id: fresh.brand.id });
    const read = () =>
      readParticipants(db(), scope, {
        filter: {},
        sort: 'handle',
        dir: 'asc',
        now: fresh.clock.now(),
        limit: 50,
      });
    expect(handles((await read()).rows)).toContain(fresh.ana.handle);
    await consent(db(), fresh.ana, fresh.brand.id, 'none');
    expect(handles((await read()).rows)).not.toContain(fresh.ana.handle);
    expect((await nonConsentingSummary(db(), scope)).people).toBe(3);
    await consent(db(), fresh.ana, fresh.brand.id, 'activity');
    const again = (await read()).rows.find((r) => r.handle === fresh.ana.handle)!;
    expect(Object.keys(again).sort()).toEqual(ACTIVITY_KEYS);
    await consent(db(), fresh.dan, fresh.brand.id, 'profile');
    expect((await read()).rows.find((r) => r.handle === fresh.dan.handle)).toMatchObject({
      consent: 'profile',
      email: fresh.dan.email,
    });
  });

  it('leaves out an account deleted through the real command, whatever was shared', async () => {
    const fresh = await communityWorld(db());
    await deleteAccount(db(), {
      actor: fresh.ben,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    const scope = await openCommunity(db(), fresh.owner, { id: fresh.brand.id });
    const { rows } = await readParticipants(db(), scope, {
      filter: {},
      sort: 'handle',
      dir: 'asc',
      now: fresh.clock.now(),
      limit: 50,
    });
    expect(handles(rows)).toEqual([fresh.ana.handle]);
    // Counted neither as a listed nor as a non-consenting participant.
    expect((await nonConsentingSummary(db(), scope)).people).toBe(2);
  });

  it('shows the other brand only its own participants', async () => {
    const scope = await openCommunity(db(), w.rival, { id: w.otherBrand.id });
    const { rows } = await readParticipants(db(), scope, {
      filter: {},
      sort: 'handle',
      dir: 'asc',
      now: now(),
      limit: 50,
    });
    expect(handles(rows)).toEqual([w.fay.handle]);
    expect(await nonConsentingSummary(db(), scope)).toEqual({
      people: 0,
      ideas: 0,
      votes: 0,
      comments: 0,
    });
  });
});

describe('who may read a community', () => {
  it('a member (owner or manager) may; a stranger, the other brand’s owner and a site moderator may not (403); a visitor is asked to sign in (401); an unknown brand is 404', async () => {
    await expect(scopeOf(w.owner)).resolves.toMatchObject({ brandId: w.brand.id, role: 'owner' });
    await expect(scopeOf(w.manager)).resolves.toMatchObject({ role: 'manager' });
    const stranger = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const admin = await makeUser(db(), { role: 'admin' });
    for (const actor of [stranger, w.rival, moderator, admin, w.ana])
      expect(await refusal(scopeOf(actor))).toMatchObject({
        kind: 'Forbidden',
        key: 'errors.community.notMember',
      });
    expect(await refusal(openCommunity(db(), null, { id: w.brand.id }))).toMatchObject({
      kind: 'Unauthorized',
    });
    expect(await refusal(openCommunity(db(), w.owner, { slug: 'no-such-brand' }))).toMatchObject({
      kind: 'NotFound',
    });
    expect(await mayWatchCommunity(db(), w.owner, w.brand.id)).toBe(true);
    expect(await mayWatchCommunity(db(), w.manager, w.brand.id)).toBe(true);
    expect(await mayWatchCommunity(db(), stranger, w.brand.id)).toBe(false);
    expect(await mayWatchCommunity(db(), moderator, w.brand.id)).toBe(false);
    expect(await mayWatchCommunity(db(), w.rival, w.brand.id)).toBe(false);
    expect(await mayWatchCommunity(db(), null, w.brand.id)).toBe(false);
  });

  it('a manager removed from the brand loses the community at once', async () => {
    const fresh = await communityWorld(db());
    const { removeManager } = await import('#app/domain/brands/commands.server');
    await removeManager(db(), {
      actor: fresh.owner,
      brandId: fresh.brand.id,
      handle: fresh.manager.handle,
    });
    expect(await refusal(openCommunity(db(), fresh.manager, { id: fresh.brand.id }))).toMatchObject(
      { kind: 'Forbidden' },
    );
    expect(await mayWatchCommunity(db(), fresh.manager, fresh.brand.id)).toBe(false);
  });
});

describe('the participant page', () => {
  it('shows a profile participant all they shared, with interests on this brand only', async () => {
    const { participant, ideas } = await participantOnBrand(db(), await scopeOf(), w.ana.handle, {
      now: now(),
    });
    expect(Object.keys(participant).sort()).toEqual(PROFILE_KEYS);
    expect(participant).toMatchObject({ email: w.ana.email, ideas: 1, comments: 1 });
    expect(ideas.map((i) => i.id)).toEqual([w.anaIdea.id]);
    // Handles are matched whatever their case.
    await expect(
      participantOnBrand(db(), await scopeOf(), w.ana.handle.toUpperCase(), { now: now() }),
    ).resolves.toMatchObject({ participant: { handle: w.ana.handle } });
  });

  it('shows an activity participant without name, email or interests', async () => {
    const found = await participantOnBrand(db(), await scopeOf(), w.ben.handle, { now: now() });
    expect(Object.keys(found.participant).sort()).toEqual(ACTIVITY_KEYS);
    expect(everything(found)).not.toContain(w.ben.email);
    expect(everything(found)).not.toContain('interests');
  });

  it('is the same 404 for none, never asked, deleted, another brand’s participant and an unknown handle', async () => {
    const scope = await scopeOf();
    const unknown = await refusal(participantOnBrand(db(), scope, 'nobody_at_all', { now: now() }));
    expect(unknown).toMatchObject({ kind: 'NotFound', key: 'errors.notFound.person' });
    for (const person of [w.cai, w.dan, w.eve, w.fay])
      expect(await refusal(participantOnBrand(db(), scope, person.handle, { now: now() }))).toEqual(
        unknown,
      );
  });
});

/** The CSV text of the community as `actor` downloads it. */
async function csv(query = {}, actor = w.owner, brand = w.brand) {
  const { chunks } = await communityCsv(db(), actor, brand.slug, parseCommunityQuery(query), {
    now: now(),
    pageSize: 1,
  });
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('the CSV export', () => {
  it('has the consented rows only, with profile columns empty for activity rows', async () => {
    const text = await csv();
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parseCsv(text.slice(1));
    expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
    expect(records.map((r) => r.handle).sort()).toEqual([w.ana.handle, w.ben.handle].sort());
    const ben = records.find((r) => r.handle === w.ben.handle)!;
    expect(ben).toMatchObject({ consent: 'activity', display_name: '', email: '', interests: '' });
    const ana = records.find((r) => r.handle === w.ana.handle)!;
    expect(ana).toMatchObject({ consent: 'profile', email: w.ana.email });
    expect(ana.interests).toContain('refill');
    for (const absent of [w.cai, w.dan, w.eve, w.fay]) expect(text).not.toContain(absent.handle);
    expect(text).not.toContain(w.ben.email);
  });

  it('pages through everyone in the table’s order (a page of one here)', async () => {
    const text = await csv({ sort: 'handle', dir: 'desc' });
    const records = parseCsv(text.slice(1));
    expect(records.map((r) => r.handle)).toEqual([w.ana.handle, w.ben.handle].sort().reverse());
  });

  it('escapes cells a spreadsheet would run as a formula', async () => {
    const fresh = await communityWorld(db());
    await db()
      .update(users)
      .set({ displayName: '=HYPERLINK("http://evil.example","x")' })
      .where(eq(users.id, fresh.ana.id));
    const { chunks } = await communityCsv(
      db(),
      fresh.owner,
      fresh.brand.slug,
      parseCommunityQuery({}),
      { now: fresh.clock.now() },
    );
    let text = '';
    for await (const chunk of chunks) text += chunk;
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    const records = parseCsv(text.slice(1));
    expect(records.find((r) => r.consent === 'profile')!.display_name).toBe(
      `'=HYPERLINK("http://evil.example","x")`,
    );
    const { csvOf } = await import('#app/domain/community/export.server');
    for (const cell of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvOf([[cell]], false).replace(/^"|"?\r\n$/g, '')).toMatch(/^'/);
    // Numbers stay numbers.
    expect(csvOf([[-5]], false)).toBe('-5\r\n');
  });

  it('refuses a non-member before writing a byte', async () => {
    const stranger = await makeUser(db());
    expect(await refusal(csv({}, stranger))).toMatchObject({ kind: 'Forbidden' });
    expect(await refusal(csv({}, w.rival))).toMatchObject({ kind: 'Forbidden' });
  });
});

describe('a saved segment applied', () => {
  it('reads through the same consent checks', async () => {
    const segment = await saveSegment(db(), {
      actor: w.owner,
      brandId: w.brand.id,
      name: `Supporters ${Date.now()}`,
      filter: { challenge: w.challenge.slug },
    });
    const page = await communityPage(
      db(),
      w.owner,
      w.brand.slug,
      parseCommunityQuery({ segment: String(segment.id) }),
      { now: now() },
    );
    // Took part in the first challenge: ana (idea), ben (vote), cai (vote, none), dan (comment,
    // never asked), eve (vote, deleted). Only ana and ben are listed.
    expect(handles(page.rows)).toEqual([w.ana.handle, w.ben.handle].sort());
    expect(page.segment).toEqual({ id: segment.id, name: segment.name });
    const ben = page.rows.find((r) => r.handle === w.ben.handle)!;
    expect(Object.keys(ben).sort()).toEqual(ACTIVITY_KEYS);
    const text = everything(page);
    for (const absent of [w.cai, w.dan, w.eve, w.fay]) expect(text).not.toContain(absent.handle);
    for (const person of [w.ana, w.ben, w.cai, w.dan]) expect(text).not.toContain(person.id);
  });

  it('is not found from another brand', async () => {
    const theirs = await saveSegment(db(), {
      actor: w.rival,
      brandId: w.otherBrand.id,
      name: 'Theirs',
      filter: { consent: 'profile' },
    });
    expect(
      await refusal(
        communityPage(
          db(),
          w.owner,
          w.brand.slug,
          parseCommunityQuery({ segment: String(theirs.id) }),
          { now: now() },
        ),
      ),
    ).toMatchObject({ kind: 'NotFound', key: 'errors.community.segmentNotFound' });
  });
});

describe('filters and order', () => {
  it('filters by tag (wrote, supported or commented), challenge, consent, level, activity window and engagement', async () => {
    expect(handles((await table({ tag: 'refill' })).rows)).toEqual(
      [w.ana.handle, w.ben.handle].sort(),
    );
    // ana commented on ben's "glass" idea; ben wrote it.
    expect(handles((await table({ tag: 'glass' })).rows)).toEqual(
      [w.ana.handle, w.ben.handle].sort(),
    );
    expect(handles((await table({ tag: 'home' })).rows)).toEqual(
      [w.ana.handle, w.ben.handle].sort(),
    );
    expect((await table({ tag: 'nothing-here' })).rows).toEqual([]);
    expect(handles((await table({ challenge: w.second.slug })).rows)).toEqual(
      [w.ana.handle, w.ben.handle].sort(),
    );
    // The other brand's challenge names nobody here.
    expect((await table({ challenge: w.elsewhere.slug })).rows).toEqual([]);
    expect(handles((await table({ consent: 'activity' })).rows)).toEqual([w.ben.handle]);
    expect(handles((await table({ consent: 'profile' })).rows)).toEqual([w.ana.handle]);
    // ana received two support votes that count (10 points each): reputation 20, level 2.
    expect(handles((await table({ level: 2 })).rows)).toEqual([w.ana.handle]);
    expect((await table({ level: 3 })).rows).toEqual([]);
    expect(handles((await table({ active: 1 })).rows)).toHaveLength(2);
    w.clock.advance(3 * 86_400_000);
    expect((await table({ active: 2 })).rows).toEqual([]);
    const engaged = (await table()).rows.map((r) => r.engagement);
    expect(Math.min(...engaged)).toBeGreaterThan(0);
    expect((await table({ engagement: Math.max(...engaged) + 1 })).rows).toEqual([]);
    expect((await table({ engagement: Math.max(...engaged) })).rows).toHaveLength(1);
  });

  it('sorts by every whitelisted key both ways, and pages with a total', async () => {
    const scope = await scopeOf();
    for (const sort of [
      'engagement',
      'lastActive',
      'ideas',
      'votes',
      'comments',
      'wins',
      'points',
      'handle',
    ] as const)
      for (const dir of ['asc', 'desc'] as const) {
        const { rows } = await readParticipants(db(), scope, {
          filter: {},
          sort,
          dir,
          now: now(),
          limit: 50,
        });
        expect(rows, `${sort} ${dir}`).toHaveLength(2);
      }
    const byVotes = await readParticipants(db(), scope, {
      filter: {},
      sort: 'votes',
      dir: 'desc',
      now: now(),
      limit: 1,
    });
    expect(byVotes).toMatchObject({ total: 2, rows: [{ handle: w.ben.handle }] });
    const second = await readParticipants(db(), scope, {
      filter: {},
      sort: 'votes',
      dir: 'desc',
      now: now(),
      limit: 1,
      offset: 1,
    });
    expect(second).toMatchObject({ total: 2, rows: [{ handle: w.ana.handle }] });
    const past = await readParticipants(db(), scope, {
      filter: {},
      sort: 'votes',
      dir: 'desc',
      now: now(),
      limit: 1,
      offset: 5,
    });
    expect(past).toEqual({ total: 2, rows: [] });
  });
});

describe('crafted queries', () => {
  it.each([
    [{ sort: 'ideas; drop table users' }, 'errors.community.sort'],
    [{ sort: 'bp.user_id' }, 'errors.community.sort'],
    [{ dir: 'sideways' }, 'errors.community.dir'],
    [{ page: '0' }, 'errors.community.page'],
    [{ page: '401' }, 'errors.community.page'],
    [{ page: '1e3' }, 'errors.community.page'],
    [{ tag: '<script>alert(1)</script>' }, 'errors.community.tag'],
    [{ tag: "x' or 1=1 --" }, 'errors.community.tag'],
    [{ tag: 'x'.repeat(500) }, 'errors.community.tag'],
    [{ level: '9' }, 'errors.community.level'],
    [{ level: '-1' }, 'errors.community.level'],
    [{ active: '0x10' }, 'errors.community.active'],
    [{ active: '99999' }, 'errors.community.active'],
    [{ challenge: '../../etc' }, 'errors.community.challenge'],
    [{ consent: 'none' }, 'errors.community.consent'],
    [{ engagement: '101' }, 'errors.community.engagement'],
    [{ engagement: '1.5' }, 'errors.community.engagement'],
    [{ segment: 'abc' }, 'errors.community.segmentNotFound'],
    [{ tag: ['a', 'b'] }, 'errors.field.invalidType'],
  ])('refuses %j with a message, never a query', (params, key) => {
    let caught: unknown;
    try {
      parseCommunityQuery(params);
    } catch (e) {
      caught = e;
    }
    expect(isDomainError(caught) && caught.kind).toBe('Invalid');
    expect(isDomainError(caught) && caught.key).toBe(key);
    expect(isDomainError(caught) && caught.message).not.toMatch(/^errors\./);
  });

  it('accepts a clean query, empty fields as unset, and ignores parameters it does not know', () => {
    expect(
      parseCommunityQuery({
        tag: '#Refill',
        level: '',
        active: '30',
        consent: 'profile',
        sort: 'points',
        dir: 'asc',
        page: '2',
        utm_source: 'x',
      }),
    ).toEqual({
      tag: 'refill',
      active: 30,
      consent: 'profile',
      sort: 'points',
      dir: 'asc',
      page: 2,
    });
  });
});
