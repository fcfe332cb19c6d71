import { useTranslations } from 'use-intl';

/** Points and prize for the winners, when the challenge offers any. */
export function RewardPanel({
  challenge,
  lang,
}: {
  challenge: {
    rewardPoints: number;
    rewardDescription: string | null;
    prizes: { points: number; item: string }[];
  };
  lang: string | undefined;
}) {
  const t = useTranslations();
  if (!(challenge.rewardPoints > 0 || challenge.rewardDescription || challenge.prizes.length))
    return null;
  return (
    <section className="panel" aria-labelledby="reward-heading">
      <h2 id="reward-heading">{t('challenges.page.reward')}</h2>
      {challenge.rewardPoints > 0 ? (
        <p className="reward">
          {t('challenges.page.rewardPool', { points: challenge.rewardPoints })}
        </p>
      ) : null}
      {challenge.prizes.length ? (
        <ol className="prize-split" aria-label={t('challenges.page.prizeSplit')}>
          {challenge.prizes.map((p, i) => (
            <li key={i}>
              <strong>{t('challenges.winners.rank', { rank: i + 1 })}</strong>{' '}
              {p.points > 0 ? t('challenges.winners.points', { points: p.points }) : null}
              {p.points > 0 && p.item ? ' · ' : null}
              {p.item ? <span lang={lang}>{p.item}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {challenge.rewardDescription ? <p lang={lang}>{challenge.rewardDescription}</p> : null}
    </section>
  );
}
