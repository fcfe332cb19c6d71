import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { ChallengeStage } from '../../../db/schema';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { STAGE_KEYS } from '#app/utils/format';

/** The brand's controls: edit the challenge, move it one stage on. */
export function ManagePanel({
  challenge,
  next,
  canEdit,
  canJudge,
}: {
  challenge: { slug: string; stage: ChallengeStage };
  /** The stage it may move to, or null when it stays where it is. */
  next: ChallengeStage | null;
  canEdit: boolean;
  /** In review: the judging page scores, shortlists and awards (the move to awarded is there). */
  canJudge: boolean;
}) {
  const result = useActionError();
  const t = useTranslations();
  return (
    <section className="panel" aria-labelledby="manage-heading">
      <h2 id="manage-heading">{t('challenges.page.manage')}</h2>
      <FormError error={result?.error} />
      <div className="stack">
        {canEdit ? (
          <p>
            <Link to={`/challenges/${challenge.slug}/edit`}>{t('challenges.page.edit')}</Link>
          </p>
        ) : null}
        {canJudge ? (
          <p>
            <Link to={`/challenges/${challenge.slug}/review`} className="button">
              {t('challenges.page.judge')}
            </Link>
            <br />
            <span className="muted">{t('challenges.page.judgeHint')}</span>
          </p>
        ) : null}
        {next ? (
          <Form
            method="post"
            onSubmit={(e) => {
              if (!confirm(t('challenges.page.moveConfirm', { stage: t(STAGE_KEYS[next]) })))
                e.preventDefault();
            }}
          >
            <input type="hidden" name="to" value={next} />
            <SubmitButton pendingText={t('challenges.page.moving')}>
              {t('challenges.page.move', { stage: t(STAGE_KEYS[next]) })}
            </SubmitButton>
          </Form>
        ) : challenge.stage === 'archived' ? (
          <p className="muted">{t('challenges.page.archived')}</p>
        ) : null}
      </div>
    </section>
  );
}
