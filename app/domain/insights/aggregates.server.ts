// The brand dashboard's aggregates (db/schema/insights.ts) as the `insights` consumer of the event
// log keeps them (jobs/insights.server.ts, docs/decisions/021-listening-and-search.md): a batch's
// events are gathered here in memory as deltas keyed by (challenge, hour or day, …), and written
// once at the end of the batch with one upsert per table that adds to what is there.
//
// What counts, always at the event's time (`at`, UTC):
// - ideas, comments: `idea.created`, `comment.created`; their sentiment (the row's `sentiment`,
//   null counted as neutral) and their words (insight_terms) at the same time;
// - votes: `vote.cast` only (a first vote, support or oppose); a changed vote is not a new vote;
// - shortlisted: `idea.shortlisted`; winners: `reward.granted` (one per winner);
// - participants (insight_actors): the actor of `idea.created`, `vote.cast`, `vote.changed` and
//   `comment.created` (a withdrawal is not taking part);
// - tags (insight_tags): an idea created with a tag; a vote cast on an idea that carries it now;
// - influence (insight_influence), for the author of the idea concerned: supporters are the net
//   change in support (`vote.*` from/to: +1 when a vote becomes a support, −1 when a support is
//   changed or withdrawn); builds are ideas others created on theirs (`idea.created` with
//   `buildsOnId`; building on one's own idea is not influence).
// - hidden by moderation (`content.auto_hidden`, `content.hidden`): the words of the idea or comment
//   are taken out of the terms, and put back when it is restored (`content.restored`); the items
//   whose words are out are kept in insight_hidden_texts, so a second hide takes nothing more;
// History is not un-counted otherwise: a withdrawn idea, a deleted or hidden comment, an idea taken off the
// shortlist or merged keep the counts of what happened when it happened (the dashboard says what
// people did in the period, not what is still standing). The one exception is supporters, which
// are net by construction. A merged idea's supporters stay credited to its author, as its points do.
//
// Every day-level delta is also added to its monthly rollup in the same statement or the next
// (insight_days and the heat maps from the hours, *_months from the days), and each new active day
// of a person is linked to their previous and next one (insight_actors, insight_brand_actors), so
// the dashboard reads long periods from few rows (decision 021).
//
// Deltas are written in key order (challenge, then time, then the rest), so two batches that
// overlap lock the rows they share in the same order and cannot deadlock; in practice the
// consumer's lock lets one batch run at a time anyway.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { rowsOf } from '../../../db/client.server';
import type { Event } from '../../../db/schema';

/** ts_debug token types whose words count: words and the parts of hyphenated words (not the whole). */
export const TERM_TOKEN_TYPES = ['asciiword', 'word', 'hword_asciipart', 'hword_part'] as const;
/** Words shorter than this (or longer than the maximum) are left out of the terms. */
export const TERM_MIN_LENGTH = 3;
export const TERM_MAX_LENGTH = 40;

const HOUR_MS = 3_600_000;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** The counts kept per challenge and hour (insight_hours) and per day (insight_days). */
const COUNTS = [
  'ideas',
  'votes',
  'comments',
  'positive',
  'neutral',
  'negative',
  'shortlisted',
  'winners',
] as const;
type HourCounts = Record<(typeof COUNTS)[number], number>;
type Place = { challengeId: number; brandId: number };
type Written = { kind: 'idea' | 'comment'; id: number; hour: string; day: string } & Place;
type TagUse = { ideaId: number; kind: 'ideas' | 'votes'; day: string } & Place;
type TextKind = 'idea' | 'comment';

const emptyHour = (): HourCounts => Object.fromEntries(COUNTS.map((c) => [c, 0])) as HourCounts;

/** A support is +1 and an oppose or no vote 0: the net change in support of a vote event. */
export function supportChange(payload: Record<string, unknown>): number {
  return Number(payload.to === 1) - Number(payload.from === 1);
}

