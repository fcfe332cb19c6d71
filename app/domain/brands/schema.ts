import { z } from 'zod';
import { refuseDeepMarkdown } from '#app/domain/markdown/markdown';
import { handleSchema } from '#app/domain/users/schema';

export const brandSchema = z.object({
  name: z
    .string({ required_error: 'errors.brand.nameRequired' })
    .trim()
    .min(2, 'errors.brand.nameLength')
    .max(80, 'errors.brand.nameLength'),
  description: z
    .string()
    .trim()
    .max(2000, 'errors.brand.descriptionLength')
    .superRefine(refuseDeepMarkdown)
    .default(''),
  website: z
    .string()
    .trim()
    .max(200, 'errors.brand.websiteLength')
    .url('errors.brand.websiteUrl')
    .refine((u) => /^https?:\/\//.test(u), 'errors.brand.websiteScheme')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type BrandInput = z.infer<typeof brandSchema>;

export const addManagerSchema = z.object({ handle: handleSchema });
