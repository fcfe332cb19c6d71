// The timeline on /me: a GET form filtering by kind and brand, the entries (one sentence each, in
// the reader's language, with links to the idea, the challenge and the brand, the date and what
// the ledger gave), and an "Older" link carrying the last entry's id.
import { Form, Link, useLocation, useSubmit } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { BADGE_TEXT_KEYS } from '#app/components/leaderboard-profile';
import { EmptyState } from '#app/components/ui';
import { isBadgeKey } from '#app/domain/badges/catalog';
import { CONSENT_LEVELS, type ConsentLevel } from '#app/domain/consent/schema';
import {
  TIMELINE_KINDS,
  intentHref,
  type TimelineItem,
  type TimelineKind,
} from '#app/domain/crm/timeline';
import { STAGE_KEYS, isStage } from '#app/utils/format';
import { ENTRY_KEYS, KIND_KEYS, LEVEL_SHORT_KEYS } from './keys';

/** A timeline line as the page gets it (dates as Date or as their ISO string). */
export type TimelineItemView = TimelineItem<Date | string>;

export type TimelineView = {
  items: TimelineItemView[];
  next: number | null;
  first: boolean;
};

export type TimelineFilters = { kind?: TimelineKind; brand?: string };

const isLevel = (v: string | null): v is ConsentLevel =>
  v !== null && (CONSENT_LEVELS as readonly string[]).includes(v);

function Points({ points }: { points: number }) {
  const t = useTranslations();
  if (points === 0)
    return <span className="points points--none">{t('relationships.timeline.pointsNone')}</span>;
  return points > 0 ? (
    <span className="points points--gain">
      {t('relationships.timeline.pointsGain', { points })}
    </span>
  ) : (
    <span className="points points--loss">
      {t('relationships.timeline.pointsLoss', { points: -points })}
    </span>
  );
}

