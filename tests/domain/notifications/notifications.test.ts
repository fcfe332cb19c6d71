// What an idea's author is told about votes: support and oppose are separate kinds with their own
// wording, a first vote is news and a change is not, and votes stay secret (no voter named).
import { describe, expect, it } from 'vitest';
import * as notificationsPage from '#app/routes/notifications';
import { addComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { notificationKey } from '#app/domain/notifications/keys';
import { getTranslator } from '#app/i18n/translator';
import { castVote } from '#app/domain/votes/commands.server';
import { callLoader, getRequest, makeContext } from '../../support/context';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { canOppose } from '../../support/reputation';
import { useTestDatabase } from '../../support/db';
import { hearsAbout } from '../../support/notification-preferences';

const db = useTestDatabase();

async function anIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  // Votes and comments are off by default (decision 019): this author asked to hear of them.
  await hearsAbout(db(), author.id, ['votes', 'comments']);
  return { author, idea };
}

const t = getTranslator('en');

/** A notification's sentence in English, as the page words it, without the idea's title. */
function wording(kind: string, actorHandle: string | null) {
  return t
    .markup(notificationKey(kind), {
      actor: actorHandle ? `@${actorHandle}` : t('notifications.someone'),
      idea: '',
      profile: (chunks) => chunks,
      link: () => '',
    })
    .trim();
}

/** The author's notification list as the page gets it, each line worded as the page words it. */
async function linesFor(author: TestUser) {
  const result = await callLoader(notificationsPage, {
    request: getRequest('/notifications'),
    context: makeContext(db(), author),
  });
  expect(result.status).toBe(200);
  const items = result.body.items as { kind: string; actorHandle: string | null }[];
  return items
    .map((n) => ({
      kind: n.kind,
      text: wording(n.kind, n.actorHandle),
    }))
    .reverse();
}

describe('vote notifications', () => {
  it('tells the author of a support vote that someone supported the idea', async () => {
    const { author, idea } = await anIdea();
    await castVote(db(), { actor: await makeUser(db()), ideaId: idea.id, value: 1 });
    expect(await linesFor(author)).toEqual([{ kind: 'vote', text: 'Someone supported your idea' }]);
  });

  it('tells the author of an oppose vote that someone opposed it, never that they supported it', async () => {
    const { author, idea } = await anIdea();
    const opposer = await makeUser(db());
    await canOppose(db(), opposer.id);
    await castVote(db(), { actor: opposer, ideaId: idea.id, value: -1 });
    expect(await linesFor(author)).toEqual([{ kind: 'oppose', text: 'Someone opposed your idea' }]);
  });

  it('adds nothing when a vote changes between support and oppose', async () => {
    const { author, idea } = await anIdea();
    const switcher = await makeUser(db());
    const other = await makeUser(db());
    await canOppose(db(), switcher.id);
    await canOppose(db(), other.id);
    await castVote(db(), { actor: switcher, ideaId: idea.id, value: 1 });
    await castVote(db(), { actor: switcher, ideaId: idea.id, value: -1 });
    await castVote(db(), { actor: other, ideaId: idea.id, value: -1 });
    await castVote(db(), { actor: other, ideaId: idea.id, value: 1 });
    expect((await linesFor(author)).map((l) => l.kind)).toEqual(['vote', 'oppose']);
  });

  it('never names the voter, while a commenter is still named', async () => {
    const { author, idea } = await anIdea();
    const voter = await makeUser(db());
    const commenter = await makeUser(db());
    await canOppose(db(), voter.id);
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: commentSchema.parse({ body: 'Nice one.' }),
    });
    const lines = await linesFor(author);
    expect(lines).toEqual([
      { kind: 'oppose', text: 'Someone opposed your idea' },
      { kind: 'comment', text: `@${commenter.handle} commented on your idea` },
    ]);
    expect(JSON.stringify(lines)).not.toContain(voter.handle);
  });
});

describe('notification wording', () => {
  it('words every kind, support and oppose apart', () => {
    expect(wording('vote', 'ana')).toBe('@ana supported your idea');
    expect(wording('oppose', null)).toBe('Someone opposed your idea');
    expect(wording('something new', 'ana')).toBe('@ana did something on');
  });

  it('puts the actor and the idea where each language wants them', () => {
    const es = getTranslator('es').markup(notificationKey('vote'), {
      actor: '@ana',
      idea: 'Bolsas reutilizables',
      profile: (chunks) => `[${chunks}]`,
      link: (chunks) => `(${chunks})`,
    });
    expect(es).toBe('[@ana] ha apoyado tu idea (Bolsas reutilizables)');
  });
});
