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
import { redirectWithFlash } from '#app/utils/http.server';

export const intentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('vote') }).merge(voteSchema),
    z.object({ intent: z.literal('comment') }).merge(commentSchema),
    z
      .object({ intent: z.literal('edit-comment'), commentId: idField('comment') })
      .merge(commentEditSchema),
    z.object({ intent: z.literal('delete-comment'), commentId: idField('comment') }),
    z.object({ intent: z.literal('withdraw') }),
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
