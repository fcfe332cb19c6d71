// The consent question: a card, never blocking the page, asking once what a brand may see about
// the person who just took part in its challenge. Plain forms posting to /consent, so it works
// without JavaScript; the radios sit in a fieldset whose legend names the brand.
import { Form, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { SubmitButton } from '#app/components/forms';
import { CONSENT_LEVELS, type ConsentLevel } from '#app/domain/consent/schema';

/** What each level means, in the words the question and /me use. */
export const CONSENT_LEVEL_KEYS = {
  none: 'consent.level.none',
  activity: 'consent.level.activity',
  profile: 'consent.level.profile',
} as const satisfies Record<ConsentLevel, string>;

export function ConsentQuestion({ brand }: { brand: { id: number; name: string } }) {
  const t = useTranslations();
  const location = useLocation();
  const back = location.pathname + location.search;
  const headingId = `consent-question-${brand.id}`;
  return (
    <section className="card consent-question" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('consent.question.title', { brand: brand.name })}</h2>
      <p className="muted">{t('consent.question.intro', { brand: brand.name })}</p>
      <Form method="post" action="/consent">
        <input type="hidden" name="brandId" value={brand.id} />
        <input type="hidden" name="redirectTo" value={back} />
        <fieldset className="field">
          <legend>{t('consent.question.legend', { brand: brand.name })}</legend>
          {CONSENT_LEVELS.map((level) => (
            <div key={level}>
              <label>
                <input type="radio" name="level" value={level} required />{' '}
                {t(CONSENT_LEVEL_KEYS[level])}
              </label>
            </div>
          ))}
        </fieldset>
        <p>
          <SubmitButton>{t('consent.question.save')}</SubmitButton>
        </p>
      </Form>
      <Form method="post" action="/consent">
        <input type="hidden" name="brandId" value={brand.id} />
        <input type="hidden" name="redirectTo" value={back} />
        <input type="hidden" name="level" value="none" />
        <SubmitButton className="button button--ghost">
          {t('consent.question.notNow')}
        </SubmitButton>{' '}
        <span className="muted">{t('consent.question.notNowHint')}</span>
      </Form>
    </section>
  );
}
