// Zod field shapes shared by several forms.
import { z } from 'zod';

/** "Eco, packaging,  reuse" → ["eco", "packaging", "reuse"]; also accepts repeated fields. */
export const tagsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const raw = Array.isArray(v) ? v.join(',') : (v ?? '');
    const tags = raw
      .split(/[,#\n]/)
      .map((t) => t.trim().toLowerCase().replace(/\s+/g, '-'))
      .filter(Boolean);
    return [...new Set(tags)];
  })
  .refine((tags) => tags.length <= 8, 'Use at most 8 tags.')
  .refine(
    (tags) => tags.every((t) => /^[\p{L}\p{N}-]{2,30}$/u.test(t)),
    'Tags are 2–30 letters, digits or hyphens, separated by commas.',
  );

/** Ids are PostgreSQL int4 serials. */
export const MAX_ID = 2_147_483_647;

/**
 * A database id from form text: digits only. Number() alone would also read "0x3e", "6.2e1" and
 * " 62" as 62, so one record would answer to many spellings.
 */
export const idField = (what: string) =>
  z
    .union([z.string(), z.number()], {
      errorMap: () => ({ message: `${what} must be a number.` }),
    })
    .transform((value, ctx) => {
      const text = String(value);
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (/^-\d+(\.\d+)?$/.test(text)) return fail(`${what} must be a positive number.`);
      if (/^\d+\.\d+$/.test(text)) return fail(`${what} must be a whole number.`);
      if (!/^\d+$/.test(text)) return fail(`${what} must be a number.`);
      const n = Number(text);
      if (n === 0) return fail(`${what} must be a positive number.`);
      if (n > MAX_ID) return fail(`${what} is out of range.`);
      return n;
    });

export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `${label}: use a date like 2026-12-31.` });
        return z.NEVER;
      }
      const d = new Date(`${v}T00:00:00Z`);
      // Date rolls 2030-02-31 over to March; a real date survives the round trip unchanged.
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: 'custom', message: `${label} is not a real date.` });
        return z.NEVER;
      }
      return d;
    });

export const pageField = z.coerce.number().int().min(1).max(10_000).catch(1);
