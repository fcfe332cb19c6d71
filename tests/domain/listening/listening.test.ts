// Every idea and comment gets its language and sentiment when written (issue 16), and rows from
// before that get them at start-up.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { challenges, comments, ideas, users } from '../../../db/schema';
import type { ContentLanguage } from '../../../db/schema/columns';
import { addComment, editComment } from '#app/domain/comments/commands.server';
import { editIdea, submitIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { backfillSentiment } from '#app/domain/listening/backfill.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeUser, type TestUser } from '../../support/factories';
import { expectOneEvent } from '../../support/assertions';

const db = useTestDatabase();

async function challengeIn(language: ContentLanguage) {
  const owner = await makeUser(db());
  const created = await makeChallenge(db(), owner, { stage: 'open' });
  await db().update(challenges).set({ language }).where(eq(challenges.id, created.id));
  return { owner, challenge: { ...created, language } };
}

const idea = (title: string, body: string) =>
  ideaSchema.parse({ title, body, tags: 'test', buildsOnId: '' });

async function stored(ideaId: number) {
  const [row] = await db()
    .select({
      language: ideas.language,
      sentiment: ideas.sentiment,
      sentimentScore: ideas.sentimentScore,
    })
    .from(ideas)
    .where(eq(ideas.id, ideaId));
  return row!;
}

async function storedComment(commentId: number) {
  const [row] = await db()
    .select({
      language: comments.language,
      sentiment: comments.sentiment,
      sentimentScore: comments.sentimentScore,
    })
    .from(comments)
    .where(eq(comments.id, commentId));
  return row!;
}

async function spanishIdeaInEnglishChallenge(author: TestUser, challengeId?: number) {
  const { challenge } = challengeId ? { challenge: { id: challengeId } } : await challengeIn('en');
  return submitIdea(db(), {
    actor: author,
    challengeId: challenge.id,
    idea: idea(
      'Desayuno con productos locales',
      'Me encanta la idea de servir fruta y pan de los mercados del barrio, es una propuesta genial y muy buena.',
    ),
  });
}

describe('submitting and editing an idea', () => {
  it('stores the detected language and sentiment, and says both in idea.created', async () => {
    const author = await makeUser(db());
    const { challenge } = await challengeIn('en');
    const { result, event } = await expectOneEvent(
      db(),
      () => spanishIdeaInEnglishChallenge(author, challenge.id),
      'idea.created',
    );
    expect(await stored(result.id)).toMatchObject({ language: 'es', sentiment: 1 });
    expect((await stored(result.id)).sentimentScore).toBeGreaterThan(0);
    expect(event.payload).toMatchObject({ language: 'es', sentiment: 1 });
  });

  it('recomputes both when the idea is edited, and says them in idea.updated', async () => {
    const author = await makeUser(db());
    const submitted = await spanishIdeaInEnglishChallenge(author);
    const { event } = await expectOneEvent(
      db(),
      () =>
        editIdea(db(), {
          actor: author,
          ideaId: submitted.id,
          idea: idea(
            'La pasta si scuoce subito',
            'Non mi piace questa confezione: la pasta diventa molle e il sugo è insipido, pessimo.',
          ),
        }),
      'idea.updated',
    );
    expect(await stored(submitted.id)).toMatchObject({ language: 'it', sentiment: -1 });
    expect(event.payload).toMatchObject({ language: 'it', sentiment: -1 });
  });

  it('falls back to the challenge’s language when the text is too short to tell', async () => {
    const author = await makeUser(db());
    const { challenge } = await challengeIn('it');
    // Links and emoji are not words: what is left, "Pizza", says nothing about its language.
    const submitted = await submitIdea(db(), {
      actor: author,
      challengeId: challenge.id,
      idea: idea('Pizza', 'https://example.com/the-english-pizza-page 👍👍'),
    });
    expect(await stored(submitted.id)).toMatchObject({ language: 'it', sentiment: 1 });
  });

  it('writes nothing when the submission is refused', async () => {
    const author = await makeUser(db());
    const before = await db().select({ id: ideas.id }).from(ideas);
    await expect(
      submitIdea(db(), {
        actor: author,
        challengeId: 987_654,
        idea: idea('Una idea perdida', 'Este reto no existe, así que no se guarda nada.'),
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await db().select({ id: ideas.id }).from(ideas)).toEqual(before);
  });
});

describe('adding and editing a comment', () => {
  async function englishIdea() {
    const author = await makeUser(db());
    const { challenge } = await challengeIn('en');
    const submitted = await submitIdea(db(), {
      actor: author,
      challengeId: challenge.id,
      idea: idea('Refill stations at the door', 'Put the refill station next to the entrance.'),
    });
    return submitted;
  }

  it('stores the comment’s own language and sentiment, and says both in comment.created', async () => {
    const submitted = await englishIdea();
    const commenter = await makeUser(db());
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        addComment(db(), {
          actor: commenter,
          ideaId: submitted.id,
          comment: { body: 'No me gusta nada, complica la vida a la gente mayor.', parentId: null },
        }),
      'comment.created',
    );
    expect(await storedComment(result.id)).toMatchObject({ language: 'es', sentiment: -1 });
    expect(event.payload).toMatchObject({ language: 'es', sentiment: -1 });
  });

  it('recomputes both on an edit, and says them in comment.updated', async () => {
    const submitted = await englishIdea();
    const commenter = await makeUser(db());
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: submitted.id,
      comment: { body: 'The pump leaked all over my bag, really disappointed.', parentId: null },
    });
    expect(await storedComment(comment.id)).toMatchObject({ language: 'en', sentiment: -1 });
    const { event } = await expectOneEvent(
      db(),
      () =>
        editComment(db(), {
          actor: commenter,
          commentId: comment.id,
          body: 'Ottima proposta, la comprerei subito per la schiscetta!',
        }),
      'comment.updated',
    );
    expect(await storedComment(comment.id)).toMatchObject({ language: 'it', sentiment: 1 });
    expect(event.payload).toEqual({ language: 'it', sentiment: 1 });
  });

  it('falls back to the idea’s language for a short comment', async () => {
    const submitted = await englishIdea();
    await db().update(ideas).set({ language: 'es' }).where(eq(ideas.id, submitted.id));
    const commenter = await makeUser(db());
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: submitted.id,
      comment: { body: '+1 👍', parentId: null },
    });
    expect(await storedComment(comment.id)).toMatchObject({ language: 'es', sentiment: 1 });
  });
});

