// A suspended person reads but writes nothing (issue 15, item 4): every route module that has an
// action — found by globbing app/routes, so a route added later is covered by itself — answers
// their POST with 403 and the end date, and writes nothing. The few that let them through are
// listed below with why. The JSON vote API refuses them too; pages still load; and a suspension
// whose end has passed refuses nothing, whether or not the job has run.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ideas, votes } from '../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { suspendUser } from '#app/domain/moderation/suspensions.server';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import * as voteApi from '#app/routes/api.ideas.$id.vote';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  TEST_ORIGIN,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectRefused, snapshot } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();
const DAY = 86_400_000;

/**
 * Routes whose action a suspended person may still use, and why. Everything else must refuse.
 * signin/me.delete pass `{ whileSuspended: true }` to runAction; the others do not use it.
 */
const ALLOWED: Record<string, string> = {
  signin: 'signing in is allowed: a suspended person may read (and must sign in to see why)',
  signout: 'ending one’s own session changes nothing others see',
  locale: 'choosing a language only changes how pages are shown to them',
  unsubscribe: 'stopping emails is always possible (one-click unsubscribe, by signed token)',
  'me.delete': 'deleting one’s own account is theirs by right',
  'me.export': 'a copy of one’s own data is theirs by right',
  consent: 'sharing less with a brand (or more) is the person’s own choice about their data',
  'settings.notifications': 'choosing what one is told about changes nothing others see',
};

type RouteModule = { action?: (args: never) => unknown; loader?: unknown };

/** Every route module: flat files and folder routes (route.tsx), never their helper files. */
const MODULES = import.meta.glob<RouteModule>([
  '/app/routes/*.{ts,tsx}',
  '/app/routes/*/route.{ts,tsx}',
  '!/app/routes/**/*.server.{ts,tsx}',
]);

/** `app/routes/ideas.$id._index/route.tsx` → `ideas.$id._index`. */
const routeName = (file: string) =>
  file
    .replace(/^\/app\/routes\//, '')
    .replace(/\/route\.tsx?$/, '')
    .replace(/\.tsx?$/, '');

const longDate = (d: Date) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(d);

/** A person suspended until `until`, as their session shows them (viewer.suspendedUntil). */
function suspendedContext(viewer: TestViewer, until: Date, clock = testClock(new Date())) {
  const context = makeContext(db(), viewer, { clock });
  context.viewer!.suspendedUntil = until.toISOString();
  return context;
}

async function world() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const author = await makeUser(db());
  const idea = await makeIdea(db(), author, challenge.id);
  const moderator = await makeUser(db(), { role: 'moderator' });
  const person = await makeUser(db());
  return { owner, brand, challenge, author, idea, moderator, person };
}

describe('every form a suspended person posts', () => {
  it('finds the route modules with an action (the glob works)', async () => {
    const names = [];
    for (const [file, load] of Object.entries(MODULES))
      if ((await load()).action) names.push(routeName(file));
    for (const known of ['ideas.$id._index', 'api.ideas.$id.vote', 'signin', 'me.delete'])
      expect(names).toContain(known);
    for (const allowed of Object.keys(ALLOWED)) expect(names).toContain(allowed);
  });

  it('is refused with 403, the end date and nothing written — except the few allowed', async () => {
    const w = await world();
    // A real suspension, so the person's rows are as they would be (sessions gone, notified).
    const { until } = await suspendUser(db(), {
      actor: w.moderator,
      userId: w.person.id,
      days: 7,
      reason: 'Spam',
    });
    const expected = longDate(until);
    const checked: string[] = [];
    for (const [file, load] of Object.entries(MODULES).sort()) {
      const route = await load();
      if (!route.action) continue;
      const name = routeName(file);
      const slug = name.startsWith('brands.') ? w.brand.slug : w.challenge.slug;
      const params = { id: String(w.idea.id), slug, handle: w.author.handle };
      const path = name
        .replace(/\._index$/, '')
        .replace(/\$id/, params.id)
        .replace(/\$slug/, slug)
        .replace(/\$handle/, params.handle)
        .replace(/\[\.csv\]/, '.csv')
        .replace(/\./g, '/');
      const fields = {
        intent: 'vote',
        value: '1',
        body: 'Hello there, a comment long enough.',
        title: 'A title long enough',
        reason: 'spam',
        password: 'correct horse battery',
      };
      const run = () =>
        callAction(route as Parameters<typeof callAction>[0], {
          params,
          request: formRequest(path, fields),
          context: suspendedContext(w.person, until),
        });
      if (name in ALLOWED) {
        const before = await snapshot(db());
        const result = await run();
        const message = String(result.body?.error ?? result.body?.message ?? '');
        expect(message, `${name} must let a suspended person through`).not.toMatch(/suspended/);
        // With this input (a wrong password, no token, no session) they write nothing either;
        // locale would store the language of a valid choice, none is sent here.
        if (name !== 'me.delete') expect(await snapshot(db()), name).toEqual(before);
        checked.push(`${name}: allowed`);
        continue;
      }
      await expectRefused(db(), run, 403, { error: new RegExp(`suspended until ${expected}`) });
      checked.push(`${name}: refused`);
    }
    // Guard against a walk that checked nothing.
    expect(checked.filter((c) => c.endsWith('refused')).length).toBeGreaterThanOrEqual(12);
  });

  it('answers in the reader’s language', async () => {
    const w = await world();
    const until = new Date(Date.now() + 3 * DAY);
    const context = makeContext(db(), w.person, { locale: 'es' });
    context.viewer!.suspendedUntil = until.toISOString();
    const result = await callAction(ideaPage, {
      params: { id: String(w.idea.id) },
      request: formRequest(`/ideas/${w.idea.id}`, { intent: 'vote', value: '1' }),
      context,
    });
    expect(result.status).toBe(403);
    expect(result.body.error).toMatch(/Tu cuenta está suspendida hasta el/);
  });
});

