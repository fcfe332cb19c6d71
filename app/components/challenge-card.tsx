import { Link } from '@remix-run/react';
import { useLocale, useTranslations } from 'use-intl';
import { StageBadge, Tags } from './ui';

/**
 * The `lang` for words people wrote in a challenge's language: set only when it differs from the
 * page's, so screen readers switch voice for them (WCAG 3.1.2).
 */
export function useContentLang(language: string | null | undefined): string | undefined {
  const locale = useLocale();
  return language && language !== locale ? language : undefined;
}

export type ChallengeCardData = {
  slug: string;
  title: string;
  excerpt: string;
  tags: string[];
  stage: string;
  rewardPoints: number;
  rewardDescription: string;
  brandName: string;
  brandSlug: string;
  ideaCount: number;
  /** The language the brand wrote the challenge in. */
  language: string;
};

export function ChallengeCard({
  c,
  headingLevel = 3,
}: {
  c: ChallengeCardData;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const t = useTranslations();
  const lang = useContentLang(c.language);
  return (
    <article className="card challenge-card">
      <p className="eyebrow">
        <Link to={`/brands/${c.brandSlug}`}>{c.brandName}</Link> · <StageBadge stage={c.stage} />
      </p>
      <Heading lang={lang}>
        <Link to={`/challenges/${c.slug}`} prefetch="intent">
          {c.title}
        </Link>
      </Heading>
      <p className="challenge-card__brief" lang={lang}>
        {c.excerpt}
      </p>
      <Tags tags={c.tags} hrefFor={(tag) => `/challenges?tag=${encodeURIComponent(tag)}`} />
      <div className="challenge-card__foot">
        <span>{t('challenges.card.ideas', { count: c.ideaCount })}</span>
        {c.rewardPoints > 0 ? (
          <span className="reward">{t('challenges.card.reward', { points: c.rewardPoints })}</span>
        ) : null}
      </div>
    </article>
  );
}
