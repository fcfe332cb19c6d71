// Test support for the brand's community: a brand whose challenge has people at every consent level
// (profile, activity, an explicit none, never asked), a deleted account that had shared its
// profile, and someone who only took part in another brand's challenge; then the community consumer
// run to bring brand_participants up to date, as the server's background work does.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.server';
import { users } from '../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { testClock, type TestClock } from '#app/domain/core/clock';
import { setConsent } from '#app/domain/consent/commands.server';
import type { ConsentLevel } from '#app/domain/consent/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { ConsumerRunner } from '../../jobs/consumers.server';
import { communityConsumer } from '../../jobs/community.server';
import { makeBrand, makeChallenge, makeIdea, makeUser, type TestUser } from './factories';

/** Runs the community consumer over everything in the log not handled yet. */
export async function catchUpCommunity(db: Db, clock?: TestClock) {
  const runner = new ConsumerRunner({ db, consumers: [communityConsumer({ clock })] });
  await runner.start();
  try {
    return await runner.poke();
  } finally {
    await runner.stop();
  }
}

export const consent = (
  db: Db,
  actor: TestUser,
  brandId: number,
  level: ConsentLevel,
  clock?: TestClock,
) => setConsent(db, { actor, brandId, level, clock });

/** Marks an account deleted the way erasing it leaves the row (name, email, password gone). */
export async function markDeleted(db: Db, userId: string, at = new Date()) {
  await db
    .update(users)
    .set({ deletedAt: at, email: null, passwordHash: null, displayName: '', bio: '' })
    .where(eq(users.id, userId));
}

export type CommunityWorld = Awaited<ReturnType<typeof communityWorld>>;

/**
 * The brand `brand` (owned by `owner`, managed by `manager`) with one open challenge and:
 * - `ana` (profile): wrote an idea tagged "refill", commented on `ben`'s idea;
 * - `ben` (activity): wrote an idea tagged "glass", supported `ana`'s idea;
 * - `cai` (explicit none): supported both ideas;
 * - `dan` (never asked): commented on `ana`'s idea;
 * - `eve` (profile, then deleted): supported `ana`'s idea;
 * - `fay` (profile to the other brand only): wrote an idea on the other brand's challenge.
 * The other brand has a different owner, `rival`.
 */
export async function communityWorld(db: Db, start = '2026-06-01T10:00:00Z') {
  const clock = testClock(start);
  const owner = await makeUser(db);
  const manager = await makeUser(db);
  const rival = await makeUser(db);
  const brand = await makeBrand(db, owner);
  const { addManager } = await import('#app/domain/brands/commands.server');
  await addManager(db, { actor: owner, brandId: brand.id, handle: manager.handle });
  const otherBrand = await makeBrand(db, rival);
  const challenge = await makeChallenge(db, owner, { brandId: brand.id, stage: 'open', clock });
  const second = await makeChallenge(db, owner, { brandId: brand.id, stage: 'open', clock });
  const elsewhere = await makeChallenge(db, rival, {
    brandId: otherBrand.id,
    stage: 'open',
    clock,
  });
  const [ana, ben, cai, dan, eve, fay] = await Promise.all(
    ['ana', 'ben', 'cai', 'dan', 'eve', 'fay'].map(() => makeUser(db)),
  );
  const anaIdea = await makeIdea(db, ana!, challenge.id, { tags: 'refill, home', clock });
  clock.advance(60_000);
  const benIdea = await makeIdea(db, ben!, second.id, { tags: 'glass', clock });
  clock.advance(60_000);
  await castVote(db, { actor: ben!, ideaId: anaIdea.id, value: 1, clock });
  await castVote(db, { actor: cai!, ideaId: anaIdea.id, value: 1, clock });
  await castVote(db, { actor: cai!, ideaId: benIdea.id, value: 1, clock });
  await castVote(db, { actor: eve!, ideaId: anaIdea.id, value: 1, clock });
  clock.advance(60_000);
  await addComment(db, {
    actor: ana!,
    ideaId: benIdea.id,
    comment: { body: 'Glass is heavy to ship.', parentId: null },
    clock,
  });
  await addComment(db, {
    actor: dan!,
    ideaId: anaIdea.id,
    comment: { body: 'I would buy this.', parentId: null },
    clock,
  });
  await makeIdea(db, fay!, elsewhere.id, { tags: 'refill', clock });
  await consent(db, ana!, brand.id, 'profile', clock);
  await consent(db, ben!, brand.id, 'activity', clock);
  await consent(db, cai!, brand.id, 'none', clock);
  await consent(db, eve!, brand.id, 'profile', clock);
  await consent(db, fay!, otherBrand.id, 'profile', clock);
  await catchUpCommunity(db, clock);
  await markDeleted(db, eve!.id);
  return {
    clock,
    owner,
    manager,
    rival,
    brand,
    otherBrand,
    challenge,
    second,
    elsewhere,
    anaIdea,
    benIdea,
    ana: ana!,
    ben: ben!,
    cai: cai!,
    dan: dan!,
    eve: eve!,
    fay: fay!,
  };
}

/** RFC 4180 CSV text (quoted fields, doubled quotes, CRLF) as records keyed by the header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  const [header, ...records] = rows;
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
