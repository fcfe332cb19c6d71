// /moderation through its loader and action: who gets the queue (visitors sent to sign in, people
// with no scope a 403 page), its filters, and each action's form with bad input refused with a
// message and nothing written.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as queuePage from '#app/routes/moderation._index/route';
import { auditLog, flags, ideas, suspensions, users } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { giveReputation } from '../support/reputation';
import { expectAccepted, expectRefused, repeat } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;

async function oldUser(role: TestViewer['role'] = 'prosumer') {
  const user = await makeUser(db(), { role });
  await db()
    .update(users)
    .set({ createdAt: new Date(Date.now() - 2 * DAY) })
    .where(eq(users.id, user.id));
  return user;
}

/** A brand with an open challenge and one idea flagged by someone. */
async function flaggedIdea() {
  const owner = await oldUser();
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const author = await oldUser();
  const idea = await makeIdea(db(), author, challenge.id);
  const flagger = await oldUser();
  await db().insert(flags).values({ ideaId: idea.id, flaggerId: flagger.id, reason: 'spam' });
  return { owner, brand, challenge, author, idea };
}

const load = (viewer: TestViewer | null, search = '') =>
  callLoader(queuePage, {
    request: getRequest(`/moderation${search}`),
    context: makeContext(db(), viewer),
  });

const act = (viewer: TestViewer | null, fields: Record<string, string>, search = '') =>
  callAction(queuePage, {
    request: formRequest(`/moderation${search}`, fields),
    context: makeContext(db(), viewer),
  });

describe('the queue page', () => {
  it('sends visitors to sign in and answers 403 to people who review nothing', async () => {
    const visitor = await load(null, '?kind=flagged');
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toBe(
      `/signin?redirectTo=${encodeURIComponent('/moderation?kind=flagged')}`,
    );
    const prosumer = await load(await oldUser());
    expect(prosumer.status).toBe(403);
    expect(prosumer.body.message).toMatch(/moderators, brand members and people with 500/);
  });

  it("shows moderators everything and brand members their brand's items", async () => {
    const a = await flaggedIdea();
    const b = await flaggedIdea();
    const mod = await oldUser('moderator');
    const all = await load(mod, '?kind=flagged');
    expect(all.status).toBe(200);
    const keys = all.body.page.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual(expect.arrayContaining([`idea-${a.idea.id}`, `idea-${b.idea.id}`]));
    expect(all.body.reach).toBe('staff');

    const mine = await load(a.owner);
    expect(mine.body.reach).toBe('brand');
    expect(mine.body.page.items.map((i: { key: string }) => i.key)).toEqual([`idea-${a.idea.id}`]);
    expect(mine.body.brands.map((x: { slug: string }) => x.slug)).toEqual([a.brand.slug]);
    // Another brand's filter shows none of its items.
    const other = await load(a.owner, `?brand=${b.brand.slug}`);
    expect(other.status).toBe(200);
    expect(other.body.page.items).toEqual([]);
    // The page carries no internal user ids.
    expect(JSON.stringify(mine.body)).not.toContain(a.author.id);
  });

  it('gives a light queue to people with 500 reputation', async () => {
    const reviewer = await oldUser();
    await giveReputation(db(), reviewer.id, 500);
    const page = await load(reviewer);
    expect(page.status).toBe(200);
    expect(page.body.reach).toBe('light');
    expect(page.body.brands).toEqual([]);
  });

  it('refuses bad filters: an unknown brand (404), an unknown kind (400)', async () => {
    const mod = await oldUser('moderator');
    expect((await load(mod, '?brand=no-such-brand')).status).toBe(404);
    const kind = await load(mod, '?kind=everything');
    expect(kind.status).toBe(400);
    expect(kind.body.message).toBeTruthy();
  });
});

