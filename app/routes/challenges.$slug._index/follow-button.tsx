import { Form } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { SubmitButton } from '#app/components/forms';

/** Follow or stop following the challenge: a plain form, so it works without JavaScript. */
export function FollowButton({ following }: { following: boolean }) {
  const t = useTranslations();
  return (
    <Form method="post" className="follow-form">
      <input type="hidden" name="intent" value={following ? 'unfollow' : 'follow'} />
      <SubmitButton
        className={following ? 'button button--ghost' : 'button button--secondary'}
        pendingText={t('challenges.follow.working')}
      >
        {following ? t('challenges.follow.unfollow') : t('challenges.follow.follow')}
      </SubmitButton>{' '}
      <span className="muted">
        {following ? t('challenges.follow.followingHint') : t('challenges.follow.hint')}
      </span>
    </Form>
  );
}
