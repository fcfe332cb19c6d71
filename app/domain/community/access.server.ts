// THE brand-side read of person-level data (issue 14, item 2; docs/decisions/017, "Enforcement").
//
// Every read a brand makes of what a person did on its challenges — the community table, the
// aggregate of people who share nothing, the participant page, the CSV export, a saved segment
// applied, and the live room's authorization — goes through this module, and nothing else in the
// code base reads brand_participants, interests or contact details on a brand's behalf. It
// enforces consent at query level, on every call:
//
// - brand_participants is joined with brand_consents at `activity` or `profile` (no row is `none`):
//   a `none` person is never listed, only counted in `nonConsentingSummary` (a count and summed
//   activity, nothing per person);
// - deleted accounts (users.deleted_at) are left out everywhere, the summary included;
// - the columns come from the level, twice over: the SQL selects name and email only for
//   `profile` rows (CASE on the joined level), and `project` builds each row from an explicit list
//   of the fields the level allows, so a column added to the query cannot leak by accident;
//   interests are read (interestsOf) only for the page's `profile` rows;
// - it is a join, with no cache: a consent withdrawn is honoured by the very next call;
// - a `CommunityScope`, which only `openCommunity` hands out after checking that the actor is a
//   member of the brand (policy.ts), is needed by every read, so no read can be made for a brand
//   without that check, and every read is limited to the scope's brand.
//
// Internal user ids stay inside this module: rows carry the handle.
//
// The participant page also lists the person's intents this brand may see (issue 17, read with the
// intents concept's own visibility rule, app/domain/intents/access.server.ts) and what passed
// between them: only for someone found at `activity` or `profile`, and the intent's contact email
// only when one of the brand's offers on it was accepted (decided in the SQL).
import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { brands, type BrandRole } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { forbidden, notFound, unauthorized } from '#app/domain/core/errors';
import { memberRole } from '#app/domain/brands/queries.server';
import { interestsOf, type Interest } from '#app/domain/crm/interests.server';
import { visibleToBrand } from '#app/domain/intents/access.server';
import { LEVELS } from '#app/domain/reputation/rules';
import { canSeeCommunity } from './policy';
import type { CommunityFilter, CommunitySort, ListedConsent, SortDirection } from './schema';

const SCOPE = Symbol('community scope');

/** A brand whose community the actor may read: only `openCommunity` makes one. */
export type CommunityScope = {
  readonly brandId: number;
  readonly brand: { readonly id: number; readonly slug: string; readonly name: string };
  readonly role: BrandRole;
  readonly [SCOPE]: true;
};

async function authorize(
  db: Db,
  actor: Actor | null | undefined,
  brand: { id: number; slug: string; name: string },
): Promise<CommunityScope> {
  if (!actor) throw unauthorized();
  const role = await memberRole(db, actor.id, brand.id);
  if (!canSeeCommunity({ actor, memberRole: role }) || role === null)
    throw forbidden('errors.community.notMember');
  return { brandId: brand.id, brand, role, [SCOPE]: true };
}

/**
 * The community of the brand `slug` (or with id `brandId`), for a member of it: an unknown brand is
 * a 404, a visitor a 401, anyone else a 403.
 */
export async function openCommunity(
  db: Db,
  actor: Actor | null | undefined,
  brand: { slug: string } | { id: number },
): Promise<CommunityScope> {
  const [row] = await db
    .select({ id: brands.id, slug: brands.slug, name: brands.name })
    .from(brands)
    .where('slug' in brand ? eq(brands.slug, brand.slug) : eq(brands.id, brand.id));
  if (!row) throw notFound('errors.notFound.brand');
  return authorize(db, actor, row);
}

/** Whether the viewer may join the live room of the brand's community (a member; else false). */
export async function mayWatchCommunity(
  db: Db,
  actor: Actor | null | undefined,
  brandId: number,
): Promise<boolean> {
  if (!actor) return false;
  return canSeeCommunity({ actor, memberRole: await memberRole(db, actor.id, brandId) });
}

/** What a brand sees of a person who shares their activity with it. */
export type ActivityParticipant = {
  consent: 'activity';
  handle: string;
  ideas: number;
  votes: number;
  comments: number;
  shortlists: number;
  wins: number;
  /** Points earned on the brand's challenges (reputation_brand_totals). */
  points: number;
  /** Reputation level, 1–4 (app/domain/reputation/rules.ts). */
  level: number;
  /** 0–100, brand_engagement (decision 017). */
  engagement: number;
  /** ISO 8601. */
  lastActiveAt: string;
};
/** What a brand sees of a person who shares their profile with it: also name, email, interests. */
export type ProfileParticipant = Omit<ActivityParticipant, 'consent'> & {
  consent: 'profile';
  displayName: string;
  email: string;
  interests: Interest[];
};
export type Participant = ActivityParticipant | ProfileParticipant;

