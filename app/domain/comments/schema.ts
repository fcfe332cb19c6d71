import { z } from 'zod';
import { idField } from '#app/domain/core/fields';

const bodyField = z
  .string({ required_error: 'errors.comment.bodyRequired' })
  .trim()
  .min(1, 'errors.comment.bodyRequired')
  .max(5000, 'errors.comment.bodyLength');

export const commentSchema = z.object({
  body: bodyField,
  parentId: z
    .union([z.literal('').transform(() => null), idField('replyTo')])
    .optional()
    .transform((v) => v ?? null),
});
export const commentEditSchema = z.object({ body: bodyField });
export type CommentInput = z.infer<typeof commentSchema>;
