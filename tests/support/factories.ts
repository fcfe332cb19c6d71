// Small factories for integration tests: each call makes fresh rows with unique names.
import { asc, eq, ne } from 'drizzle-orm';
import { generateIdFromEntropySize } from 'lucia';
import type { Db } from '../../db/client.server';
import {
  challenges,
  ideas,
  users,
  type ChallengeStage,
  type IdeaStatus,
  type UserRole,
} from '../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import type { Clock } from '#app/domain/core/clock';
import { createBrand } from '#app/domain/brands/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import { createChallenge } from '#app/domain/challenges/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { submitIdea } from '#app/domain/ideas/commands.server';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

// argon2id hash of "correct horse battery" — factories skip hashing to stay fast.
export const FACTORY_PASSWORD = 'correct horse battery';
let factoryHash: string | undefined;
async function passwordHash() {
  if (!factoryHash) {
    const { hashPassword } = await import('#app/domain/users/commands.server');
    factoryHash = await hashPassword(FACTORY_PASSWORD);
  }
  return factoryHash;
}

export type TestUser = Actor & { handle: string; email: string };

export async function makeUser(
  db: Db,
  overrides: { handle?: string; role?: UserRole } = {},
): Promise<TestUser> {
  const handle = overrides.handle ?? `user_${next()}`;
  const id = generateIdFromEntropySize(10);
  const email = `${handle.toLowerCase()}@example.test`;
  await db.insert(users).values({
    id,
    handle,
    email,
    displayName: handle,
    passwordHash: await passwordHash(),
    role: overrides.role ?? 'prosumer',
  });
  return { id, handle, email, role: overrides.role ?? 'prosumer' };
}

export async function makeBrand(db: Db, owner: Actor, name = `Brand ${next()}`) {
  return createBrand(db, {
    actor: owner,
    brand: { name, description: 'A brand made by a test.', website: undefined },
  });
}

export async function makeChallenge(
  db: Db,
  owner: Actor,
  options: {
    brandId?: number;
    stage?: ChallengeStage;
    maxIdeasPerUser?: number;
    title?: string;
    clock?: Clock;
  } = {},
) {
  const brandId = options.brandId ?? (await makeBrand(db, owner)).id;
  const input = challengeSchema.parse({
    title: options.title ?? `Challenge ${next()}`,
    brief: 'A brief long enough to pass validation, written by a test.',
    tags: 'test, factory',
    maxIdeasPerUser: String(options.maxIdeasPerUser ?? 3),
  });
  const challenge = await createChallenge(db, {
    actor: owner,
    brandId,
    challenge: input,
    clock: options.clock,
  });
  if (options.stage && options.stage !== 'draft') {
    // Tests that need a later stage set it directly; stage moves themselves are tested in challenges.test.ts.
    const [updated] = await db
      .update(challenges)
      .set({ stage: options.stage })
      .where(eq(challenges.id, challenge.id))
      .returning();
    return updated!;
  }
  return challenge;
}

export async function makeIdea(
  db: Db,
  author: Actor,
  challengeId: number,
  overrides: { title?: string; buildsOnId?: number; clock?: Clock; tags?: string } = {},
) {
  const input = ideaSchema.parse({
    title: overrides.title ?? `Idea ${next()}`,
    body: 'An idea body long enough to pass validation.',
    tags: overrides.tags ?? 'test',
    buildsOnId: overrides.buildsOnId ? String(overrides.buildsOnId) : '',
  });
  return submitIdea(db, { actor: author, challengeId, idea: input, clock: overrides.clock });
}

/**
 * Puts an idea in a status directly, as moderation or judging would leave it, with the columns the
 * status needs (migration 0014's checks): a hidden idea its hiding time and former status, a merged
 * one an original (any other idea).
 */
export async function setIdeaStatus(db: Db, ideaId: number, status: IdeaStatus) {
  let mergedIntoId: number | null = null;
  if (status === 'merged') {
    const [other] = await db
      .select({ id: ideas.id })
      .from(ideas)
      .where(ne(ideas.id, ideaId))
      .orderBy(asc(ideas.id))
      .limit(1);
    if (!other) throw new Error('setIdeaStatus: a merged idea needs another idea to point at');
    mergedIntoId = other.id;
  }
  const hidden = status === 'hidden';
  await db
    .update(ideas)
    .set({
      status,
      mergedIntoId,
      hiddenAt: hidden ? new Date() : null,
      hiddenFrom: hidden ? 'published' : null,
    })
    .where(eq(ideas.id, ideaId));
}