/** The people who took part but share nothing, as one figure each, never per person. */
export type NonConsentingSummary = {
  people: number;
  ideas: number;
  votes: number;
  comments: number;
};

type Row = {
  user_id: string;
  handle: string;
  consent: ListedConsent;
  ideas: number;
  votes: number;
  comments: number;
  shortlists: number;
  wins: number;
  points: number;
  level: number;
  engagement: number;
  last_active_at: string;
  display_name: string | null;
  email: string | null;
  sort_key: string;
};

/** The only place a row becomes what the brand is shown: field by field, by consent level. */
function project(row: Row, interests: Map<string, Interest[]>): Participant {
  const activity = {
    handle: row.handle,
    ideas: Number(row.ideas),
    votes: Number(row.votes),
    comments: Number(row.comments),
    shortlists: Number(row.shortlists),
    wins: Number(row.wins),
    points: Number(row.points),
    level: Number(row.level),
    engagement: Number(row.engagement),
    lastActiveAt: row.last_active_at,
  };
  if (row.consent === 'profile')
    return {
      ...activity,
      consent: 'profile',
      displayName: row.display_name ?? '',
      email: row.email ?? '',
      interests: interests.get(row.user_id) ?? [],
    };
  return { ...activity, consent: 'activity' };
}

const PUBLIC = sql`('published', 'shortlisted', 'winner')`;
/** The unique tie-break of every order (byte order: handles are ASCII). */
const HANDLE = sql`u.handle collate "C"`;
const iso = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The reputation level of `rt` (reputation_totals), from the thresholds of LEVELS. */
function levelSql(reputation: SQL) {
  const steps = [...LEVELS]
    .reverse()
    .map((l) => sql`when ${reputation} >= ${l.threshold} then ${l.level}`);
  return sql`(case ${sql.join(steps, sql` `)} else 1 end)::int`;
}

type SortSpec = { expr: SQL; cast: SQL };

function sortSpec(sort: CommunitySort, engagement: SQL): SortSpec {
  switch (sort) {
    case 'engagement':
      return { expr: engagement, cast: sql`integer` };
    case 'lastActive':
      return { expr: sql`bp.last_active_at`, cast: sql`timestamptz` };
    case 'ideas':
      return { expr: sql`bp.ideas`, cast: sql`integer` };
    case 'votes':
      return { expr: sql`bp.votes`, cast: sql`integer` };
    case 'comments':
      return { expr: sql`bp.comments`, cast: sql`integer` };
    case 'wins':
      return { expr: sql`bp.wins`, cast: sql`integer` };
    case 'points':
      return { expr: sql`coalesce(rbt.points, 0)`, cast: sql`integer` };
    case 'handle':
      // Handles are ASCII: byte order is their order, and far cheaper than a locale's.
      return { expr: sql`lower(u.handle) collate "C"`, cast: sql`text` };
  }
}

/**
 * People who took part in the brand's challenges on the public ideas `ideas` picks: wrote one,
 * voted on one (`votes` narrows which votes count) or commented on one. The ideas are found once.
 */
function tookPart(brandId: number, where: { ideas: SQL; votes?: SQL }) {
  return sql`(
    with picked as materialized (
      select i.id, i.author_id from ideas i join challenges ch on ch.id = i.challenge_id
      where ch.brand_id = ${brandId} and i.status in ${PUBLIC} and ${where.ideas}
    )
    select author_id from picked
    union
    select v.user_id from votes v join picked p on p.id = v.idea_id
      where ${where.votes ?? sql`true`}
    union
    select c.author_id from comments c join picked p on p.id = c.idea_id
      where c.deleted_at is null
  )`;
}

