// The "Flag" control of the idea page, for the idea and for each comment (issue 15): a disclosure
// with a plain form (works without JavaScript), or why the viewer may not flag, or "You flagged this".
import { Form, Link, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useActionError } from '#app/components/forms';
import {
  FLAG_NOTE_MAX,
  FLAG_REASONS,
  type FlagReason,
  type FlagRefusal,
} from '#app/domain/moderation/flags';

/** What the loader sends for the page's flag controls (flags.server.ts flagControlsOf). */
export type FlagControlsData = {
  idea: FlagRefusal | null;
  comments: Record<number, FlagRefusal | null>;
  lock: { threshold: number; reputation: number } | null;
  bannedUntil: string | null;
};

export const FLAG_REASON_KEYS = {
  spam: 'flags.reasons.spam',
  offensive: 'flags.reasons.offensive',
  off_topic: 'flags.reasons.off_topic',
  duplicate: 'flags.reasons.duplicate',
  other: 'flags.reasons.other',
} as const satisfies Record<FlagReason, string>;

/** The form itself; `commentId` unset: the idea. */
function FlagFormBody({ commentId }: { commentId?: number }) {
  const t = useTranslations();
  const result = useActionError();
  const sent = result?.values;
  // The last failed submission was this form's: open it again, with what was typed and why not.
  const mine =
    sent?.intent === 'flag' && (sent.commentId ?? '') === (commentId ? String(commentId) : '');
  const errors = mine ? result?.fieldErrors : undefined;
  const value = (name: string) => (mine && typeof sent?.[name] === 'string' ? sent[name] : '');
  const id = commentId ? `flag-c${commentId}` : 'flag-idea';
  const error = (name: string) => errors?.[name]?.[0];
  const described = (name: string, hint: boolean) =>
    [hint ? `${id}-${name}-hint` : null, error(name) ? `${id}-${name}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const fieldError = (name: string) =>
    error(name) ? (
      <p className="field-error" id={`${id}-${name}-error`} role="alert">
        {error(name)}
      </p>
    ) : null;
  return (
    <details open={mine || undefined} className="flag-form">
      <summary>{commentId ? t('flags.form.summary') : t('flags.form.summaryIdea')}</summary>
      <Form method="post" className="inline-form" preventScrollReset>
        <input type="hidden" name="intent" value="flag" />
        {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
        <fieldset
          className={`field${error('reason') ? ' field--invalid' : ''}`}
          aria-describedby={described('reason', false)}
        >
          <legend>{t('flags.form.legend')}</legend>
          {FLAG_REASONS.filter((r) => !commentId || r !== 'duplicate').map((reason) => (
            <div key={reason}>
              <label>
                <input
                  type="radio"
                  name="reason"
                  value={reason}
                  required
                  defaultChecked={value('reason') === reason}
                />{' '}
                {t(FLAG_REASON_KEYS[reason])}
              </label>
            </div>
          ))}
          {fieldError('reason')}
        </fieldset>
        {commentId ? null : (
          <div className={`field${error('duplicateOf') ? ' field--invalid' : ''}`}>
            <label htmlFor={`${id}-duplicateOf`}>{t('flags.form.duplicateOf')}</label>
            <p className="hint" id={`${id}-duplicateOf-hint`}>
              {t('flags.form.duplicateHint')}
            </p>
            <input
              id={`${id}-duplicateOf`}
              name="duplicateOf"
              type="text"
              maxLength={300}
              defaultValue={value('duplicateOf')}
              aria-invalid={error('duplicateOf') ? true : undefined}
              aria-describedby={described('duplicateOf', true)}
            />
            {fieldError('duplicateOf')}
          </div>
        )}
        <div className={`field${error('note') ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-note`}>{t('flags.form.note')}</label>
          <p className="hint" id={`${id}-note-hint`}>
            {t('flags.form.noteHint', { max: FLAG_NOTE_MAX })}
          </p>
          <textarea
            id={`${id}-note`}
            name="note"
            rows={3}
            maxLength={FLAG_NOTE_MAX}
            defaultValue={value('note')}
            aria-invalid={error('note') ? true : undefined}
            aria-describedby={described('note', true)}
          />
          {fieldError('note')}
        </div>
        <div>
          <button type="submit" className="button button--small">
            {t('flags.form.submit')}
          </button>
        </div>
      </Form>
    </details>
  );
}

/** The idea's flag control, in the page's side column: the form, or why not. */
export function IdeaFlagPanel({ flags }: { flags: FlagControlsData }) {
  const t = useTranslations();
  const location = useLocation();
  const refusal = flags.idea;
  // Nothing to say to the author, or about content that is not there to flag.
  if (refusal === 'own' || refusal === 'gone') return null;
  return (
    <section className="panel flag-panel" aria-label={t('flags.form.summaryIdea')}>
      {refusal === null ? (
        <FlagFormBody />
      ) : refusal === 'flagged' ? (
        <p className="muted">{t('flags.form.flagged')}</p>
      ) : refusal === 'signIn' ? (
        <p className="muted">
          {t.rich('flags.form.signIn', {
            link: (chunks) => (
              <Link to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : refusal === 'banned' && flags.bannedUntil ? (
        <p className="muted">{t('flags.form.banned', { until: new Date(flags.bannedUntil) })}</p>
      ) : flags.lock ? (
        <p className="muted">
          {t('flags.form.privilege', {
            threshold: flags.lock.threshold,
            reputation: flags.lock.reputation,
          })}
        </p>
      ) : null}
    </section>
  );
}

/**
 * A comment's flag control, among its actions: the form, or "You flagged this". A locked control is
 * explained once, on the idea's panel, rather than under every comment.
 */
export function CommentFlag({
  commentId,
  refusal,
}: {
  commentId: number;
  refusal: FlagRefusal | null | undefined;
}) {
  const t = useTranslations();
  if (refusal === null) return <FlagFormBody commentId={commentId} />;
  if (refusal === 'flagged') return <span className="muted">{t('flags.form.flagged')}</span>;
  return null;
}
