// Shared by the export tests (domain and route): two people acting on each other's ideas, and a
// reader that gathers an export's chunks.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { rowsOf } from '../../../db/client.server';
import { commentSchema } from '#app/domain/comments/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { hearsAbout } from '../../support/notification-preferences';

export const EXPORT_SECTIONS = [
  'ideas',
  'comments',
  'votes',
  'ledger',
  'badges',
  'rewards',
  'follows',
  'scorecards',
  'brandMemberships',
  'notifications',
  'events',
] as const;

/** A and B each write an idea, support the other's and comment on it. */
export async function twoPeopleActingOnEachOther(db: Db) {
  const owner = await makeUser(db);
  const a = await makeUser(db);
  const b = await makeUser(db);
  // Votes and comments are off by default (decision 019): both hear of everything, so each has
  // notifications about the other's votes and comments.
  await hearsAbout(db, a.id);
  await hearsAbout(db, b.id);
  const challenge = await makeChallenge(db, owner, { stage: 'open' });
  const ideaOfA = await makeIdea(db, a, challenge.id);
  const ideaOfB = await makeIdea(db, b, challenge.id);
  await castVote(db, { actor: b, ideaId: ideaOfA.id, value: 1 });
  await castVote(db, { actor: a, ideaId: ideaOfB.id, value: 1 });
  const commentOfB = await addComment(db, {
    actor: b,
    ideaId: ideaOfA.id,
    comment: commentSchema.parse({ body: `B thinks this is good, @${a.handle}` }),
  });
  const commentOfA = await addComment(db, {
    actor: a,
    ideaId: ideaOfB.id,
    comment: commentSchema.parse({ body: 'A likes this one too.' }),
  });
  return { owner, a, b, challenge, ideaOfA, ideaOfB, commentOfA, commentOfB };
}

/** Reads every chunk; the text must be one JSON document. */
export async function collect(iterable: AsyncIterable<string>) {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  const text = chunks.join('');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const doc = JSON.parse(text) as any;
  return { chunks, text, doc };
}

/** Whether the consent table (issue 14, helper C) exists in this database. */
export async function brandConsentsOrNull(db: Db) {
  const [row] = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass('public.brand_consents') is not null as present`),
  );
  return row?.present ?? false;
}
