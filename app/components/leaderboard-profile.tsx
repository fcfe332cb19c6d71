// The reputation parts of a profile (app/routes/u.$handle.tsx): reputation and level with the way
// to the next privilege, badges, rewards and the points history.
import { Link, useLocation } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import type { BadgeKey, BadgeTier } from '#app/domain/badges/catalog';
import type { Privilege, Rule } from '#app/domain/reputation/rules';

type When = Date | string;

const PRIVILEGE_KEYS = {
  submit: 'profile.reputation.privilege.submit',
  comment: 'profile.reputation.privilege.comment',
  support: 'profile.reputation.privilege.support',
  flag: 'profile.reputation.privilege.flag',
  oppose: 'profile.reputation.privilege.oppose',
  reviewQueue: 'profile.reputation.privilege.reviewQueue',
} as const satisfies Record<Privilege, string>;

const TIER_KEYS = {
  bronze: 'badges.tier.bronze',
  silver: 'badges.tier.silver',
  gold: 'badges.tier.gold',
} as const satisfies Record<BadgeTier, string>;

/** Each badge's name and description (notifications read the same `badges.<key>.name`). */
export const BADGE_TEXT_KEYS = {
  firstIdea: { name: 'badges.firstIdea.name', description: 'badges.firstIdea.description' },
  firstVote: { name: 'badges.firstVote.name', description: 'badges.firstVote.description' },
  firstSupport: {
    name: 'badges.firstSupport.name',
    description: 'badges.firstSupport.description',
  },
  tenComments: { name: 'badges.tenComments.name', description: 'badges.tenComments.description' },
  tenIdeas: { name: 'badges.tenIdeas.name', description: 'badges.tenIdeas.description' },
  supporters25: {
    name: 'badges.supporters25.name',
    description: 'badges.supporters25.description',
  },
  firstShortlist: {
    name: 'badges.firstShortlist.name',
    description: 'badges.firstShortlist.description',
  },
  hundredVotes: {
    name: 'badges.hundredVotes.name',
    description: 'badges.hundredVotes.description',
  },
  builtOn5: { name: 'badges.builtOn5.name', description: 'badges.builtOn5.description' },
  tenReplies: { name: 'badges.tenReplies.name', description: 'badges.tenReplies.description' },
  streak7: { name: 'badges.streak7.name', description: 'badges.streak7.description' },
  trusted: { name: 'badges.trusted.name', description: 'badges.trusted.description' },
  supporters100: {
    name: 'badges.supporters100.name',
    description: 'badges.supporters100.description',
  },
  firstWin: { name: 'badges.firstWin.name', description: 'badges.firstWin.description' },
  threeWins: { name: 'badges.threeWins.name', description: 'badges.threeWins.description' },
  reputation1000: {
    name: 'badges.reputation1000.name',
    description: 'badges.reputation1000.description',
  },
} as const satisfies Record<BadgeKey, { name: string; description: string }>;

const REWARD_STATUS_KEYS = {
  pending: 'profile.rewards.status.pending',
  fulfilled: 'profile.rewards.status.fulfilled',
  revoked: 'profile.rewards.status.revoked',
} as const;

const RULE_KEYS = {
  supportReceived: 'profile.history.rule.supportReceived',
  opposeReceived: 'profile.history.rule.opposeReceived',
  opposeCast: 'profile.history.rule.opposeCast',
  builtOn: 'profile.history.rule.builtOn',
  shortlisted: 'profile.history.rule.shortlisted',
  winner: 'profile.history.rule.winner',
  hidden: 'profile.history.rule.hidden',
  reward: 'profile.history.rule.reward',
} as const satisfies Record<Rule, string>;

export type ReputationView = {
  reputation: number;
  level: number;
  next: {
    level: number;
    threshold: number;
    unlocks: Privilege[];
    missing: number;
    progress: number;
  } | null;
};

export function ReputationSummary({ reputation }: { reputation: ReputationView }) {
  const t = useTranslations();
  const format = useFormatter();
  const headingId = useId();
  const { next } = reputation;
  const privileges = next ? format.list(next.unlocks.map((p) => t(PRIVILEGE_KEYS[p]))) : '';
  return (
    <section className="panel reputation-meter" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.reputation.title')}</h2>
      <p>
        <strong>{t('profile.reputation.points', { points: reputation.reputation })}</strong> ·{' '}
        {t('profile.reputation.level', { level: reputation.level })}
      </p>
      {next ? (
        <>
          <progress
            max={next.threshold}
            value={reputation.reputation}
            aria-label={t('profile.reputation.progress', { level: next.level })}
          />
          <p>{t('profile.reputation.next', { missing: next.missing, privileges })}</p>
        </>
      ) : (
        <p>{t('profile.reputation.top')}</p>
      )}
      <p>
        <Link to="/leaderboards">{t('profile.reputation.leaderboards')}</Link>
      </p>
    </section>
  );
}

export type BadgeView = { key: BadgeKey; tier: BadgeTier; earnedAt: When | null };

