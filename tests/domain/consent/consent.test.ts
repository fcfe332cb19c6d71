// Consent per brand: the default, setting and changing it (an event only on a change), the
// question's timing, and that the consent route only ever sets the viewer's own consent.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as consentRoute from '#app/routes/consent';
import { addComment } from '#app/domain/comments/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import { brandMaySee } from '#app/domain/consent/policy';
import { consentOf, consentQuestion, consentsOf } from '#app/domain/consent/queries.server';
import { testClock } from '#app/domain/core/clock';
import { castVote } from '#app/domain/votes/commands.server';
import { brandConsents, events } from '../../../db/schema';
import { callAction, formRequest, makeContext } from '../../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { eventsSince, expectRefused, lastEventId } from '../../support/route-assertions';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();

async function brandWithOpenChallenge() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  return { owner, brand, challenge };
}

const consentEvents = async (userId: string) =>
  db()
    .select()
    .from(events)
    .where(and(eq(events.type, 'consent.changed'), eq(events.subjectUserId, userId)));

describe('brandMaySee', () => {
  it('lets each level see only what it names', () => {
    expect(brandMaySee('none', 'activity')).toBe(false);
    expect(brandMaySee('none', 'profile')).toBe(false);
    expect(brandMaySee('activity', 'activity')).toBe(true);
    expect(brandMaySee('activity', 'profile')).toBe(false);
    expect(brandMaySee('profile', 'activity')).toBe(true);
    expect(brandMaySee('profile', 'profile')).toBe(true);
    expect(brandMaySee(undefined, 'activity')).toBe(false);
  });
});

describe('setConsent', () => {
  it('is none by default, with nothing listed', async () => {
    const person = await makeUser(db());
    const { brand } = await brandWithOpenChallenge();
    expect(await consentOf(db(), person.id, brand.id)).toBe('none');
    expect(await consentsOf(db(), person.id)).toEqual([]);
  });

  it('records the answer and appends consent.changed only when the level changes', async () => {
    const person = await makeUser(db());
    const { brand } = await brandWithOpenChallenge();
    const clock = testClock('2026-03-01T10:00:00Z');

    expect(
      await setConsent(db(), { actor: person, brandId: brand.id, level: 'profile', clock }),
    ).toEqual({ brandId: brand.id, level: 'profile', changed: true });
    expect(await consentOf(db(), person.id, brand.id)).toBe('profile');
    let recorded = await consentEvents(person.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actorId: person.id,
      subjectUserId: person.id,
      brandId: brand.id,
      payload: { from: 'none', to: 'profile' },
      createdAt: new Date('2026-03-01T10:00:00Z'),
    });

    // The same answer again: no change, no event, the time stays.
    clock.advance(60_000);
    const again = await setConsent(db(), {
      actor: person,
      brandId: brand.id,
      level: 'profile',
      clock,
    });
    expect(again.changed).toBe(false);
    expect(await consentEvents(person.id)).toHaveLength(1);

    clock.advance(60_000);
    await setConsent(db(), { actor: person, brandId: brand.id, level: 'activity', clock });
    recorded = await consentEvents(person.id);
    expect(recorded.map((e) => e.payload)).toEqual([
      { from: 'none', to: 'profile' },
      { from: 'profile', to: 'activity' },
    ]);
    const [listed] = await consentsOf(db(), person.id);
    expect(listed).toMatchObject({
      brandId: brand.id,
      name: brand.name,
      slug: brand.slug,
      level: 'activity',
      updatedAt: new Date('2026-03-01T10:02:00Z'),
    });
  });

  it('records "Not now" (none) as an answer, without an event: nothing changed', async () => {
    const person = await makeUser(db());
    const { brand } = await brandWithOpenChallenge();
    const before = await lastEventId(db());
    const result = await setConsent(db(), { actor: person, brandId: brand.id, level: 'none' });
    expect(result.changed).toBe(false);
    expect(await eventsSince(db(), before)).toEqual([]);
    const rows = await db().select().from(brandConsents).where(eq(brandConsents.userId, person.id));
    expect(rows.map((r) => r.level)).toEqual(['none']);
  });

  it('answers 404 for an unknown brand and writes nothing', async () => {
    const person = await makeUser(db());
    await expect(
      setConsent(db(), { actor: person, brandId: 999_999, level: 'profile' }),
    ).rejects.toMatchObject({ status: 404, message: 'That brand was not found.' });
    expect(await consentsOf(db(), person.id)).toEqual([]);
    expect(await consentEvents(person.id)).toEqual([]);
  });

  it('keeps one person’s consent apart from another’s and from other brands', async () => {
    const ana = await makeUser(db());
    const bo = await makeUser(db());
    const { brand: a } = await brandWithOpenChallenge();
    const { brand: b } = await brandWithOpenChallenge();
    await setConsent(db(), { actor: ana, brandId: a.id, level: 'profile' });
    expect(await consentOf(db(), bo.id, a.id)).toBe('none');
    expect(await consentOf(db(), ana.id, b.id)).toBe('none');
  });
});

