import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, ideas, isPublicIdea, users } from '../../../db/schema';
import { notFound } from '#app/domain/core/errors';
import {
  pageKey,
  readKeysetPage,
  type Keyset,
  type PagePosition,
} from '#app/domain/core/pagination';

export async function getUserById(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** The account with this handle, whatever its case; a deleted account is nobody's (null). */
export async function findUserByHandle(db: Db, handle: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.handle}) = lower(${handle})`, isNull(users.deletedAt)));
  return user ?? null;
}

/** A profile's ideas, newest first, in keyset pages. */
const PROFILE_IDEAS: Keyset = {
  name: 'profile',
  parts: [
    { type: 'timestamp', expr: sql`${ideas.createdAt}` },
    { type: 'int', expr: sql`${ideas.id}` },
  ],
};

/** Ideas per page of a profile. */
export const PROFILE_PAGE_SIZE = 20;

/** A person's public profile and one page of their public ideas (in challenges that are not drafts). */
export async function getPublicProfile(db: Db, handle: string, position: PagePosition = {}) {
  const user = await findUserByHandle(db, handle);
  if (!user) throw notFound('errors.notFound.person');
  const { items, ...pages } = await readKeysetPage(
    PROFILE_IDEAS,
    position,
    PROFILE_PAGE_SIZE,
    (page) =>
      db
        .select({
          id: ideas.id,
          title: ideas.title,
          language: ideas.language,
          status: ideas.status,
          supportCount: ideas.supportCount,
          opposeCount: ideas.opposeCount,
          commentCount: ideas.commentCount,
          createdAt: ideas.createdAt,
          challengeTitle: challenges.title,
          challengeSlug: challenges.slug,
          challengeLanguage: challenges.language,
          pageKey: pageKey(PROFILE_IDEAS),
        })
        .from(ideas)
        .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
        .where(
          and(
            eq(ideas.authorId, user.id),
            isPublicIdea(ideas.status),
            sql`${challenges.stage} <> 'draft'`,
            page.where,
          ),
        )
        .orderBy(...page.orderBy)
        .limit(page.limit),
  );
  return {
    handle: user.handle,
    displayName: user.displayName,
    bio: user.bio,
    role: user.role,
    joinedAt: user.createdAt,
    ideas: items,
    pages,
  };
}
