// "Your data" on /me: the password again, then the browser downloads one JSON file (POST /me/export,
// a document submission so the answer is saved as a file rather than read by the app).
import { Form } from '@remix-run/react';
import { useTranslations } from 'use-intl';

export function MyDataSection() {
  const t = useTranslations();
  return (
    <section className="card my-data" aria-labelledby="my-data-heading">
      <h2 id="my-data-heading">{t('mydata.heading')}</h2>
      <p>{t('mydata.explanation')}</p>
      <Form method="post" action="/me/export" reloadDocument className="form">
        <div className="field">
          <label htmlFor="my-data-password">{t('mydata.password')}</label>
          <input
            id="my-data-password"
            name="password"
            type="password"
            required
            maxLength={200}
            autoComplete="current-password"
            aria-describedby="my-data-password-hint"
          />
          <p id="my-data-password-hint" className="muted">
            {t('mydata.passwordHint')}
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('mydata.download')}
          </button>
        </div>
      </Form>
    </section>
  );
}
