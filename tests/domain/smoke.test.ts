import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../support/db';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';

const db = useTestDatabase();

describe('smoke', () => {
  it('creates a challenge, an idea and a vote', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const voter = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const idea = await makeIdea(db(), author, challenge.id);
    const result = await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    expect(result.supportCount).toBe(1);
    const log = await db().select().from(events);
    expect(log.map((e) => e.type)).toContain('vote.cast');
  });
});
