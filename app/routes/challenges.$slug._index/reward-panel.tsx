import { useTranslations } from 'use-intl';

/** Points and prize for the winners, when the challenge offers any. */
export function RewardPanel({
  challenge,
  lang,
}: {
  challenge: { rewardPoints: number; rewardDescription: string | null };
  lang: string | undefined;
}) {
  const t = useTranslations();
  if (!(challenge.rewardPoints > 0 || challenge.rewardDescription)) return null;
  return (
    <section className="panel" aria-labelledby="reward-heading">
      <h2 id="reward-heading">{t('challenges.page.reward')}</h2>
      {challenge.rewardPoints > 0 ? (
        <p className="reward">
          {t('challenges.page.rewardPool', { points: challenge.rewardPoints })}
        </p>
      ) : null}
      {challenge.rewardDescription ? <p lang={lang}>{challenge.rewardDescription}</p> : null}
    </section>
  );
}
