import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { challenges, ideas, type ChallengeStage } from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import {
  STAGES,
  canSubmitIdeas,
  canVote,
  changeStage,
  createChallenge,
  nextStage,
  updateChallenge,
} from '#app/domain/challenges/commands.server';
import { challengeSchema, stageChangeSchema } from '#app/domain/challenges/schema';
import { getChallengeBySlug, listChallenges } from '#app/domain/challenges/queries.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { CHECK_VIOLATION } from '#app/domain/core/pg-errors.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  repeat,
  sqlStateOfRefused,
  unique,
} from '../../support/assertions';

const db = useTestDatabase();

const BRIEF = 'Tell us how to cut packaging waste in our stores by half.';
const input = (overrides: Record<string, unknown> = {}) =>
  challengeSchema.parse({ title: `Packaging ${unique('c')}`, brief: BRIEF, ...overrides });

describe('challengeSchema', () => {
  it('parses a full form: tags, criteria, numbers and dates', () => {
    const parsed = challengeSchema.parse({
      title: '  Less packaging  ',
      brief: `  ${BRIEF}  `,
      tags: 'Eco, Zero Waste',
      language: 'es',
      rewardDescription: 'A year of coffee',
      rewardPoints: '500',
      criteria: 'Originality: 40\n\n  Feasibility = 60% \n',
      maxIdeasPerUser: '5',
      opensAt: '2026-01-01',
      votingAt: '2026-02-01',
      reviewAt: '2026-02-01',
      awardedAt: '2026-03-01',
    });
    expect(parsed).toEqual({
      title: 'Less packaging',
      brief: BRIEF,
      tags: ['eco', 'zero-waste'],
      language: 'es',
      rewardDescription: 'A year of coffee',
      rewardPoints: 500,
      criteria: [
        { name: 'Originality', weight: 40 },
        { name: 'Feasibility', weight: 60 },
      ],
      maxIdeasPerUser: 5,
      opensAt: new Date('2026-01-01T00:00:00Z'),
      votingAt: new Date('2026-02-01T00:00:00Z'),
      reviewAt: new Date('2026-02-01T00:00:00Z'),
      awardedAt: new Date('2026-03-01T00:00:00Z'),
    });
  });

  it('fills in defaults for the optional fields, also when a form sends them empty', () => {
    expect(
      challengeSchema.parse({
        title: 'Less packaging',
        brief: BRIEF,
        rewardPoints: '',
        maxIdeasPerUser: ' ',
      }),
    ).toMatchObject({
      rewardPoints: 0,
      maxIdeasPerUser: 3,
    });
    expect(challengeSchema.parse({ title: 'Less packaging', brief: BRIEF })).toEqual({
      title: 'Less packaging',
      brief: BRIEF,
      tags: [],
      language: 'en',
      rewardDescription: '',
      rewardPoints: 0,
      criteria: [],
      maxIdeasPerUser: 3,
      opensAt: null,
      votingAt: null,
      reviewAt: null,
      awardedAt: null,
    });
  });

  it('asks for a title and a brief', () => {
    expect(fieldErrors(challengeSchema, {})).toMatchObject({
      title: ['Give the challenge a title.'],
      brief: ['Write a brief.'],
    });
  });

  it('refuses fields of the wrong type', () => {
    const errors = fieldErrors(challengeSchema, {
      title: 12345,
      brief: { text: BRIEF },
      rewardPoints: 'lots',
      maxIdeasPerUser: 'many',
      criteria: 5,
    });
    expect(Object.keys(errors).sort()).toEqual([
      'brief',
      'criteria',
      'maxIdeasPerUser',
      'rewardPoints',
      'title',
    ]);
    expect(errors.rewardPoints).toEqual(['The reward pool is a number of points.']);
    expect(errors.maxIdeasPerUser).toEqual(['Ideas per person is a number.']);
  });

  it('refuses titles outside 5–120 and briefs outside 20–20,000 characters, counting after trimming', () => {
    const titles = 'Titles are 5–120 characters.';
    const briefs = 'Briefs are 20–20,000 characters.';
    expect(fieldErrors(challengeSchema, { title: '  abcd   ', brief: BRIEF }).title).toEqual([
      titles,
    ]);
    expect(fieldErrors(challengeSchema, { title: repeat(121), brief: BRIEF }).title).toEqual([
      titles,
    ]);
    expect(fieldErrors(challengeSchema, { title: 'Valid', brief: repeat(19) }).brief).toEqual([
      briefs,
    ]);
    expect(fieldErrors(challengeSchema, { title: 'Valid', brief: repeat(20_001) }).brief).toEqual([
      briefs,
    ]);
    expect(challengeSchema.parse({ title: repeat(120), brief: repeat(20_000) }).brief).toHaveLength(
      20_000,
    );
  });

  it('refuses a negative, fractional or huge reward pool', () => {
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, rewardPoints: '-1' })
        .rewardPoints,
    ).toEqual(['The reward pool cannot be negative.']);
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, rewardPoints: '1.5' })
        .rewardPoints,
    ).toEqual(['The reward pool is a whole number of points.']);
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, rewardPoints: '1000001' })
        .rewardPoints,
    ).toEqual(['The reward pool is at most 1,000,000 points.']);
  });

  it('allows 1–50 ideas per person', () => {
    for (const maxIdeasPerUser of ['0', '51', '-3']) {
      expect(
        fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, maxIdeasPerUser })
          .maxIdeasPerUser,
      ).toEqual(['Allow 1–50 ideas per person.']);
    }
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, maxIdeasPerUser: '2.5' })
        .maxIdeasPerUser,
    ).toEqual(['Ideas per person is a whole number.']);
  });

  it('accepts only English, Spanish or Italian', () => {
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, language: 'fr' }).language,
    ).toEqual(['Choose English, Spanish or Italian.']);
  });

  it('refuses reward descriptions over 500 characters', () => {
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, rewardDescription: repeat(501) })
        .rewardDescription,
    ).toEqual(['Reward descriptions are at most 500 characters.']);
  });

  it('refuses bad tags', () => {
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, tags: 'a,b,c,d,e,f,g,h,i' })
        .tags,
    ).toBeDefined();
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, tags: '<b>eco</b>' }).tags,
    ).toEqual(['Tags are 2–30 letters, digits or hyphens, separated by commas.']);
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, tags: 9 }).tags,
    ).toBeDefined();
  });

  it('refuses malformed and impossible dates', () => {
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, opensAt: '31/12/2026' }).opensAt,
    ).toEqual(['Opening date: use a date like 2026-12-31.']);
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, votingAt: '2026-13-01' })
        .votingAt,
    ).toEqual(['Voting date is not a real date.']);
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, awardedAt: 'next week' })
        .awardedAt,
    ).toEqual(['Award date: use a date like 2026-12-31.']);
  });

  it('refuses stage dates out of order, pointing at the first date that goes backwards', () => {
    const message = 'Stage dates must be in order: opening, voting, review, award.';
    expect(
      fieldErrors(challengeSchema, {
        title: 'Valid',
        brief: BRIEF,
        opensAt: '2026-03-01',
        votingAt: '2026-02-01',
      }),
    ).toEqual({ votingAt: [message] });
    // Gaps are allowed, and the order holds across them.
    expect(
      fieldErrors(challengeSchema, {
        title: 'Valid',
        brief: BRIEF,
        opensAt: '2026-03-01',
        awardedAt: '2026-01-01',
      }),
    ).toEqual({ awardedAt: [message] });
    expect(
      challengeSchema.parse({
        title: 'Valid',
        brief: BRIEF,
        opensAt: '2026-01-01',
        awardedAt: '2026-12-01',
      }).votingAt,
    ).toBeNull();
  });

  it('refuses judging criteria lines that are not "Name: weight" with a weight from 1 to 100', () => {
    for (const line of [
      'Originality',
      'Originality: 0',
      'Originality: 101',
      'Originality: abc',
      ': 50',
      'X: 50',
      `${repeat(61)}: 10`,
      'Originality: -5',
    ]) {
      const errors = fieldErrors(challengeSchema, {
        title: 'Valid',
        brief: BRIEF,
        criteria: `Impact: 50\n${line}`,
      });
      expect(errors.criteria?.[0], line).toMatch(
        /^Write each criterion as "Name: weight" with a weight from 1 to 100/,
      );
    }
  });

  it('allows at most 8 judging criteria', () => {
    const criteria = Array.from({ length: 9 }, (_, i) => `Criterion ${i}: 10`).join('\n');
    expect(
      fieldErrors(challengeSchema, { title: 'Valid', brief: BRIEF, criteria }).criteria,
    ).toEqual(['Use at most 8 judging criteria.']);
  });

  it('keeps markup in a brief as text, which renderMarkdown then shows inert', async () => {
    const brief =
      'Tell us more <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))';
    const parsed = challengeSchema.parse({ title: 'Valid', brief });
    expect(parsed.brief).toBe(brief);
    const { html } = await renderMarkdown(parsed.brief);
    expect(html).not.toMatch(/<script|<img|onerror=|href="javascript:/i);
  });
});

