// The review queues (issue 15 item 2): what a reviewer sees — flagged ideas and comments, and the
// first posts of accounts younger than a day — scoped in the query to what they may review, and
// the commands they act with. Each command is one transaction that locks the item, checks the
// reviewer's scope and the item's state, changes it, appends its event and records its audit entry.
import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import {
  brandMembers,
  brands,
  challengeFollows,
  challenges,
  comments,
  contentReviews,
  flagBans,
  flags,
  ideas,
  users,
  type AuditAction,
  type Comment,
  type Flag,
  type Idea,
} from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, forbidden, notFound } from '#app/domain/core/errors';
import { pageOf, type Page } from '#app/domain/core/pagination';
import { recordAudit } from '#app/domain/audit/log.server';
import { appendEvent, type NewEvent } from '#app/domain/events/log.server';
import { lockIdea } from '#app/domain/ideas/queries.server';
import { PUBLIC_IDEA_STATUSES } from '#app/domain/ideas/policy';
import { notify } from '#app/domain/notifications/commands.server';
import { reputationOf, reputationsOf } from '#app/domain/reputation/queries.server';
import { FLAG_BAN } from './flags';
import {
  QUEUE_PAGE_SIZE,
  accessTo,
  availableActions,
  mayTake,
  reviewScope,
  type QueueKind,
  type ReviewAccess,
  type ReviewAction,
  type ReviewItemRef,
  type ReviewScope,
} from './queue';
import { suspendedUntil } from './suspensions';

const DAY_MS = 24 * 60 * 60 * 1000;

// ─── Scope ──────────────────────────────────────────────────────────────────────────────────────

/** What the viewer may review (null: nothing), from their role, memberships and reputation. */
export async function scopeOf(
  db: Db,
  actor: Actor | null | undefined,
): Promise<ReviewScope | null> {
  if (!actor) return null;
  const memberships = await db
    .select({ brandId: brandMembers.brandId })
    .from(brandMembers)
    .where(eq(brandMembers.userId, actor.id))
    .orderBy(asc(brandMembers.brandId));
  return reviewScope(actor, {
    brandIds: memberships.map((m) => m.brandId),
    reputation: await reputationOf(db, actor.id),
  });
}

/** The brands the queue can be filtered by: every brand for staff, else the viewer's own. */
export async function queueBrands(db: Db, scope: ReviewScope) {
  if (!scope.staff && scope.brandIds.length === 0) return [];
  return db
    .select({ id: brands.id, slug: brands.slug, name: brands.name })
    .from(brands)
    .where(scope.staff ? undefined : inArray(brands.id, scope.brandIds))
    .orderBy(asc(brands.name));
}

/**
 * The scope as a condition on `c` (the item's challenge): staff see everything; brand members their
 * brands' challenges; the light queue (only when `light` applies, i.e. flagged items) the challenges
 * the viewer follows.
 */
