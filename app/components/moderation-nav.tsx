// The moderation area's own navigation: the queue, suspensions, the audit log and (for admins) the
// roles page. Each page shows it under its heading; links the viewer may not use are left out.
import { NavLink } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { UserRole } from '../../db/schema';

export function ModerationNav({ role }: { role: UserRole }) {
  const t = useTranslations();
  const staff = role === 'moderator' || role === 'admin';
  return (
    <nav aria-label={t('queue.nav.label')} className="tabs">
      <NavLink to="/moderation" end>
        {t('queue.nav.queue')}
      </NavLink>
      {staff ? <NavLink to="/moderation/suspensions">{t('queue.nav.suspensions')}</NavLink> : null}
      {staff ? <NavLink to="/moderation/audit">{t('queue.nav.audit')}</NavLink> : null}
      {role === 'admin' ? <NavLink to="/moderation/roles">{t('queue.nav.roles')}</NavLink> : null}
    </nav>
  );
}