describe('backfillSentiment', () => {
  it('fills the ideas and comments written before, and only those', async () => {
    const author = await makeUser(db());
    const submitted = await spanishIdeaInEnglishChallenge(author);
    const commenter = await makeUser(db());
    await db().update(users).set({ locale: 'it' }).where(eq(users.id, commenter.id));
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: submitted.id,
      comment: { body: 'Che bella idea, i miei figli sarebbero felicissimi.', parentId: null },
    });
    const kept = await addComment(db(), {
      actor: commenter,
      ideaId: submitted.id,
      comment: { body: 'The staff were lovely, great idea.', parentId: null },
    });
    // As rows from before the feature: the columns' defaults, nothing analysed.
    await db()
      .update(ideas)
      .set({ language: 'en', sentiment: null, sentimentScore: null })
      .where(eq(ideas.id, submitted.id));
    await db()
      .update(comments)
      .set({ language: 'en', sentiment: null, sentimentScore: null })
      .where(eq(comments.id, comment.id));
    // One already analysed (even wrongly) is left as it is.
    await db()
      .update(comments)
      .set({ language: 'es', sentiment: 0, sentimentScore: 0 })
      .where(eq(comments.id, kept.id));

    expect(await backfillSentiment(db(), 1)).toEqual({ ideas: 1, comments: 1 });
    expect(await stored(submitted.id)).toMatchObject({ language: 'es', sentiment: 1 });
    expect(await storedComment(comment.id)).toMatchObject({ language: 'it', sentiment: 1 });
    expect(await storedComment(kept.id)).toMatchObject({ language: 'es', sentiment: 0 });
    expect(await backfillSentiment(db())).toEqual({ ideas: 0, comments: 0 });
  });

  it('falls back to the idea’s language for a short old comment', async () => {
    const author = await makeUser(db());
    const submitted = await spanishIdeaInEnglishChallenge(author);
    const commenter = await makeUser(db());
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: submitted.id,
      comment: { body: 'Ok!', parentId: null },
    });
    await db()
      .update(comments)
      .set({ language: 'en', sentiment: null, sentimentScore: null })
      .where(eq(comments.id, comment.id));
    await backfillSentiment(db());
    expect(await storedComment(comment.id)).toMatchObject({ language: 'es', sentiment: 0 });
  });
});
