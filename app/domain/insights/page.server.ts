// The dashboard page and its CSV export around `loadInsights` (queries.server.ts): who may open it,
// the brand's challenges for the picker, and the query parameters read into a period and a
// challenge. Membership is checked once (openInsights, access.server.ts) before the parameters are
// read, so someone outside the brand gets the same 401/403/404 whatever they send and learns
// nothing from the messages; the reads take the scope it hands out and do not check again.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.server';
import { challenges } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { invalid, isDomainError, type Translate } from '#app/domain/core/errors';
import { memberRole } from '#app/domain/brands/queries.server';
import { openInsights } from './access.server';
import { parsePeriod } from './period';
import { canSeeInsights } from './policy';
import { insightRows, loadInsights } from './queries.server';
import { INSIGHT_TABLES, type InsightTable, type Insights, type InsightsPeriod } from './types';

/** The picker lists this many of the brand's challenges, newest first. */
export const PICKER_LIMIT = 500;

/**
 * The query parameters as sent (the last of a repeated one). The days are checked by parsePeriod;
 * a challenge is a slug, never longer than a title: a longer one is no challenge of the brand.
 */
const paramsSchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  challenge: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});
type Params = z.infer<typeof paramsSchema>;

const tableSchema = z.enum(INSIGHT_TABLES);

/** At most this much of a refused parameter goes back into the form. */
const ECHO = 120;

export type PickerChallenge = { slug: string; title: string; language: string };

export { openInsights } from './access.server';

async function pickerChallenges(db: Db, brandId: number) {
  return db
    .select({
      id: challenges.id,
      slug: challenges.slug,
      title: challenges.title,
      language: challenges.language,
    })
    .from(challenges)
    .where(eq(challenges.brandId, brandId))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(PICKER_LIMIT);
}

/** The challenge `slug` of the brand; one of another brand, or none, is a 400 with the form. */
async function challengeOf(db: Db, brandId: number, slug: string): Promise<number> {
  if (slug.length > ECHO) throw invalid('insights.filters.unknownChallenge');
  const [row] = await db
    .select({ id: challenges.id })
    .from(challenges)
    .where(and(eq(challenges.slug, slug), eq(challenges.brandId, brandId)));
  if (!row) throw invalid('insights.filters.unknownChallenge');
  return row.id;
}

/** What the query asked for: the period and the challenge's id (absent: all of them). */
async function readQuery(
  db: Db,
  brandId: number,
  params: Params,
  now: Date,
): Promise<{ period: InsightsPeriod; challengeId?: number }> {
  const period = parsePeriod(params, now);
  const challengeId = params.challenge
    ? await challengeOf(db, brandId, params.challenge)
    : undefined;
  return { period, challengeId };
}

export type InsightsPage = {
  brand: { slug: string; name: string };
  challenges: PickerChallenge[];
  /** What the form shows: the period read (or, after an error, what was typed) and the challenge. */
  values: { from: string; to: string; challenge: string };
  /** Today (UTC) by the clock, for the preset links. */
  today: string;
  insights: Insights | null;
  /** Why the parameters were refused (the page is then a 400 with the form), else null. */
  error: string | null;
  /** The challenge shown, when one is. */
  challenge: PickerChallenge | null;
};

/** The dashboard for the request's parameters, or the form with the reason they were refused. */
export async function loadInsightsPage(
  db: Db,
  viewer: Actor | null,
  slug: string,
  searchParams: URLSearchParams,
  { now, t }: { now: Date; t: Translate },
): Promise<InsightsPage> {
  const scope = await openInsights(db, viewer, { slug });
  const { brand } = scope;
  const rows = await pickerChallenges(db, brand.id);
  const params = paramsSchema.parse(Object.fromEntries(searchParams));
  const base = {
    brand: { slug: brand.slug, name: brand.name },
    challenges: rows.map(({ id: _id, ...c }) => c),
    today: now.toISOString().slice(0, 10),
  };
  try {
    const query = await readQuery(db, brand.id, params, now);
    const insights = await loadInsights(db, { scope, ...query });
    const challenge = rows.find((c) => c.id === query.challengeId);
    return {
      ...base,
      values: { ...query.period, challenge: challenge?.slug ?? '' },
      insights,
      error: null,
      challenge: challenge
        ? { slug: challenge.slug, title: challenge.title, language: challenge.language }
        : null,
    };
  } catch (e) {
    if (!isDomainError(e) || e.kind !== 'Invalid') throw e;
    return {
      ...base,
      values: {
        from: (params.from ?? '').slice(0, ECHO),
        to: (params.to ?? '').slice(0, ECHO),
        challenge: (params.challenge ?? '').slice(0, ECHO),
      },
      insights: null,
      error: e.render(t).error,
      challenge: null,
    };
  }
}

/**
 * One table of the dashboard as rows for CSV, header first, for a member of the brand: the same
 * parameters as the page plus `table`; any of them wrong is a 400 (there is no form to show).
 */
export async function insightsExport(
  db: Db,
  viewer: Actor | null,
  slug: string,
  searchParams: URLSearchParams,
  now: Date,
) {
  const scope = await openInsights(db, viewer, { slug });
  const { brand } = scope;
  const parsed = tableSchema.safeParse(searchParams.get('table'));
  if (!parsed.success) throw invalid('insights.export.unknownTable');
  const table: InsightTable = parsed.data;
  const params = paramsSchema.parse(Object.fromEntries(searchParams));
  const query = await readQuery(db, brand.id, params, now);
  const rows = await insightRows(db, { scope, ...query }, table);
  return { brand, table, period: query.period, rows };
}

/** Whether the viewer may open the brand's dashboard: for the links on the brand's pages. */
export async function maySeeInsights(db: Db, viewer: Actor | null, brandId: number) {
  if (!viewer) return false;
  return canSeeInsights({ actor: viewer, memberRole: await memberRole(db, viewer.id, brandId) });
}
