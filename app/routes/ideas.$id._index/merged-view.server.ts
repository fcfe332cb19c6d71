// What the idea page shows of merges (issue 15): the notice after a merged duplicate's page sent the
// reader here (`?merged=<B>`), the "Merged in" credits, and the merged ideas' discussions, read-only
// (`?mergedComments=<comment id>` pages one of them).
import { z } from 'zod';
import type { Db } from '../../../db/client.server';
import { invalid } from '#app/domain/core/errors';
import { MAX_ID } from '#app/domain/core/fields';
import { mergedDiscussions, mergedIdeasOf, mergedTitle } from '#app/domain/moderation/merge.server';

const idText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .refine((n) => n <= MAX_ID);

const mergedParamsSchema = z.object({
  // A notice is a courtesy: a wrong or stale id shows none rather than an error.
  merged: idText.optional().catch(undefined),
  mergedComments: idText.optional(),
});

/** Where a merged idea's page sends its readers. */
export const mergedRedirectTo = (fromId: number, intoId: number) =>
  `/ideas/${intoId}?merged=${fromId}`;

export async function mergedView(db: Db, ideaId: number, request: Request) {
  const parsed = mergedParamsSchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!parsed.success) throw invalid('errors.page.cursor');
  const { merged, mergedComments } = parsed.data;
  const credits = await mergedIdeasOf(db, ideaId);
  return {
    noticeTitle: merged === undefined ? null : await mergedTitle(db, ideaId, merged),
    credits,
    discussions:
      credits.length || mergedComments !== undefined
        ? await mergedDiscussions(db, credits, mergedComments)
        : [],
  };
}

export type MergedView = Awaited<ReturnType<typeof mergedView>>;
