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
  .refine((tags) => tags.length <= 8, 'errors.tags.tooMany')
  .refine((tags) => tags.every((t) => /^[\p{L}\p{N}-]{2,30}$/u.test(t)), 'errors.tags.format');

/** Ids are PostgreSQL int4 serials. */
export const MAX_ID = 2_147_483_647;

/** Which id a message names; the `errors.id.*` messages pick their wording by it. */
export type IdSubject = 'replyTo' | 'buildsOn' | 'comment' | 'idea' | 'id';

/**
 * A database id from form text: digits only. Number() alone would also read "0x3e", "6.2e1" and
 * " 62" as 62, so one record would answer to many spellings.
 */
export const idField = (what: IdSubject) =>
  // Read from unknown rather than a string/number union: a union's type error could not carry
  // `what`, which the message needs.
  z.unknown().transform((value, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message, params: { what } });
      return z.NEVER;
    };
    if (typeof value !== 'string' && typeof value !== 'number') return fail('errors.id.notNumber');
    const text = String(value);
    if (/^-\d+(\.\d+)?$/.test(text)) return fail('errors.id.notPositive');
    if (/^\d+\.\d+$/.test(text)) return fail('errors.id.notWhole');
    if (!/^\d+$/.test(text)) return fail('errors.id.notNumber');
    const n = Number(text);
    if (n === 0) return fail('errors.id.notPositive');
    if (n > MAX_ID) return fail('errors.id.outOfRange');
    return n;
  });

/** Which stage date a message names (`errors.date.*` pick their wording by it). */
export type DateLabel = 'opens' | 'voting' | 'review' | 'award';

export const optionalDate = (label: DateLabel) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'errors.date.format', params: { label } });
        return z.NEVER;
      }
      const d = new Date(`${v}T00:00:00Z`);
      // Date rolls 2030-02-31 over to March; a real date survives the round trip unchanged.
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: 'custom', message: 'errors.date.notReal', params: { label } });
        return z.NEVER;
      }
      return d;
    });

export const pageField = z.coerce.number().int().min(1).max(10_000).catch(1);