/** The filter's conditions; every value is a bound parameter, checked by the zod schema before. */
function filterConditions(
  brandId: number,
  filter: CommunityFilter,
  { now, engagement, reputation }: { now: SQL; engagement: SQL; reputation: SQL },
): SQL[] {
  const out: SQL[] = [];
  if (filter.tag !== undefined)
    // Wrote, supported (not opposed) or commented an idea with the tag on the brand's challenges.
    out.push(
      sql`bp.user_id in ${tookPart(brandId, {
        // `@>` so that a GIN index on ideas.tags can serve it.
        ideas: sql`i.tags @> array[${filter.tag}::text]`,
        votes: sql`v.value = 1`,
      })}`,
    );
  if (filter.level !== undefined) {
    const threshold = LEVELS.find((l) => l.level === filter.level)?.threshold ?? 1;
    out.push(sql`${reputation} >= ${threshold}`);
  }
  if (filter.active !== undefined)
    out.push(sql`bp.last_active_at >= ${now} - make_interval(days => ${filter.active}::int)`);
  if (filter.challenge !== undefined)
    out.push(
      sql`bp.user_id in ${tookPart(brandId, { ideas: sql`ch.slug = ${filter.challenge}` })}`,
    );
  if (filter.consent !== undefined) out.push(sql`c.level = ${filter.consent}::consent_level`);
  if (filter.engagement !== undefined) out.push(sql`${engagement} >= ${filter.engagement}::int`);
  return out;
}

export type ReadOptions = {
  filter: CommunityFilter;
  sort: CommunitySort;
  dir: SortDirection;
  /** The time engagement and "active within" are computed at. */
  now: Date;
  limit: number;
  offset?: number;
  /** Keyset: rows after this one in the order (the export's pages). */
  after?: { key: string; handle: string };
  /** One person, by handle (any case). */
  handle?: string;
  /** Count the whole filtered set along with the page (the table). */
  withTotal?: boolean;
};

type Page = { rows: Row[]; total: number | null };

/**
 * The one query: consent joined, deleted accounts out, name and email only for `profile`. Also
 * the statement alone (`query`), and its count, for EXPLAIN in bench/community.ts.
 */
export function participantsSql(scope: CommunityScope, o: ReadOptions) {
  const brandId = scope.brandId;
  const now = sql`${o.now.toISOString()}::timestamptz`;
  const engagement = sql`brand_engagement(bp.ideas, bp.votes, bp.comments, bp.shortlists, bp.wins, bp.last_active_at, ${now})`;
  const reputation = sql`greatest(1, coalesce(rt.points, 0))`;
  const { expr, cast } = sortSpec(o.sort, engagement);
  // Nulls never occur; saying where they go matches the indexes' order (DESC NULLS LAST), so a page
  // by last activity is read from brand_participants_recent_idx and stops after its rows.
  const direction = o.dir === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const conditions = filterConditions(brandId, o.filter, { now, engagement, reputation });
  if (o.handle !== undefined) conditions.push(sql`lower(u.handle) = lower(${o.handle})`);
  const where = conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
  const after = o.after
    ? sql`and (${expr}, ${HANDLE}) ${o.dir === 'asc' ? sql`>` : sql`<`} (${o.after.key}::${cast}, ${o.after.handle}::text)`
    : sql``;
  const sortKey = o.sort === 'lastActive' ? iso(sql`bp.last_active_at`) : sql`(${expr})::text`;
  const query = sql`
      select bp.user_id, u.handle, c.level::text as consent,
        bp.ideas, bp.votes, bp.comments, bp.shortlists, bp.wins,
        coalesce(rbt.points, 0)::int as points,
        ${levelSql(reputation)} as level,
        ${engagement} as engagement,
        ${iso(sql`bp.last_active_at`)} as last_active_at,
        case when c.level = 'profile' then u.display_name end as display_name,
        case when c.level = 'profile' then u.email end as email,
        ${sortKey} as sort_key
      from brand_participants bp
      join brand_consents c on c.user_id = bp.user_id and c.brand_id = bp.brand_id
        and c.level in ('activity', 'profile')
      join users u on u.id = bp.user_id and u.deleted_at is null
      left join reputation_brand_totals rbt on rbt.user_id = bp.user_id and rbt.brand_id = bp.brand_id
      left join reputation_totals rt on rt.user_id = bp.user_id
      where bp.brand_id = ${brandId} ${where} ${after}
      order by ${expr} ${direction}, ${HANDLE} ${direction}
      limit ${o.limit}
      ${o.offset ? sql`offset ${o.offset}` : sql``}`;
  const count = sql`
      select count(*) as n
      from brand_participants bp
      join brand_consents c on c.user_id = bp.user_id and c.brand_id = bp.brand_id
        and c.level in ('activity', 'profile')
      join users u on u.id = bp.user_id and u.deleted_at is null
      left join reputation_totals rt on rt.user_id = bp.user_id
      where bp.brand_id = ${brandId} ${where}`;
  return { query, count };
}

