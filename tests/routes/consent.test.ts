// The consent form's route (/consent), the /me page, and the question on idea and challenge pages.
import { describe, expect, it } from 'vitest';
import * as consentRoute from '#app/routes/consent';
import * as mePage from '#app/routes/me';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import { setConsent } from '#app/domain/consent/commands.server';
import { consentOf } from '#app/domain/consent/queries.server';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectAccepted, expectRefused } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

async function setup() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const person = await makeUser(db());
  return { owner, brand, challenge, person };
}

const post = (
  viewer: TestViewer | null,
  fields: Record<string, string>,
  options?: { rateLimits?: boolean },
) =>
  callAction(consentRoute, {
    request: formRequest('/consent', fields),
    context: makeContext(db(), viewer, options),
  });

describe('POST /consent', () => {
  it('asks a signed-out visitor to sign in (401) and writes nothing', async () => {
    const { brand } = await setup();
    await expectRefused(
      db(),
      () => post(null, { brandId: String(brand.id), level: 'profile' }),
      401,
      { sent: { brandId: String(brand.id), level: 'profile' } },
    );
  });

  it('refuses a bad level (400) with a message on the field, and writes nothing', async () => {
    const { brand, person } = await setup();
    for (const level of ['everything', '1', '<script>alert(1)</script>'])
      await expectRefused(db(), () => post(person, { brandId: String(brand.id), level }), 400, {
        fields: ['level'],
        sent: { brandId: String(brand.id), level },
      });
    const missing = await expectRefused(
      db(),
      () => post(person, { brandId: String(brand.id) }),
      400,
      {
        fields: ['level'],
      },
    );
    expect(missing.body.fieldErrors.level[0]).toMatch(/none, activity|nothing linked/i);
  });

  it('refuses a request from another site (403), writing nothing', async () => {
    const { brand, person } = await setup();
    const body = new URLSearchParams({ brandId: String(brand.id), level: 'profile' });
    await expectRefused(
      db(),
      () =>
        callAction(consentRoute, {
          request: new Request('http://localhost/consent', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              Origin: 'https://evil.example',
            },
            body,
          }),
          context: makeContext(db(), person),
        }),
      403,
      { error: /Cross-site/ },
    );
    expect(await consentOf(db(), person.id, brand.id)).toBe('none');
  });

  it('saves, records the change and goes back to the same-site page it came from', async () => {
    const { brand, challenge, person } = await setup();
    const result = await expectAccepted(
      db(),
      () =>
        post(person, {
          brandId: String(brand.id),
          level: 'profile',
          redirectTo: `/challenges/${challenge.slug}?sort=new`,
        }),
      {
        location: new RegExp(`^/challenges/${challenge.slug}\\?sort=new$`),
        events: ['consent.changed'],
      },
    );
    expect(result.result.headers.get('Set-Cookie')).toBeTruthy();
    expect(await consentOf(db(), person.id, brand.id)).toBe('profile');
  });

  it('ignores a redirectTo that leads to another site and goes to /me', async () => {
    const { brand, person } = await setup();
    for (const redirectTo of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
    ]) {
      const result = await post(person, {
        brandId: String(brand.id),
        level: 'activity',
        redirectTo,
      });
      expect(result.status, redirectTo).toBe(302);
      expect(result.headers.get('Location'), redirectTo).toBe('/me');
    }
  });

  it('is rate-limited like other writes (429 with a message)', async () => {
    const { brand, person } = await setup();
    const context = makeContext(db(), person, { rateLimits: true });
    const send = () =>
      callAction(consentRoute, {
        request: formRequest('/consent', { brandId: String(brand.id), level: 'activity' }),
        context,
      });
    for (let i = 0; i < 60; i++) expect((await send()).status).toBe(302);
    await expectRefused(db(), send, 429);
  });
});

describe('GET /me', () => {
  it('sends a signed-out visitor to sign in, and back', async () => {
    const result = await callLoader(mePage, {
      request: getRequest('/me'),
      context: makeContext(db(), null),
    });
    expect(result.status).toBe(302);
    expect(result.headers.get('Location')).toBe('/signin?redirectTo=%2Fme');
  });

  it('lists only the viewer’s own consents, with brand name, slug and level', async () => {
    const { brand, person } = await setup();
    const other = await makeUser(db());
    const { brand: second } = await setup();
    await setConsent(db(), { actor: person, brandId: brand.id, level: 'activity' });
    await setConsent(db(), { actor: other, brandId: second.id, level: 'profile' });
    const result = await callLoader(mePage, {
      request: getRequest('/me'),
      context: makeContext(db(), person),
    });
    expect(result.status).toBe(200);
    expect(result.body.brands).toEqual([
      expect.objectContaining({
        brandId: brand.id,
        name: brand.name,
        slug: brand.slug,
        consent: expect.objectContaining({ level: 'activity' }),
      }),
    ]);
    const empty = await callLoader(mePage, {
      request: getRequest('/me'),
      context: makeContext(db(), await makeUser(db())),
    });
    expect(empty.status).toBe(200);
    expect(empty.body.brands).toEqual([]);
  });
});

describe('the consent question on the idea and challenge pages', () => {
  it('is shown to a person after their first action on the brand’s challenge, until answered', async () => {
    const { brand, challenge, person } = await setup();
    const load = async (viewer: TestViewer | null) => {
      const ideaPageResult = await callLoader(ideaPage, {
        params: { id: String(idea.id) },
        request: getRequest(`/ideas/${idea.id}`),
        context: makeContext(db(), viewer),
      });
      const challengePageResult = await callLoader(challengePage, {
        params: { slug: challenge.slug },
        request: getRequest(`/challenges/${challenge.slug}`),
        context: makeContext(db(), viewer),
      });
      return [ideaPageResult.body.askConsent, challengePageResult.body.askConsent];
    };
    const bystander = await makeUser(db());
    const idea = await makeIdea(db(), person, challenge.id);
    expect(await load(person)).toEqual([true, true]);
    expect(await load(bystander)).toEqual([false, false]);
    expect(await load(null)).toEqual([false, false]);
    await post(person, { brandId: String(brand.id), level: 'none' });
    expect(await load(person)).toEqual([false, false]);
  });
});
