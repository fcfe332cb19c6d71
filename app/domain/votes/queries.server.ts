import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { votes } from '../../../db/schema';
import type { VoteValue } from './schema';

export async function voteOf(db: Db, userId: string, ideaId: number): Promise<VoteValue> {
  const [v] = await db
    .select({ value: votes.value })
    .from(votes)
    .where(and(eq(votes.ideaId, ideaId), eq(votes.userId, userId)));
  return (v?.value ?? 0) as VoteValue;
}
