import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, ideas, users } from '../../../db/schema';
import { notFound } from '#app/domain/core/errors';

export async function getUserById(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function findUserByHandle(db: Db, handle: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.handle}) = lower(${handle})`);
  return user ?? null;
}

export async function getPublicProfile(db: Db, handle: string) {
  const user = await findUserByHandle(db, handle);
  if (!user) throw notFound('errors.notFound.person');
  const authored = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      status: ideas.status,
      supportCount: ideas.supportCount,
      opposeCount: ideas.opposeCount,
      commentCount: ideas.commentCount,
      createdAt: ideas.createdAt,
      challengeTitle: challenges.title,
      challengeSlug: challenges.slug,
      challengeLanguage: challenges.language,
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(
      and(
        eq(ideas.authorId, user.id),
        inArray(ideas.status, ['published', 'shortlisted', 'winner']),
        sql`${challenges.stage} <> 'draft'`,
      ),
    )
    .orderBy(desc(ideas.createdAt))
    .limit(50);
  return {
    handle: user.handle,
    displayName: user.displayName,
    bio: user.bio,
    role: user.role,
    joinedAt: user.createdAt,
    ideas: authored,
  };
}