async function selectParticipants(db: Db, scope: CommunityScope, o: ReadOptions): Promise<Page> {
  const { query, count } = participantsSql(scope, o);
  // The count on its own (not a window over the page's query), so a page in an indexed order
  // (last active) reads only its rows; the two run side by side on PostgreSQL.
  const [rows, counted] = await Promise.all([
    db.execute(query).then((r) => rowsOf<Row>(r)),
    o.withTotal ? db.execute(count).then((r) => rowsOf<{ n: number | string }>(r)) : null,
  ]);
  return { rows, total: counted ? Number(counted[0]?.n ?? 0) : null };
}

async function withInterests(db: Db, rows: Row[], now: Date, brandId?: number) {
  const profiles = rows.filter((r) => r.consent === 'profile').map((r) => r.user_id);
  return profiles.length ? interestsOf(db, profiles, { now, brandId }) : new Map();
}

/** One page of the brand's consenting participants, each shown as far as they consented. */
export async function readParticipants(
  db: Db,
  scope: CommunityScope,
  options: Omit<ReadOptions, 'after' | 'handle'>,
): Promise<{ rows: Participant[]; total: number }> {
  const { rows, total } = await selectParticipants(db, scope, { ...options, withTotal: true });
  const interests = await withInterests(db, rows, options.now);
  return { rows: rows.map((r) => project(r, interests)), total: total ?? 0 };
}

/**
 * Everyone the filter picks, a page at a time in the table's order (keyset, so rows that change
 * meanwhile are neither repeated nor skipped), for the CSV export. `now` is fixed for the whole
 * export, so the engagement order is stable.
 */
export async function* exportParticipants(
  db: Db,
  scope: CommunityScope,
  options: Omit<ReadOptions, 'after' | 'handle' | 'offset' | 'limit' | 'withTotal'> & {
    pageSize?: number;
  },
): AsyncGenerator<Participant[]> {
  const limit = options.pageSize ?? 500;
  let after: ReadOptions['after'];
  for (;;) {
    const { rows } = await selectParticipants(db, scope, { ...options, limit, after });
    if (!rows.length) return;
    const interests = await withInterests(db, rows, options.now);
    yield rows.map((r) => project(r, interests));
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    after = { key: last.sort_key, handle: last.handle };
  }
}

/** The people who took part without sharing anything with the brand: counted, never listed. */
export async function nonConsentingSummary(
  db: Db,
  scope: CommunityScope,
): Promise<NonConsentingSummary> {
  const [row] = rowsOf<Record<keyof NonConsentingSummary, number | string | null>>(
    await db.execute(sql`
      select count(*) as people, coalesce(sum(bp.ideas), 0) as ideas,
        coalesce(sum(bp.votes), 0) as votes, coalesce(sum(bp.comments), 0) as comments
      from brand_participants bp
      join users u on u.id = bp.user_id and u.deleted_at is null
      left join brand_consents c on c.user_id = bp.user_id and c.brand_id = bp.brand_id
      where bp.brand_id = ${scope.brandId} and (c.level is null or c.level = 'none')`),
  );
  return {
    people: Number(row?.people ?? 0),
    ideas: Number(row?.ideas ?? 0),
    votes: Number(row?.votes ?? 0),
    comments: Number(row?.comments ?? 0),
  };
}

export type ParticipantIdea = {
  id: number;
  title: string;
  status: string;
  createdAt: string;
  language: string;
  challenge: { slug: string; title: string };
};

/**
 * One person's activity on the brand's challenges, as far as they consented: their figures, their
 * public ideas there and, with `profile`, their interests on this brand. Someone who shares nothing
 * with the brand, took no part, or does not exist is the same 404.
 */
export async function participantOnBrand(
  db: Db,
  scope: CommunityScope,
  handle: string,
  { now }: { now: Date },
): Promise<{
  participant: Participant;
  firstActiveAt: string;
  ideas: ParticipantIdea[];
  intents: ParticipantIntent[];
}> {
  const { rows } = await selectParticipants(db, scope, {
    filter: {},
    sort: 'handle',
    dir: 'asc',
    now,
    limit: 1,
    handle,
  });
  const row = rows[0];
  if (!row) throw notFound('errors.notFound.person');
  const interests =
    row.consent === 'profile'
      ? await interestsOf(db, [row.user_id], { now, brandId: scope.brandId })
      : new Map<string, Interest[]>();
  const detail = rowsOf<{
    id: number;
    title: string;
    status: string;
    created_at: string;
    language: string;
    challenge_slug: string;
    challenge_title: string;
  }>(
    await db.execute(sql`
      select i.id, i.title, i.status::text as status, ${iso(sql`i.created_at`)} as created_at,
        ch.language, ch.slug as challenge_slug, ch.title as challenge_title
      from ideas i join challenges ch on ch.id = i.challenge_id
      where ch.brand_id = ${scope.brandId} and i.author_id = ${row.user_id}
        and i.status in ${PUBLIC}
      order by i.created_at desc, i.id desc
      limit 50`),
  );
  const [first] = rowsOf<{ at: string }>(
    await db.execute(sql`
      select ${iso(sql`first_active_at`)} as at from brand_participants
      where brand_id = ${scope.brandId} and user_id = ${row.user_id}`),
  );
  return {
    participant: project(row, interests),
    intents: await intentsSeenBy(db, scope, row.user_id),
    firstActiveAt: first?.at ?? row.last_active_at,
    ideas: detail.map((d) => ({
      id: Number(d.id),
      title: d.title,
      status: d.status,
      createdAt: d.created_at,
      language: d.language,
      challenge: { slug: d.challenge_slug, title: d.challenge_title },
    })),
  };
}

