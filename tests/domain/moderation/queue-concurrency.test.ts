// Two reviewers acting on one item at the same moment (PostgreSQL only: PGlite has one connection,
// so nothing runs at the same time there and this file is skipped). The item's row lock makes them
// take turns: one hide goes through, the other finds it hidden (409); the author pays 50 points once.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, flags, ideas, pointEntries } from '../../../db/schema';
import { DomainError } from '#app/domain/core/errors';
import { dismissFlags, hideContent } from '#app/domain/moderation/queue.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';

const db = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('reviewers racing on one item (PostgreSQL)', () => {
  it.each([0, 1, 2])('hides once and costs once (round %i)', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const author = await makeUser(db());
    const idea = await makeIdea(db(), author, challenge.id);
    const flagger = await makeUser(db());
    await db().insert(flags).values({ ideaId: idea.id, flaggerId: flagger.id, reason: 'spam' });
    const mods = await Promise.all([1, 2, 3].map(() => makeUser(db(), { role: 'moderator' })));
    const results = await Promise.allSettled(
      mods.map((actor, i) =>
        i === 2
          ? dismissFlags(db(), { actor, item: { kind: 'idea', id: idea.id }, reason: 'fine' })
          : hideContent(db(), { actor, item: { kind: 'idea', id: idea.id }, reason: `spam ${i}` }),
      ),
    );
    for (const r of results)
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(DomainError);
        expect((r.reason as DomainError).status).toBe(409);
      }
    const hides = results.slice(0, 2).filter((r) => r.status === 'fulfilled');
    expect(hides).toHaveLength(1);
    const [row] = await db().select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.status).toBe('hidden');
    const penalties = await db()
      .select()
      .from(pointEntries)
      .where(and(eq(pointEntries.userId, author.id), eq(pointEntries.rule, 'hidden')));
    expect(penalties).toHaveLength(1);
    const hiddenAudits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.ideaId, idea.id), eq(auditLog.action, 'content.hidden')));
    expect(hiddenAudits).toHaveLength(1);
    // The flag was resolved exactly once, by whoever came first.
    const [flag] = await db().select().from(flags).where(eq(flags.ideaId, idea.id));
    expect(flag!.resolvedAt).not.toBeNull();
  });
});
