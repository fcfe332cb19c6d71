import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import {
  ACTIVE_WITHIN_CHOICES,
  COMMUNITY_SORTS,
  MAX_LEVEL,
  type CommunityFilter,
  type CommunitySort,
  type SortDirection,
} from '#app/domain/community/schema';
import { SORT_KEYS } from './labels';

/**
 * The table's filter as a GET form (it works without JavaScript): a tag, a reputation level, an
 * activity window, a challenge, a consent level and a minimum engagement, with the order. A saved
 * segment's filter fills it; changing and applying it leaves the segment.
 */
export function FilterForm({
  filter,
  sort,
  dir,
  challenges,
  segment,
}: {
  filter: CommunityFilter;
  sort: CommunitySort;
  dir: SortDirection;
  challenges: { slug: string; title: string }[];
  segment: { id: number; name: string } | null;
}) {
  const t = useTranslations();
  // A key per applied filter, so the fields show it again after each navigation.
  const key = JSON.stringify([filter, sort, dir, segment?.id]);
  return (
    <Form
      method="get"
      className="community-filters"
      key={key}
      aria-label={t('community.filter.label')}
    >
      <fieldset>
        <legend>{t('community.filter.legend')}</legend>
        <div className="filters">
          <div className="field">
            <label htmlFor="community-tag">{t('community.filter.tag')}</label>
            <input
              id="community-tag"
              name="tag"
              type="text"
              defaultValue={filter.tag ?? ''}
              maxLength={31}
              pattern="#?[\p{L}\p{N}\-]{2,30}"
              aria-describedby="community-tag-hint"
            />
            <p className="hint" id="community-tag-hint">
              {t('community.filter.tagHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="community-level">{t('community.filter.level')}</label>
            <select id="community-level" name="level" defaultValue={filter.level ?? ''}>
              <option value="">{t('community.filter.any')}</option>
              {Array.from({ length: MAX_LEVEL }, (_, i) => i + 1).map((level) => (
                <option key={level} value={level}>
                  {t('community.filter.levelAtLeast', { level })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="community-active">{t('community.filter.active')}</label>
            <select id="community-active" name="active" defaultValue={filter.active ?? ''}>
              <option value="">{t('community.filter.anyTime')}</option>
              {[...new Set([...ACTIVE_WITHIN_CHOICES, ...(filter.active ? [filter.active] : [])])]
                .sort((a, b) => a - b)
                .map((days) => (
                  <option key={days} value={days}>
                    {t('community.filter.activeDays', { days })}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="community-challenge">{t('community.filter.challenge')}</label>
            <select id="community-challenge" name="challenge" defaultValue={filter.challenge ?? ''}>
              <option value="">{t('community.filter.anyChallenge')}</option>
              {challenges.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="community-consent">{t('community.filter.consent')}</label>
            <select id="community-consent" name="consent" defaultValue={filter.consent ?? ''}>
              <option value="">{t('community.filter.anyConsent')}</option>
              <option value="activity">{t('community.consent.activity')}</option>
              <option value="profile">{t('community.consent.profile')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="community-engagement">{t('community.filter.engagement')}</label>
            <input
              id="community-engagement"
              name="engagement"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              defaultValue={filter.engagement ?? ''}
            />
          </div>
          <div className="field">
            <label htmlFor="community-sort">{t('community.filter.sort')}</label>
            <select id="community-sort" name="sort" defaultValue={sort}>
              {COMMUNITY_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(SORT_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="community-dir">{t('community.filter.dir')}</label>
            <select id="community-dir" name="dir" defaultValue={dir}>
              <option value="desc">{t('community.filter.desc')}</option>
              <option value="asc">{t('community.filter.asc')}</option>
            </select>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('community.filter.apply')}
          </button>
          <Link to="?" className="button button--ghost">
            {t('community.filter.clear')}
          </Link>
        </div>
      </fieldset>
    </Form>
  );
}