describe('stageChangeSchema', () => {
  it('accepts a later stage and refuses draft, unknown or missing stages', () => {
    expect(stageChangeSchema.parse({ to: 'voting' })).toEqual({ to: 'voting' });
    for (const to of ['draft', 'closed', '', undefined, 3]) {
      expect(fieldErrors(stageChangeSchema, { to }).to, String(to)).toEqual([
        'Choose a stage to move to.',
      ]);
    }
  });
});

describe('stage rules', () => {
  it('moves one step forward and stops at archived', () => {
    expect(STAGES.map(nextStage)).toEqual([
      'open',
      'voting',
      'review',
      'awarded',
      'archived',
      null,
    ]);
  });

  it('accepts ideas only while open and votes while open or voting', () => {
    expect(STAGES.filter(canSubmitIdeas)).toEqual(['open']);
    expect(STAGES.filter(canVote)).toEqual(['open', 'voting']);
  });
});

describe('createChallenge', () => {
  it('lets a brand member create a draft with a slug from its title, and logs challenge.created', async () => {
    const owner = await makeUser(db());
    const manager = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const data = input({
      title: `Refill Stations ${unique('r')}`,
      tags: 'eco',
      criteria: 'Impact: 70\nCost: 30',
      opensAt: '2026-05-01',
    });
    const { result: challenge, event } = await expectOneEvent(
      db(),
      () => createChallenge(db(), { actor: manager, brandId: brand.id, challenge: data }),
      'challenge.created',
    );
    expect(challenge).toMatchObject({
      brandId: brand.id,
      stage: 'draft',
      title: data.title,
      slug: expect.stringMatching(/^refill-stations-r/),
      tags: ['eco'],
      criteria: [
        { name: 'Impact', weight: 70 },
        { name: 'Cost', weight: 30 },
      ],
      opensAt: new Date('2026-05-01T00:00:00Z'),
      createdBy: manager.id,
    });
    expect(event).toMatchObject({
      actorId: manager.id,
      brandId: brand.id,
      challengeId: challenge.id,
      payload: { title: data.title, slug: challenge.slug, stage: 'draft' },
    });
    expect(event.createdAt).toEqual(challenge.createdAt);
  });

  it('gives challenges with the same title distinct slugs', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const title = `Same Title ${unique('s')}`;
    const first = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title }),
    });
    const second = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title }),
    });
    const third = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title: title.toUpperCase() }),
    });
    // A taken slug gets a random suffix, so addresses cannot be guessed from a title.
    for (const other of [second, third])
      expect(other.slug).toMatch(new RegExp(`^${first.slug}-[a-z0-9]{6}$`));
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3);
  });

  it('refuses people who are not members of the brand', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await expectRefused(
      db(),
      () => createChallenge(db(), { actor: stranger, brandId: brand.id, challenge: input() }),
      'Forbidden',
    );
  });

  it('refuses a member of another brand', async () => {
    const owner = await makeUser(db());
    const otherOwner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    await makeBrand(db(), otherOwner);
    await expectRefused(
      db(),
      () => createChallenge(db(), { actor: otherOwner, brandId: brand.id, challenge: input() }),
      'Forbidden',
    );
  });

  it('says NotFound for a brand that does not exist, even to a moderator', async () => {
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => createChallenge(db(), { actor: moderator, brandId: 2_000_000_000, challenge: input() }),
      'NotFound',
      'That brand was not found.',
    );
  });

  it('lets a site moderator create a challenge for a brand', async () => {
    const owner = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const brand = await makeBrand(db(), owner);
    await expectOneEvent(
      db(),
      () => createChallenge(db(), { actor: moderator, brandId: brand.id, challenge: input() }),
      'challenge.created',
    );
  });
});

