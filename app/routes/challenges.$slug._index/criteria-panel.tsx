import { useTranslations } from 'use-intl';

/** How ideas will be judged, with each criterion's weight. */
export function CriteriaPanel({
  criteria,
  lang,
}: {
  criteria: { name: string; weight: number }[];
  lang: string | undefined;
}) {
  const t = useTranslations();
  if (!criteria.length) return null;
  return (
    <section className="panel" aria-labelledby="criteria-heading">
      <h2 id="criteria-heading">{t('challenges.page.criteria')}</h2>
      <ul className="criteria" lang={lang}>
        {criteria.map((c) => (
          <li key={c.name}>
            <span>{c.name}</span>
            <strong>{c.weight}%</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
