// The audit log's filters as its pages read them from the URL (a GET form). Browser-safe: the page
// builds its form from the same lists. A filter that cannot be read is a 400 with its message.
import { z } from 'zod';
import { HANDLE_PATTERN } from '#app/domain/users/schema';
import type { AuditTargetKind } from '../../../db/schema';
import { AUDIT_ACTIONS, type AuditAction } from './actions';

export const AUDIT_TARGET_KINDS = [
  'idea',
  'comment',
  'user',
  'challenge',
  'brand',
  'reward',
] as const;
export type AuditTargetKindName = (typeof AUDIT_TARGET_KINDS)[number];

/** Entries per page of the log. */
export const AUDIT_PAGE_SIZE = 50;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SLUG_OR_ID = /^(\d{1,10}|[a-z0-9]+(-[a-z0-9]+)*)$/;
const HANDLE = new RegExp(`^@?${HANDLE_PATTERN}$`);

const day = () =>
  z.preprocess(
    blank,
    z
      .string({ invalid_type_error: 'audit.errors.date' })
      .trim()
      .max(10, 'audit.errors.date')
      .refine((v) => DAY.test(v), 'audit.errors.date')
      .refine((v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
      }, 'audit.errors.dateNotReal')
      .optional(),
  );

export const auditFilterSchema = z
  .object({
    actor: z.preprocess(
      blank,
      z
        .string({ invalid_type_error: 'audit.errors.actor' })
        .trim()
        .max(31, 'audit.errors.actor')
        .regex(HANDLE, 'audit.errors.actor')
        .transform((v) => v.replace(/^@/, ''))
        .optional(),
    ),
    targetKind: z.preprocess(
      blank,
      z
        .enum(AUDIT_TARGET_KINDS, { errorMap: () => ({ message: 'audit.errors.targetKind' }) })
        .optional(),
    ),
    target: z.preprocess(
      blank,
      z
        .string({ invalid_type_error: 'audit.errors.target' })
        .trim()
        .max(100, 'audit.errors.target')
        .optional(),
    ),
    action: z.preprocess(
      blank,
      z
        .string({ invalid_type_error: 'audit.errors.action' })
        .refine((v): v is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(v), {
          message: 'audit.errors.action',
        })
        .transform((v) => v as AuditAction)
        .optional(),
    ),
    from: day(),
    to: day(),
    after: z.string().max(300).optional(),
    before: z.string().max(300).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.target !== undefined && v.targetKind === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['targetKind'],
        message: 'audit.errors.targetNeedsKind',
      });
    if (v.target !== undefined && v.targetKind !== undefined) {
      const ok =
        v.targetKind === 'user'
          ? HANDLE.test(v.target)
          : v.targetKind === 'brand' || v.targetKind === 'challenge'
            ? SLUG_OR_ID.test(v.target)
            : /^\d{1,10}$/.test(v.target);
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          path: ['target'],
          message: v.targetKind === 'user' ? 'audit.errors.targetHandle' : 'audit.errors.targetId',
        });
    }
    if (v.from && v.to && v.from > v.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'audit.errors.reversed' });
  });

export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** The filter fields, in the form's order (the pager keeps them in its links). */
export const AUDIT_FILTER_FIELDS = [
  'actor',
  'action',
  'targetKind',
  'target',
  'from',
  'to',
] as const;

/** Where an entry's target is, for its link (null when it is gone or has no page). */
export type AuditTargetView = { kind: AuditTargetKind; label: string; href: string | null };

export type AuditEntryView = {
  id: number;
  at: string;
  action: AuditAction;
  /** null: the system (a job, three flags); `deleted: true`, an account since deleted. */
  actor: { handle: string | null; deleted: boolean } | null;
  subject: string | null;
  target: AuditTargetView;
  reason: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** What the log's pages load: the filters as typed, one page of entries or why the filters failed. */
export type AuditPageData = {
  /** The filter fields as typed (cut short), to fill the form again. */
  values: Partial<Record<(typeof AUDIT_FILTER_FIELDS)[number], string>>;
  filtered: boolean;
  /** Why the filters were refused (the page answers 400), or null. */
  filterError: string | null;
  entries: AuditEntryView[];
  pages: { next: string | null; prev: string | null; first: boolean };
};