/** An offer the brand made on a person's intent, with the person's answer. */
export type ParticipantOffer = {
  id: number;
  status: string;
  price: number | null;
  currency: string | null;
  benefit: string | null;
  validUntil: string;
  /** ISO 8601. */
  createdAt: string;
  /** When the person accepted or declined it (ISO 8601); null while open, withdrawn or lapsed. */
  answeredAt: string | null;
};

/** One of the person's intents the brand may see, and what passed between them. */
export type ParticipantIntent = {
  id: number;
  title: string;
  status: string;
  language: string;
  publishedAt: string | null;
  closedAt: string | null;
  expiresAt: string;
  /** This brand's offers on it, newest first. */
  offers: ParticipantOffer[];
  /** Messages in the thread between the person and this brand. */
  messages: number;
  /** The contact email the person chose for it: only when they accepted one of this brand's offers. */
  contactEmail: string | null;
};

/** At most this many intents on the page: the newest. */
const PARTICIPANT_INTENTS = 50;

/**
 * The person's intents the brand may see now (published and addressed to it, or with an offer of
 * it; never drafts), newest first, with the brand's offers, the size of their thread and, only
 * after an acceptance, the contact email. Called for a person already found at `activity` or above.
 */
async function intentsSeenBy(
  db: Db,
  scope: CommunityScope,
  userId: string,
): Promise<ParticipantIntent[]> {
  const brandId = scope.brandId;
  const rows = rowsOf<{
    id: number;
    title: string;
    status: string;
    language: string;
    published_at: string | null;
    closed_at: string | null;
    expires_at: string;
    messages: number | string;
    contact_email: string | null;
  }>(
    await db.execute(sql`
      select intents.id, intents.title, intents.status::text as status, intents.language,
        ${iso(sql`intents.published_at`)} as published_at,
        ${iso(sql`intents.closed_at`)} as closed_at,
        ${iso(sql`intents.expires_at`)} as expires_at,
        (select count(*) from intent_messages m
          where m.intent_id = intents.id and m.brand_id = ${brandId}) as messages,
        case when exists (select 1 from intent_offers a
            where a.intent_id = intents.id and a.brand_id = ${brandId} and a.status = 'accepted')
          then intents.contact_email end as contact_email
      from intents
      where intents.author_id = ${userId} and ${visibleToBrand(brandId)}
      order by intents.published_at desc nulls last, intents.id desc
      limit ${PARTICIPANT_INTENTS}`),
  );
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const offers = rowsOf<{
    id: number;
    intent_id: number;
    status: string;
    price: number | null;
    currency: string | null;
    benefit: string | null;
    valid_until: string;
    created_at: string;
    answered_at: string | null;
  }>(
    await db.execute(sql`
      select o.id, o.intent_id, o.status::text as status, o.price, o.currency, o.benefit,
        o.valid_until::text as valid_until,
        ${iso(sql`o.created_at`)} as created_at,
        case when o.status in ('accepted', 'declined') then ${iso(sql`o.answered_at`)} end
          as answered_at
      from intent_offers o
      where o.brand_id = ${brandId} and o.intent_id in ${ids}
      order by o.created_at desc, o.id desc`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    status: r.status,
    language: r.language,
    publishedAt: r.published_at,
    closedAt: r.closed_at,
    expiresAt: r.expires_at,
    messages: Number(r.messages),
    contactEmail: r.contact_email,
    offers: offers
      .filter((o) => Number(o.intent_id) === Number(r.id))
      .map((o) => ({
        id: Number(o.id),
        status: o.status,
        price: o.price === null ? null : Number(o.price),
        currency: o.currency,
        benefit: o.benefit,
        validUntil: o.valid_until,
        createdAt: o.created_at,
        answeredAt: o.answered_at,
      })),
  }));
}
