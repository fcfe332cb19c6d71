// The community's CSV export: the same consent-checked read as the table (access.server.ts), the
// whole filtered set in the table's order, streamed a page at a time. Columns a person did not
// consent to are empty for them (name, email, interests for `activity`); people who share nothing
// are not in it. Every cell that a spreadsheet would read as a formula (starting with = + - @, a
// tab or a carriage return) gets a leading apostrophe (csv-stringify's escape_formulas).
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../../db/client.server';
import type { Actor } from '#app/domain/core/actor';
import { exportParticipants, openCommunity, type Participant } from './access.server';
import { listSegments, resolveQuery } from './queries.server';
import type { CommunityQuery } from './schema';

/** The columns, in order: stable names a spreadsheet or a CRM import can rely on. */
export const CSV_COLUMNS = [
  'handle',
  'consent',
  'display_name',
  'email',
  'ideas',
  'votes',
  'comments',
  'shortlists',
  'wins',
  'points',
  'level',
  'engagement',
  'last_active_at',
  'interests',
] as const;

function record(p: Participant): (string | number)[] {
  const profile = p.consent === 'profile' ? p : null;
  return [
    p.handle,
    p.consent,
    profile?.displayName ?? '',
    profile?.email ?? '',
    p.ideas,
    p.votes,
    p.comments,
    p.shortlists,
    p.wins,
    p.points,
    p.level,
    p.engagement,
    p.lastActiveAt,
    profile ? profile.interests.map((i) => i.tag).join('; ') : '',
  ];
}

export const csvOf = (rows: (string | number)[][], header: boolean) =>
  stringify(rows, {
    header,
    columns: header ? [...CSV_COLUMNS] : undefined,
    escape_formulas: true,
    record_delimiter: 'windows',
  });

/**
 * The brand's community as CSV text chunks (a header, then one chunk per page of people), for a
 * member of the brand: checked here, before the response starts, so a refusal is a plain 4xx.
 */
export async function communityCsv(
  db: Db,
  actor: Actor | null,
  slug: string,
  query: CommunityQuery,
  { now, pageSize }: { now: Date; pageSize?: number },
) {
  const scope = await openCommunity(db, actor, { slug });
  const { filter, sort, dir } = resolveQuery(query, await listSegments(db, scope));
  async function* chunks(): AsyncGenerator<string> {
    // A byte-order mark, so spreadsheets read the names as UTF-8.
    yield `\uFEFF${csvOf([], true)}`;
    for await (const page of exportParticipants(db, scope, { filter, sort, dir, now, pageSize }))
      yield csvOf(page.map(record), false);
  }
  return { brand: scope.brand, chunks: chunks() };
}
