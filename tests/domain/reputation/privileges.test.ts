// Privileges by reputation (issue 13 item 3): the pure policy, and oppose at 125 enforced by
// castVote whichever way a vote arrives (the idea page's form, the JSON API). The socket layer
// has no write path (realtime/io.server.ts only subscribes), so it cannot vote at all.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { votes } from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { hasPrivilege, privilegeRefusal } from '#app/domain/reputation/policy';
import { PRIVILEGES } from '#app/domain/reputation/rules';
import { castVote } from '#app/domain/votes/commands.server';
import { voteRefusal } from '#app/domain/votes/policy';
import * as voteApi from '#app/routes/api.ideas.$id.vote';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { expectRefused as expectDomainRefusal } from '../../support/assertions';
import {
  TEST_ORIGIN,
  callAction,
  callLoader,
  formRequest,
  makeContext,
  type TestViewer,
} from '../../support/context';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';
import { expectAccepted, expectRefused } from '../../support/route-assertions';
import type { Locale } from '#app/i18n/locales';

const db = useTestDatabase();

async function world() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  return { owner, author, challenge, idea };
}

/** A fresh prosumer whose ledger totals exactly `reputation` (1 needs no entry). */
async function personWith(reputation: number) {
  const user = await makeUser(db());
  if (reputation > 1) await giveReputation(db(), user.id, reputation);
  return user;
}

const LOCKED = /^Oppose unlocks at 125 reputation — you have (\d+)\./;

describe('privilegeRefusal', () => {
  it('unlocks submit, comment and support at 1, flag at 15, oppose at 125, the review queue at 500', () => {
    const at = (reputation: number) =>
      (Object.keys(PRIVILEGES) as (keyof typeof PRIVILEGES)[]).filter((p) =>
        hasPrivilege(p, { reputation, roleOverride: false }),
      );
    expect(at(1)).toEqual(['submit', 'comment', 'support']);
    expect(at(14)).toEqual(['submit', 'comment', 'support']);
    expect(at(15)).toEqual(['submit', 'comment', 'support', 'flag']);
    expect(at(124)).not.toContain('oppose');
    expect(at(125)).toContain('oppose');
    expect(at(499)).not.toContain('reviewQueue');
    expect(at(500)).toContain('reviewQueue');
  });

  it('says what unlocks a privilege and what the person has', () => {
    expect(privilegeRefusal('oppose', { reputation: 40, roleOverride: false })).toEqual({
      privilege: 'oppose',
      threshold: 125,
      reputation: 40,
    });
    expect(privilegeRefusal('flag', { reputation: 15, roleOverride: false })).toBeNull();
  });

  it('leaves brand members, moderators and admins their powers whatever their points', () => {
    for (const privilege of Object.keys(PRIVILEGES) as (keyof typeof PRIVILEGES)[])
      expect(privilegeRefusal(privilege, { reputation: 1, roleOverride: true })).toBeNull();
  });

  it('locks a new oppose and a support turned oppose, never a support, a withdrawal or a kept oppose', () => {
    const idea = { stage: 'open' as const, status: 'published' as const, authorId: 'author' };
    const actor = { id: 'voter', role: 'prosumer' as const };
    const standing = { reputation: 40, roleOverride: false };
    const refusal = (from: -1 | 0 | 1, to: -1 | 0 | 1) =>
      voteRefusal(actor, idea, { from, to, standing });
    expect(refusal(0, -1)).toBe('locked');
    expect(refusal(1, -1)).toBe('locked');
    expect(refusal(0, 1)).toBeNull();
    expect(refusal(-1, 0)).toBeNull();
    expect(refusal(-1, 1)).toBeNull();
    // A closed challenge or one's own idea is told first: unlocking would not help.
    expect(voteRefusal(actor, { ...idea, stage: 'review' }, { from: 0, to: -1, standing })).toBe(
      'closed',
    );
    expect(voteRefusal({ ...actor, id: 'author' }, idea, { from: 0, to: -1, standing })).toBe(
      'ownIdea',
    );
    expect(
      voteRefusal(actor, idea, { from: 0, to: -1, standing: { ...standing, roleOverride: true } }),
    ).toBeNull();
  });
});

