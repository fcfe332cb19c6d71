import { Link, useFetcher, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { ActionError } from '#app/domain/core/errors';
import type { VoteRefusal } from '#app/domain/votes/policy';

type VoteData =
  { ok: true; vote: { value: number; supportCount: number; opposeCount: number } } | ActionError;

export function VotePanel({
  support,
  oppose,
  myVote,
  refusal,
  opposeLock = null,
}: {
  support: number;
  oppose: number;
  myVote: number;
  /** Why the viewer may not vote (votes/policy.ts), or null when they may. */
  refusal: VoteRefusal | null;
  /** What unlocks opposing and what the viewer has (reputation/policy.ts), or null when they may. */
  opposeLock?: { threshold: number; reputation: number } | null;
}) {
  const canAct = refusal === null;
  const fetcher = useFetcher<VoteData>();
  const location = useLocation();
  // Optimistic: while a vote is on its way, show what it will do.
  let shown = { support, oppose, mine: myVote };
  const pendingValue = fetcher.formData?.get('value');
  if (pendingValue != null) {
    const next = Number(pendingValue);
    shown = {
      support: support + (next === 1 ? 1 : 0) - (myVote === 1 ? 1 : 0),
      oppose: oppose + (next === -1 ? 1 : 0) - (myVote === -1 ? 1 : 0),
      mine: next,
    };
  }
  // An oppose already cast can still be withdrawn, so only a new one is locked.
  const lock = shown.mine === -1 ? null : opposeLock;
  const error = fetcher.data && 'error' in fetcher.data ? fetcher.data.error : null;
  const t = useTranslations();
  return (
    <section className="panel" aria-labelledby="votes-heading">
      <h2 id="votes-heading">{t('ideas.vote.heading')}</h2>
      <div className="vote-box">
        <span className="vote-count" aria-live="polite">
          {t.rich('ideas.vote.score', {
            score: shown.support - shown.oppose,
            // Announced as "Score: 3" rather than a bare number when a vote changes it.
            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          })}
        </span>
        <span className="vote-split">
          {t('ideas.vote.split', { support: shown.support, oppose: shown.oppose })}
        </span>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {refusal === 'closed' ? (
        <p className="muted">{t('ideas.vote.closed')}</p>
      ) : refusal === 'ownIdea' ? (
        <p className="muted">{t('ideas.vote.own')}</p>
      ) : !canAct ? (
        <p className="muted">
          {t.rich('ideas.vote.signIn', {
            link: (chunks) => (
              <Link to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <fetcher.Form method="post" className="vote-box" style={{ marginTop: 12 }}>
          <input type="hidden" name="intent" value="vote" />
          <button
            type="submit"
            name="value"
            value={shown.mine === 1 ? '0' : '1'}
            className="button"
            aria-pressed={shown.mine === 1}
          >
            {shown.mine === 1 ? t('ideas.vote.supported') : t('ideas.vote.support')}
          </button>
          {lock ? (
            // Not a submit button: a crafted form is refused by castVote all the same.
            <button
              type="button"
              className="button button--ghost button--oppose"
              disabled
              aria-describedby="oppose-locked"
            >
              {t('ideas.vote.oppose')}
            </button>
          ) : (
            <button
              type="submit"
              name="value"
              value={shown.mine === -1 ? '0' : '-1'}
              className="button button--ghost button--oppose"
              aria-pressed={shown.mine === -1}
            >
              {shown.mine === -1 ? t('ideas.vote.opposed') : t('ideas.vote.oppose')}
            </button>
          )}
        </fetcher.Form>
      )}
      {canAct && lock ? (
        <p id="oppose-locked" className="hint" style={{ marginTop: 8 }}>
          {t('ideas.vote.opposeLocked', { threshold: lock.threshold, reputation: lock.reputation })}
        </p>
      ) : null}
      {canAct && shown.mine !== 0 ? (
        <p className="hint" style={{ marginTop: 8 }}>
          {t('ideas.vote.withdrawHint')}
        </p>
      ) : null}
    </section>
  );
}
