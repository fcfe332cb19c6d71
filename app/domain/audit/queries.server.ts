// Reading the audit log: moderators and admins read all of it, a brand's members the entries about
// their brands (the query itself keeps them there), everyone else nothing. Filters by actor, target,
// action and day; keyset pages of 50, newest first, along the log's (at, id) indexes.
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.server';
import {
  auditLog,
  brandMembers,
  brands,
  challenges,
  ideas,
  users,
  type AuditTargetKind,
} from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';
import { forbidden, invalid, issueMessage, unauthorized } from '#app/domain/core/errors';
import { MAX_ID } from '#app/domain/core/fields';
import { pageKey, readKeysetPage, type Keyset, type KeysetPage } from '#app/domain/core/pagination';
import {
  AUDIT_PAGE_SIZE,
  auditFilterSchema,
  type AuditEntryView,
  type AuditFilters,
  type AuditTargetView,
} from './schema';

export type { AuditEntryView, AuditTargetView };

const AUDIT_ORDER: Keyset = {
  name: 'audit',
  parts: [
    { type: 'timestamp', expr: sql`${auditLog.at}` },
    { type: 'int', expr: sql`${auditLog.id}` },
  ],
};

/**
 * The filters of a page's URL, or an Invalid error (400) naming the first thing wrong with them in
 * words: a page's loader shows it next to the form.
 */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(params));
  if (parsed.success) return parsed.data;
  const first = issueMessage(parsed.error.issues[0]!);
  throw invalid(first.key, first.values);
}

/** Whose entries a reader may see: all of them, or those of the brands they are a member of. */
export type AuditScope = { all: true } | { all: false; brandIds: number[] };

/** Who reads the log: moderators and admins all of it; brand members their brands' part. */
export async function auditScope(db: Db, viewer: Actor | null | undefined): Promise<AuditScope> {
  if (!viewer) throw unauthorized();
  if (isModerator(viewer)) return { all: true };
  const rows = await db
    .select({ brandId: brandMembers.brandId })
    .from(brandMembers)
    .where(eq(brandMembers.userId, viewer.id));
  if (!rows.length) throw forbidden('audit.errors.forbidden');
  return { all: false, brandIds: rows.map((r) => r.brandId) };
}

const actorUser = alias(users, 'audit_actor');
const subjectUser = alias(users, 'audit_subject');

/** An id the filters named, as text (the log stores target ids as text). */
const asId = (value: string) => {
  const n = Number(value);
  return /^\d+$/.test(value) && n > 0 && n <= MAX_ID ? n : null;
};

/** The target id a filter means, or null when nothing can match (an unknown handle or slug). */
async function targetIdOf(db: Db, kind: AuditFilters['targetKind'], target: string) {
  if (kind === 'user') {
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${target.replace(/^@/, '')})`);
    return row?.id ?? null;
  }
  if ((kind === 'brand' || kind === 'challenge') && asId(target) === null) {
    const table = kind === 'brand' ? brands : challenges;
    const [row] = await db.select({ id: table.id }).from(table).where(eq(table.slug, target));
    return row ? String(row.id) : null;
  }
  return asId(target) === null ? null : String(asId(target));
}

/**
 * One page of the log as `viewer` may read it. `brandId` narrows it to one brand (a brand's own
 * page); a brand member asking for a brand that is not theirs is refused (403).
 */
export async function auditEntries(
  db: Db,
  viewer: Actor | null | undefined,
  filters: AuditFilters,
  options: { brandId?: number } = {},
): Promise<KeysetPage<AuditEntryView>> {
  const scope = await auditScope(db, viewer);
  if (!scope.all && options.brandId !== undefined && !scope.brandIds.includes(options.brandId))
    throw forbidden('audit.errors.otherBrand');
  const empty = { items: [], next: null, prev: null, first: true };
  const where: (SQL | undefined)[] = [];
  if (options.brandId !== undefined) where.push(eq(auditLog.brandId, options.brandId));
  // Kept in the query, not only checked above: a member's page can only ever hold their brands.
  if (!scope.all)
    where.push(
      inArray(
        auditLog.brandId,
        db
          .select({ brandId: brandMembers.brandId })
          .from(brandMembers)
          .where(eq(brandMembers.userId, viewer!.id)),
      ),
    );
  if (filters.actor) {
    const [actor] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${filters.actor})`);
    if (!actor) return empty;
    where.push(eq(auditLog.actorId, actor.id));
  }
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.targetKind) {
    where.push(eq(auditLog.targetKind, filters.targetKind));
    if (filters.target) {
      const id = await targetIdOf(db, filters.targetKind, filters.target);
      if (id === null) return empty;
      where.push(eq(auditLog.targetId, id));
    }
  }
  if (filters.from) where.push(gte(auditLog.at, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(lt(auditLog.at, end));
  }
  const page = await readKeysetPage(
    AUDIT_ORDER,
    { after: filters.after, before: filters.before },
    AUDIT_PAGE_SIZE,
    (q) =>
      db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          action: auditLog.action,
          actorId: auditLog.actorId,
          actorHandle: actorUser.handle,
          actorDeleted: sql<boolean>`${actorUser.deletedAt} is not null`,
          subjectHandle: subjectUser.handle,
          subjectDeleted: sql<boolean>`${subjectUser.deletedAt} is not null`,
          targetKind: auditLog.targetKind,
          targetId: auditLog.targetId,
          ideaId: auditLog.ideaId,
          reason: auditLog.reason,
          before: auditLog.before,
          after: auditLog.after,
          pageKey: pageKey(AUDIT_ORDER),
        })
        .from(auditLog)
        .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
        .leftJoin(subjectUser, eq(subjectUser.id, auditLog.subjectUserId))
        .where(and(...where, q.where))
        .orderBy(...q.orderBy)
        .limit(q.limit),
  );
  const targets = await targetViews(db, page.items);
  return {
    ...page,
    items: page.items.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      actor: row.actorId
        ? { handle: row.actorDeleted ? null : row.actorHandle, deleted: Boolean(row.actorDeleted) }
        : null,
      subject: row.subjectDeleted ? null : (row.subjectHandle ?? null),
      target: targets(row),
      reason: row.reason,
      before: row.before ?? null,
      after: row.after ?? null,
    })),
  };
}