describe('updateChallenge', () => {
  it('lets a member edit every field but keeps the slug and stage, and logs challenge.updated', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const data = input({
      title: 'A better title',
      brief: `${BRIEF} Updated.`,
      tags: 'new-tag',
      maxIdeasPerUser: '7',
      rewardPoints: '100',
    });
    const { result, event } = await expectOneEvent(
      db(),
      () => updateChallenge(db(), { actor: owner, challengeId: challenge.id, challenge: data }),
      'challenge.updated',
    );
    expect(result).toMatchObject({
      title: 'A better title',
      brief: `${BRIEF} Updated.`,
      tags: ['new-tag'],
      maxIdeasPerUser: 7,
      rewardPoints: 100,
    });
    expect(result.slug).toBe(challenge.slug);
    expect(result.stage).toBe('open');
    expect(result.updatedAt.getTime()).toBeGreaterThanOrEqual(challenge.updatedAt.getTime());
    expect(event).toMatchObject({
      actorId: owner.id,
      brandId: challenge.brandId,
      challengeId: challenge.id,
      payload: { title: 'A better title' },
    });
  });

  it('refuses non-members, and members of another brand', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const otherOwner = await makeUser(db());
    await makeBrand(db(), otherOwner);
    const challenge = await makeChallenge(db(), owner);
    await expectRefused(
      db(),
      () =>
        updateChallenge(db(), { actor: stranger, challengeId: challenge.id, challenge: input() }),
      'Forbidden',
    );
    await expectRefused(
      db(),
      () =>
        updateChallenge(db(), { actor: otherOwner, challengeId: challenge.id, challenge: input() }),
      'Forbidden',
    );
  });

  it('refuses to edit an archived challenge', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'archived' });
    await expectRefused(
      db(),
      () => updateChallenge(db(), { actor: owner, challengeId: challenge.id, challenge: input() }),
      'Invalid',
      'Archived challenges can no longer be edited.',
    );
  });

  it('says NotFound for an unknown challenge', async () => {
    const owner = await makeUser(db());
    await expectRefused(
      db(),
      () => updateChallenge(db(), { actor: owner, challengeId: 2_000_000_000, challenge: input() }),
      'NotFound',
    );
  });
});

