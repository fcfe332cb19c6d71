// Flags under real concurrent transactions (PostgreSQL only: PGlite has one connection, so there
// nothing runs at the same time): three flags arriving at the same moment hide the item exactly
// once, and the same person flagging twice at once gets one flag and one 409.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, comments, events, flags, ideas } from '../../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { isDomainError } from '#app/domain/core/errors';
import { flagContent } from '#app/domain/moderation/flags.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';

const db = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);

async function flaggers(n: number) {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const user = await makeUser(db());
      await giveReputation(db(), user.id, 15);
      return user;
    }),
  );
}

async function anIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  return { author, idea: await makeIdea(db(), author, challenge.id) };
}

const hidesOf = async (ideaId: number) => ({
  events: (await db().select().from(events).where(eq(events.ideaId, ideaId))).filter(
    (e) => e.type === 'content.auto_hidden',
  ).length,
  audit: (
    await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.ideaId, ideaId), eq(auditLog.action, 'content.auto_hidden')))
  ).length,
});

describe('flags at the same moment (PostgreSQL)', () => {
  it('three flags on one idea at once hide it exactly once, ten rounds over', async (context) => {
    if (!onPostgres) {
      console.info('Skipped on PGlite: one connection, nothing concurrent (set DATABASE_URL).');
      context.skip();
      return;
    }
    for (let round = 0; round < 10; round++) {
      const { idea } = await anIdea();
      // Four at once: the fourth finds it hidden (404) or comes before the third; either way it
      // is hidden once.
      const people = await flaggers(4);
      const results = await Promise.allSettled(
        people.map((p, i) =>
          flagContent(db(), {
            actor: p,
            ideaId: idea.id,
            reason: i % 2 ? 'offensive' : 'spam',
            note: '',
          }),
        ),
      );
      const refused = results.filter((r) => r.status === 'rejected');
      for (const r of refused)
        expect(isDomainError(r.reason) && r.reason.status, String(r.reason)).toBe(404);
      const hiders = results.filter((r) => r.status === 'fulfilled' && r.value.hidden);
      expect(hiders, `round ${round}`).toHaveLength(1);
      expect(await hidesOf(idea.id), `round ${round}`).toEqual({ events: 1, audit: 1 });
      const [row] = await db().select().from(ideas).where(eq(ideas.id, idea.id));
      expect(row).toMatchObject({ status: 'hidden', hiddenFrom: 'published' });
    }
  }, 120_000);

  it('three flags on one comment at once hide it once and uncount it once', async (context) => {
    if (!onPostgres) {
      console.info('Skipped on PGlite: one connection, nothing concurrent (set DATABASE_URL).');
      context.skip();
      return;
    }
    const { author, idea } = await anIdea();
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Flag me', parentId: null },
    });
    const people = await flaggers(3);
    // A comment being added at the same time must neither deadlock nor miscount.
    const replier = await makeUser(db());
    const results = await Promise.allSettled([
      ...people.map((p) =>
        flagContent(db(), { actor: p, ideaId: idea.id, commentId: c.id, reason: 'spam', note: '' }),
      ),
      addComment(db(), {
        actor: replier,
        ideaId: idea.id,
        comment: { body: 'A reply', parentId: c.id },
      }),
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(await hidesOf(idea.id)).toEqual({ events: 1, audit: 1 });
    const [hidden] = await db().select().from(comments).where(eq(comments.id, c.id));
    expect(hidden!.hiddenAt).not.toBeNull();
    const [row] = await db().select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.commentCount).toBe(1); // the reply; the hidden comment is not counted
  }, 60_000);

  it('the same person flagging twice at once gets one flag and one 409', async (context) => {
    if (!onPostgres) {
      console.info('Skipped on PGlite: one connection, nothing concurrent (set DATABASE_URL).');
      context.skip();
      return;
    }
    const { idea } = await anIdea();
    const [someone] = await flaggers(1);
    const results = await Promise.allSettled(
      [0, 1].map(() =>
        flagContent(db(), { actor: someone!, ideaId: idea.id, reason: 'spam', note: '' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect(isDomainError(refused!.reason) && refused!.reason.status).toBe(409);
    expect(await db().select().from(flags).where(eq(flags.ideaId, idea.id))).toHaveLength(1);
  }, 60_000);
});