describe('castVote: oppose needs 125 reputation', () => {
  it('refuses an oppose at 124 (403, with what unlocks it, nothing written) and accepts it at 125', async () => {
    const { idea } = await world();
    const at124 = await personWith(124);
    const error = await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: at124, ideaId: idea.id, value: -1 }),
      'Forbidden',
      LOCKED,
    );
    expect(error.status).toBe(403);
    expect(error.values).toEqual({ threshold: 125, reputation: 124 });
    const at125 = await personWith(125);
    expect(await castVote(db(), { actor: at125, ideaId: idea.id, value: -1 })).toMatchObject({
      value: -1,
      opposeCount: 1,
    });
  });

  it('says "you have 1" to a new account, whose ledger may even be below 0', async () => {
    const { idea } = await world();
    const fresh = await makeUser(db());
    await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: fresh, ideaId: idea.id, value: -1 }),
      'Forbidden',
      /you have 1\./,
    );
  });

  it('lets anyone support, and refuses to turn a support into an oppose below 125', async () => {
    const { idea } = await world();
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'Forbidden',
      LOCKED,
    );
    const [row] = await db().select().from(votes).where(eq(votes.userId, voter.id));
    expect(row).toMatchObject({ value: 1 });
  });

  it('always lets an oppose be withdrawn, even once reputation fell below 125', async () => {
    const { idea, challenge, owner } = await world();
    const voter = await personWith(125);
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    // Opposing cost 1: now at 124, the oppose stays and can be withdrawn or kept.
    await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'Conflict',
      /already oppose/,
    );
    const other = await makeIdea(db(), owner, challenge.id);
    await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: voter, ideaId: other.id, value: -1 }),
      'Forbidden',
      /you have 124\./,
    );
    expect(await castVote(db(), { actor: voter, ideaId: idea.id, value: 0 })).toMatchObject({
      value: 0,
      opposeCount: 0,
    });
  });

  it('lets the brand’s owner and managers, moderators and admins oppose at 1; not a member of another brand', async () => {
    const { owner, idea, challenge } = await world();
    const manager = await makeUser(db());
    await addManager(db(), { actor: owner, brandId: challenge.brandId, handle: manager.handle });
    const moderator = await makeUser(db(), { role: 'moderator' });
    const admin = await makeUser(db(), { role: 'admin' });
    for (const voter of [owner, manager, moderator, admin])
      expect(await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 })).toMatchObject({
        value: -1,
      });
    const elsewhere = await makeUser(db());
    await makeChallenge(db(), elsewhere, { stage: 'open' });
    await expectDomainRefusal(
      db(),
      () => castVote(db(), { actor: elsewhere, ideaId: idea.id, value: -1 }),
      'Forbidden',
      LOCKED,
    );
  });
});

describe('every way a vote arrives', () => {
  const viaForm = (viewer: TestViewer, ideaId: number, value: string) =>
    callAction(ideaPage, {
      params: { id: String(ideaId) },
      request: formRequest(`/ideas/${ideaId}`, { intent: 'vote', value }),
      context: makeContext(db(), viewer),
    });
  const viaJson = (viewer: TestViewer, ideaId: number, body: string, locale: Locale = 'en') =>
    callAction(voteApi, {
      params: { id: String(ideaId) },
      request: new Request(`${TEST_ORIGIN}/api/ideas/${ideaId}/vote`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
        body,
      }),
      context: makeContext(db(), viewer, { locale }),
    });

  it('the JSON API refuses an oppose below 125 with 403 and the message, writing nothing', async () => {
    const { idea } = await world();
    const voter = await personWith(40);
    const result = await expectRefused(db(), () => viaJson(voter, idea.id, '{"value": -1}'), 403, {
      error: /^Oppose unlocks at 125 reputation — you have 40\./,
    });
    expect(result.body).toEqual({ error: expect.any(String) });
    const es = await viaJson(voter, idea.id, '{"value": -1}', 'es');
    expect(es).toMatchObject({ status: 403 });
    expect(es.body.error).toMatch(
      /^El voto en contra se desbloquea con 125 de reputación — tienes 40\./,
    );
    const it = await viaJson(voter, idea.id, '{"value": -1}', 'it');
    expect(it.body.error).toMatch(
      /^Il voto contrario si sblocca a 125 di reputazione — ne hai 40\./,
    );
    await expectAccepted(db(), () => viaJson(voter, idea.id, '{"value": 1}'), {
      status: 200,
      events: ['vote.cast'],
    });
  });

  it('the idea page’s form (or a crafted one) is refused the same way, and accepted at 125', async () => {
    const { idea } = await world();
    const voter = await personWith(40);
    await expectRefused(db(), () => viaForm(voter, idea.id, '-1'), 403, {
      error: /^Oppose unlocks at 125 reputation — you have 40\./,
    });
    await giveReputation(db(), voter.id, 85);
    await expectAccepted(db(), () => viaForm(voter, idea.id, '-1'), {
      status: 200,
      events: ['vote.cast'],
    });
  });

  it('the idea page shows the oppose control locked with what unlocks it, except to brand members', async () => {
    const { idea, owner } = await world();
    const load = (viewer: TestViewer | null) =>
      callLoader(ideaPage, { params: { id: String(idea.id) }, context: makeContext(db(), viewer) });
    const at40 = await personWith(40);
    expect((await load(at40)).body.opposeLock).toEqual({
      privilege: 'oppose',
      threshold: 125,
      reputation: 40,
    });
    expect((await load(await personWith(125))).body.opposeLock).toBeNull();
    expect((await load(owner)).body.opposeLock).toBeNull();
    expect((await load(await makeUser(db(), { role: 'moderator' }))).body.opposeLock).toBeNull();
    expect((await load(null)).body.opposeLock).toBeNull();
  });
});
