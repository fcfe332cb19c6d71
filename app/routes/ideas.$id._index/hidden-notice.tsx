// How hidden content shows on the idea page (issue 15): to its author and reviewers, a notice of
// why; to anyone else a hidden comment with replies is a placeholder, and an idea hidden while
// its page was open gives way to a notice.
import { Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { HiddenNotice } from '#app/domain/moderation/flags';
import { FLAG_REASON_KEYS } from './flag-form';

function useHiddenText() {
  const t = useTranslations();
  const reasons = (notice: Extract<HiddenNotice, { by: 'flags' }>) =>
    notice.reasons.map((r) => t(FLAG_REASON_KEYS[r])).join(', ');
  return {
    idea: (notice: HiddenNotice) =>
      notice.by === 'flags'
        ? t('flags.hidden.ideaByFlags', { count: notice.flags, reasons: reasons(notice) })
        : t('flags.hidden.ideaByModerator', { reason: notice.reason }),
    comment: (notice: HiddenNotice) =>
      notice.by === 'flags'
        ? t('flags.hidden.commentByFlags', { count: notice.flags, reasons: reasons(notice) })
        : t('flags.hidden.commentByModerator', { reason: notice.reason }),
  };
}

/** Above a hidden idea, for its author and reviewers (nobody else gets the page). */
export function HiddenIdeaNotice({ hidden }: { hidden: HiddenNotice | null }) {
  const text = useHiddenText();
  if (!hidden) return null;
  return (
    <p className="alert alert--info" role="status">
      {text.idea(hidden)}
    </p>
  );
}

/** Under a hidden comment, for its author and reviewers. */
export function HiddenCommentNotice({ hidden }: { hidden: HiddenNotice | null }) {
  const text = useHiddenText();
  if (!hidden) return null;
  return <p className="comment__hidden">{text.comment(hidden)}</p>;
}

/** A hidden comment as anyone else meets it: only there to hold its replies. */
export function WithheldComment() {
  const t = useTranslations();
  return <p className="comment__deleted">{t('flags.withheld')}</p>;
}

/** What an open idea page shows once the idea is hidden, to a reader who may no longer see it. */
export function IdeaGone({ challenge }: { challenge: { slug: string; title: string } }) {
  const t = useTranslations();
  return (
    <section className="card" aria-labelledby="idea-gone-heading">
      <h1 id="idea-gone-heading">{t('flags.gone.title')}</h1>
      <p className="muted">{t('flags.gone.body')}</p>
      <p>
        <Link to={`/challenges/${challenge.slug}`}>
          {t('flags.gone.back', { challenge: challenge.title })}
        </Link>
      </p>
    </section>
  );
}
