// A hand-built week of one brand's two challenges, played through the real commands with a test
// clock (UTC), for the dashboard's tests: every figure they expect is counted by hand from the
// timeline below. Another brand's challenge gets activity at the same time, to show it never leaks.
//
//   04-28 12:00  ana: idea P0 in C1 (tag solar)                      — the previous period
//   04-30 23:59  ana: comment on P0                                  — the day before the period
//   05-01 00:00  ana: idea A1 in C1 (solar, storage), positive       — the period's first instant
//   05-01 10:30  ben: idea B1 in C1 (solar) building on A1, not analysed (null sentiment)
//   05-02 09:00  ana: idea X1 on the other brand (solar); cai votes it at 09:10
//   05-02 14:05  cai: supports A1        14:20 dan: supports A1        15:00 dan: supports B1
//   05-03 08:00  cai: comments A1, positive
//   05-03 08:30  dan: changes A1 to oppose (a support lost, not a vote)
//   05-04 11:00  ana: comments B1, negative
//   05-05 09:00  C1 in review; the owner shortlists A1 and B1
//   05-06 10:00  the owner awards A1 (rank 1)
//   05-06 12:00  emma: idea E1 in C2 (agua), Spanish, neutral
//   05-06 13:00  cai: supports E1        13:10 dan: supports E1
//   05-07 23:30  ben: comments E1, Spanish, neutral                  — the period's last hour
//   05-08 00:10  ben: comments E1 again                              — after the period
//
// Consent to the brand: ana profile (display name "Ana Solar"), emma activity, ben none (but
// profile to the other brand), cai and dan never asked.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, comments, ideas, users } from '../../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import type { Actor } from '#app/domain/core/actor';
import { testClock } from '#app/domain/core/clock';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { awardChallenge, shortlistIdea } from '#app/domain/judging/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { makeBrand, makeChallenge, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';

export const PERIOD = { from: '2026-05-01', to: '2026-05-07' };