describe('changeStage', () => {
  it('walks a challenge from draft to archived one step at a time, logging each move', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    let previous = challenge;
    for (const to of ['open', 'voting', 'review', 'awarded', 'archived'] as const) {
      if (to === 'awarded') {
        // Awarded comes with the winners (awardChallenge, tests/domain/judging): never by a bare move.
        await expectRefused(
          db(),
          () => changeStage(db(), { actor: owner, challengeId: challenge.id, to }),
          'Conflict',
          /award form/,
        );
        previous = (
          await db()
            .update(challenges)
            .set({ stage: 'awarded' })
            .where(eq(challenges.id, challenge.id))
            .returning()
        )[0]!;
        continue;
      }
      const { result, event } = await expectOneEvent(
        db(),
        () => changeStage(db(), { actor: owner, challengeId: challenge.id, to }),
        'challenge.stage_changed',
      );
      expect(result.stage).toBe(to);
      expect(result.stageChangedAt.getTime()).toBeGreaterThanOrEqual(
        previous.stageChangedAt.getTime(),
      );
      expect(event).toMatchObject({
        actorId: owner.id,
        brandId: challenge.brandId,
        challengeId: challenge.id,
        payload: { from: previous.stage, to },
      });
      previous = result;
    }
  });

  it('refuses to skip a stage', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'voting' }),
      'Conflict',
      'A challenge in "draft" can only move to "open".',
    );
    const open = await makeChallenge(db(), owner, { stage: 'open' });
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: owner, challengeId: open.id, to: 'archived' }),
      'Conflict',
    );
  });

  it('refuses to move backwards or stay put', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'voting' });
    for (const to of ['open', 'draft', 'voting'] as ChallengeStage[]) {
      await expectRefused(
        db(),
        () => changeStage(db(), { actor: owner, challengeId: challenge.id, to }),
        'Conflict',
        'A challenge in "voting" can only move to "review".',
      );
    }
  });

  it('keeps archived challenges archived', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'archived' });
    for (const to of STAGES) {
      await expectRefused(
        db(),
        () => changeStage(db(), { actor: owner, challengeId: challenge.id, to }),
        'Conflict',
        'Archived challenges stay archived.',
      );
    }
  });

  it('refuses non-members and members of another brand, but lets moderators move it', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const otherOwner = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    await makeBrand(db(), otherOwner);
    const challenge = await makeChallenge(db(), owner);
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: stranger, challengeId: challenge.id, to: 'open' }),
      'Forbidden',
    );
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: otherOwner, challengeId: challenge.id, to: 'open' }),
      'Forbidden',
    );
    await expectOneEvent(
      db(),
      () => changeStage(db(), { actor: moderator, challengeId: challenge.id, to: 'open' }),
      'challenge.stage_changed',
    );
  });

  it('says NotFound for an unknown challenge', async () => {
    const owner = await makeUser(db());
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: owner, challengeId: 2_000_000_000, to: 'open' }),
      'NotFound',
    );
  });

  it('applies only one of two simultaneous identical moves', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    const results = await Promise.allSettled([
      changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'open' }),
      changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'open' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(
      (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason,
    ).toMatchObject({ kind: 'Conflict' });
  });
});

