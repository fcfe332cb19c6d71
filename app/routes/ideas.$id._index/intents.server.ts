// One function per form intent of the idea page; the route's action parses and dispatches here.
import type { AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import type { Viewer } from '#app/auth/lucia.server';
import { addComment, deleteComment, editComment } from '#app/domain/comments/commands.server';
import { commentEditSchema, commentSchema } from '#app/domain/comments/schema';
import { idField } from '#app/domain/core/fields';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { voteSchema } from '#app/domain/votes/schema';
import { getTranslator } from '#app/i18n/translator';
import { parseInput, redirectWithFlash } from '#app/utils/http.server';
import { flagSchema } from '#app/domain/moderation/flags';
import { flagContent } from '#app/domain/moderation/flags.server';

export const intentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('vote') }).merge(voteSchema),
    z.object({ intent: z.literal('comment') }).merge(commentSchema),
    z
      .object({ intent: z.literal('edit-comment'), commentId: idField('comment') })
      .merge(commentEditSchema),
    z.object({
      intent: z.literal('delete-comment'),
      commentId: idField('comment'),
      // A moderator deleting someone else's comment says why (kept in the audit log).
      reason: z.string().trim().max(500, 'audit.errors.reasonLength').default(''),
    }),
    z.object({ intent: z.literal('withdraw') }),
    // The flag's own fields are read by flagSchema (moderation/flags.ts) in `flag` below.
    z.object({ intent: z.literal('flag'), commentId: idField('comment').optional() }).passthrough(),
  ],
  { errorMap: () => ({ message: 'errors.generic.unknownAction' }) },
);

type Intent = z.infer<typeof intentSchema>;
type Input<K extends Intent['intent']> = Extract<Intent, { intent: K }>;

/** What every intent gets: the request's context, the signed-in viewer and the idea of the page. */
export type IntentArgs<K extends Intent['intent']> = {
  context: AppLoadContext;
  viewer: Viewer;
  ideaId: number;
  input: Input<K>;
};

/** The message shown to a signed-out visitor, for the intents that have a specific one. */
export function signInKey(intent: unknown) {
  if (intent === 'vote') return 'errors.generic.signInToVote';
  if (intent === 'comment') return 'errors.generic.signInToComment';
  if (intent === 'flag') return 'flags.errors.signIn';
  return undefined;
}

export async function vote({ context, viewer, ideaId, input }: IntentArgs<'vote'>) {
  await context.limits.consume('vote', viewer.id);
  const result = await castVote(context.db, {
    actor: viewer,
    ideaId,
    value: input.value,
    clock: context.clock,
  });
  return { ok: true as const, vote: result };
}

export async function comment({ context, viewer, ideaId, input }: IntentArgs<'comment'>) {
  await context.limits.consume('comment', viewer.id);
  const created = await addComment(context.db, {
    actor: viewer,
    ideaId,
    comment: input,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  return redirectWithFlash(
    context,
    `/ideas/${ideaId}?comments=${created.id}#comment-${created.id}`,
    input.parentId ? t('ideas.comment.replyPosted') : t('ideas.comment.posted'),
  );
}

export async function editOwnComment({
  context,
  viewer,
  ideaId,
  input,
}: IntentArgs<'edit-comment'>) {
  await context.limits.consume('comment', viewer.id);
  await editComment(context.db, {
    actor: viewer,
    commentId: input.commentId,
    body: input.body,
    ideaId,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  return redirectWithFlash(
    context,
    `/ideas/${ideaId}?comments=${input.commentId}#comment-${input.commentId}`,
    t('ideas.comment.updated'),
  );
}

export async function removeComment({
  context,
  viewer,
  ideaId,
  input,
}: IntentArgs<'delete-comment'>) {
  await context.limits.consume('write', viewer.id);
  await deleteComment(context.db, {
    actor: viewer,
    commentId: input.commentId,
    ideaId,
    reason: input.reason,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  return redirectWithFlash(context, `/ideas/${ideaId}#comments`, t('ideas.comment.removed'));
}

export async function withdraw({ context, viewer, ideaId }: IntentArgs<'withdraw'>) {
  await context.limits.consume('write', viewer.id);
  const idea = await withdrawIdea(context.db, { actor: viewer, ideaId, clock: context.clock });
  const t = getTranslator(context.locale);
  return redirectWithFlash(context, `/ideas/${idea.id}`, t('ideas.page.withdrawn'));
}

/** Flags the idea or one of its comments (issue 15); the third flag from distinct people hides it. */
export async function flag({ context, viewer, ideaId, input }: IntentArgs<'flag'>) {
  await context.limits.consume('flag', viewer.id);
  const fields = parseInput(flagSchema, input);
  const commentId = input.commentId ?? null;
  const result = await flagContent(context.db, {
    actor: viewer,
    ideaId,
    commentId,
    ...fields,
    clock: context.clock,
  });
  const t = getTranslator(context.locale);
  const done = result.hidden ? t('flags.doneHidden') : t('flags.done');
  // An idea now hidden is gone for most flaggers: back to its challenge.
  if (result.hidden && commentId === null)
    return redirectWithFlash(context, `/challenges/${result.challengeSlug}`, done);
  return redirectWithFlash(
    context,
    commentId === null ? `/ideas/${ideaId}` : `/ideas/${ideaId}#comments`,
    done,
  );
}