function scopeCondition(scope: ReviewScope, viewerId: string, light: boolean): SQL {
  if (scope.staff) return sql`true`;
  const parts: SQL[] = [];
  if (scope.brandIds.length)
    parts.push(
      sql`c.brand_id in (select bm.brand_id from brand_members bm where bm.user_id = ${viewerId})`,
    );
  if (light && scope.light)
    parts.push(
      sql`exists (select 1 from challenge_follows cf where cf.challenge_id = c.id and cf.user_id = ${viewerId})`,
    );
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

// ─── The queue ──────────────────────────────────────────────────────────────────────────────────

export type QueueFilters = {
  /** Only this brand's items (its id, resolved from the slug by the caller). */
  brandId?: number | null;
  kind?: QueueKind | null;
  page?: number;
};

type QueueRow = {
  idea_id: number;
  comment_id: number | null;
  flag_count: number;
  since: string | Date;
  total: number;
};

const publicStatuses = sql.raw(PUBLIC_IDEA_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * One page of the queue: items with open flags (by distinct flaggers, most first, then the oldest
 * first flag), then the first idea and first comment of accounts younger than a day that no one
 * reviewed and nobody flagged (oldest first). Everything is scoped in the query.
 */
async function queueRows(
  db: Db,
  viewerId: string,
  scope: ReviewScope,
  filters: QueueFilters,
  now: Date,
): Promise<QueueRow[]> {
  const page = filters.page ?? 1;
  const brand = filters.brandId ? sql`c.brand_id = ${filters.brandId}` : sql`true`;
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  const parts: SQL[] = [];
  if (filters.kind !== 'new')
    // Open flags through the partial index flags_open_item_idx. A merged idea's own flags are left
    // out: the merge dealt with it.
    parts.push(sql`
      select o.idea_id, o.comment_id, o.flag_count, o.since
      from (
        select f.idea_id, f.comment_id, count(distinct f.flagger_id)::int as flag_count,
               min(f.created_at) as since
        from flags f where f.resolved_at is null
        group by f.idea_id, f.comment_id
      ) o
      join ideas i on i.id = o.idea_id
      join challenges c on c.id = i.challenge_id
      where ${scopeCondition(scope, viewerId, true)} and ${brand}
        and not (o.comment_id is null and i.status = 'merged')`);
  // First posts are for staff and brand members: the light queue holds flagged items only.
  const firstPostScope = scopeCondition(scope, viewerId, false);
  if (filters.kind !== 'flagged' && (scope.staff || scope.brandIds.length)) {
    // Ideas active in the last day (ideas_activity_idx): a post of an account younger than a day
    // is younger than that, and posting it (an idea, a comment) made its idea active then.
    parts.push(sql`
      select i.id as idea_id, null::int as comment_id, 0 as flag_count, i.created_at as since
      from ideas i
      join users u on u.id = i.author_id
      join challenges c on c.id = i.challenge_id
      where i.last_activity_at > ${dayAgo}::timestamptz
        and u.created_at > ${dayAgo}::timestamptz and u.deleted_at is null
        and i.status in (${publicStatuses}) and c.stage <> 'draft'
        and ${firstPostScope} and ${brand}
        and not exists (select 1 from ideas e where e.author_id = i.author_id
                        and (e.created_at, e.id) < (i.created_at, i.id))
        and not exists (select 1 from content_reviews r
                        where r.idea_id = i.id and r.comment_id is null)
        and not exists (select 1 from flags f where f.idea_id = i.id and f.comment_id is null
                        and f.resolved_at is null)`);
    parts.push(sql`
      select cm.idea_id, cm.id as comment_id, 0 as flag_count, cm.created_at as since
      from ideas i
      join comments cm on cm.idea_id = i.id and cm.created_at > ${dayAgo}::timestamptz
      join users u on u.id = cm.author_id
      join challenges c on c.id = i.challenge_id
      where i.last_activity_at > ${dayAgo}::timestamptz
        and u.created_at > ${dayAgo}::timestamptz and u.deleted_at is null
        and cm.deleted_at is null and cm.hidden_at is null
        and i.status in (${publicStatuses}) and c.stage <> 'draft'
        and ${firstPostScope} and ${brand}
        and not exists (select 1 from comments e where e.author_id = cm.author_id
                        and (e.created_at, e.id) < (cm.created_at, cm.id))
        and not exists (select 1 from content_reviews r
                        where r.idea_id = cm.idea_id and r.comment_id = cm.id)
        and not exists (select 1 from flags f where f.idea_id = cm.idea_id
                        and f.comment_id = cm.id and f.resolved_at is null)`);
  }
  if (!parts.length) return [];
  const rows = rowsOf<QueueRow>(
    await db.execute(sql`
      select q.*, count(*) over ()::int as total
      from (${sql.join(parts, sql` union all `)}) q
      order by q.flag_count desc, q.since asc, q.idea_id asc, q.comment_id asc nulls first
      limit ${QUEUE_PAGE_SIZE} offset ${(page - 1) * QUEUE_PAGE_SIZE}`),
  );
  return rows.map((r) => ({
    ...r,
    idea_id: Number(r.idea_id),
    comment_id: r.comment_id === null ? null : Number(r.comment_id),
    flag_count: Number(r.flag_count),
    total: Number(r.total),
  }));
}

export type QueueItem = {
  key: string;
  kind: 'idea' | 'comment';
  /** The idea's id, or the comment's. */
  id: number;
  ideaId: number;
  ideaTitle: string;
  /** The idea's excerpt, or the comment's text (shortened). */
  text: string;
  tags: string[];
  status: 'visible' | 'hidden';
  /** Hidden by three flags, pending review. */
  autoHidden: boolean;
  hiddenReason: string | null;
  merged: boolean;
  createdAt: Date;
  challenge: { slug: string; title: string };
  brand: { slug: string; name: string };
  author: {
    handle: string;
    deleted: boolean;
    reputation: number;
    joinedAt: Date;
    /** The account is younger than a day. */
    young: boolean;
    suspendedUntil: Date | null;
  };
  flags: {
    count: number;
    firstAt: Date | null;
    reasons: { reason: Flag['reason']; count: number }[];
    duplicates: { id: number; title: string }[];
    notes: string[];
  };
  access: ReviewAccess;
  actions: ReviewAction[];
};

const TEXT_MAX = 600;
const shorten = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text);

/**
 * The queue the viewer may review: a page of 25 items with everything a card shows and the actions
 * the viewer may take on each. Throws 403 for someone who reviews nothing.
 */
export async function reviewQueue(
  db: Db,
  viewer: Actor,
  filters: QueueFilters & Timed = {},
): Promise<{ scope: ReviewScope; page: Page<QueueItem> }> {
  const now = nowFrom(filters);
  const scope = await scopeOf(db, viewer);
  if (!scope) throw forbidden('queue.errors.noQueue');
  const page = filters.page ?? 1;
  const rows = await queueRows(db, viewer.id, scope, filters, now);
  const total = rows[0]?.total ?? 0;
  if (!rows.length) return { scope, page: pageOf([], total, page, QUEUE_PAGE_SIZE) };

  const ideaIds = [...new Set(rows.map((r) => r.idea_id))];
  const commentIds = rows.flatMap((r) => (r.comment_id === null ? [] : [r.comment_id]));
  const ideaRows = await db
    .select({
      idea: ideas,
      challenge: { id: challenges.id, slug: challenges.slug, title: challenges.title },
      brand: { id: brands.id, slug: brands.slug, name: brands.name },
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .innerJoin(brands, eq(brands.id, challenges.brandId))
    .where(inArray(ideas.id, ideaIds));
  const ideaById = new Map(ideaRows.map((r) => [r.idea.id, r]));
  const commentRows = commentIds.length
    ? await db.select().from(comments).where(inArray(comments.id, commentIds))
    : [];
  const commentById = new Map(commentRows.map((c) => [c.id, c]));
  const openFlags = await db
    .select()
    .from(flags)
    .where(and(inArray(flags.ideaId, ideaIds), isNull(flags.resolvedAt)))
    .orderBy(asc(flags.createdAt), asc(flags.id));
  const duplicateIds = [
    ...new Set(openFlags.flatMap((f) => (f.duplicateOfId ? [f.duplicateOfId] : []))),
  ];
  const duplicateTitles = new Map(
    (duplicateIds.length
      ? await db
          .select({ id: ideas.id, title: ideas.title })
          .from(ideas)
          .where(inArray(ideas.id, duplicateIds))
      : []
    ).map((d) => [d.id, d.title]),
  );
  const authorIds = [
    ...new Set([
      ...rows.flatMap((r) =>
        r.comment_id === null ? [] : [commentById.get(r.comment_id)?.authorId ?? ''],
      ),
      ...ideaRows.map((r) => r.idea.authorId),
    ]),
  ].filter(Boolean);
  const authorRows = await db
    .select({
      id: users.id,
      handle: users.handle,
      role: users.role,
      createdAt: users.createdAt,
      deletedAt: users.deletedAt,
      suspendedUntil: users.suspendedUntil,
    })
    .from(users)
    .where(inArray(users.id, authorIds));
  const authorById = new Map(authorRows.map((a) => [a.id, a]));
  const reputations = await reputationsOf(db, authorIds);
  const followed = new Set(
    scope.light && !scope.staff
      ? (
          await db
            .select({ challengeId: challengeFollows.challengeId })
            .from(challengeFollows)
            .where(
              and(
                eq(challengeFollows.userId, viewer.id),
                inArray(challengeFollows.challengeId, [
                  ...new Set(ideaRows.map((r) => r.challenge.id)),
                ]),
              ),
            )
        ).map((f) => f.challengeId)
      : [],
  );

  const items: QueueItem[] = [];
  for (const row of rows) {
    const ideaRow = ideaById.get(row.idea_id);
    const comment = row.comment_id === null ? null : commentById.get(row.comment_id);
    if (!ideaRow || (row.comment_id !== null && !comment)) continue;
    const { idea, challenge, brand } = ideaRow;
    const authorId = comment ? comment.authorId : idea.authorId;
    const author = authorById.get(authorId);
    if (!author) continue;
    const itemFlags = openFlags.filter(
      (f) => f.ideaId === row.idea_id && f.commentId === row.comment_id,
    );
    const reasons = new Map<Flag['reason'], number>();
    for (const f of itemFlags) reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
    const hidden = comment ? comment.hiddenAt !== null : idea.status === 'hidden';
    const hiddenReason = comment ? comment.hiddenReason : idea.hiddenReason;
    const access = accessTo(scope, {
      brandId: brand.id,
      followed: followed.has(challenge.id),
      flagged: row.flag_count > 0,
    });
    if (!access) continue;
    const merged = !comment && idea.status === 'merged';
    items.push({
      key: comment ? `comment-${comment.id}` : `idea-${idea.id}`,
      kind: comment ? 'comment' : 'idea',
      id: comment ? comment.id : idea.id,
      ideaId: idea.id,
      ideaTitle: idea.title,
      text: shorten(comment ? comment.body : (idea.bodyExcerpt ?? idea.body)),
      tags: idea.tags,
      status: hidden ? 'hidden' : 'visible',
      autoHidden: hidden && hiddenReason === null,
      hiddenReason,
      merged,
      createdAt: comment ? comment.createdAt : idea.createdAt,
      challenge: { slug: challenge.slug, title: challenge.title },
      brand: { slug: brand.slug, name: brand.name },
      author: {
        handle: author.handle,
        deleted: author.deletedAt !== null,
        reputation: reputations.get(author.id) ?? 1,
        joinedAt: author.createdAt,
        young: now.getTime() - author.createdAt.getTime() < DAY_MS,
        suspendedUntil: suspendedUntil(author, now),
      },
      flags: {
        count: row.flag_count,
        firstAt: itemFlags[0]?.createdAt ?? null,
        reasons: [...reasons].map(([reason, count]) => ({ reason, count })),
        duplicates: [
          ...new Set(itemFlags.flatMap((f) => (f.duplicateOfId ? [f.duplicateOfId] : []))),
        ].map((id) => ({ id, title: duplicateTitles.get(id) ?? '' })),
        notes: itemFlags.map((f) => f.note).filter(Boolean),
      },
      access,
      actions: availableActions(viewer, access, {
        kind: comment ? 'comment' : 'idea',
        openFlags: row.flag_count,
        hidden,
        autoHidden: hidden && hiddenReason === null,
        merged,
        author: { id: author.id, role: author.role, deleted: author.deletedAt !== null },
      }),
    });
  }
  return { scope, page: pageOf(items, total, page, QUEUE_PAGE_SIZE) };
}

// ─── The item an action is about ────────────────────────────────────────────────────────────────

type LockedItem = {
  ref: ReviewItemRef;
  idea: Idea;
  comment: Comment | null;
  brandId: number;
  challengeId: number;
  authorId: string;
  openFlags: Flag[];
  hidden: boolean;
  autoHidden: boolean;
};

/**
 * Locks the item — its idea row as flagging does (lockIdea), then the comment row — and its open
 * flags, so a flag arriving meanwhile waits for the review and is then seen by it.
 */
async function lockItem(tx: Db, ref: ReviewItemRef): Promise<LockedItem> {
  let ideaId = ref.id;
  if (ref.kind === 'comment') {
    const [found] = await tx
      .select({ ideaId: comments.ideaId })
      .from(comments)
      .where(eq(comments.id, ref.id));
    if (!found) throw notFound('errors.notFound.comment');
    ideaId = found.ideaId;
  }
  const row = await lockIdea(tx, ideaId);
  if (!row || row.stage === 'draft')
    throw notFound(ref.kind === 'comment' ? 'errors.notFound.comment' : 'errors.notFound.idea');
  let comment: Comment | null = null;
  if (ref.kind === 'comment') {
    [comment = null] = await tx
      .select()
      .from(comments)
      .where(eq(comments.id, ref.id))
      .for('update');
    if (!comment || comment.deletedAt) throw notFound('errors.notFound.comment');
  }
  const openFlags = await tx
    .select()
    .from(flags)
    .where(
      and(
        eq(flags.ideaId, ideaId),
        comment ? eq(flags.commentId, comment.id) : isNull(flags.commentId),
        isNull(flags.resolvedAt),
      ),
    )
    .orderBy(asc(flags.id))
    .for('update');
  const hidden = comment ? comment.hiddenAt !== null : row.idea.status === 'hidden';
  const hiddenReason = comment ? comment.hiddenReason : row.idea.hiddenReason;
  return {
    ref,
    idea: row.idea,
    comment,
    brandId: row.brandId,
    challengeId: row.idea.challengeId,
    authorId: comment ? comment.authorId : row.idea.authorId,
    openFlags,
    hidden,
    autoHidden: hidden && hiddenReason === null,
  };
}

/** Refuses (403) a reviewer whose scope does not reach the item or whose access lacks `action`. */
async function assertMayTake(
  tx: Db,
  actor: Actor,
  item: Pick<LockedItem, 'brandId' | 'challengeId' | 'openFlags'>,
  action: ReviewAction,
): Promise<ReviewAccess> {
  const scope = await scopeOf(tx, actor);
  let followed = false;
  if (scope?.light && !scope.staff && !scope.brandIds.includes(item.brandId)) {
    const [follow] = await tx
      .select({ userId: challengeFollows.userId })
      .from(challengeFollows)
      .where(
        and(
          eq(challengeFollows.userId, actor.id),
          eq(challengeFollows.challengeId, item.challengeId),
        ),
      );
    followed = follow !== undefined;
  }
  const access = accessTo(scope, {
    brandId: item.brandId,
    followed,
    flagged: item.openFlags.length > 0,
  });
  if (!access) throw forbidden('queue.errors.outOfScope');
  if (!mayTake(access, action)) throw forbidden('queue.errors.notAllowed');
  return access;
}

/** The links every event and audit entry of an action on the item carries. */
function linksOf(item: LockedItem) {
  return {
    brandId: item.brandId,
    challengeId: item.challengeId,
    ideaId: item.idea.id,
    commentId: item.comment?.id ?? null,
    subjectUserId: item.authorId,
  };
}

const target = (item: LockedItem) => ({ kind: item.ref.kind, id: item.ref.id });

const statusOf = (item: LockedItem) =>
  item.comment
    ? { hidden: item.comment.hiddenAt !== null, hiddenReason: item.comment.hiddenReason }
    : { status: item.idea.status, hiddenReason: item.idea.hiddenReason };

async function event(tx: Db, item: LockedItem, actor: Actor, e: Omit<NewEvent, 'actorId'>) {
  const id = await appendEvent(tx, { ...linksOf(item), actorId: actor.id, ...e });
  return { id, createdAt: e.at };
}

async function resolveFlags(
  tx: Db,
  item: LockedItem,
  actor: Actor,
  outcome: 'dismissed' | 'upheld',
  now: Date,
) {
  if (!item.openFlags.length) return;
  await tx
    .update(flags)
    .set({ resolvedAt: now, resolvedBy: actor.id, outcome })
    .where(
      inArray(
        flags.id,
        item.openFlags.map((f) => f.id),
      ),
    );
}

/** The item was reviewed: it does not come back as a new account's first post. */
async function markReviewed(tx: Db, item: LockedItem, actor: Actor, now: Date) {
  await tx
    .insert(contentReviews)
    .values({
      ideaId: item.idea.id,
      commentId: item.comment?.id ?? null,
      reviewedBy: actor.id,
      reviewedAt: now,
    })
    .onConflictDoNothing();
}

/** Shows hidden content again: the idea its status before, the comment back in the count. */
async function unhide(tx: Db, item: LockedItem) {
  if (item.comment) {
    await tx
      .update(comments)
      .set({ hiddenAt: null, hiddenReason: null })
      .where(eq(comments.id, item.comment.id));
    await tx
      .update(ideas)
      .set({ commentCount: sql`${ideas.commentCount} + 1` })
      .where(eq(ideas.id, item.idea.id));
    return;
  }
  await tx
    .update(ideas)
    .set({
      status: item.idea.hiddenFrom ?? 'published',
      hiddenAt: null,
      hiddenFrom: null,
      hiddenReason: null,
    })
    .where(eq(ideas.id, item.idea.id));
}

type Command = { actor: Actor; item: ReviewItemRef; reason: string } & Timed;

/**
 * Flaggers whose flags were dismissed FLAG_BAN.dismissals times within FLAG_BAN.withinDays (since
 * their last ban, if later) lose the flag privilege for FLAG_BAN.days, told by a notification.
 */
async function banRepeatFlaggers(
  tx: Db,
  actor: Actor,
  item: LockedItem,
  cause: { id: number; createdAt: Date },
  reason: string,
  now: Date,
) {
  const flaggers = [...new Set(item.openFlags.map((f) => f.flaggerId))].sort();
  const windowStart = new Date(now.getTime() - FLAG_BAN.withinDays * DAY_MS);
  for (const flaggerId of flaggers) {
    // One ban at a time per person, even when two dismissals of their flags commit together.
    await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.id, flaggerId))
      .for('no key update');
    const bans = await tx
      .select()
      .from(flagBans)
      .where(eq(flagBans.userId, flaggerId))
      .orderBy(sql`${flagBans.startsAt} desc`)
      .limit(1);
    const last = bans[0];
    if (last && last.endsAt > now) continue;
    const since = last && last.startsAt > windowStart ? last.startsAt : windowStart;
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(flags)
      .where(
        and(
          eq(flags.flaggerId, flaggerId),
          eq(flags.outcome, 'dismissed'),
          gt(flags.resolvedAt, since),
        ),
      );
    const dismissals = Number(counted?.n ?? 0);
    if (dismissals < FLAG_BAN.dismissals) continue;
    const endsAt = new Date(now.getTime() + FLAG_BAN.days * DAY_MS);
    await tx.insert(flagBans).values({ userId: flaggerId, startsAt: now, endsAt });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.flag_banned',
      target: { kind: 'user', id: flaggerId },
      brandId: item.brandId,
      challengeId: item.challengeId,
      ideaId: item.idea.id,
      subjectUserId: flaggerId,
      reason,
      after: { until: endsAt.toISOString(), dismissals },
    });
    await notify(tx, cause, { actorId: actor.id, ideaId: item.idea.id }, [
      { userId: flaggerId, kind: 'moderation' },
    ]);
  }
}