/** What one batch of events adds to the aggregates, until `write` puts it in the database. */
export class InsightDeltas {
  private readonly hours = new Map<string, Place & { hour: string; counts: HourCounts }>();
  private readonly actors = new Map<string, Place & { day: string; userId: string }>();
  private readonly influence = new Map<
    string,
    Place & { day: string; userId: string; supporters: number; builds: number }
  >();
  private readonly written: Written[] = [];
  private readonly tagUses: TagUse[] = [];
  /** Ideas and comments hidden (false) or restored (true) in the batch: the last event wins. */
  private readonly visibility = new Map<string, { kind: TextKind; id: number; shown: boolean }>();

  get empty() {
    return (
      !this.hours.size &&
      !this.actors.size &&
      !this.influence.size &&
      !this.written.length &&
      !this.tagUses.length &&
      !this.visibility.size
    );
  }

  add(event: Event) {
    if (event.challengeId === null || event.brandId === null) return;
    const place = { challengeId: event.challengeId, brandId: event.brandId };
    const at = event.createdAt;
    const day = dayOf(at);
    switch (event.type) {
      case 'idea.created': {
        this.hour(place, at).ideas++;
        this.actor(place, day, event.actorId);
        if (event.ideaId !== null) {
          this.written.push({ kind: 'idea', id: event.ideaId, hour: hourOf(at), day, ...place });
          this.tagUses.push({ ideaId: event.ideaId, kind: 'ideas', day, ...place });
        }
        const buildsOn = event.payload.buildsOnId;
        if (
          buildsOn !== null &&
          buildsOn !== undefined &&
          event.subjectUserId !== null &&
          event.subjectUserId !== event.actorId
        )
          this.influenceOf(place, day, event.subjectUserId).builds++;
        return;
      }
      case 'comment.created':
        this.hour(place, at).comments++;
        this.actor(place, day, event.actorId);
        if (event.commentId !== null)
          this.written.push({
            kind: 'comment',
            id: event.commentId,
            hour: hourOf(at),
            day,
            ...place,
          });
        return;
      case 'vote.cast':
      case 'vote.changed':
      case 'vote.withdrawn': {
        if (event.type === 'vote.cast') {
          this.hour(place, at).votes++;
          if (event.ideaId !== null)
            this.tagUses.push({ ideaId: event.ideaId, kind: 'votes', day, ...place });
        }
        if (event.type !== 'vote.withdrawn') this.actor(place, day, event.actorId);
        const change = supportChange(event.payload);
        if (change !== 0 && event.subjectUserId !== null)
          this.influenceOf(place, day, event.subjectUserId).supporters += change;
        return;
      }
      case 'idea.shortlisted':
        this.hour(place, at).shortlisted++;
        return;
      case 'reward.granted':
        this.hour(place, at).winners++;
        return;
      case 'content.auto_hidden':
      case 'content.hidden':
      case 'content.restored': {
        const kind: TextKind = event.commentId !== null ? 'comment' : 'idea';
        const id = event.commentId ?? event.ideaId;
        if (id === null) return;
        this.visibility.set(`${kind}|${id}`, {
          kind,
          id,
          shown: event.type === 'content.restored',
        });
        return;
      }
    }
  }

  private hour(place: Place, at: Date): HourCounts {
    const hour = hourOf(at);
    const key = `${place.challengeId}|${hour}`;
    let row = this.hours.get(key);
    if (!row) this.hours.set(key, (row = { ...place, hour, counts: emptyHour() }));
    return row.counts;
  }

  private actor(place: Place, day: string, userId: string | null) {
    if (userId === null) return;
    this.actors.set(`${place.challengeId}|${day}|${userId}`, { ...place, day, userId });
  }

  private influenceOf(place: Place, day: string, userId: string) {
    const key = `${place.challengeId}|${day}|${userId}`;
    let row = this.influence.get(key);
    if (!row) this.influence.set(key, (row = { ...place, day, userId, supporters: 0, builds: 0 }));
    return row;
  }