describe('consentQuestion', () => {
  it('is asked only after an idea, a vote or a comment on that brand’s challenge, until answered', async () => {
    const { brand, challenge } = await brandWithOpenChallenge();
    const { brand: other, challenge: otherChallenge } = await brandWithOpenChallenge();
    const author = await makeUser(db());
    const voter = await makeUser(db());
    const commenter = await makeUser(db());

    for (const person of [author, voter, commenter])
      expect(await consentQuestion(db(), person.id, brand.id)).toBe(false);

    const idea = await makeIdea(db(), author, challenge.id);
    expect(await consentQuestion(db(), author.id, brand.id)).toBe(true);
    // Acting on one brand's challenge does not ask about another brand.
    expect(await consentQuestion(db(), author.id, other.id)).toBe(false);

    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    expect(await consentQuestion(db(), voter.id, brand.id)).toBe(true);

    await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: { body: 'What about recycled glass?', parentId: null },
    });
    expect(await consentQuestion(db(), commenter.id, brand.id)).toBe(true);

    // Acting elsewhere does not ask about this brand.
    const elsewhere = await makeUser(db());
    await makeIdea(db(), elsewhere, otherChallenge.id);
    expect(await consentQuestion(db(), elsewhere.id, brand.id)).toBe(false);

    // Once answered — even "Not now" — it is not asked again.
    await setConsent(db(), { actor: author, brandId: brand.id, level: 'activity' });
    await setConsent(db(), { actor: voter, brandId: brand.id, level: 'none' });
    expect(await consentQuestion(db(), author.id, brand.id)).toBe(false);
    expect(await consentQuestion(db(), voter.id, brand.id)).toBe(false);
    expect(await consentQuestion(db(), commenter.id, brand.id)).toBe(true);
  });
});

describe('the consent route and whose consent it sets', () => {
  const post = (viewer: Parameters<typeof makeContext>[1], fields: Record<string, string>) =>
    callAction(consentRoute, {
      request: formRequest('/consent', fields),
      context: makeContext(db(), viewer),
    });

  it('refuses a level that is not one of the three (400, nothing written)', async () => {
    const person = await makeUser(db());
    const { brand } = await brandWithOpenChallenge();
    for (const level of ['all', '', 'PROFILE', '<script>alert(1)</script>', 'x'.repeat(5000)])
      await expectRefused(db(), () => post(person, { brandId: String(brand.id), level }), 400, {
        fields: ['level'],
        error: /correct/i,
      });
    const sent = new URLSearchParams({ brandId: String(brand.id) });
    sent.append('level', 'none');
    sent.append('level', 'profile');
    await expectRefused(
      db(),
      () =>
        callAction(consentRoute, {
          request: new Request('http://localhost/consent', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              Origin: 'http://localhost',
            },
            body: sent,
          }),
          context: makeContext(db(), person),
        }),
      400,
      { fields: ['level'] },
    );
  });

  it('refuses a brand id that is not one (400) or names no brand (404)', async () => {
    const person = await makeUser(db());
    for (const brandId of ['', 'abc', '-1', '1.5', '0x10', '99999999999'])
      await expectRefused(db(), () => post(person, { brandId, level: 'profile' }), 400, {
        fields: ['brandId'],
      });
    await expectRefused(db(), () => post(person, { brandId: '999999', level: 'profile' }), 404, {
      error: 'That brand was not found.',
    });
  });

  it('sets only the viewer’s consent: a userId in the form is ignored', async () => {
    const ana = await makeUser(db());
    const mallory = await makeUser(db());
    const { brand } = await brandWithOpenChallenge();
    const result = await post(mallory, {
      brandId: String(brand.id),
      level: 'profile',
      userId: ana.id,
      actorId: ana.id,
    });
    expect(result.status).toBe(302);
    expect(await consentOf(db(), ana.id, brand.id)).toBe('none');
    expect(await consentQuestion(db(), ana.id, brand.id)).toBe(false);
    expect(await consentOf(db(), mallory.id, brand.id)).toBe('profile');
    const rows = await db().select().from(brandConsents).where(eq(brandConsents.brandId, brand.id));
    expect(rows.map((r) => r.userId)).toEqual([mallory.id]);
  });
});

// Two answers of one person for one brand at the same moment (two tabs): one row, and events
// that chain (each `from` is the level the other left). PostgreSQL only: PGlite has one connection.
describe.skipIf(!process.env.DATABASE_URL)('two answers at the same moment (PostgreSQL)', () => {
  it('keeps one row and records each change from the level it really replaced', async () => {
    for (let round = 0; round < 5; round++) {
      const person = await makeUser(db());
      const { brand } = await brandWithOpenChallenge();
      const results = await Promise.all([
        setConsent(db(), { actor: person, brandId: brand.id, level: 'profile' }),
        setConsent(db(), { actor: person, brandId: brand.id, level: 'activity' }),
      ]);
      expect(results.every((r) => r.changed)).toBe(true);
      const rows = await db()
        .select()
        .from(brandConsents)
        .where(eq(brandConsents.userId, person.id));
      expect(rows).toHaveLength(1);
      const chain = (await consentEvents(person.id))
        .sort((a, b) => a.id - b.id)
        .map((e) => e.payload as { from: string; to: string });
      expect(chain).toHaveLength(2);
      expect(chain[0]!.from).toBe('none');
      expect(chain[1]!.from).toBe(chain[0]!.to);
      expect(rows[0]!.level).toBe(chain[1]!.to);
    }
  });
});