/** The audit entry of a reviewer's action on an item: its links, the reason, what changed. */
function auditItem(
  tx: Db,
  item: LockedItem,
  actor: Actor,
  now: Date,
  action: AuditAction,
  reason: string,
  change: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
) {
  return recordAudit(tx, {
    ...linksOf(item),
    at: now,
    actorId: actor.id,
    action,
    target: target(item),
    reason,
    ...change,
  });
}

/** Shows the item again, in a restore or a dismissal of the flags that hid it; tells its author. */
async function restoreIn(tx: Db, actor: Actor, item: LockedItem, reason: string, now: Date) {
  await unhide(tx, item);
  const restored = await event(tx, item, actor, {
    type: 'content.restored',
    payload: { kind: item.ref.kind },
    at: now,
  });
  await auditItem(tx, item, actor, now, 'content.restored', reason, {
    before: statusOf(item),
    after: item.comment ? { hidden: false } : { status: item.idea.hiddenFrom ?? 'published' },
  });
  await notify(
    tx,
    restored,
    { actorId: actor.id, ideaId: item.idea.id, commentId: item.comment?.id ?? null },
    [{ userId: item.authorId, kind: 'moderation' }],
  );
  return restored;
}

/**
 * Dismisses the item's open flags: it stays as it is, or, hidden automatically by them, comes back.
 * Flaggers dismissed again and again lose the privilege for a while.
 */