function Entry({ item, handle }: { item: TimelineItemView; handle: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  // Titles are written in the challenge's language, which may not be the page's.
  const lang =
    item.challenge && item.challenge.language !== locale ? item.challenge.language : undefined;
  const ideaTitle = (idea: { title: string } | null, gone: boolean) =>
    idea?.title ??
    (gone ? t('relationships.timeline.ideaGone') : t('relationships.timeline.anIdea'));
  const ideaTag = (idea: { id: number } | null) => (chunks: ReactNode) =>
    idea ? (
      <Link to={`/ideas/${idea.id}`} lang={lang}>
        {chunks}
      </Link>
    ) : (
      <em>{chunks}</em>
    );
  const level = (v: string | null) => (isLevel(v) ? t(LEVEL_SHORT_KEYS[v]) : '');
  const badge =
    item.badge && isBadgeKey(item.badge) ? t(BADGE_TEXT_KEYS[item.badge].name) : (item.badge ?? '');
  const personHandle = item.person?.handle ?? null;
  const intentLink = intentHref(item);
  const sentence = t.rich(ENTRY_KEYS[item.key], {
    idea: ideaTitle(item.idea, item.ideaGone),
    original: ideaTitle(item.original, item.originalGone),
    challenge: item.challenge?.title ?? t('relationships.timeline.aChallenge'),
    brand: item.brand?.name ?? t('relationships.timeline.aBrand'),
    person: personHandle ? `@${personHandle}` : t('mydata.deleted.account'),
    stage: item.stage && isStage(item.stage) ? t(STAGE_KEYS[item.stage]) : '',
    from: level(item.from),
    to: level(item.to),
    rank: item.rank ?? 1,
    badge,
    intent: item.intent?.title ?? t('relationships.timeline.anIntent'),
    intentLink: (chunks) =>
      intentLink ? <Link to={intentLink}>{chunks}</Link> : <em>{chunks}</em>,
    ideaLink: ideaTag(item.idea),
    originalLink: ideaTag(item.original),
    challengeLink: (chunks) =>
      item.challenge ? (
        <Link to={`/challenges/${item.challenge.slug}`} lang={lang}>
          {chunks}
        </Link>
      ) : (
        chunks
      ),
    brandLink: (chunks) =>
      item.brand ? <Link to={`/brands/${item.brand.slug}`}>{chunks}</Link> : chunks,
    personLink: (chunks) =>
      personHandle ? (
        <Link to={`/u/${personHandle}`}>{chunks}</Link>
      ) : (
        <span className="deleted-account">{chunks}</span>
      ),
    badgeLink: (chunks) => <Link to={`/u/${handle}#badges`}>{chunks}</Link>,
  });
  const at = new Date(item.at);
  return (
    <li className="timeline__item">
      <div className="timeline__body">
        <p className="timeline__text">{sentence}</p>
        {item.excerpt ? (
          <p className="timeline__excerpt" lang={lang}>
            “{item.excerpt}”
          </p>
        ) : null}
        <p className="meta">
          <time dateTime={at.toISOString()}>
            {format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' })}
          </time>
          {item.brand && item.key !== 'consentChanged' ? (
            <Link to={`/brands/${item.brand.slug}`}>{item.brand.name}</Link>
          ) : null}
        </p>
      </div>
      {item.points !== null ? <Points points={item.points} /> : null}
    </li>
  );
}

function Filters({
  filters,
  brands,
}: {
  filters: TimelineFilters;
  brands: { slug: string; name: string }[];
}) {
  const t = useTranslations();
  const submit = useSubmit();
  const filtered = Boolean(filters.kind || filters.brand);
  return (
    <Form
      method="get"
      className="filters timeline__filters"
      role="search"
      aria-label={t('relationships.timeline.filters')}
      preventScrollReset
      onChange={(e) => {
        if ((e.target as HTMLElement).tagName === 'SELECT')
          submit(e.currentTarget, { replace: true, preventScrollReset: true });
      }}
    >
      <div className="field">
        <label htmlFor="timeline-kind">{t('relationships.timeline.kindLabel')}</label>
        <select id="timeline-kind" name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">{t('relationships.timeline.anyKind')}</option>
          {TIMELINE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(KIND_KEYS[kind])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="timeline-brand">{t('relationships.timeline.brandLabel')}</label>
        <select id="timeline-brand" name="brand" defaultValue={filters.brand ?? ''}>
          <option value="">{t('relationships.timeline.anyBrand')}</option>
          {brands.map((b) => (
            <option key={b.slug} value={b.slug}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t('relationships.timeline.apply')}
        </button>
        {filtered ? (
          <Link to="/me#timeline" preventScrollReset>
            {t('relationships.timeline.clear')}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function Empty({
  filters,
  first,
  brands,
}: {
  filters: TimelineFilters;
  first: boolean;
  brands: { slug: string; name: string }[];
}) {
  const t = useTranslations();
  if (!first)
    return (
      <EmptyState title={t('relationships.timeline.emptyOlderTitle')}>
        <p>{t('relationships.timeline.emptyOlder')}</p>
      </EmptyState>
    );
  const brand = brands.find((b) => b.slug === filters.brand)?.name ?? filters.brand ?? '';
  const kind = filters.kind ? t(KIND_KEYS[filters.kind]) : '';
  if (!filters.kind && !filters.brand)
    return (
      <EmptyState title={t('relationships.timeline.emptyTitle')}>
        <p>
          {t.rich('relationships.timeline.empty', {
            link: (chunks) => <Link to="/challenges?stage=open">{chunks}</Link>,
          })}
        </p>
      </EmptyState>
    );
  return (
    <EmptyState
      title={
        filters.kind && filters.brand
          ? t('relationships.timeline.emptyKindBrand', { kind, brand })
          : filters.kind
            ? t('relationships.timeline.emptyKind', { kind })
            : t('relationships.timeline.emptyBrand', { brand })
      }
    >
      <p>
        <Link to="/me#timeline">{t('relationships.timeline.clear')}</Link>
      </p>
    </EmptyState>
  );
}

function Pager({ timeline }: { timeline: TimelineView }) {
  const t = useTranslations();
  const location = useLocation();
  if (timeline.first && timeline.next === null) return null;
  const href = (after: number | null) => {
    const params = new URLSearchParams(location.search);
    params.delete('after');
    if (after !== null) params.set('after', String(after));
    const search = params.toString();
    return `/me${search ? `?${search}` : ''}#timeline`;
  };
  return (
    <nav className="pagination" aria-label={t('relationships.timeline.pager')}>
      {timeline.first ? null : <Link to={href(null)}>{t('relationships.timeline.newest')}</Link>}
      {timeline.next !== null ? (
        <Link to={href(timeline.next)} rel="next">
          {t('relationships.timeline.older')}
        </Link>
      ) : null}
    </nav>
  );
}

export function Timeline({
  timeline,
  filters,
  brands,
  handle,
}: {
  timeline: TimelineView;
  filters: TimelineFilters;
  brands: { slug: string; name: string }[];
  handle: string;
}) {
  const t = useTranslations();
  return (
    <section className="section timeline" aria-labelledby="timeline">
      <div className="section-head">
        <h2 id="timeline">{t('relationships.timeline.heading')}</h2>
      </div>
      <p className="muted">{t('relationships.timeline.intro')}</p>
      <Filters filters={filters} brands={brands} />
      {timeline.items.length ? (
        <ol className="timeline__list card" aria-labelledby="timeline">
          {timeline.items.map((item) => (
            <Entry key={item.id} item={item} handle={handle} />
          ))}
        </ol>
      ) : (
        <Empty filters={filters} first={timeline.first} brands={brands} />
      )}
      <Pager timeline={timeline} />
    </section>
  );
}
