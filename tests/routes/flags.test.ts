// Flagging through the idea page's action (intent=flag), and what the page then shows of hidden
// content to its author, to reviewers and to everyone else (issue 15).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { comments, flags, ideas } from '../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { createRateLimits } from '#app/utils/rate-limit.server';
import {
  callAction,
  callLoader,
  formRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { giveReputation } from '../support/reputation';
import { expectAccepted, expectRefused, repeat } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

async function world() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  return { owner, author, challenge, idea };
}

async function flagger() {
  const user = await makeUser(db());
  await giveReputation(db(), user.id, 15);
  return user;
}

const flag = (
  viewer: TestViewer | null,
  id: string | number,
  fields: Record<string, string | string[]>,
  options?: Parameters<typeof makeContext>[2],
) =>
  callAction(ideaPage, {
    params: { id: String(id) },
    request: formRequest(`/ideas/${id}`, { intent: 'flag', ...fields }),
    context: makeContext(db(), viewer, options),
  });

const page = (viewer: TestViewer | null, id: number) =>
  callLoader(ideaPage, { params: { id: String(id) }, context: makeContext(db(), viewer) });

describe('ideas.$id._index flag: refusals', () => {
  it('asks a signed-out visitor to sign in (401)', async () => {
    const { idea } = await world();
    await expectRefused(db(), () => flag(null, idea.id, { reason: 'spam' }), 401, {
      sent: { intent: 'flag', reason: 'spam' },
      error: 'Please sign in to flag content.',
    });
  });

  it('refuses someone below 15 reputation (403) with what unlocks it', async () => {
    const { idea } = await world();
    const newcomer = await makeUser(db());
    await expectRefused(db(), () => flag(newcomer, idea.id, { reason: 'spam' }), 403, {
      error: 'Flagging unlocks at 15 reputation; you have 1.',
    });
  });

  it('refuses the author (403) and a second flag (409)', async () => {
    const { author, idea } = await world();
    await giveReputation(db(), author.id, 30);
    await expectRefused(db(), () => flag(author, idea.id, { reason: 'spam' }), 403, {
      error: 'You cannot flag your own content.',
    });
    const someone = await flagger();
    await flag(someone, idea.id, { reason: 'spam' });
    await expectRefused(db(), () => flag(someone, idea.id, { reason: 'off_topic' }), 409, {
      error: 'You already flagged this.',
    });
  });

  it('answers in the reader’s language', async () => {
    const { idea } = await world();
    const newcomer = await makeUser(db());
    const result = await flag(newcomer, idea.id, { reason: 'spam' }, { locale: 'es' });
    expect(result.status).toBe(403);
    expect(result.body.error).toBe('Denunciar se desbloquea con 15 de reputación; tienes 1.');
  });

  it.each([
    ['no reason', {}, 'reason', /Choose a reason/],
    ['an unknown reason', { reason: 'boring' }, 'reason', /Choose a reason/],
    ['two reasons', { reason: ['spam', 'other'] }, 'reason', /Choose a reason/],
    ['“other” without a note', { reason: 'other', note: ' ' }, 'note', /Say in the note/],
    ['a note of 501 characters', { reason: 'spam', note: repeat(501) }, 'note', /at most 500/],
    ['a duplicate without its original', { reason: 'duplicate' }, 'duplicateOf', /Give the/],
    [
      'a duplicate of a page that is no idea',
      { reason: 'duplicate', duplicateOf: '/challenges/x' },
      'duplicateOf',
      /link such as/,
    ],
    ['a comment id that is no number', { reason: 'spam', commentId: 'abc' }, 'commentId', /./],
    ['a negative comment id', { reason: 'spam', commentId: '-3' }, 'commentId', /./],
  ] as const)(
    'refuses %s (400) with a message on the field',
    async (_label, fields, field, message) => {
      const { idea } = await world();
      const someone = await flagger();
      const result = await expectRefused(
        db(),
        () => flag(someone, idea.id, fields as Record<string, string | string[]>),
        400,
        { fields: [field] },
      );
      expect(result.body.fieldErrors[field].join(' ')).toMatch(message);
    },
  );

  it('refuses (400) a duplicate-of in another challenge, and the idea itself', async () => {
    const { idea } = await world();
    const elsewhere = await world();
    const someone = await flagger();
    await expectRefused(
      db(),
      () =>
        flag(someone, idea.id, {
          reason: 'duplicate',
          duplicateOf: `http://localhost/ideas/${elsewhere.idea.id}`,
        }),
      400,
      { fields: ['duplicateOf'], error: 'The original must be an idea of the same challenge.' },
    );
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { reason: 'duplicate', duplicateOf: `/ideas/${idea.id}` }),
      400,
      { fields: ['duplicateOf'], error: 'An idea cannot be a duplicate of itself.' },
    );
  });

  it('does not find a comment of another idea, or an unknown idea (404)', async () => {
    const { idea } = await world();
    const other = await world();
    const c = await addComment(db(), {
      actor: other.author,
      ideaId: other.idea.id,
      comment: { body: 'Elsewhere', parentId: null },
    });
    const someone = await flagger();
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { reason: 'spam', commentId: String(c.id) }),
      404,
      { error: 'That comment was not found.' },
    );
    await expectRefused(db(), () => flag(someone, 2_000_000_000, { reason: 'spam' }), 404, {
      error: 'That idea was not found.',
    });
  });

  it('limits flags per account (429 after 20 in an hour)', async () => {
    const { idea } = await world();
    const someone = await flagger();
    const limits = createRateLimits(true);
    // Refused ones count too: the limit is on trying.
    for (let i = 0; i < 20; i++) await flag(someone, idea.id, { reason: 'bogus' }, { limits });
    await expectRefused(db(), () => flag(someone, idea.id, { reason: 'spam' }, { limits }), 429);
  });
});