export async function dismissFlags(db: Db, { actor, item: ref, reason, ...timed }: Command) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, 'dismiss');
    if (!item.openFlags.length) throw conflict('queue.errors.noOpenFlags');
    await resolveFlags(tx, item, actor, 'dismissed', now);
    const restored = item.autoHidden;
    if (restored) await restoreIn(tx, actor, item, reason, now);
    const dismissed = await event(tx, item, actor, {
      type: 'flags.dismissed',
      payload: { kind: ref.kind, flags: item.openFlags.length },
      at: now,
    });
    await auditItem(tx, item, actor, now, 'flags.dismissed', reason, {
      before: { openFlags: item.openFlags.length },
      after: { openFlags: 0 },
    });
    await markReviewed(tx, item, actor, now);
    await banRepeatFlaggers(tx, actor, item, dismissed, reason, now);
    return { dismissed: item.openFlags.length, restored };
  });
}

/**
 * Upholds the flags (if any) and hides the item with the reviewer's reason: its author loses 50
 * points (once, however often it is hidden) and is told. An item hidden automatically keeps hidden
 * and takes the reason; one already hidden by a reviewer is a conflict.
 */
export async function hideContent(db: Db, { actor, item: ref, reason, ...timed }: Command) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, 'hide');
    if (item.hidden && !item.autoHidden) throw conflict('queue.errors.alreadyHidden');
    if (!item.comment && item.idea.status === 'merged') throw conflict('queue.errors.merged');
    await resolveFlags(tx, item, actor, 'upheld', now);
    if (item.comment) {
      await tx
        .update(comments)
        .set({ hiddenAt: item.comment.hiddenAt ?? now, hiddenReason: reason })
        .where(eq(comments.id, item.comment.id));
      if (!item.hidden)
        await tx
          .update(ideas)
          .set({ commentCount: sql`${ideas.commentCount} - 1` })
          .where(eq(ideas.id, item.idea.id));
    } else {
      await tx
        .update(ideas)
        .set(
          item.hidden
            ? { hiddenReason: reason }
            : {
                status: 'hidden',
                hiddenAt: now,
                hiddenFrom: item.idea.status,
                hiddenReason: reason,
              },
        )
        .where(eq(ideas.id, item.idea.id));
    }
    const hidden = await event(tx, item, actor, {
      type: 'content.hidden',
      payload: { kind: ref.kind },
      at: now,
    });
    await notify(
      tx,
      hidden,
      { actorId: actor.id, ideaId: item.idea.id, commentId: item.comment?.id ?? null },
      [{ userId: item.authorId, kind: 'moderation' }],
    );
    await auditItem(tx, item, actor, now, 'content.hidden', reason, {
      before: { ...statusOf(item), openFlags: item.openFlags.length },
      after: item.comment
        ? { hidden: true, hiddenReason: reason, openFlags: 0 }
        : { status: 'hidden', hiddenReason: reason, openFlags: 0 },
    });
    await markReviewed(tx, item, actor, now);
    return { upheld: item.openFlags.length };
  });
}

