import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';

/** The author's own controls: edit while voting is open, withdraw while published. */
export function AuthorPanel({ ideaId, canEdit }: { ideaId: number; canEdit: boolean }) {
  const t = useTranslations();
  return (
    <section className="panel" aria-labelledby="yours-heading">
      <h2 id="yours-heading">{t('ideas.page.yours')}</h2>
      <div className="stack">
        {canEdit ? (
          <p>
            <Link to={`/ideas/${ideaId}/edit`}>{t('ideas.page.edit')}</Link>
          </p>
        ) : null}
        <Form
          method="post"
          onSubmit={(e) => {
            if (!confirm(t('ideas.page.withdrawConfirm'))) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="button button--danger button--small">
            {t('ideas.page.withdraw')}
          </button>
        </Form>
      </div>
    </section>
  );
}
