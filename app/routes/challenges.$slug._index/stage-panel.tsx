import { useFormatter, useTranslations } from 'use-intl';
import type { ChallengeStage } from '../../../db/schema';
import { STAGES } from '#app/domain/challenges/policy';
import { STAGE_KEYS } from '#app/utils/format';

type Dated = string | Date | null;

/** Where the challenge is in its lifecycle, its dates and the per-person idea limit. */
export function StagePanel({
  challenge,
}: {
  challenge: {
    stage: ChallengeStage;
    opensAt: Dated;
    votingAt: Dated;
    reviewAt: Dated;
    awardedAt: Dated;
    maxIdeasPerUser: number;
  };
}) {
  const t = useTranslations();
  const format = useFormatter();
  const date = (value: string | Date) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const stageIndex = STAGES.indexOf(challenge.stage);
  const stageName = t(STAGE_KEYS[challenge.stage]);
  return (
    <section className="panel" aria-labelledby="stage-heading">
      <h2 id="stage-heading">{t('challenges.page.stage')}</h2>
      <ol
        className="stage-track"
        aria-label={t('challenges.page.stageTrack', {
          index: stageIndex + 1,
          total: STAGES.length,
          stage: stageName,
        })}
      >
        {STAGES.map((s, i) => (
          <li key={s} className={i <= stageIndex ? 'done' : undefined} title={t(STAGE_KEYS[s])} />
        ))}
      </ol>
      <dl>
        <dt>{t('challenges.page.now')}</dt>
        <dd>{stageName}</dd>
        {challenge.opensAt ? (
          <>
            <dt>{t('challenges.dates.opens')}</dt>
            <dd>{date(challenge.opensAt)}</dd>
          </>
        ) : null}
        {challenge.votingAt ? (
          <>
            <dt>{t('challenges.dates.voting')}</dt>
            <dd>{date(challenge.votingAt)}</dd>
          </>
        ) : null}
        {challenge.reviewAt ? (
          <>
            <dt>{t('challenges.dates.review')}</dt>
            <dd>{date(challenge.reviewAt)}</dd>
          </>
        ) : null}
        {challenge.awardedAt ? (
          <>
            <dt>{t('challenges.dates.winners')}</dt>
            <dd>{date(challenge.awardedAt)}</dd>
          </>
        ) : null}
        <dt>{t('challenges.page.limit')}</dt>
        <dd>{t('challenges.page.limitValue', { count: challenge.maxIdeasPerUser })}</dd>
      </dl>
    </section>
  );
}