/**
 * Shows hidden content again (an idea its status before): any open flags are dismissed, the
 * penalty of an upheld hide is given back (the content.restored reaction), the author is told.
 */
export async function restoreContent(db: Db, { actor, item: ref, reason, ...timed }: Command) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, 'restore');
    if (!item.hidden) throw conflict('queue.errors.notHidden');
    await resolveFlags(tx, item, actor, 'dismissed', now);
    const restored = await restoreIn(tx, actor, item, reason, now);
    await markReviewed(tx, item, actor, now);
    if (item.openFlags.length) await banRepeatFlaggers(tx, actor, item, restored, reason, now);
    return { dismissed: item.openFlags.length };
  });
}

/** Replaces an idea's tags (already parsed by the idea form's rules). */
export async function editTags(
  db: Db,
  { actor, item: ref, reason, tags, ...timed }: Command & { tags: string[] },
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    if (ref.kind !== 'idea') throw conflict('queue.errors.ideasOnly');
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, 'editTags');
    if (item.idea.status === 'merged') throw conflict('queue.errors.merged');
    await tx.update(ideas).set({ tags }).where(eq(ideas.id, item.idea.id));
    await event(tx, item, actor, { type: 'idea.retagged', payload: { tags }, at: now });
    await auditItem(tx, item, actor, now, 'idea.tags_edited', reason, {
      before: { tags: item.idea.tags },
      after: { tags },
    });
    return { tags };
  });
}

