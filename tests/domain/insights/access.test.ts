// Who may read the dashboard is checked once per request: openInsights checks the viewer's
// membership and hands out the scope every read takes; loadInsights, the page and the CSV export
// do not check again. Counted here on the membership lookup itself. And the CSV's column names,
// every one of every table (the sentiment's week too), are words in English, Spanish and Italian.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { memberRole } from '#app/domain/brands/queries.server';
import type * as BrandQueries from '#app/domain/brands/queries.server';
import { testClock } from '#app/domain/core/clock';
import { COLUMN_KEYS, insightsCsv } from '#app/domain/insights/csv.server';
import { insightsExport, loadInsightsPage } from '#app/domain/insights/page.server';
import { openInsights } from '#app/domain/insights/access.server';
import { insightRows, loadInsights } from '#app/domain/insights/queries.server';
import { INSIGHT_TABLES } from '#app/domain/insights/types';
import { LOCALES } from '#app/i18n/locales';
import { messagesFor } from '#app/i18n/messages';
import { getTranslator } from '#app/i18n/translator';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeUser, type TestUser } from '../../support/factories';

vi.mock('#app/domain/brands/queries.server', async (importOriginal) => {
  const original = await importOriginal<typeof BrandQueries>();
  return { ...original, memberRole: vi.fn(original.memberRole) };
});

const db = useTestDatabase();
const now = testClock('2026-06-30T12:00:00Z').now();
let owner: TestUser;
let brand: { id: number; slug: string };

beforeAll(async () => {
  owner = await makeUser(db());
  brand = await makeBrand(db(), owner);
  await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
});

const t = (key: string) => key;

describe('the access check', () => {
  it('looks the membership up once for the page, once for an export, never in the reads', async () => {
    const lookups = vi.mocked(memberRole);
    lookups.mockClear();
    const page = await loadInsightsPage(db(), owner, brand.slug, new URLSearchParams(), {
      now,
      t,
    });
    expect(page.insights).not.toBeNull();
    expect(lookups).toHaveBeenCalledTimes(1);

    lookups.mockClear();
    await insightsExport(db(), owner, brand.slug, new URLSearchParams({ table: 'funnel' }), now);
    expect(lookups).toHaveBeenCalledTimes(1);

    const scope = await openInsights(db(), owner, { id: brand.id });
    lookups.mockClear();
    const period = { from: '2026-06-01', to: '2026-06-30' };
    await loadInsights(db(), { scope, period });
    await insightRows(db(), { scope, period }, 'challenges');
    expect(lookups).not.toHaveBeenCalled();
  });

  it('refuses an outsider at the check, before any read', async () => {
    const outsider = await makeUser(db());
    await expect(
      loadInsightsPage(db(), outsider, brand.slug, new URLSearchParams(), { now, t }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      insightsExport(db(), null, brand.slug, new URLSearchParams({ table: 'funnel' }), now),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('the CSV column names', () => {
  it('are words in every language for every column of every table, by day and by week', async () => {
    const scope = await openInsights(db(), owner, { id: brand.id });
    const names = new Set<string>();
    for (const period of [
      { from: '2026-06-01', to: '2026-06-30' },
      { from: '2025-07-01', to: '2026-06-30' },
    ])
      for (const table of INSIGHT_TABLES)
        for (const name of (await insightRows(db(), { scope, period }, table))[0]!)
          names.add(String(name));
    expect(names).toContain('week');
    expect(names).toContain('day');
    for (const name of names) expect(COLUMN_KEYS[name], name).toBeDefined();
    for (const locale of LOCALES) {
      const messages = JSON.stringify(messagesFor(locale));
      const translate = getTranslator(locale);
      for (const name of names) {
        const csv = insightsCsv([[name], ['x']], 'activity', translate);
        const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0]!;
        expect(header, `${locale}: ${name}`).not.toBe(name);
        expect(header, `${locale}: ${name}`).not.toMatch(/insights\.csv/);
        expect(messages).toContain(JSON.stringify(header).slice(1, -1));
      }
    }
  });
});
