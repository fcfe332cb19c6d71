// Ideas and comments written before their language and sentiment were computed at write time get
// both at start-up, after migrations, never in a request. Only rows whose sentiment is NULL:
// running it again does nothing. Ideas go first, so a comment falls back to its idea's language.
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { challenges, comments, ideas, users } from '../../../db/schema';
import { asContentLanguage } from './language.server';
import { listenTo, type Heard } from './listen.server';

type Pending = { id: number; text: string; fallback: string | null; second?: string | null };

/**
 * Analyses one table's NULL rows in id order, a batch at a time, each batch stored by one UPDATE
 * (bench databases hold 100,000 rows from before); returns how many it analysed.
 */
async function fill(
  next: (afterId: number) => Promise<Pending[]>,
  store: (rows: { id: number; heard: Heard }[]) => Promise<unknown>,
): Promise<number> {
  let filled = 0;
  let afterId = 0;
  for (;;) {
    const batch = await next(afterId);
    if (!batch.length) return filled;
    await store(
      await Promise.all(
        batch.map(async (row) => ({
          id: row.id,
          heard: await listenTo(
            row.text,
            asContentLanguage(row.fallback) ?? asContentLanguage(row.second) ?? 'en',
          ),
        })),
      ),
    );
    filled += batch.length;
    // Moving on by id, not by "still NULL", so a row that stays NULL cannot loop forever.
    afterId = batch[batch.length - 1]!.id;
  }
}

/** The analysed rows as a VALUES list: (id, language, sentiment, score). */
const valuesOf = (rows: { id: number; heard: Heard }[]) =>
  sql.join(
    rows.map(
      ({ id, heard }) =>
        sql`(${id}::integer, ${heard.language}::text, ${heard.sentiment}::smallint, ${heard.sentimentScore}::real)`,
    ),
    sql`, `,
  );

export async function backfillSentiment(db: Db, batchSize = 200) {
  const ideaCount = await fill(
    async (afterId) =>
      (
        await db
          .select({
            id: ideas.id,
            title: ideas.title,
            body: ideas.body,
            fallback: challenges.language,
          })
          .from(ideas)
          .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
          .where(and(isNull(ideas.sentiment), gt(ideas.id, afterId)))
          .orderBy(asc(ideas.id))
          .limit(batchSize)
      ).map((r) => ({ id: r.id, text: `${r.title}\n\n${r.body}`, fallback: r.fallback })),
    // An edit that landed meanwhile analysed its own text: keep that (the "is null").
    (rows) =>
      db.execute(sql`
        update ideas set language = v.language, sentiment = v.sentiment, sentiment_score = v.score
        from (values ${valuesOf(rows)}) as v (id, language, sentiment, score)
        where ideas.id = v.id and ideas.sentiment is null`),
  );
  const commentCount = await fill(
    (afterId) =>
      db
        .select({
          id: comments.id,
          text: comments.body,
          fallback: ideas.language,
          second: users.locale,
        })
        .from(comments)
        .innerJoin(ideas, eq(ideas.id, comments.ideaId))
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(and(isNull(comments.sentiment), gt(comments.id, afterId)))
        .orderBy(asc(comments.id))
        .limit(batchSize),
    (rows) =>
      db.execute(sql`
        update comments set language = v.language, sentiment = v.sentiment, sentiment_score = v.score
        from (values ${valuesOf(rows)}) as v (id, language, sentiment, score)
        where comments.id = v.id and comments.sentiment is null`),
  );
  return { ideas: ideaCount, comments: commentCount };
}