  /** Writes the batch's deltas: one upsert per table, rows in key order. */
  async write(tx: Db) {
    await this.countSentiment(tx);
    const hours = [...this.hours.values()];
    await writeHours(tx, hours);
    await writeDays(tx, hours);
    await writeHeat(tx, hours);
    const actors = [...this.actors.values()];
    await writeActorDays(tx, 'insight_actors', actors);
    await writeActorDays(tx, 'insight_brand_actors', [
      ...new Map(actors.map((a) => [`${a.brandId}|${a.day}|${a.userId}`, a])).values(),
    ]);
    await this.writeTags(tx);
    await writeInfluence(tx, [...this.influence.values()]);
    await writeTerms(tx, this.written);
    await writeVisibility(tx, [...this.visibility.values()]);
  }

  /** The sentiment of the ideas and comments written in the batch, from their rows. */
  private async countSentiment(tx: Db) {
    if (!this.written.length) return;
    const rows = rowsOf<{ kind: 'idea' | 'comment'; id: number; sentiment: number | null }>(
      await tx.execute(sql`
        select 'idea' as kind, id, sentiment from ideas
        where id = any(${pgIntArray(this.written.filter((w) => w.kind === 'idea').map((w) => w.id))}::int[])
        union all
        select 'comment', id, sentiment from comments
        where id = any(${pgIntArray(this.written.filter((w) => w.kind === 'comment').map((w) => w.id))}::int[])`),
    );
    const sentiment = new Map(rows.map((r) => [`${r.kind}|${r.id}`, r.sentiment]));
    for (const w of this.written) {
      const counts = this.hour(w, new Date(w.hour));
      const s = sentiment.get(`${w.kind}|${w.id}`);
      // Not analysed (null) counts as neutral; a row that is gone counts nowhere.
      if (s === undefined) continue;
      if (s === null || Number(s) === 0) counts.neutral++;
      else if (Number(s) > 0) counts.positive++;
      else counts.negative++;
    }
  }

  /** Tags of the ideas the batch's new ideas and votes name, read once. */
  private async writeTags(tx: Db) {
    if (!this.tagUses.length) return;
    const ids = [...new Set(this.tagUses.map((u) => u.ideaId))];
    const rows = rowsOf<{ id: number; tags: string[] }>(
      await tx.execute(sql`select id, tags from ideas where id = any(${pgIntArray(ids)}::int[])`),
    );
    const tagsOf = new Map(rows.map((r) => [Number(r.id), r.tags]));
    const out = new Map<
      string,
      Place & { day: string; tag: string; ideas: number; votes: number }
    >();
    for (const use of this.tagUses) {
      for (const tag of new Set(tagsOf.get(use.ideaId) ?? [])) {
        const key = `${use.challengeId}|${use.day}|${tag}`;
        let row = out.get(key);
        if (!row)
          out.set(
            key,
            (row = {
              challengeId: use.challengeId,
              brandId: use.brandId,
              day: use.day,
              tag,
              ideas: 0,
              votes: 0,
            }),
          );
        row[use.kind]++;
      }
    }
    await writeTags(tx, [...out.values()]);
  }
}