describe('getChallengeBySlug', () => {
  it('hides drafts from visitors and non-members as if they did not exist', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const draft = await makeChallenge(db(), owner);
    const visitor = await expectRefused(
      db(),
      () => getChallengeBySlug(db(), null, draft.slug),
      'NotFound',
    );
    const nonMember = await expectRefused(
      db(),
      () => getChallengeBySlug(db(), stranger, draft.slug),
      'NotFound',
    );
    const unknown = await expectRefused(
      db(),
      () => getChallengeBySlug(db(), null, unique('no-such-challenge')),
      'NotFound',
    );
    expect(visitor.message).toBe(unknown.message);
    expect(nonMember.message).toBe(unknown.message);
  });

  it('shows drafts to brand members and moderators', async () => {
    const owner = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    const draft = await makeChallenge(db(), owner);
    expect(await getChallengeBySlug(db(), owner, draft.slug)).toMatchObject({
      challenge: { id: draft.id },
      can: { manage: true },
    });
    expect(await getChallengeBySlug(db(), moderator, draft.slug)).toMatchObject({
      can: { manage: true },
    });
  });

  it('shows public challenges to everyone with their brand', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const open = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    const view = await getChallengeBySlug(db(), null, open.slug);
    expect(view).toMatchObject({
      challenge: { id: open.id, stage: 'open' },
      brand: { id: brand.id, slug: brand.slug, name: brand.name },
      can: { manage: false },
    });
  });
});

