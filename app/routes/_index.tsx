import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { ChallengeCard, useContentLang } from '#app/components/challenge-card';
import { Byline } from '#app/components/deleted-account';
import { EmptyState, Score } from '#app/components/ui';
import { listChallenges } from '#app/domain/challenges/queries.server';
import { trendingIdeas } from '#app/domain/ideas/queries.server';
import { shortenExcerpt } from '#app/domain/markdown/markdown';
import { siteStats } from '#app/domain/stats/queries.server';

export async function loader({ context }: LoaderFunctionArgs) {
  const [open, trending, stats] = await Promise.all([
    listChallenges(context.db, { stage: 'open' }, 6),
    trendingIdeas(context.db, 6),
    siteStats(context.db),
  ]);
  return {
    open: {
      ...open,
      items: open.items.map((c) => ({ ...c, excerpt: shortenExcerpt(c.excerpt, 140) })),
    },
    trending,
    stats,
  };
}

type TrendingIdea = ReturnType<typeof useLoaderData<typeof loader>>['trending'][number];

function TrendingRow({ idea }: { idea: TrendingIdea }) {
  const t = useTranslations();
  const lang = useContentLang(idea.challengeLanguage);
  // The idea's own language (detected when written, issue 16) may differ from its challenge's.
  const ideaLang = useContentLang(idea.language);
  return (
    <li className="card idea-row">
      <Score support={idea.supportCount} oppose={idea.opposeCount} />
      <div>
        <h3 lang={ideaLang}>
          <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
        </h3>
        <p className="meta">
          <span>
            <Byline handle={idea.authorHandle} />
          </span>
          <span>
            {t.rich('ideas.inChallenge', {
              title: idea.challengeTitle,
              link: (chunks) => (
                <Link to={`/challenges/${idea.challengeSlug}`} lang={lang}>
                  {chunks}
                </Link>
              ),
            })}
          </span>
          <span>{t('ideas.comments', { count: idea.commentCount })}</span>
        </p>
      </div>
    </li>
  );
}

export default function Home() {
  const { open, trending, stats } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const openHeading = useId();
  const trendingHeading = useId();
  return (
    <>
      <section className="hero">
        <h1>{t('home.hero.title')}</h1>
        <p>{t('home.hero.lead')}</p>
        <div className="hero__actions">
          <Link to="/challenges?stage=open" className="button">
            {t('home.hero.browse')}
          </Link>
          <Link to="/brands" className="button button--ghost">
            {t('home.hero.launch')}
          </Link>
        </div>
        <div className="stats">
          <div>
            <strong>{format.number(stats.challenges)}</strong>
            <span>{t('home.stats.challenges', { count: stats.challenges })}</span>
          </div>
          <div>
            <strong>{format.number(stats.ideas)}</strong>
            <span>{t('home.stats.ideas', { count: stats.ideas })}</span>
          </div>
          <div>
            <strong>{format.number(stats.votes)}</strong>
            <span>{t('home.stats.votes', { count: stats.votes })}</span>
          </div>
          <div>
            <strong>{format.number(stats.people)}</strong>
            <span>{t('home.stats.people', { count: stats.people })}</span>
          </div>
        </div>
      </section>

      <section className="section" aria-labelledby={openHeading}>
        <div className="section-head">
          <h2 id={openHeading}>{t('home.open.heading')}</h2>
          <Link to="/challenges">{t('home.open.all')}</Link>
        </div>
        {open.items.length ? (
          <ul className="grid" aria-labelledby={openHeading}>
            {open.items.map((c) => (
              <li key={c.id}>
                <ChallengeCard c={c} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title={t('home.open.emptyTitle')}>
            <p>
              {t.rich('home.open.emptyBody', {
                link: (chunks) => <Link to="/brands">{chunks}</Link>,
              })}
            </p>
          </EmptyState>
        )}
      </section>

      <section className="section" aria-labelledby={trendingHeading}>
        <div className="section-head">
          <h2 id={trendingHeading}>{t('home.trending.heading')}</h2>
        </div>
        {trending.length ? (
          <ul className="idea-list" aria-labelledby={trendingHeading}>
            {trending.map((idea) => (
              <TrendingRow key={idea.id} idea={idea} />
            ))}
          </ul>
        ) : (
          <EmptyState title={t('home.trending.emptyTitle')}>
            <p>{t('home.trending.emptyBody')}</p>
          </EmptyState>
        )}
      </section>
    </>
  );
}
