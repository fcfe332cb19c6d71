// Route data is public: whatever a loader returns reaches the browser as JSON (`/ideas/7.data`).
// Internal user ids would map every handle to the id that socket events and other data carry, so no
// loader may return any user id — not even the viewer's own (links and forms use handles, and
// components get `mine`/`canEdit` flags computed on the server).
import { beforeAll, describe, expect, it } from 'vitest';
import * as root from '#app/root';
import * as home from '#app/routes/_index';
import * as brandList from '#app/routes/brands._index';
import * as brandPage from '#app/routes/brands.$slug._index';
import * as newChallenge from '#app/routes/brands.$slug.challenges.new';
import * as challengeList from '#app/routes/challenges._index';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as editChallenge from '#app/routes/challenges.$slug.edit';
import * as newIdea from '#app/routes/challenges.$slug.ideas.new';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import * as editIdea from '#app/routes/ideas.$id.edit';
import * as notificationsPage from '#app/routes/notifications';
import * as profile from '#app/routes/u.$handle';
import { addManager } from '#app/domain/brands/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { users } from '../../db/schema';
import { callLoader, getRequest, makeContext, type TestViewer } from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { canOppose } from '../support/reputation';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

type Page = {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route module with a loader
  route: { loader: (args: any) => unknown };
  path: string;
  params?: Record<string, string>;
  signedInOnly?: boolean;
};

let owner: TestUser;
let manager: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let pages: Page[];

beforeAll(async () => {
  owner = await makeUser(db(), { handle: 'rd_owner' });
  manager = await makeUser(db(), { handle: 'rd_manager' });
  alice = await makeUser(db(), { handle: 'rd_alice' });
  bob = await makeUser(db(), { handle: 'rd_bob' });
  carol = await makeUser(db(), { handle: 'rd_carol' });
  const brand = await makeBrand(db(), owner, 'Route Data Brand');
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  await makeChallenge(db(), manager, { brandId: brand.id, title: 'A draft only the team sees' });
  const first = await makeIdea(db(), alice, challenge.id, { title: 'The first idea' });
  const second = await makeIdea(db(), bob, challenge.id, {
    title: 'Building on the first',
    buildsOnId: first.id,
  });
  const own = await makeIdea(db(), carol, challenge.id, { title: "Carol's own idea" });
  await castVote(db(), { actor: bob, ideaId: first.id, value: 1 });
  await canOppose(db(), carol.id);
  await castVote(db(), { actor: carol, ideaId: first.id, value: -1 });
  await castVote(db(), { actor: alice, ideaId: own.id, value: 1 });
  const comment = (body: string, parentId = '') => commentSchema.parse({ body, parentId });
  const top = await addComment(db(), {
    actor: bob,
    ideaId: first.id,
    comment: comment('A comment by bob, @rd_carol.'),
  });
  await addComment(db(), {
    actor: carol,
    ideaId: first.id,
    comment: comment('A reply by carol.', String(top.id)),
  });
  await addComment(db(), {
    actor: carol,
    ideaId: first.id,
    comment: comment('A comment by carol.'),
  });
  await addComment(db(), {
    actor: alice,
    ideaId: own.id,
    comment: comment('Alice comments on carol.'),
  });

  pages = [
    { name: 'root', route: root, path: '/' },
    { name: 'home', route: home, path: '/' },
    { name: 'challenge list', route: challengeList, path: '/challenges' },
    {
      name: 'challenge',
      route: challengePage,
      path: `/challenges/${challenge.slug}`,
      params: { slug: challenge.slug },
    },
    { name: 'idea', route: ideaPage, path: `/ideas/${first.id}`, params: { id: String(first.id) } },
    {
      name: 'idea built on another',
      route: ideaPage,
      path: `/ideas/${second.id}`,
      params: { id: String(second.id) },
    },
    {
      name: "carol's idea",
      route: ideaPage,
      path: `/ideas/${own.id}`,
      params: { id: String(own.id) },
    },
    { name: 'brand list', route: brandList, path: '/brands' },
    {
      name: 'brand',
      route: brandPage,
      path: `/brands/${brand.slug}`,
      params: { slug: brand.slug },
    },
    ...[owner, alice, carol].map((u) => ({
      name: `profile of @${u.handle}`,
      route: profile,
      path: `/u/${u.handle}`,
      params: { handle: u.handle },
    })),
    { name: 'notifications', route: notificationsPage, path: '/notifications', signedInOnly: true },
    {
      name: 'new idea',
      route: newIdea,
      path: `/challenges/${challenge.slug}/ideas/new`,
      params: { slug: challenge.slug },
      signedInOnly: true,
    },
    {
      name: 'edit idea',
      route: editIdea,
      path: `/ideas/${own.id}/edit`,
      params: { id: String(own.id) },
      signedInOnly: true,
    },
    {
      name: 'new challenge',
      route: newChallenge,
      path: `/brands/${brand.slug}/challenges/new`,
      params: { slug: brand.slug },
      signedInOnly: true,
    },
    {
      name: 'edit challenge',
      route: editChallenge,
      path: `/challenges/${challenge.slug}/edit`,
      params: { slug: challenge.slug },
      signedInOnly: true,
    },
  ];
});

async function allUserIds() {
  const rows = await db().select({ id: users.id }).from(users);
  return rows.map((r) => r.id);
}

async function leaksFor(viewer: TestViewer | null) {
  const ids = await allUserIds();
  expect(ids.length).toBeGreaterThanOrEqual(5);
  const leaks: string[] = [];
  let answered = 0;
  for (const page of pages) {
    if (page.signedInOnly && !viewer) continue;
    const result = await callLoader(page.route, {
      request: getRequest(page.path),
      params: page.params,
      context: makeContext(db(), viewer),
    });
    if (result.status !== 200) continue;
    answered++;
    const json = JSON.stringify(result.body);
    for (const id of ids) {
      if (json.includes(id)) {
        const who = id === viewer?.id ? "the viewer's own id" : 'another user id';
        leaks.push(`${page.name} (${page.path}) returns ${who}`);
      }
    }
  }
  return { leaks, answered };
}

describe('route data', () => {
  it('carries no user id to an anonymous visitor', async () => {
    const { leaks, answered } = await leaksFor(null);
    expect(answered).toBe(pages.filter((p) => !p.signedInOnly).length);
    expect(leaks).toEqual([]);
  });

  it('carries no user id to a signed-in participant, not even their own', async () => {
    const { leaks, answered } = await leaksFor(carol);
    // Everything answers but the brand's own forms (new and edit challenge), which are refused.
    expect(answered).toBe(pages.length - 2);
    expect(leaks).toEqual([]);
  });

  it('carries no user id to the brand owner, who sees the team and its drafts', async () => {
    const { leaks, answered } = await leaksFor(owner);
    // The owner is refused only the edit page of carol's idea.
    expect(answered).toBe(pages.length - 1);
    expect(leaks).toEqual([]);
  });
});