describe('listChallenges', () => {
  async function brandWithEveryStage() {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const byStage = {} as Record<ChallengeStage, { id: number }>;
    for (const stage of ['archived', 'draft', 'awarded', 'review', 'voting', 'open'] as const) {
      byStage[stage] = await makeChallenge(db(), owner, {
        brandId: brand.id,
        stage,
        title: `Stage ${stage} ${unique('t')}`,
      });
    }
    return { owner, brand, byStage };
  }

  it('lists public challenges open first, then voting, review, awarded, archived, and never drafts', async () => {
    const { brand, byStage } = await brandWithEveryStage();
    const page = await listChallenges(db(), { brand: brand.slug });
    expect(page.items.map((c) => c.id)).toEqual([
      byStage.open.id,
      byStage.voting.id,
      byStage.review.id,
      byStage.awarded.id,
      byStage.archived.id,
    ]);
    expect(page.total).toBe(5);
    expect(page.items[0]).toMatchObject({
      brandSlug: brand.slug,
      brandName: brand.name,
      stage: 'open',
    });
  });

  it('never lists drafts, even when asked for the draft stage', async () => {
    const { brand, byStage } = await brandWithEveryStage();
    const page = await listChallenges(db(), { brand: brand.slug, stage: 'draft' });
    expect(page.items.map((c) => c.id)).not.toContain(byStage.draft.id);
    expect(page.total).toBe(0);
    const everything = await listChallenges(db(), {}, 10_000);
    expect(everything.items.every((c) => c.stage !== 'draft')).toBe(true);
  });

  it('filters by stage', async () => {
    const { brand, byStage } = await brandWithEveryStage();
    const page = await listChallenges(db(), { brand: brand.slug, stage: 'voting' });
    expect(page.items.map((c) => c.id)).toEqual([byStage.voting.id]);
    expect(page.total).toBe(1);
  });

  it('filters by brand', async () => {
    const { brand } = await brandWithEveryStage();
    const other = await brandWithEveryStage();
    const page = await listChallenges(db(), { brand: brand.slug });
    expect(page.items.every((c) => c.brandSlug === brand.slug)).toBe(true);
    expect(page.items.map((c) => c.id)).not.toContain(other.byStage.open.id);
    expect((await listChallenges(db(), { brand: unique('nobrand') })).total).toBe(0);
  });

  it('filters by tag', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const tag = unique('tag');
    const tagged = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ tags: `eco, ${tag}` }),
    });
    await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ tags: 'eco' }),
    });
    await db().update(challenges).set({ stage: 'open' }).where(eq(challenges.brandId, brand.id));
    const page = await listChallenges(db(), { tag });
    expect(page.items.map((c) => c.id)).toEqual([tagged.id]);
  });

  it('searches titles and briefs without regard to case', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const word = unique('Kombucha');
    const inTitle = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title: `Brew ${word} at home` }),
    });
    const inBrief = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ brief: `${BRIEF} Think about ${word.toUpperCase()} too.` }),
    });
    await createChallenge(db(), { actor: owner, brandId: brand.id, challenge: input() });
    await db().update(challenges).set({ stage: 'open' }).where(eq(challenges.brandId, brand.id));
    const page = await listChallenges(db(), { q: word.toLowerCase() });
    expect(page.items.map((c) => c.id).sort()).toEqual([inTitle.id, inBrief.id].sort());
  });

  it('treats % and _ in a search as plain characters', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const percent = await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title: `Save 50% energy ${unique('p')}` }),
    });
    await createChallenge(db(), {
      actor: owner,
      brandId: brand.id,
      challenge: input({ title: `Save 500 energy ${unique('p')}` }),
    });
    await db().update(challenges).set({ stage: 'open' }).where(eq(challenges.brandId, brand.id));
    expect(
      (await listChallenges(db(), { brand: brand.slug, q: '50%' })).items.map((c) => c.id),
    ).toEqual([percent.id]);
    expect(
      (await listChallenges(db(), { brand: brand.slug, q: '%' })).items.map((c) => c.id),
    ).toEqual([percent.id]);
    // Full text (issue 16): "_" is no wildcard but a word separator, so "Save_" is the word "save".
    expect((await listChallenges(db(), { brand: brand.slug, q: 'Save_' })).total).toBe(2);
    expect((await listChallenges(db(), { brand: brand.slug, q: '\\' })).total).toBe(0);
  });

  it('pages through results by cursor, forwards and back, without repeating or skipping any', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    for (let i = 0; i < 5; i++)
      await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    // Same stage and same stage time: only the id keeps the order stable.
    await db()
      .update(challenges)
      .set({ stageChangedAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(challenges.brandId, brand.id));
    const ids = (page: { items: { id: number }[] }) => page.items.map((c) => c.id);
    const first = await listChallenges(db(), { brand: brand.slug }, 2);
    const second = await listChallenges(db(), { brand: brand.slug, after: first.next! }, 2);
    const third = await listChallenges(db(), { brand: brand.slug, after: second.next! }, 2);
    expect([first, second, third].map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect([first.first, second.first, third.first]).toEqual([true, false, false]);
    expect(third.next).toBeNull();
    expect([first, second, third].every((p) => p.total === 5)).toBe(true);
    expect(new Set([first, second, third].flatMap(ids)).size).toBe(5);
    const back = await listChallenges(db(), { brand: brand.slug, before: third.prev! }, 2);
    expect(ids(back)).toEqual(ids(second));
    // Back at the start, the first page is shown whole, as its own link shows it.
    const start = await listChallenges(db(), { brand: brand.slug, before: second.prev! }, 2);
    expect(ids(start)).toEqual(ids(first));
    expect(start).toMatchObject({ first: true, prev: null });
  });

  it('refuses a garbled or tampered cursor as Invalid', async () => {
    const forged = Buffer.from(JSON.stringify(['challenges', 5, 'yesterday', 1])).toString(
      'base64url',
    );
    for (const after of ['not a cursor', 'e30', forged])
      await expectRefused(db(), () => listChallenges(db(), { after }), 'Invalid');
  });

  it('counts only the public ideas of each challenge', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await makeIdea(db(), author, challenge.id);
    await makeIdea(db(), author, challenge.id);
    const withdrawn = await makeIdea(db(), author, challenge.id);
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, withdrawn.id));
    const page = await listChallenges(db(), { q: challenge.title });
    expect(page.items).toMatchObject([{ id: challenge.id, ideaCount: 2 }]);
  });
});

describe('the challenges table, as a last line of defence', () => {
  it('refuses out-of-range idea limits, negative reward pools and unknown languages, written directly', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const base = { brandId: brand.id, title: 'Valid title', brief: BRIEF, createdBy: owner.id };
    for (const bad of [
      { maxIdeasPerUser: 0 },
      { maxIdeasPerUser: 51 },
      { rewardPoints: -1 },
      { language: 'fr' },
      { title: 'abcd' },
    ]) {
      expect(
        await sqlStateOfRefused(db(), () =>
          db()
            .insert(challenges)
            .values({ ...base, slug: unique('s'), ...bad }),
        ),
        JSON.stringify(bad),
      ).toBe(CHECK_VIOLATION);
    }
  });
});