export async function buildFixture(db: Db) {
  const clock = testClock('2026-04-20T08:00:00Z');
  const at = (iso: string) => {
    clock.set(iso);
    return clock;
  };
  const owner = await makeUser(db);
  const brand = await makeBrand(db, owner);
  const otherOwner = await makeUser(db);
  const other = await makeBrand(db, otherOwner);
  const c1 = await makeChallenge(db, owner, { brandId: brand.id, stage: 'open', clock });
  const c2 = await makeChallenge(db, owner, { brandId: brand.id, stage: 'open', clock });
  const x = await makeChallenge(db, otherOwner, { brandId: other.id, stage: 'open', clock });
  const [ana, ben, cai, dan, emma] = await Promise.all(
    ['ana', 'ben', 'cai', 'dan', 'emma'].map(() => makeUser(db)),
  );
  await db.update(users).set({ displayName: 'Ana Solar' }).where(eq(users.id, ana!.id));
  // Opposing takes reputation (125).
  await giveReputation(db, dan!.id, 200, new Date('2026-04-20T08:00:00Z'));

  /** An idea with a known text, language and sentiment (set on the row, whatever detection said). */
  async function idea(
    author: Actor,
    challengeId: number,
    when: string,
    text: { title: string; body: string; tags: string; buildsOnId?: number },
    language: 'en' | 'es' | 'it',
    sentiment: -1 | 0 | 1 | null,
  ) {
    const input = ideaSchema.parse({
      title: text.title,
      body: text.body,
      tags: text.tags,
      buildsOnId: text.buildsOnId ? String(text.buildsOnId) : '',
    });
    const row = await submitIdea(db, { actor: author, challengeId, idea: input, clock: at(when) });
    await db.update(ideas).set({ language, sentiment }).where(eq(ideas.id, row.id));
    return row;
  }
  async function comment(
    author: Actor,
    ideaId: number,
    when: string,
    body: string,
    language: 'en' | 'es' | 'it',
    sentiment: -1 | 0 | 1 | null,
  ) {
    const row = await addComment(db, {
      actor: author,
      ideaId,
      comment: { body, parentId: null },
      clock: at(when),
    });
    await db.update(comments).set({ language, sentiment }).where(eq(comments.id, row.id));
    return row;
  }
  const vote = (actor: Actor, ideaId: number, value: 1 | -1, when: string) =>
    castVote(db, { actor, ideaId, value, clock: at(when) });

  const p0 = await idea(
    ana!,
    c1.id,
    '2026-04-28T12:00:00Z',
    {
      title: 'Solar heating in winter',
      body: 'Old idea about solar energy in winter.',
      tags: 'solar',
    },
    'en',
    1,
  );
  await comment(ana!, p0.id, '2026-04-30T23:59:00Z', 'Still a good plan', 'en', 1);
  const a1 = await idea(
    ana!,
    c1.id,
    '2026-05-01T00:00:00Z',
    {
      title: 'Solar panels for schools',
      body: 'Solar panels power schools cheaply.',
      tags: 'solar, storage',
    },
    'en',
    1,
  );
  const b1 = await idea(
    ben!,
    c1.id,
    '2026-05-01T10:30:00Z',
    {
      title: 'Battery storage for panels',
      body: 'Store the sun in batteries at home.',
      tags: 'solar',
      buildsOnId: a1.id,
    },
    'en',
    null,
  );
  const x1 = await idea(
    ana!,
    x.id,
    '2026-05-02T09:00:00Z',
    {
      title: 'Solar kiosks downtown',
      body: 'Kiosks charge phones with solar power.',
      tags: 'solar',
    },
    'en',
    1,
  );
  await vote(cai!, x1.id, 1, '2026-05-02T09:10:00Z');
  await vote(cai!, a1.id, 1, '2026-05-02T14:05:00Z');
  await vote(dan!, a1.id, 1, '2026-05-02T14:20:00Z');
  await vote(dan!, b1.id, 1, '2026-05-02T15:00:00Z');
  await comment(cai!, a1.id, '2026-05-03T08:00:00Z', 'Brilliant idea for schools', 'en', 1);
  await vote(dan!, a1.id, -1, '2026-05-03T08:30:00Z');
  await comment(ana!, b1.id, '2026-05-04T11:00:00Z', 'Batteries are expensive', 'en', -1);

  await db
    .update(challenges)
    .set({ stage: 'review', prizes: [{ points: 100, item: 'A visit' }], rewardPoints: 100 })
    .where(eq(challenges.id, c1.id));
  await shortlistIdea(db, { actor: owner, ideaId: a1.id, clock: at('2026-05-05T09:00:00Z') });
  await shortlistIdea(db, { actor: owner, ideaId: b1.id, clock: at('2026-05-05T09:00:00Z') });
  await awardChallenge(db, {
    actor: owner,
    challengeId: c1.id,
    winners: [{ rank: 1, ideaId: a1.id }],
    clock: at('2026-05-06T10:00:00Z'),
  });

  const e1 = await idea(
    emma!,
    c2.id,
    '2026-05-06T12:00:00Z',
    { title: 'Agua limpia para todos', body: 'Filtros de agua en cada escuela.', tags: 'agua' },
    'es',
    0,
  );
  await vote(cai!, e1.id, 1, '2026-05-06T13:00:00Z');
  await vote(dan!, e1.id, 1, '2026-05-06T13:10:00Z');
  await comment(ben!, e1.id, '2026-05-07T23:30:00Z', 'Me gusta el agua limpia', 'es', 0);
  await comment(ben!, e1.id, '2026-05-08T00:10:00Z', 'Otra vez el agua', 'es', 0);

  await setConsent(db, { actor: ana!, brandId: brand.id, level: 'profile', clock });
  await setConsent(db, { actor: emma!, brandId: brand.id, level: 'activity', clock });
  await setConsent(db, { actor: ben!, brandId: brand.id, level: 'none', clock });
  await setConsent(db, { actor: ben!, brandId: other.id, level: 'profile', clock });

  const [c1Row] = await db.select().from(challenges).where(eq(challenges.id, c1.id));
  const [c2Row] = await db.select().from(challenges).where(eq(challenges.id, c2.id));
  return {
    owner,
    otherOwner,
    brand,
    other,
    c1: c1Row!,
    c2: c2Row!,
    x,
    people: { ana: ana!, ben: ben!, cai: cai!, dan: dan!, emma: emma! },
    ideas: { p0, a1, b1, x1, e1 },
  };
}
export type Fixture = Awaited<ReturnType<typeof buildFixture>>;