describe('the JSON vote API', () => {
  it('refuses a suspended voter with 403 and the date, in JSON, and counts nothing', async () => {
    const w = await world();
    const { until } = await suspendUser(db(), {
      actor: w.moderator,
      userId: w.person.id,
      days: 2,
      reason: 'Vote ring',
    });
    const request = new Request(`${TEST_ORIGIN}/api/ideas/${w.idea.id}/vote`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
      body: JSON.stringify({ value: 1 }),
    });
    const result = await expectRefused(
      db(),
      () =>
        callAction(voteApi, {
          params: { id: String(w.idea.id) },
          request,
          context: suspendedContext(w.person, until),
        }),
      403,
    );
    expect(result.headers.get('Content-Type')).toMatch(/json/);
    expect(result.body.error).toContain(`suspended until ${longDate(until)}`);
    const [idea] = await db().select().from(ideas).where(eq(ideas.id, w.idea.id));
    expect(idea!.supportCount).toBe(0);
  });
});

describe('reading while suspended', () => {
  it('still shows pages (the idea, a profile) to a suspended person', async () => {
    const w = await world();
    const until = new Date(Date.now() + DAY);
    const page = await callLoader(ideaPage, {
      params: { id: String(w.idea.id) },
      request: getRequest(`/ideas/${w.idea.id}`),
      context: suspendedContext(w.person, until),
    });
    expect(page.status).toBe(200);
    expect(page.body.idea.id).toBe(w.idea.id);
    const profile = await callLoader(await import('#app/routes/u.$handle'), {
      params: { handle: w.author.handle },
      request: getRequest(`/u/${w.author.handle}`),
      context: suspendedContext(w.person, until),
    });
    expect(profile.status).toBe(200);
    // A suspended person's own root data carries the banner: the end and the reason.
    const root = await import('#app/root');
    const { until: realUntil } = await suspendUser(db(), {
      actor: w.moderator,
      userId: w.person.id,
      days: 4,
      reason: 'Flooding <b>comments</b>',
    });
    const mine = await callLoader(root, { context: suspendedContext(w.person, realUntil) });
    expect(mine.body.suspension).toEqual({
      until: realUntil.toISOString(),
      reason: 'Flooding <b>comments</b>',
    });
    const someoneElse = await callLoader(root, { context: makeContext(db(), w.author) });
    expect(someoneElse.body.suspension).toBeNull();
  });

  it('refuses nothing once the end date has passed, even before the job ends the suspension', async () => {
    const w = await world();
    const clock = testClock(new Date(Date.now() - 3 * DAY));
    const { until } = await suspendUser(db(), {
      actor: w.moderator,
      userId: w.person.id,
      days: 1,
      reason: 'Short',
      clock,
    });
    // The row still says "in force" (the job has not run); the session still carries the date.
    const result = await callAction(ideaPage, {
      params: { id: String(w.idea.id) },
      request: formRequest(`/ideas/${w.idea.id}`, { intent: 'vote', value: '1' }),
      context: suspendedContext(w.person, until, testClock(new Date())),
    });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const mine = await db().select().from(votes).where(eq(votes.userId, w.person.id));
    expect(mine).toHaveLength(1);
  });
});
