import { z } from 'zod';
import { idField } from '#app/domain/core/fields';
import type { ConsentLevel } from '../../../db/schema';

export type { ConsentLevel };
/** The levels, least to most (db/schema/consent.ts holds the same list as a database enum). */
export const CONSENT_LEVELS = [
  'none',
  'activity',
  'profile',
] as const satisfies readonly ConsentLevel[];

export const consentLevelSchema = z.enum(CONSENT_LEVELS, {
  errorMap: () => ({ message: 'errors.consent.level' }),
});

/** The consent form (the question card and /me): which brand, which level, where to go back. */
export const consentFormSchema = z.object({
  brandId: idField('id'),
  level: consentLevelSchema,
  /** Where to go back to; the route keeps only a same-site path (safeRedirect). */
  redirectTo: z.string().optional().catch(undefined),
});
export type ConsentForm = z.infer<typeof consentFormSchema>;
