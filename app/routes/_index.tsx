import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChallengeCard } from '../components/challenge-card';
import { EmptyState, Score } from '../components/ui';
import { listChallenges } from '../domain/challenges.server';
import { trendingIdeas } from '../domain/ideas.server';
import { shortenExcerpt } from '../domain/markdown';
import { siteStats } from '../domain/stats.server';
import { plural } from '../utils/format';

export async function loader({ context }: LoaderFunctionArgs) {
  const [open, trending, stats] = await Promise.all([
    listChallenges(context.db, { stage: 'open', page: 1 }, 6),
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

export default function Home() {
  const { open, trending, stats } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>Co-create the products you want with the brands you love.</h1>
        <p>
          Brands bring real challenges. You bring ideas, build on others', vote and discuss — and
          every contribution counts.
        </p>
        <div className="hero__actions">
          <Link to="/challenges?stage=open" className="button">
            Browse open challenges
          </Link>
          <Link to="/brands" className="button button--ghost">
            Launch a challenge
          </Link>
        </div>
        <div className="stats">
          <div>
            <strong>{stats.challenges.toLocaleString('en')}</strong>
            <span>challenges</span>
          </div>
          <div>
            <strong>{stats.ideas.toLocaleString('en')}</strong>
            <span>ideas</span>
          </div>
          <div>
            <strong>{stats.votes.toLocaleString('en')}</strong>
            <span>votes</span>
          </div>
          <div>
            <strong>{stats.people.toLocaleString('en')}</strong>
            <span>people</span>
          </div>
        </div>
      </section>

      <section className="section" aria-labelledby="open-heading">
        <div className="section-head">
          <h2 id="open-heading">Open challenges</h2>
          <Link to="/challenges">All challenges →</Link>
        </div>
        {open.items.length ? (
          <div className="grid">
            {open.items.map((c) => (
              <ChallengeCard key={c.id} c={c} />
            ))}
          </div>
        ) : (
          <EmptyState title="No challenge is open right now.">
            <p>
              Look at the ones in voting, or <Link to="/brands">start one for your brand</Link>.
            </p>
          </EmptyState>
        )}
      </section>

      <section className="section" aria-labelledby="trending-heading">
        <div className="section-head">
          <h2 id="trending-heading">Trending ideas</h2>
        </div>
        {trending.length ? (
          <ul className="idea-list">
            {trending.map((idea) => (
              <li key={idea.id} className="card idea-row">
                <Score support={idea.supportCount} oppose={idea.opposeCount} />
                <div>
                  <h3>
                    <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
                  </h3>
                  <p className="meta">
                    <span>
                      by <Link to={`/u/${idea.authorHandle}`}>@{idea.authorHandle}</Link>
                    </span>
                    <span>
                      in <Link to={`/challenges/${idea.challengeSlug}`}>{idea.challengeTitle}</Link>
                    </span>
                    <span>{plural(idea.commentCount, 'comment')}</span>
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No ideas yet.">
            <p>Be the first: pick an open challenge and share what you think.</p>
          </EmptyState>
        )}
      </section>
    </>
  );
}