export function BadgesSection({ badges }: { badges: BadgeView[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const earned = badges.filter((b) => b.earnedAt).length;
  return (
    <section id="badges" aria-labelledby="badges-heading">
      <h2 id="badges-heading">{t('profile.badges.title')}</h2>
      <p className="muted">{t('profile.badges.count', { earned, total: badges.length })}</p>
      <ul className="badge-grid">
        {badges.map((b) => (
          <li
            key={b.key}
            className={`badge-card badge-card--${b.tier}${b.earnedAt ? '' : ' badge-card--locked'}`}
          >
            <h3>{t(BADGE_TEXT_KEYS[b.key].name)}</h3>
            <p>
              <span className="badge">{t(TIER_KEYS[b.tier])}</span>
            </p>
            <p>{t(BADGE_TEXT_KEYS[b.key].description)}</p>
            <p className="muted">
              {b.earnedAt
                ? t('profile.badges.earned', {
                    date: format.dateTime(new Date(b.earnedAt), { dateStyle: 'medium' }),
                  })
                : t('profile.badges.notYet')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export type RewardView = {
  id: number;
  rank: number;
  points: number;
  prize: string;
  status: 'pending' | 'fulfilled' | 'revoked';
  note: string;
  challengeTitle: string;
  challengeSlug: string;
  ideaId: number;
  ideaTitle: string;
};

export function RewardsSection({ rewards }: { rewards: RewardView[] }) {
  const t = useTranslations();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('profile.rewards.title')}</h2>
      {rewards.length ? (
        <ul className="idea-list">
          {rewards.map((r) => (
            <li key={r.id} id={`reward-${r.id}`} className="card">
              <h3>
                {t('profile.rewards.rank', { rank: r.rank })}{' '}
                <Link to={`/ideas/${r.ideaId}`}>{r.ideaTitle}</Link>{' '}
                <span className={`badge badge--status-${r.status}`}>
                  {t(REWARD_STATUS_KEYS[r.status])}
                </span>
              </h3>
              <p className="meta">
                <span>
                  {t.rich('profile.rewards.in', {
                    title: r.challengeTitle,
                    link: (chunks) => <Link to={`/challenges/${r.challengeSlug}`}>{chunks}</Link>,
                  })}
                </span>
                {r.points ? <span>{t('profile.rewards.points', { points: r.points })}</span> : null}
                {r.prize ? <span>{r.prize}</span> : null}
              </p>
              {r.note ? <p>{t('profile.rewards.note', { note: r.note })}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('profile.rewards.empty')}</p>
      )}
    </section>
  );
}

export type HistoryView = {
  items: {
    id: number;
    rule: Rule;
    nominal: number;
    points: number;
    reversal: boolean;
    capped: boolean;
    at: When;
    idea: { id: number; title: string } | null;
    challenge: { slug: string; title: string } | null;
    reward: { id: number; rank: number } | null;
  }[];
  next: string | null;
  prev: string | null;
  first: boolean;
};

function HistoryPager({ history }: { history: HistoryView }) {
  const location = useLocation();
  const t = useTranslations();
  if (history.first && !history.next) return null;
  const href = (cursor: { pointsAfter: string } | { pointsBefore: string } | null) => {
    const params = new URLSearchParams(location.search);
    params.delete('pointsAfter');
    params.delete('pointsBefore');
    if (cursor) for (const [key, value] of Object.entries(cursor)) params.set(key, value);
    return `?${params}#points`;
  };
  return (
    <nav className="pagination" aria-label={t('profile.history.pager.label')}>
      {history.first ? null : <Link to={href(null)}>{t('profile.history.pager.newest')}</Link>}
      {history.prev && !history.first ? (
        <Link to={href({ pointsBefore: history.prev })} rel="prev">
          {t('profile.history.pager.newer')}
        </Link>
      ) : null}
      {history.next ? (
        <Link to={href({ pointsAfter: history.next })} rel="next">
          {t('profile.history.pager.older')}
        </Link>
      ) : null}
    </nav>
  );
}

export function PointsHistory({ history }: { history: HistoryView }) {
  const t = useTranslations();
  const format = useFormatter();
  return (
    <section aria-labelledby="points">
      <h2 id="points">{t('profile.history.title')}</h2>
      {history.items.length ? (
        <ul className="points-history">
          {history.items.map((e) => {
            const rule = t(RULE_KEYS[e.rule]);
            return (
              <li key={e.id}>
                <div>
                  <p>
                    {e.reversal ? t('profile.history.reversed', { rule }) : rule}{' '}
                    {e.idea
                      ? t.rich('profile.history.on', {
                          title: e.idea.title,
                          link: (chunks) => <Link to={`/ideas/${e.idea!.id}`}>{chunks}</Link>,
                        })
                      : e.rule === 'opposeCast' && !e.challenge
                        ? t('profile.history.private')
                        : null}{' '}
                    {e.challenge
                      ? t.rich('profile.history.in', {
                          title: e.challenge.title,
                          link: (chunks) => (
                            <Link to={`/challenges/${e.challenge!.slug}`}>{chunks}</Link>
                          ),
                        })
                      : null}{' '}
                    {e.reward
                      ? t.rich('profile.history.reward', {
                          rank: e.reward.rank,
                          link: (chunks) => <a href={`#reward-${e.reward!.id}`}>{chunks}</a>,
                        })
                      : null}
                  </p>
                  {e.capped && !e.reversal ? (
                    <p className="muted">
                      {t('profile.history.capped', { points: e.points, nominal: e.nominal })}
                    </p>
                  ) : null}
                  <p className="muted">
                    {format.dateTime(new Date(e.at), { dateStyle: 'medium' })}
                  </p>
                </div>
                <span className={e.points < 0 ? 'loss' : 'gain'}>
                  {e.points > 0 ? `+${e.points}` : e.points}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('profile.history.empty')}</p>
      )}
      <HistoryPager history={history} />
    </section>
  );
}