describe('the actions', () => {
  it('dismisses through the form: flash, back to the filtered queue, the item gone', async () => {
    const w = await flaggedIdea();
    const { result } = await expectAccepted(
      db(),
      () =>
        act(
          w.owner,
          { intent: 'dismiss', kind: 'idea', id: String(w.idea.id), reason: 'Looks fine' },
          '?kind=flagged&index',
        ),
      { location: /^\/moderation\?kind=flagged$/, events: ['flags.dismissed'] },
    );
    expect(result.headers.get('Set-Cookie')).toBeTruthy();
    const after = await load(w.owner);
    expect(after.body.page.items).toEqual([]);
  });

  it('stores a reason with script tags as plain text', async () => {
    const w = await flaggedIdea();
    const reason = '<script>alert(1)</script> spam';
    await expectAccepted(
      db(),
      () => act(w.owner, { intent: 'hide', kind: 'idea', id: String(w.idea.id), reason }),
      { events: ['content.hidden'] },
    );
    const [row] = await db().select().from(ideas).where(eq(ideas.id, w.idea.id));
    expect(row!.hiddenReason).toBe(reason);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.ideaId, w.idea.id), eq(auditLog.action, 'content.hidden')));
    expect(audit!.reason).toBe(reason);
  });

  it('refuses bad input with a message and writes nothing', async () => {
    const w = await flaggedIdea();
    const id = String(w.idea.id);
    const cases: [Record<string, string>, number, string[]][] = [
      [{ intent: 'dismiss', kind: 'idea', id }, 400, ['reason']],
      [{ intent: 'dismiss', kind: 'idea', id, reason: '   ' }, 400, ['reason']],
      [{ intent: 'dismiss', kind: 'idea', id, reason: repeat(501) }, 400, ['reason']],
      [{ intent: 'dismiss', kind: 'idea', id: 'abc', reason: 'x' }, 400, ['id']],
      [{ intent: 'dismiss', kind: 'idea', id: '-4', reason: 'x' }, 400, ['id']],
      [{ intent: 'dismiss', kind: 'vote', id, reason: 'x' }, 400, ['kind']],
      [{ intent: 'explode', kind: 'idea', id, reason: 'x' }, 400, ['intent']],
      [{ intent: 'suspend', kind: 'idea', id, reason: 'x', days: 'ten' }, 400, ['days']],
      [{ intent: 'editTags', kind: 'idea', id, reason: 'x', tags: '<b>bold</b>' }, 400, ['tags']],
      [{ intent: 'merge', kind: 'idea', id, reason: 'x', intoId: 'nowhere' }, 400, ['intoId']],
    ];
    for (const [fields, status, errorFields] of cases)
      await expectRefused(db(), () => act(w.owner, fields), status, {
        sent: fields,
        fields: errorFields,
      });
  });

  it('answers 404 for an unknown item, 409 for the wrong state, 401 for visitors', async () => {
    const w = await flaggedIdea();
    await expectRefused(
      db(),
      () => act(w.owner, { intent: 'hide', kind: 'idea', id: '2000000000', reason: 'x' }),
      404,
    );
    await expectRefused(
      db(),
      () => act(w.owner, { intent: 'restore', kind: 'idea', id: String(w.idea.id), reason: 'x' }),
      409,
      { error: /not hidden/ },
    );
    await expectRefused(
      db(),
      () => act(null, { intent: 'hide', kind: 'idea', id: String(w.idea.id), reason: 'x' }),
      401,
    );
  });

  it("refuses another brand's member, and brand members suspending (403)", async () => {
    const a = await flaggedIdea();
    const b = await flaggedIdea();
    await expectRefused(
      db(),
      () => act(b.owner, { intent: 'hide', kind: 'idea', id: String(a.idea.id), reason: 'x' }),
      403,
      { error: /not in your review queue/ },
    );
    await expectRefused(
      db(),
      () =>
        act(a.owner, {
          intent: 'suspend',
          kind: 'idea',
          id: String(a.idea.id),
          reason: 'Spammer',
          days: '7',
        }),
      403,
    );
  });

  it('lets a moderator suspend the author from the queue', async () => {
    const w = await flaggedIdea();
    const mod = await oldUser('moderator');
    const { result } = await expectAccepted(
      db(),
      () =>
        act(mod, {
          intent: 'suspend',
          kind: 'idea',
          id: String(w.idea.id),
          reason: 'Repeated spam',
          days: '3',
        }),
      { events: ['user.suspended'] },
    );
    expect(result.status).toBe(302);
    const [running] = await db()
      .select()
      .from(suspensions)
      .where(eq(suspensions.userId, w.author.id));
    expect(running).toMatchObject({ reason: 'Repeated spam', suspendedBy: mod.id });
  });
});

describe('merging from the queue', () => {
  it('merges a flagged duplicate into the original named by its address; it leaves the queue', async () => {
    const w = await flaggedIdea();
    const original = await makeIdea(db(), await oldUser(), w.challenge.id);
    const { events } = await expectAccepted(
      db(),
      () =>
        act(w.owner, {
          intent: 'merge',
          kind: 'idea',
          id: String(w.idea.id),
          reason: 'Same idea as the original',
          intoId: `http://localhost/ideas/${original.id}`,
        }),
      { events: ['idea.merged', 'idea.merge_received'] },
    );
    expect(events[0]!.payload).toMatchObject({ intoId: original.id });
    const [row] = await db().select().from(ideas).where(eq(ideas.id, w.idea.id));
    expect(row).toMatchObject({ status: 'merged', mergedIntoId: original.id });
    const after = await load(w.owner);
    expect(after.body.page.items).toEqual([]);
  });

  it('refuses merging a comment (409) and for the light queue (403)', async () => {
    const w = await flaggedIdea();
    const reviewer = await oldUser();
    await giveReputation(db(), reviewer.id, 500);
    const fields = {
      intent: 'merge',
      kind: 'idea',
      id: String(w.idea.id),
      reason: 'dup',
      intoId: String(w.idea.id + 1),
    };
    await expectRefused(db(), () => act(reviewer, fields), 403);
    await expectRefused(db(), () => act(w.owner, { ...fields, kind: 'comment' }), 409);
  });
});