/** A PostgreSQL array literal of integers, bound as one parameter (no limit on how many). */
const pgIntArray = (ids: number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;

/** Rows as one jsonb parameter, read back with jsonb_to_recordset: any number of rows, one parameter. */
const asJson = (rows: unknown[]) => JSON.stringify(rows);

const byKey =
  <T>(...parts: ((row: T) => string | number)[]) =>
  (a: T, b: T) => {
    for (const part of parts) {
      const x = part(a);
      const y = part(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };

async function writeHours(
  tx: Db,
  rows: (Place & { hour: string; counts: HourCounts })[],
): Promise<void> {
  if (!rows.length) return;
  rows.sort(
    byKey(
      (r) => r.challengeId,
      (r) => r.hour,
    ),
  );
  await addCounts(
    tx,
    { table: 'insight_hours', key: 'hour', type: 'timestamptz' },
    rows.map((r) => ({
      challenge_id: r.challengeId,
      brand_id: r.brandId,
      hour: r.hour,
      ...r.counts,
    })),
  );
}

/**
 * Adds counts to the rows of insight_hours or insight_days they name (by challenge and hour or
 * day), creating the rows that are not there yet; `rows` in key order.
 */
async function addCounts(
  tx: Db,
  { table, key, type }: { table: string; key: 'hour' | 'day'; type: 'timestamptz' | 'date' },
  rows: ({ challenge_id: number; brand_id: number } & Record<string, string | number>)[],
) {
  const columns = sql.raw(COUNTS.join(', '));
  const types = sql.raw(COUNTS.map((c) => `${c} int`).join(', '));
  const sums = sql.raw(COUNTS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', '));
  const k = sql.raw(key);
  await tx.execute(sql`
    insert into ${sql.raw(table)} as t (challenge_id, brand_id, ${k}, ${columns})
    select challenge_id, brand_id, ${k}, ${columns}
    from jsonb_to_recordset(${asJson(rows)}::jsonb) as x(challenge_id int, brand_id int,
      ${k} ${sql.raw(type)}, ${types})
    order by challenge_id, ${k}
    on conflict (challenge_id, ${k}) do update set ${sums}`);
}

/** The first day of the month of a day (yyyy-mm-dd) or an ISO time. */
const monthOf = (dayOrTime: string) => `${dayOrTime.slice(0, 7)}-01`;

/** Rows summed per key: the day rows of a batch folded into their months. */
function sumBy<T, K extends keyof T>(rows: T[], keyOf: (row: T) => string, fields: K[]): T[] {
  const out = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const seen = out.get(key);
    if (!seen) out.set(key, { ...row });
    else for (const f of fields) (seen[f] as number) += row[f] as number;
  }
  return [...out.values()];
}

/** The hours' counts per UTC day (insight_days). */
async function writeDays(tx: Db, hours: (Place & { hour: string; counts: HourCounts })[]) {
  if (!hours.length) return;
  const days = sumBy(
    hours.map((h) => ({
      challenge_id: h.challengeId,
      brand_id: h.brandId,
      day: h.hour.slice(0, 10),
      ...h.counts,
    })),
    (r) => `${r.challenge_id}|${r.day}`,
    [...COUNTS],
  ).sort(
    byKey(
      (r) => r.challenge_id,
      (r) => r.day,
    ),
  );
  await addCounts(tx, { table: 'insight_days', key: 'day', type: 'date' }, days);
}

/** The hours' ideas, votes and comments per month and hour of the week, per challenge and brand. */
async function writeHeat(tx: Db, hours: (Place & { hour: string; counts: HourCounts })[]) {
  const cells = hours
    .map((h) => {
      const at = new Date(h.hour);
      return {
        challenge_id: h.challengeId,
        brand_id: h.brandId,
        month: monthOf(h.hour),
        dow: (at.getUTCDay() + 6) % 7,
        hour: at.getUTCHours(),
        actions: h.counts.ideas + h.counts.votes + h.counts.comments,
      };
    })
    .filter((c) => c.actions !== 0);
  if (!cells.length) return;
  const cellKey = (r: (typeof cells)[number]) => `${r.month}|${r.dow}|${r.hour}`;
  const perChallenge = sumBy(cells, (r) => `${r.challenge_id}|${cellKey(r)}`, ['actions']).sort(
    byKey(
      (r) => r.challenge_id,
      (r) => r.month,
      (r) => r.dow,
      (r) => r.hour,
    ),
  );
  const perBrand = sumBy(cells, (r) => `${r.brand_id}|${cellKey(r)}`, ['actions']).sort(
    byKey(
      (r) => r.brand_id,
      (r) => r.month,
      (r) => r.dow,
      (r) => r.hour,
    ),
  );
  await tx.execute(sql`
    insert into insight_heat_months as t (challenge_id, brand_id, month, dow, hour, actions)
    select challenge_id, brand_id, month, dow, hour, actions
    from jsonb_to_recordset(${asJson(perChallenge)}::jsonb) as x(challenge_id int, brand_id int,
      month date, dow int, hour int, actions int)
    order by challenge_id, month, dow, hour
    on conflict (challenge_id, month, dow, hour) do update set actions = t.actions + excluded.actions`);
  await tx.execute(sql`
    insert into insight_brand_heat_months as t (brand_id, month, dow, hour, actions)
    select brand_id, month, dow, hour, actions
    from jsonb_to_recordset(${asJson(perBrand)}::jsonb) as x(brand_id int, month date, dow int,
      hour int, actions int)
    order by brand_id, month, dow, hour
    on conflict (brand_id, month, dow, hour) do update set actions = t.actions + excluded.actions`);
}

/**
 * New active days of people (insight_actors per challenge, insight_brand_actors per brand), each
 * linked to the same person's previous and next active day: the rows between the day before the
 * batch's first new one and the day after its last are relinked in order, the outer ones keeping
 * their outer links. Days already there change nothing.
 */
async function writeActorDays(
  tx: Db,
  table: 'insight_actors' | 'insight_brand_actors',
  rows: (Place & { day: string; userId: string })[],
) {
  if (!rows.length) return;
  const perChallenge = table === 'insight_actors';
  const scopeOf = (r: Place) => (perChallenge ? r.challengeId : r.brandId);
  rows.sort(
    byKey(
      (r) => scopeOf(r),
      (r) => r.day,
      (r) => r.userId,
    ),
  );
  const data = rows.map((r) => ({
    challenge_id: r.challengeId,
    brand_id: r.brandId,
    day: r.day,
    user_id: r.userId,
  }));
  const t = sql.raw(table);
  const scope = sql.raw(perChallenge ? 'challenge_id' : 'brand_id');
  const columns = sql.raw(perChallenge ? 'challenge_id, brand_id' : 'brand_id');
  const xColumns = sql.raw(perChallenge ? 'x.challenge_id, x.brand_id' : 'x.brand_id');
  // Only people who still have an account row (a deleted account's id is kept, its row too).
  const added = rowsOf<{ scope: number; user_id: string; day: string }>(
    await tx.execute(sql`
      insert into ${t} (${columns}, day, user_id)
      select ${xColumns}, x.day, x.user_id
      from jsonb_to_recordset(${asJson(data)}::jsonb) as x(challenge_id int, brand_id int, day date,
        user_id text)
      where exists (select 1 from users u where u.id = x.user_id)
      order by x.${scope}, x.day, x.user_id
      on conflict do nothing
      returning ${scope} as scope, user_id, day::text as day`),
  );
  if (!added.length) return;
  await tx.execute(sql`
    with added as (
      select scope, user_id, min(day) as lo, max(day) as hi
      from jsonb_to_recordset(${asJson(added)}::jsonb) as x(scope int, user_id text, day date)
      group by scope, user_id
    ),
    span as (
      select n.scope, n.user_id,
        coalesce((select max(a.day) from ${t} a
          where a.${scope} = n.scope and a.user_id = n.user_id and a.day < n.lo), n.lo) as lo,
        coalesce((select min(a.day) from ${t} a
          where a.${scope} = n.scope and a.user_id = n.user_id and a.day > n.hi), n.hi) as hi
      from added n
    ),
    linked as (
      select a.${scope} as scope, a.day, a.user_id,
        coalesce(lag(a.day) over w, a.previous_day) as previous_day,
        coalesce(lead(a.day) over w, a.next_day) as next_day
      from span s
      join ${t} a on a.${scope} = s.scope and a.user_id = s.user_id and a.day between s.lo and s.hi
      window w as (partition by a.${scope}, a.user_id order by a.day)
    )
    update ${t} t set previous_day = l.previous_day, next_day = l.next_day
    from linked l
    where t.${scope} = l.scope and t.day = l.day and t.user_id = l.user_id
      and (t.previous_day <> l.previous_day or t.next_day <> l.next_day)`);
}

async function writeTags(
  tx: Db,
  rows: (Place & { day: string; tag: string; ideas: number; votes: number })[],
) {
  if (!rows.length) return;
  rows.sort(
    byKey(
      (r) => r.challengeId,
      (r) => r.day,
      (r) => r.tag,
    ),
  );
  const data = rows.map((r) => ({
    challenge_id: r.challengeId,
    brand_id: r.brandId,
    day: r.day,
    tag: r.tag,
    ideas: r.ideas,
    votes: r.votes,
  }));
  await tx.execute(sql`
    insert into insight_tags as t (challenge_id, brand_id, day, tag, ideas, votes)
    select challenge_id, brand_id, day, tag, ideas, votes
    from jsonb_to_recordset(${asJson(data)}::jsonb) as x(challenge_id int, brand_id int, day date,
      tag text, ideas int, votes int)
    order by challenge_id, day, tag collate "C"
    on conflict (challenge_id, day, tag) do update set
      ideas = t.ideas + excluded.ideas,
      votes = t.votes + excluded.votes`);
  const months = sumBy(
    data.map((r) => ({ ...r, day: monthOf(r.day) })),
    (r) => `${r.challenge_id}|${r.day}|${r.tag}`,
    ['ideas', 'votes'],
  );
  await tx.execute(sql`
    insert into insight_tag_months as t (challenge_id, brand_id, month, tag, ideas, votes)
    select challenge_id, brand_id, day, tag, ideas, votes
    from jsonb_to_recordset(${asJson(months)}::jsonb) as x(challenge_id int, brand_id int,
      day date, tag text, ideas int, votes int)
    order by challenge_id, day, tag collate "C"
    on conflict (challenge_id, month, tag) do update set
      ideas = t.ideas + excluded.ideas,
      votes = t.votes + excluded.votes`);
}

async function writeInfluence(
  tx: Db,
  rows: (Place & { day: string; userId: string; supporters: number; builds: number })[],
) {
  const changed = rows.filter((r) => r.supporters !== 0 || r.builds !== 0);
  if (!changed.length) return;
  changed.sort(
    byKey(
      (r) => r.challengeId,
      (r) => r.day,
      (r) => r.userId,
    ),
  );
  const data = changed.map((r) => ({
    challenge_id: r.challengeId,
    brand_id: r.brandId,
    day: r.day,
    user_id: r.userId,
    supporters: r.supporters,
    builds: r.builds,
  }));
  await tx.execute(sql`
    insert into insight_influence as t (challenge_id, brand_id, day, user_id, supporters, builds)
    select x.challenge_id, x.brand_id, x.day, x.user_id, x.supporters, x.builds
    from jsonb_to_recordset(${asJson(data)}::jsonb) as x(challenge_id int, brand_id int, day date,
      user_id text, supporters int, builds int)
    where exists (select 1 from users u where u.id = x.user_id)
    order by x.challenge_id, x.day, x.user_id
    on conflict (challenge_id, day, user_id) do update set
      supporters = t.supporters + excluded.supporters,
      builds = t.builds + excluded.builds`);
  const months = sumBy(
    data.map((r) => ({ ...r, day: monthOf(r.day) })),
    (r) => `${r.challenge_id}|${r.day}|${r.user_id}`,
    ['supporters', 'builds'],
  ).sort(
    byKey(
      (r) => r.challenge_id,
      (r) => r.day,
      (r) => r.user_id,
    ),
  );
  await tx.execute(sql`
    insert into insight_influence_months as t (challenge_id, brand_id, month, user_id, supporters,
      builds)
    select x.challenge_id, x.brand_id, x.day, x.user_id, x.supporters, x.builds
    from jsonb_to_recordset(${asJson(months)}::jsonb) as x(challenge_id int, brand_id int, day date,
      user_id text, supporters int, builds int)
    where exists (select 1 from users u where u.id = x.user_id)
    order by x.challenge_id, x.day, x.user_id
    on conflict (challenge_id, month, user_id) do update set
      supporters = t.supporters + excluded.supporters,
      builds = t.builds + excluded.builds`);
}

/**
 * The words of a text, as `(stem, word, position)` rows: the text's own configuration splits it
 * (ts_debug), the stem is the search vector's lexeme and the word the token as written, in lower
 * case. Stop-words (no lexeme, or none for the word with its accents), numbers, URLs and words outside 3–40 letters are left out.
 * `config` and `text` are SQL expressions of the query it is used in.
 */
export function termsOf(config: ReturnType<typeof sql>, text: ReturnType<typeof sql>) {
  const types = sql.join(
    TERM_TOKEN_TYPES.map((t) => sql.raw(`'${t}'`)),
    sql`, `,
  );
  return sql`(
    select d.lexemes[1] as stem, lower(d.token) as word, d.n
    from ts_debug(${config}, ${text}) with ordinality as d(alias, description, token,
      dictionaries, dictionary, lexemes, n)
    where d.alias in (${types}) and d.lexemes[1] is not null
      -- Stop-words written with their accents ("más", "però"): the configuration removes accents
      -- before its stop-word list, which has them, so ask the stemmer about the word as written.
      and ts_lexize((case when ${config}::text like '%cocrea_es' then 'spanish_stem'
        when ${config}::text like '%cocrea_it' then 'italian_stem' else 'english_stem' end)::regdictionary,
        lower(d.token)) <> '{}'::text[]
      and char_length(d.token) between ${sql.raw(String(TERM_MIN_LENGTH))} and ${sql.raw(String(TERM_MAX_LENGTH))}
  )`;
}

/** The words of ideas and comments (SQL rows: challenge, brand, day, seq, language, stem, word, n). */
function wordsOf(items: { kind: TextKind; id: number; seq: number }[]) {
  return sql`(
    with items as (
      select * from jsonb_to_recordset(${asJson(items)}::jsonb) as x(kind text, id int, seq int)
    ),
    texts as (
      select i.challenge_id, (i.created_at at time zone 'UTC')::date as day, it.seq, i.language,
        i.title || ' ' || i.body as text
      from items it join ideas i on it.kind = 'idea' and i.id = it.id
      union all
      select i.challenge_id, (c.created_at at time zone 'UTC')::date, it.seq, c.language, c.body
      from items it join comments c on it.kind = 'comment' and c.id = it.id
      join ideas i on i.id = c.idea_id
    )
    select t.challenge_id, ch.brand_id, t.day, t.seq, t.language, w.stem, w.word, w.n
    from texts t join challenges ch on ch.id = t.challenge_id
    cross join lateral ${termsOf(sql`content_search_config(t.language)`, sql`t.text`)} w
  )`;
}

/**
 * Adds words to the terms, per (challenge, day, language, stem) and per month, in one statement.
 * New texts (`written`) show their word for the stem (the one written last); words put back by a
 * restore leave the shown word as it is.
 */
async function addTerms(
  tx: Db,
  items: { kind: TextKind; id: number; seq: number }[],
  written: boolean,
) {
  if (!items.length) return;
  const word = written ? sql`excluded.word` : sql`t.word`;
  await tx.execute(sql`
    with words as ${wordsOf(items)},
    per_day as (
      select challenge_id, min(brand_id) as brand_id, day, language, stem,
        (array_agg(word order by seq desc, n desc))[1] as word, count(*)::int as uses,
        max(seq) as seq
      from words
      group by challenge_id, day, language, stem
    ),
    days as (
      insert into insight_terms as t (challenge_id, brand_id, day, language, stem, word, uses)
      select challenge_id, brand_id, day, language, stem, word, uses
      from per_day
      order by challenge_id, day, language, stem collate "C"
      on conflict (challenge_id, day, language, stem) do update set
        uses = t.uses + excluded.uses,
        word = ${word}
    )
    insert into insight_term_months as t (challenge_id, brand_id, month, language, stem, word, uses)
    select challenge_id, min(brand_id), date_trunc('month', day)::date, language, stem,
      (array_agg(word order by day desc, seq desc))[1], sum(uses)::int
    from per_day
    group by challenge_id, date_trunc('month', day)::date, language, stem
    order by challenge_id, date_trunc('month', day)::date, language, stem collate "C"
    on conflict (challenge_id, month, language, stem) do update set
      uses = t.uses + excluded.uses,
      word = ${word}`);
}

/** Takes the words of hidden texts out of the terms (day and month rows); rows left at 0 go. */
async function removeTerms(tx: Db, items: { kind: TextKind; id: number; seq: number }[]) {
  if (!items.length) return;
  await tx.execute(sql`
    with words as ${wordsOf(items)},
    per_day as (
      select challenge_id, day, language, stem, count(*)::int as uses
      from words group by challenge_id, day, language, stem
    ),
    days as (
      update insight_terms t set uses = t.uses - g.uses
      from per_day g
      where t.challenge_id = g.challenge_id and t.day = g.day and t.language = g.language
        and t.stem = g.stem
    )
    update insight_term_months t set uses = t.uses - g.uses
    from (
      select challenge_id, date_trunc('month', day)::date as month, language, stem,
        sum(uses)::int as uses
      from per_day group by 1, 2, 3, 4
    ) g
    where t.challenge_id = g.challenge_id and t.month = g.month and t.language = g.language
      and t.stem = g.stem`);
  await tx.execute(sql`delete from insight_terms where uses <= 0`);
  await tx.execute(sql`delete from insight_term_months where uses <= 0`);
}

/**
 * The words of the ideas and comments the batch saw written, in their own language, at the day
 * they were written. The surface word shown for a stem is the one written last.
 */
async function writeTerms(tx: Db, written: Written[]) {
  await addTerms(
    tx,
    written.map((w, seq) => ({ kind: w.kind, id: w.id, seq })),
    true,
  );
}

/**
 * Ideas and comments hidden or restored in the batch: a text newly hidden has its words taken out
 * of the terms, one newly restored has them put back; a hide of a hidden text (an automatic hide a
 * reviewer upholds) or a restore of a shown one changes nothing. Runs after the batch's new texts
 * are counted, so a text written and hidden in the same batch is counted and taken out.
 */
async function writeVisibility(tx: Db, changes: { kind: TextKind; id: number; shown: boolean }[]) {
  if (!changes.length) return;
  const hide = changes.filter((c) => !c.shown).map((c) => ({ kind: c.kind, id: c.id }));
  const show = changes.filter((c) => c.shown).map((c) => ({ kind: c.kind, id: c.id }));
  const hidden = hide.length
    ? rowsOf<{ kind: TextKind; id: number }>(
        await tx.execute(sql`
          insert into insight_hidden_texts (kind, item_id)
          select kind, id from jsonb_to_recordset(${asJson(hide)}::jsonb) as x(kind text, id int)
          order by kind, id
          on conflict do nothing
          returning kind, item_id as id`),
      )
    : [];
  const shown = show.length
    ? rowsOf<{ kind: TextKind; id: number }>(
        await tx.execute(sql`
          delete from insight_hidden_texts h
          using jsonb_to_recordset(${asJson(show)}::jsonb) as x(kind text, id int)
          where h.kind = x.kind and h.item_id = x.id
          returning h.kind, h.item_id as id`),
      )
    : [];
  await removeTerms(
    tx,
    hidden.map((h, seq) => ({ kind: h.kind, id: Number(h.id), seq })),
  );
  await addTerms(
    tx,
    shown.map((h, seq) => ({ kind: h.kind, id: Number(h.id), seq })),
    false,
  );
}