/** A new account's first post, seen and fine: it leaves the queue. */
export async function approveContent(db: Db, { actor, item: ref, reason, ...timed }: Command) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, 'approve');
    if (item.openFlags.length) throw conflict('queue.errors.hasFlags');
    if (item.hidden) throw conflict('queue.errors.approveHidden');
    const inserted = await tx
      .insert(contentReviews)
      .values({
        ideaId: item.idea.id,
        commentId: item.comment?.id ?? null,
        reviewedBy: actor.id,
        reviewedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: contentReviews.id });
    if (!inserted.length) throw conflict('queue.errors.alreadyReviewed');
    await event(tx, item, actor, {
      type: 'content.approved',
      payload: { kind: ref.kind },
      at: now,
    });
    await auditItem(tx, item, actor, now, 'content.approved', reason, {});
  });
}

/**
 * For the actions other commands carry out (merge, suspend): checks, before handing over, that the
 * reviewer's scope reaches the item and allows the action; returns the item's idea and author.
 * The command itself checks its own rules again in its transaction.
 */
export async function reviewTarget(
  db: Db,
  { actor, item: ref, action }: { actor: Actor; item: ReviewItemRef; action: ReviewAction },
) {
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, ref);
    await assertMayTake(tx, actor, item, action);
    return { ideaId: item.idea.id, authorId: item.authorId };
  });
}
