// Rows written before Markdown was rendered at write time get their HTML and excerpt at start-up,
// after migrations, never in a request. Only rows whose HTML is NULL: running it again does nothing.
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brands, challenges, ideas } from '../../../db/schema';
import { BRAND_EXCERPT_LENGTH } from '#app/domain/brands/commands.server';
import { renderMarkdown, type RenderedMarkdown } from './render.server';

type Pending = { id: number; source: string };

/** Renders one table's NULL rows in id order, a batch at a time; returns how many it filled. */
async function fill(
  next: (afterId: number) => Promise<Pending[]>,
  store: (id: number, rendered: RenderedMarkdown) => Promise<unknown>,
  excerptLength?: number,
): Promise<number> {
  let filled = 0;
  let afterId = 0;
  for (;;) {
    const batch = await next(afterId);
    if (!batch.length) return filled;
    for (const row of batch) {
      await store(row.id, await renderMarkdown(row.source, { excerptLength }));
      filled += 1;
    }
    // Moving on by id, not by "still NULL", so a row that stays NULL cannot loop forever.
    afterId = batch[batch.length - 1]!.id;
  }
}

export async function backfillRenderedMarkdown(db: Db, batchSize = 100) {
  const ideaCount = await fill(
    (afterId) =>
      db
        .select({ id: ideas.id, source: ideas.body })
        .from(ideas)
        .where(and(isNull(ideas.bodyHtml), gt(ideas.id, afterId)))
        .orderBy(asc(ideas.id))
        .limit(batchSize),
    (id, r) =>
      db
        .update(ideas)
        .set({ bodyHtml: r.html, bodyExcerpt: r.excerpt })
        // An edit that landed meanwhile rendered its own text: keep that.
        .where(and(eq(ideas.id, id), isNull(ideas.bodyHtml))),
  );
  const challengeCount = await fill(
    (afterId) =>
      db
        .select({ id: challenges.id, source: challenges.brief })
        .from(challenges)
        .where(and(isNull(challenges.briefHtml), gt(challenges.id, afterId)))
        .orderBy(asc(challenges.id))
        .limit(batchSize),
    (id, r) =>
      db
        .update(challenges)
        .set({ briefHtml: r.html, briefExcerpt: r.excerpt })
        .where(and(eq(challenges.id, id), isNull(challenges.briefHtml))),
  );
  const brandCount = await fill(
    (afterId) =>
      db
        .select({ id: brands.id, source: brands.description })
        .from(brands)
        .where(and(isNull(brands.descriptionHtml), gt(brands.id, afterId)))
        .orderBy(asc(brands.id))
        .limit(batchSize),
    (id, r) =>
      db
        .update(brands)
        .set({ descriptionHtml: r.html, descriptionExcerpt: r.excerpt })
        .where(and(eq(brands.id, id), isNull(brands.descriptionHtml))),
    BRAND_EXCERPT_LENGTH,
  );
  return { ideas: ideaCount, challenges: challengeCount, brands: brandCount };
}
