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
// History is not un-counted: a withdrawn idea, a deleted or hidden comment, an idea taken off the
// shortlist or merged keep the counts of what happened when it happened (the dashboard says what
// people did in the period, not what is still standing). The one exception is supporters, which
// are net by construction. A merged idea's supporters stay credited to its author, as its points do.
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

type HourCounts = {
  ideas: number;
  votes: number;
  comments: number;
  positive: number;
  neutral: number;
  negative: number;
  shortlisted: number;
  winners: number;
};
type Place = { challengeId: number; brandId: number };
type Written = { kind: 'idea' | 'comment'; id: number; hour: string; day: string } & Place;
type TagUse = { ideaId: number; kind: 'ideas' | 'votes'; day: string } & Place;

const emptyHour = (): HourCounts => ({
  ideas: 0,
  votes: 0,
  comments: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  shortlisted: 0,
  winners: 0,
});

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

  get empty() {
    return (
      !this.hours.size &&
      !this.actors.size &&
      !this.influence.size &&
      !this.written.length &&
      !this.tagUses.length
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
    await writeHours(tx, [...this.hours.values()]);
    await writeActors(tx, [...this.actors.values()]);
    await this.writeTags(tx);
    await writeInfluence(tx, [...this.influence.values()]);
    await writeTerms(tx, this.written);
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
  const data = rows.map((r) => ({
    challenge_id: r.challengeId,
    brand_id: r.brandId,
    hour: r.hour,
    ...r.counts,
  }));
  await tx.execute(sql`
    insert into insight_hours as t (challenge_id, brand_id, hour, ideas, votes, comments,
      positive, neutral, negative, shortlisted, winners)
    select challenge_id, brand_id, hour, ideas, votes, comments,
      positive, neutral, negative, shortlisted, winners
    from jsonb_to_recordset(${asJson(data)}::jsonb) as x(challenge_id int, brand_id int,
      hour timestamptz, ideas int, votes int, comments int, positive int, neutral int,
      negative int, shortlisted int, winners int)
    order by challenge_id, hour
    on conflict (challenge_id, hour) do update set
      ideas = t.ideas + excluded.ideas,
      votes = t.votes + excluded.votes,
      comments = t.comments + excluded.comments,
      positive = t.positive + excluded.positive,
      neutral = t.neutral + excluded.neutral,
      negative = t.negative + excluded.negative,
      shortlisted = t.shortlisted + excluded.shortlisted,
      winners = t.winners + excluded.winners`);
}

async function writeActors(tx: Db, rows: (Place & { day: string; userId: string })[]) {
  if (!rows.length) return;
  rows.sort(
    byKey(
      (r) => r.challengeId,
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
  // Only people who still have an account row (a deleted account's id is kept, its row too).
  await tx.execute(sql`
    insert into insight_actors (challenge_id, brand_id, day, user_id)
    select x.challenge_id, x.brand_id, x.day, x.user_id
    from jsonb_to_recordset(${asJson(data)}::jsonb) as x(challenge_id int, brand_id int, day date,
      user_id text)
    where exists (select 1 from users u where u.id = x.user_id)
    order by x.challenge_id, x.day, x.user_id
    on conflict do nothing`);
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

/**
 * The words of the ideas and comments the batch saw written, in their own language: one statement
 * that reads their text, splits it, and adds the uses per (challenge, day, language, stem). The
 * surface word shown for a stem is the one written last.
 */
async function writeTerms(tx: Db, written: Written[]) {
  if (!written.length) return;
  const data = written.map((w, seq) => ({
    kind: w.kind,
    id: w.id,
    challenge_id: w.challengeId,
    brand_id: w.brandId,
    day: w.day,
    seq,
  }));
  await tx.execute(sql`
    with items as (
      select * from jsonb_to_recordset(${asJson(data)}::jsonb) as x(kind text, id int,
        challenge_id int, brand_id int, day date, seq int)
    ),
    texts as (
      select it.challenge_id, it.brand_id, it.day, it.seq, i.language,
        i.title || ' ' || i.body as text
      from items it join ideas i on it.kind = 'idea' and i.id = it.id
      union all
      select it.challenge_id, it.brand_id, it.day, it.seq, c.language, c.body
      from items it join comments c on it.kind = 'comment' and c.id = it.id
    ),
    words as (
      select t.challenge_id, t.brand_id, t.day, t.language, w.stem, w.word, t.seq, w.n
      from texts t cross join lateral ${termsOf(sql`content_search_config(t.language)`, sql`t.text`)} w
    )
    insert into insight_terms as t (challenge_id, brand_id, day, language, stem, word, uses)
    select challenge_id, min(brand_id), day, language, stem,
      (array_agg(word order by seq desc, n desc))[1], count(*)::int
    from words
    group by challenge_id, day, language, stem
    order by challenge_id, day, language, stem collate "C"
    on conflict (challenge_id, day, language, stem) do update set
      uses = t.uses + excluded.uses,
      word = excluded.word`);
}
