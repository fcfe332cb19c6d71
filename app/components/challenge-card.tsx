import { Link } from '@remix-run/react';
import { plural } from '../utils/format';
import { StageBadge, Tags } from './ui';

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
};

export function ChallengeCard({
  c,
  headingLevel = 3,
}: {
  c: ChallengeCardData;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card challenge-card">
      <p className="eyebrow">
        <Link to={`/brands/${c.brandSlug}`}>{c.brandName}</Link> · <StageBadge stage={c.stage} />
      </p>
      <Heading>
        <Link to={`/challenges/${c.slug}`} prefetch="intent">
          {c.title}
        </Link>
      </Heading>
      <p className="challenge-card__brief">{c.excerpt}</p>
      <Tags tags={c.tags} hrefFor={(t) => `/challenges?tag=${encodeURIComponent(t)}`} />
      <div className="challenge-card__foot">
        <span>{plural(c.ideaCount, 'idea')}</span>
        {c.rewardPoints > 0 ? (
          <span className="reward">{c.rewardPoints.toLocaleString('en')} pts reward pool</span>
        ) : null}
      </div>
    </article>
  );
}
