import { z } from 'zod';
import { refuseDeepMarkdown } from '#app/domain/markdown/markdown';
import { idField, tagsField } from '#app/domain/core/fields';

export const ideaSchema = z.object({
  title: z
    .string({ required_error: 'errors.idea.titleRequired' })
    .trim()
    .min(5, 'errors.idea.titleLength')
    .max(120, 'errors.idea.titleLength'),
  body: z
    .string({ required_error: 'errors.idea.bodyRequired' })
    .trim()
    .min(20, 'errors.idea.bodyLength')
    .max(10_000, 'errors.idea.bodyLength')
    .superRefine(refuseDeepMarkdown),
  tags: tagsField,
  buildsOnId: z
    .union([z.literal('').transform(() => null), idField('buildsOn')])
    .optional()
    .transform((v) => v ?? null),
});
export type IdeaInput = z.infer<typeof ideaSchema>;