type TargetRow = { targetKind: AuditTargetKind; targetId: string; ideaId: number | null };

/** Names and links of a page's targets, read in one query per kind. */
async function targetViews(db: Db, rows: TargetRow[]) {
  const idsOf = (kind: AuditTargetKind) => [
    ...new Set(
      rows
        .filter((r) => r.targetKind === kind)
        .map((r) => asId(r.targetId))
        .filter((n): n is number => n !== null),
    ),
  ];
  const ideaIds = [
    ...new Set(
      rows.flatMap((r) => [
        ...(r.targetKind === 'idea' && asId(r.targetId) ? [asId(r.targetId)!] : []),
        ...(r.ideaId ? [r.ideaId] : []),
      ]),
    ),
  ];
  const userIds = [...new Set(rows.filter((r) => r.targetKind === 'user').map((r) => r.targetId))];
  const [ideaRows, challengeRows, brandRows, userRows] = await Promise.all([
    ideaIds.length
      ? db
          .select({ id: ideas.id, title: ideas.title })
          .from(ideas)
          .where(inArray(ideas.id, ideaIds))
      : [],
    idsOf('challenge').length
      ? db
          .select({ id: challenges.id, title: challenges.title, slug: challenges.slug })
          .from(challenges)
          .where(inArray(challenges.id, idsOf('challenge')))
      : [],
    idsOf('brand').length
      ? db
          .select({ id: brands.id, name: brands.name, slug: brands.slug })
          .from(brands)
          .where(inArray(brands.id, idsOf('brand')))
      : [],
    userIds.length
      ? db
          .select({ id: users.id, handle: users.handle, deletedAt: users.deletedAt })
          .from(users)
          .where(inArray(users.id, userIds))
      : [],
  ]);
  const idea = new Map(ideaRows.map((r) => [r.id, r]));
  const challenge = new Map(challengeRows.map((r) => [r.id, r]));
  const brand = new Map(brandRows.map((r) => [r.id, r]));
  const user = new Map(userRows.map((r) => [r.id, r]));
  return (row: TargetRow): AuditTargetView => {
    const kind = row.targetKind;
    const id = asId(row.targetId);
    const ideaOf = (n: number | null) => (n === null ? undefined : idea.get(n));
    switch (kind) {
      case 'idea': {
        const i = ideaOf(id);
        return { kind, label: i?.title ?? `#${row.targetId}`, href: i ? `/ideas/${i.id}` : null };
      }
      case 'comment': {
        const i = ideaOf(row.ideaId);
        return {
          kind,
          label: i ? `#${row.targetId} · ${i.title}` : `#${row.targetId}`,
          href: i ? `/ideas/${i.id}?comments=${row.targetId}#comment-${row.targetId}` : null,
        };
      }
      case 'reward': {
        const i = ideaOf(row.ideaId);
        return {
          kind,
          label: i ? `#${row.targetId} · ${i.title}` : `#${row.targetId}`,
          href: i ? `/ideas/${i.id}` : null,
        };
      }
      case 'challenge': {
        const c = id === null ? undefined : challenge.get(id);
        return {
          kind,
          label: c?.title ?? `#${row.targetId}`,
          href: c ? `/challenges/${c.slug}` : null,
        };
      }
      case 'brand': {
        const b = id === null ? undefined : brand.get(id);
        return { kind, label: b?.name ?? `#${row.targetId}`, href: b ? `/brands/${b.slug}` : null };
      }
      case 'user': {
        const u = user.get(row.targetId);
        return u && !u.deletedAt
          ? { kind, label: `@${u.handle}`, href: `/u/${u.handle}` }
          : { kind, label: '', href: null };
      }
    }
  };
}
