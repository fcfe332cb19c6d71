import { Form, Link } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import type { RewardStatus } from '../../../db/schema';
import { Byline } from '#app/components/deleted-account';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';

export type WinnerRow = {
  id: number;
  rank: number;
  points: number;
  prize: string;
  status: RewardStatus;
  note: string;
  decidedAt: string | Date | null;
  ideaId: number;
  ideaTitle: string;
  /** Null for a deleted account. */
  authorHandle: string | null;
};

/** The winners, first place first, with their reward; the brand decides pending rewards here. */
export function WinnersSection({
  winners,
  canDecide,
  lang,
}: {
  winners: WinnerRow[];
  canDecide: boolean;
  lang: string | undefined;
}) {
  const t = useTranslations();
  const format = useFormatter();
  const result = useActionError();
  return (
    <section className="card winners" id="winners" aria-labelledby="winners-heading">
      <h2 id="winners-heading">{t('challenges.winners.heading')}</h2>
      {result?.values?.intent === 'fulfil' || result?.values?.intent === 'revoke' ? (
        <FormError error={result.error} />
      ) : null}
      <ol className="winner-list">
        {winners.map((w) => (
          <li key={w.id} className="winner">
            <p>
              <strong>{t('challenges.winners.rank', { rank: w.rank })}</strong>{' '}
              <Link to={`/ideas/${w.ideaId}`} lang={lang}>
                {w.ideaTitle}
              </Link>{' '}
              <span className="muted">
                <Byline handle={w.authorHandle} message="challenges.winners.by" />
              </span>
            </p>
            <p>
              {w.points > 0 ? t('challenges.winners.points', { points: w.points }) : null}
              {w.points > 0 && w.prize ? ' · ' : null}
              {w.prize ? <span lang={lang}>{w.prize}</span> : null}{' '}
              <span className={`badge badge--reward-${w.status}`}>
                {t('challenges.winners.status', { status: w.status })}
              </span>
            </p>
            {w.status !== 'pending' && w.note ? (
              <p className="muted">
                {t('challenges.winners.note', {
                  note: w.note,
                  date: w.decidedAt
                    ? format.dateTime(new Date(w.decidedAt), { dateStyle: 'medium' })
                    : '',
                })}
              </p>
            ) : null}
            {canDecide && w.status === 'pending' ? (
              <Form method="post" className="form reward-decision">
                <input type="hidden" name="rewardId" value={w.id} />
                <label htmlFor={`note-${w.id}`}>{t('challenges.winners.noteLabel')}</label>
                <textarea
                  id={`note-${w.id}`}
                  name="note"
                  rows={2}
                  maxLength={500}
                  required
                  aria-describedby={`note-${w.id}-hint`}
                />
                <p className="hint" id={`note-${w.id}-hint`}>
                  {t('challenges.winners.noteHint')}
                </p>
                <div className="form-actions">
                  <SubmitButton name="intent" value="fulfil">
                    {t('challenges.winners.fulfil')}
                  </SubmitButton>
                  <SubmitButton name="intent" value="revoke" className="button button--ghost">
                    {t('challenges.winners.revoke')}
                  </SubmitButton>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
