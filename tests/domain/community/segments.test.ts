// Saved segments: a named filter per brand, saved and deleted by its members only, names unique per
// brand whatever their case, stored in the one shape the page reads back, and a tampered stored
// filter refused when applied rather than run.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communitySegments, events } from '../../../db/schema';
import { openCommunity } from '#app/domain/community/access.server';
import { deleteSegment, saveSegment } from '#app/domain/community/commands.server';
import { communityPage, listSegments } from '#app/domain/community/queries.server';
import { MAX_SEGMENTS, parseCommunityQuery, saveSegmentSchema } from '#app/domain/community/schema';
import { isDomainError } from '#app/domain/core/errors';
import { makeBrand, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();

async function setting() {
  const owner = await makeUser(db());
  const stranger = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const other = await makeBrand(db(), stranger);
  return { owner, stranger, brand, other };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (isDomainError(e)) return { kind: e.kind, key: e.key };
    throw e;
  }
  throw new Error('expected a refusal');
}

const segmentsOf = (brandId: number) =>
  db().select().from(communitySegments).where(eq(communitySegments.brandId, brandId));

describe('saving a segment', () => {
  it('stores the filter as the page reads it, with an event, and lists it by name', async () => {
    const { owner, brand } = await setting();
    const saved = await saveSegment(db(), {
      actor: owner,
      brandId: brand.id,
      name: 'Engaged lately',
      filter: { active: 30, engagement: 20 },
    });
    expect(saved).toMatchObject({ name: 'Engaged lately', filter: { active: 30, engagement: 20 } });
    const scope = await openCommunity(db(), owner, { id: brand.id });
    expect(await listSegments(db(), scope)).toEqual([
      { id: saved.id, name: 'Engaged lately', filter: { active: 30, engagement: 20 } },
    ]);
    const [event] = await db()
      .select()
      .from(events)
      .where(eq(events.type, 'community.segment_saved'))
      .orderBy(events.id);
    expect(event).toMatchObject({ brandId: brand.id, actorId: owner.id });
  });

  it('refuses a name the brand already has, whatever its case, and writes nothing', async () => {
    const { owner, brand, other, stranger } = await setting();
    await saveSegment(db(), { actor: owner, brandId: brand.id, name: 'Fans', filter: {} });
    expect(
      await refusal(
        saveSegment(db(), { actor: owner, brandId: brand.id, name: 'fANS', filter: {} }),
      ),
    ).toEqual({ kind: 'Conflict', key: 'errors.community.segmentTaken' });
    expect(await segmentsOf(brand.id)).toHaveLength(1);
    // Another brand may use the name.
    await expect(
      saveSegment(db(), { actor: stranger, brandId: other.id, name: 'Fans', filter: {} }),
    ).resolves.toMatchObject({ name: 'Fans' });
  });

  it('refuses anyone but the brand’s members, and writes nothing', async () => {
    const { brand, stranger } = await setting();
    const moderator = await makeUser(db(), { role: 'moderator' });
    for (const actor of [stranger, moderator])
      expect(
        await refusal(saveSegment(db(), { actor, brandId: brand.id, name: 'Mine', filter: {} })),
      ).toEqual({ kind: 'Forbidden', key: 'errors.community.notMember' });
    expect(await segmentsOf(brand.id)).toEqual([]);
  });

  it('keeps at most MAX_SEGMENTS per brand', async () => {
    const { owner, brand } = await setting();
    for (let i = 0; i < MAX_SEGMENTS; i++)
      await saveSegment(db(), { actor: owner, brandId: brand.id, name: `S${i}`, filter: {} });
    expect(
      await refusal(
        saveSegment(db(), { actor: owner, brandId: brand.id, name: 'One more', filter: {} }),
      ),
    ).toEqual({ kind: 'Conflict', key: 'errors.community.tooManySegments' });
    expect(await segmentsOf(brand.id)).toHaveLength(MAX_SEGMENTS);
  });

  it.each([
    [{ name: '' }, 'name', 'errors.community.segmentName'],
    [{ name: '   ' }, 'name', 'errors.community.segmentName'],
    [{ name: 'x'.repeat(61) }, 'name', 'errors.community.segmentName'],
    [{}, 'name', 'errors.community.segmentName'],
    [{ name: ['a', 'b'] }, 'name', 'errors.community.segmentName'],
    [{ name: 'Ok', tag: '<script>' }, 'tag', 'errors.community.tag'],
    [{ name: 'Ok', level: '7' }, 'level', 'errors.community.level'],
    [{ name: 'Ok', consent: 'none' }, 'consent', 'errors.community.consent'],
    [{ name: 'Ok', engagement: '-3' }, 'engagement', 'errors.community.engagement'],
    [{ name: 'Ok', challenge: 'DROP TABLE' }, 'challenge', 'errors.community.challenge'],
  ])('the form refuses %j', (form, field, key) => {
    const parsed = saveSegmentSchema.safeParse(form);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(key);
  });

  it('keeps a name with markup as plain text (pages show it escaped)', async () => {
    const { owner, brand } = await setting();
    const name = '<script>alert(1)</script>';
    const saved = await saveSegment(db(), {
      actor: owner,
      brandId: brand.id,
      name: saveSegmentSchema.parse({ name }).name,
      filter: {},
    });
    expect(saved.name).toBe(name);
  });

  it('refuses a stored filter it cannot read when applied, and lists it as broken', async () => {
    const { owner, brand } = await setting();
    const [row] = await db()
      .insert(communitySegments)
      .values({
        brandId: brand.id,
        name: 'Tampered',
        filter: { sort: 'x; drop table users', tag: 1, extra: true },
      })
      .returning();
    const scope = await openCommunity(db(), owner, { id: brand.id });
    expect(await listSegments(db(), scope)).toEqual([
      { id: row!.id, name: 'Tampered', filter: null },
    ]);
    expect(
      await refusal(
        communityPage(db(), owner, brand.slug, parseCommunityQuery({ segment: String(row!.id) }), {
          now: new Date(),
        }),
      ),
    ).toEqual({ kind: 'Invalid', key: 'errors.community.segmentBroken' });
  });
});

describe('deleting a segment', () => {
  it('deletes the brand’s own segment for a member, with an event', async () => {
    const { owner, brand } = await setting();
    const saved = await saveSegment(db(), {
      actor: owner,
      brandId: brand.id,
      name: 'Go',
      filter: {},
    });
    await expect(
      deleteSegment(db(), { actor: owner, brandId: brand.id, segmentId: saved.id }),
    ).resolves.toMatchObject({ name: 'Go' });
    expect(await segmentsOf(brand.id)).toEqual([]);
  });

  it('does not find another brand’s segment, and refuses non-members; nothing is deleted', async () => {
    const { owner, brand, other, stranger } = await setting();
    const theirs = await saveSegment(db(), {
      actor: stranger,
      brandId: other.id,
      name: 'Theirs',
      filter: {},
    });
    const mine = await saveSegment(db(), {
      actor: owner,
      brandId: brand.id,
      name: 'Mine',
      filter: {},
    });
    expect(
      await refusal(deleteSegment(db(), { actor: owner, brandId: brand.id, segmentId: theirs.id })),
    ).toEqual({ kind: 'NotFound', key: 'errors.community.segmentNotFound' });
    expect(
      await refusal(
        deleteSegment(db(), { actor: stranger, brandId: brand.id, segmentId: mine.id }),
      ),
    ).toEqual({ kind: 'Forbidden', key: 'errors.community.notMember' });
    expect(await segmentsOf(other.id)).toHaveLength(1);
    expect(await segmentsOf(brand.id)).toHaveLength(1);
  });
});
