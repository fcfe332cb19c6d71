// The summary row of /me: reputation and level (the profile's own panel), the badges earned, the
// rewards won and the person's interests, each a small panel with a way to the whole list.
import { Link } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import {
  BADGE_TEXT_KEYS,
  ReputationSummary,
  type ReputationView,
} from '#app/components/leaderboard-profile';
import type { BadgeKey, BadgeTier } from '#app/domain/badges/catalog';

type When = Date | string;

/** How many rewards the summary lists before sending to the profile for the rest. */
const REWARDS_SHOWN = 3;

const REWARD_STATUS_KEYS = {
  pending: 'profile.rewards.status.pending',
  fulfilled: 'profile.rewards.status.fulfilled',
  revoked: 'profile.rewards.status.revoked',
} as const;

export type SummaryView = {
  reputation: ReputationView;
  badges: { key: BadgeKey; tier: BadgeTier; earnedAt: When }[];
  badgeCount: number;
  rewards: {
    id: number;
    rank: number;
    status: 'pending' | 'fulfilled' | 'revoked';
    points: number;
    ideaId: number;
    ideaTitle: string;
    challengeTitle: string;
  }[];
  interests: { tag: string; score: number }[];
};

function BadgesPanel({ summary, handle }: { summary: SummaryView; handle: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('relationships.summary.badges.title')}</h2>
      <p className="muted">
        {t('relationships.summary.badges.count', {
          earned: summary.badges.length,
          total: summary.badgeCount,
        })}
      </p>
      {summary.badges.length ? (
        <ul className="chip-list" aria-labelledby={headingId}>
          {summary.badges.map((b) => (
            <li key={b.key} className={`chip chip--${b.tier}`}>
              <span>{t(BADGE_TEXT_KEYS[b.key].name)}</span>{' '}
              <time className="visually-hidden" dateTime={new Date(b.earnedAt).toISOString()}>
                {format.dateTime(new Date(b.earnedAt), { dateStyle: 'medium' })}
              </time>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={`/u/${handle}#badges`}>{t('relationships.summary.badges.all')}</Link>
      </p>
    </section>
  );
}

function RewardsPanel({ summary, handle }: { summary: SummaryView; handle: string }) {
  const t = useTranslations();
  const headingId = useId();
  const shown = summary.rewards.slice(0, REWARDS_SHOWN);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('relationships.summary.rewards.title')}</h2>
      {shown.length ? (
        <ul className="summary-list" aria-labelledby={headingId}>
          {shown.map((r) => (
            <li key={r.id}>
              {t.rich('relationships.summary.rewards.item', {
                rank: r.rank,
                idea: r.ideaTitle,
                link: (chunks) => <Link to={`/ideas/${r.ideaId}`}>{chunks}</Link>,
              })}{' '}
              <span className={`badge badge--reward-${r.status}`}>
                {t(REWARD_STATUS_KEYS[r.status])}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('relationships.summary.rewards.empty')}</p>
      )}
      {summary.rewards.length > REWARDS_SHOWN ? (
        <p>
          <Link to={`/u/${handle}`}>
            {t('relationships.summary.rewards.all', { count: summary.rewards.length })}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function InterestsPanel({ interests }: { interests: SummaryView['interests'] }) {
  const t = useTranslations();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('relationships.summary.interests.title')}</h2>
      {interests.length ? (
        <>
          <p className="muted">{t('relationships.summary.interests.intro')}</p>
          <ul className="tags interest-tags" aria-labelledby={headingId}>
            {interests.map((i) => (
              <li key={i.tag}>
                <span>#{i.tag}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('relationships.summary.interests.empty')}</p>
      )}
      <details className="how">
        <summary>{t('relationships.how.summary')}</summary>
        <p>{t('relationships.summary.interests.how')}</p>
      </details>
    </section>
  );
}

export function RelationshipSummary({ summary, handle }: { summary: SummaryView; handle: string }) {
  return (
    <div className="relationships-summary">
      <ReputationSummary reputation={summary.reputation} />
      <BadgesPanel summary={summary} handle={handle} />
      <RewardsPanel summary={summary} handle={handle} />
      <InterestsPanel interests={summary.interests} />
    </div>
  );
}
