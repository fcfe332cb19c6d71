// One card per brand on /me: what the person did on its challenges, the points it earned them,
// their engagement (a meter, with the formula in words) and what the brand may see about them,
// changeable here (the consent form posts to /consent and comes back to /me).
import { Form, Link } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { SubmitButton } from '#app/components/forms';
import { EmptyState } from '#app/components/ui';
import { CONSENT_LEVELS, type ConsentLevel } from '#app/domain/consent/schema';
import { CONSENT_LEVEL_KEYS } from '#app/routes/ideas.$id._index/consent-question';
import { LEVEL_SHORT_KEYS } from './keys';

type When = Date | string;

export type BrandCardView = {
  brandId: number;
  slug: string;
  name: string;
  activity: {
    ideas: number;
    votes: number;
    comments: number;
    shortlists: number;
    wins: number;
    firstActiveAt: When;
    lastActiveAt: When;
    engagement: number;
  } | null;
  points: number;
  consent: { level: ConsentLevel; answered: boolean; updatedAt: When | null };
};

function Stats({
  card,
}: {
  card: BrandCardView & { activity: NonNullable<BrandCardView['activity']> };
}) {
  const t = useTranslations();
  const a = card.activity;
  const rows = [
    [t('relationships.brands.stats.ideas'), a.ideas],
    [t('relationships.brands.stats.votes'), a.votes],
    [t('relationships.brands.stats.comments'), a.comments],
    [t('relationships.brands.stats.shortlists'), a.shortlists],
    [t('relationships.brands.stats.wins'), a.wins],
    [t('relationships.brands.stats.points'), card.points],
  ] as const;
  return (
    <dl className="brand-card__stats">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Engagement({
  card,
}: {
  card: BrandCardView & { activity: NonNullable<BrandCardView['activity']> };
}) {
  const t = useTranslations();
  const value = card.activity.engagement;
  const labelId = `engagement-${card.brandId}`;
  return (
    <div className="engagement">
      <span id={labelId}>{t('relationships.brands.engagement')}</span>
      <meter
        min={0}
        max={100}
        low={25}
        high={60}
        optimum={100}
        value={value}
        aria-labelledby={labelId}
        aria-valuetext={t('relationships.brands.engagementValue', { value })}
      />
      <strong aria-hidden="true">{t('relationships.brands.engagementValue', { value })}</strong>
    </div>
  );
}

function ConsentForm({ card }: { card: BrandCardView }) {
  const t = useTranslations();
  const format = useFormatter();
  const selectId = `consent-${card.brandId}`;
  const hintId = `consent-hint-${card.brandId}`;
  return (
    <Form method="post" action="/consent" className="brand-card__consent">
      <input type="hidden" name="brandId" value={card.brandId} />
      <input type="hidden" name="redirectTo" value="/me" />
      <label htmlFor={selectId}>{t('consent.me.levelLabel', { brand: card.name })}</label>
      <div className="consent-row">
        <select
          id={selectId}
          name="level"
          defaultValue={card.consent.level}
          aria-describedby={hintId}
        >
          {CONSENT_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(CONSENT_LEVEL_KEYS[level])}
            </option>
          ))}
        </select>
        <SubmitButton className="button button--ghost button--small">
          {t('consent.me.save')}
        </SubmitButton>
      </div>
      <p id={hintId} className="muted">
        {card.consent.answered && card.consent.updatedAt ? (
          <>
            {t('relationships.brands.seesNow', { level: t(LEVEL_SHORT_KEYS[card.consent.level]) })}{' '}
            {t('consent.me.updated', {
              date: format.dateTime(new Date(card.consent.updatedAt), { dateStyle: 'medium' }),
            })}
          </>
        ) : (
          t('relationships.brands.notAsked')
        )}
      </p>
    </Form>
  );
}

function BrandCard({ card }: { card: BrandCardView }) {
  const t = useTranslations();
  const format = useFormatter();
  const headingId = `brand-card-${card.brandId}`;
  return (
    <li>
      <article className="card brand-card" aria-labelledby={headingId}>
        <h3 id={headingId}>
          <Link to={`/brands/${card.slug}`}>{card.name}</Link>
        </h3>
        {card.activity ? (
          <>
            <Stats card={{ ...card, activity: card.activity }} />
            <p className="muted brand-card__when">
              {t('relationships.brands.lastActive', {
                date: format.dateTime(new Date(card.activity.lastActiveAt), {
                  dateStyle: 'medium',
                }),
              })}
            </p>
            <Engagement card={{ ...card, activity: card.activity }} />
          </>
        ) : (
          <p className="muted">
            {card.points
              ? t('relationships.brands.nothingNowPoints', { points: card.points })
              : t('relationships.brands.nothingNow')}
          </p>
        )}
        <ConsentForm card={card} />
        <p className="brand-card__more">
          <Link to={`?brand=${encodeURIComponent(card.slug)}#timeline`} preventScrollReset>
            {t('relationships.brands.inTimeline', { brand: card.name })}
          </Link>
        </p>
      </article>
    </li>
  );
}

export function BrandCards({ cards }: { cards: BrandCardView[] }) {
  const t = useTranslations();
  return (
    <section className="section" aria-labelledby="brands-heading">
      <div className="section-head">
        <h2 id="brands-heading">{t('relationships.brands.heading')}</h2>
      </div>
      <p className="muted">{t('relationships.brands.intro')}</p>
      <details className="how">
        <summary>{t('relationships.how.summary')}</summary>
        <p>{t('relationships.brands.how.counts')}</p>
        <p>{t('relationships.brands.how.engagement')}</p>
        <p>{t('relationships.brands.how.consent')}</p>
      </details>
      {cards.length ? (
        <ul className="grid brand-cards" aria-labelledby="brands-heading">
          {cards.map((card) => (
            <BrandCard key={card.brandId} card={card} />
          ))}
        </ul>
      ) : (
        <EmptyState title={t('relationships.brands.emptyTitle')}>
          <p>
            {t.rich('relationships.brands.empty', {
              link: (chunks) => <Link to="/challenges?stage=open">{chunks}</Link>,
            })}
          </p>
        </EmptyState>
      )}
    </section>
  );
}
