// A free-slug probe: a member of one brand creates challenges titled like another brand's hidden
// draft. The address they get back must not tell them how many challenges share that title, nor
// let them guess where the draft lives ("…-2", "…-3" did both).
import { describe, expect, it } from 'vitest';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as newChallenge from '#app/routes/brands.$slug.challenges.new';
import { challenges } from '../../db/schema';
import { callAction, callLoader, formRequest, getRequest, makeContext } from '../support/context';
import { makeBrand, makeChallenge, makeUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const fields = (title: string) => ({
  title,
  brief: 'How might we cut packaging waste in our stores by half?',
  tags: 'packaging',
  language: 'en',
  rewardPoints: '0',
  rewardDescription: '',
  criteria: '',
  maxIdeasPerUser: '3',
  opensAt: '',
  votingAt: '',
  reviewAt: '',
  awardedAt: '',
});

describe('free-slug probing', () => {
  it("gives a title that collides with another brand's hidden drafts an unpredictable, unique slug", async () => {
    const victim = await makeUser(db());
    const victimBrand = await makeBrand(db(), victim);
    const title = 'Secret spring launch plan';
    // Two hidden drafts: the plain slug, and one the old numbering would have called "-2".
    const first = await makeChallenge(db(), victim, { brandId: victimBrand.id, title });
    const second = await makeChallenge(db(), victim, { brandId: victimBrand.id, title });
    expect(first.slug).toBe('secret-spring-launch-plan');

    const prober = await makeUser(db());
    const proberBrand = await makeBrand(db(), prober);
    const probe = async () => {
      const result = await callAction(newChallenge, {
        params: { slug: proberBrand.slug },
        request: formRequest(`/brands/${proberBrand.slug}/challenges/new`, fields(title)),
        context: makeContext(db(), prober),
      });
      expect(result.status).toBe(302);
      return result.headers.get('Location')!.replace(/^\/challenges\//, '');
    };
    const probes = [await probe(), await probe(), await probe()];

    const all = await db().select({ slug: challenges.slug }).from(challenges);
    expect(new Set(all.map((c) => c.slug)).size).toBe(all.length);
    for (const slug of probes) {
      expect(slug).toMatch(/^secret-spring-launch-plan-[a-z0-9]{6}$/);
      expect(slug).not.toMatch(/-\d{1,3}$/);
      expect(slug).not.toBe(second.slug);
    }
    // Nothing sequential to extrapolate from: the suffixes share no counter.
    expect(new Set(probes).size).toBe(3);

    // The prober still cannot open the drafts, at their plain address or any other.
    for (const slug of [first.slug, second.slug]) {
      const page = await callLoader(challengePage, {
        params: { slug },
        request: getRequest(`/challenges/${slug}`),
        context: makeContext(db(), prober),
      });
      expect(page.status).toBe(404);
    }
  });
});