describe('ideas.$id._index flag: accepted', () => {
  it('takes a flag, thanks the flagger and shows "You flagged this" after', async () => {
    const { idea } = await world();
    const someone = await flagger();
    const note = '<script>alert("x")</script> <b>bold</b>';
    const { result, events } = await expectAccepted(
      db(),
      () => flag(someone, idea.id, { reason: 'other', note, duplicateOf: 'ignored' }),
      { location: new RegExp(`^/ideas/${idea.id}$`), events: ['content.flagged'] },
    );
    expect(result.headers.get('Set-Cookie')).toBeTruthy();
    expect(events[0]!.payload).toMatchObject({ reason: 'other' });
    const [row] = await db().select().from(flags).where(eq(flags.flaggerId, someone.id));
    // Stored as the text typed, never as markup; flags are shown to reviewers only.
    expect(row).toMatchObject({ reason: 'other', note, duplicateOfId: null });
    const after = await page(someone, idea.id);
    expect(after.body.flags.idea).toBe('flagged');
    expect(JSON.stringify(after.body)).not.toContain('<script>');
  });

  it('flags a comment and sends the flagger back to the discussion', async () => {
    const { author, idea } = await world();
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hmm', parentId: null },
    });
    const someone = await flagger();
    await expectAccepted(
      db(),
      () => flag(someone, idea.id, { reason: 'offensive', commentId: String(c.id) }),
      { location: new RegExp(`^/ideas/${idea.id}#comments$`), events: ['content.flagged'] },
    );
    expect((await page(someone, idea.id)).body.flags.comments[c.id]).toBe('flagged');
  });

  it('hides the idea at the third flag and sends its flagger to the challenge', async () => {
    const { idea, challenge } = await world();
    await flag(await flagger(), idea.id, { reason: 'spam' });
    await flag(await flagger(), idea.id, { reason: 'spam' });
    const third = await flagger();
    await expectAccepted(db(), () => flag(third, idea.id, { reason: 'offensive' }), {
      location: new RegExp(`^/challenges/${challenge.slug}$`),
      events: ['content.flagged', 'content.auto_hidden'],
    });
    const [row] = await db().select().from(ideas).where(eq(ideas.id, idea.id));
    expect(row!.status).toBe('hidden');
  });
});

describe('the idea page of hidden content', () => {
  async function hiddenIdea() {
    const w = await world();
    for (const reason of ['spam', 'spam', 'off_topic'])
      await flag(await flagger(), w.idea.id, { reason });
    return w;
  }

  it('shows the author a hidden idea with why, and closes it to new votes and comments', async () => {
    const { author, idea } = await hiddenIdea();
    const result = await page(author, idea.id);
    expect(result.status).toBe(200);
    expect(result.body.hidden).toEqual({ by: 'flags', flags: 3, reasons: ['spam', 'off_topic'] });
    expect(result.body.can).toMatchObject({ vote: false, comment: false });
    expect(result.body.flags.idea).toBe('gone');
  });

  it('answers 404 to a visitor and to other people, exactly as for an unknown idea', async () => {
    const { idea } = await hiddenIdea();
    const unknown = await page(null, 2_000_000_000);
    for (const viewer of [null, await makeUser(db()), await flagger()]) {
      const result = await page(viewer, idea.id);
      expect(result.status).toBe(404);
      expect(result.body).toEqual(unknown.body);
    }
  });

  it('shows it to moderators and the brand’s members', async () => {
    const { owner, idea } = await hiddenIdea();
    const moderator = await makeUser(db(), { role: 'moderator' });
    for (const viewer of [owner, moderator]) {
      const result = await page(viewer, idea.id);
      expect(result.status).toBe(200);
      expect(result.body.hidden).toMatchObject({ by: 'flags', flags: 3 });
    }
  });

  it('shows a hidden comment to its author and reviewers only, and its replies under a placeholder', async () => {
    const { owner, author, idea } = await world();
    const commenter = await makeUser(db());
    const c = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: { body: 'Rude words here', parentId: null },
    });
    await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Please be kind', parentId: c.id },
    });
    await db()
      .update(comments)
      .set({ hiddenAt: new Date(), hiddenReason: 'Insults' })
      .where(eq(comments.id, c.id));

    const mine = (await page(commenter, idea.id)).body.comments.threads[0];
    expect(mine).toMatchObject({
      body: 'Rude words here',
      hidden: { by: 'moderator', reason: 'Insults' },
    });
    const reviewed = (await page(owner, idea.id)).body.comments.threads[0];
    expect(reviewed).toMatchObject({ body: 'Rude words here', withheld: false });
    for (const viewer of [null, await makeUser(db())]) {
      const result = await page(viewer, idea.id);
      const [placeholder] = result.body.comments.threads;
      expect(placeholder).toMatchObject({ withheld: true, body: null, authorHandle: null });
      expect(placeholder.replies[0].body).toBe('Please be kind');
      expect(JSON.stringify(result.body)).not.toContain('Rude words');
      expect(JSON.stringify(result.body)).not.toContain('Insults');
      expect(JSON.stringify(result.body)).not.toContain(commenter.handle);
    }
  });
});
