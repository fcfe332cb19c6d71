// What the audit log's pages load (/moderation/audit and /brands/:slug/audit): the filters as typed,
// one page of entries, or — for filters that cannot be read — the form again with its message.
import type { Db } from '../../../db/client.server';
import type { Actor } from '#app/domain/core/actor';
import { forbidden, isDomainError, type Translate } from '#app/domain/core/errors';
import { auditEntries, auditScope, parseAuditFilters } from './queries.server';
import { AUDIT_FILTER_FIELDS, type AuditPageData } from './schema';

export type { AuditPageData };

export async function loadAuditPage(
  db: Db,
  viewer: Actor,
  url: URL,
  t: Translate,
  options: { brandId?: number } = {},
): Promise<AuditPageData> {
  // Who may read comes first: a refused reader learns nothing from the filters' messages.
  const scope = await auditScope(db, viewer);
  if (!scope.all && options.brandId !== undefined && !scope.brandIds.includes(options.brandId))
    throw forbidden('audit.errors.otherBrand');
  const values: AuditPageData['values'] = {};
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = url.searchParams.get(field);
    if (value) values[field] = value.slice(0, 100);
  }
  const filtered = Object.keys(values).length > 0;
  const none = { next: null, prev: null, first: true };
  try {
    const filters = parseAuditFilters(url.searchParams);
    const { items, ...pages } = await auditEntries(db, viewer, filters, options);
    return { values, filtered, filterError: null, entries: items, pages };
  } catch (e) {
    if (isDomainError(e) && e.kind === 'Invalid')
      return { values, filtered, filterError: e.render(t).error, entries: [], pages: none };
    throw e;
  }
}
