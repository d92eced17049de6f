import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, Round } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { Alert, Button } from '../ui';
import { Loading } from '../app/Loading';

/** Who may do what in a round, as the API decides it (README, "The API"); the page only hides what would be refused. */
export function permissionsFor(me: Me | null, round: Pick<Round, 'district'> | null) {
  const ofWijk = Boolean(me && round && me.role === 'coordinator' && me.districts.includes(round.district.code));
  const admin = me?.role === 'admin';
  return {
    /** Phase moves, voting codes: the wijk's coordinators and admins. */
    runRound: ofWijk || admin,
    /** Review and merge: the wijk's coordinators only. */
    review: ofWijk,
    /** Spends, their approval (four eyes), overruns and progress: the wijk's coordinators only, not admins. */
    spend: ofWijk,
    /** Erasing the bytes of a hidden or removed picture (personal data): the wijk's coordinators and admins. */
    erasePictures: ofWijk || admin,
    /** The live tally: coordinators of the wijk, admins, auditors. */
    readTally: ofWijk || admin || me?.role === 'auditor',
  };
}

/** Shown instead of a page when nobody is signed in, or the signed-in role may not use it. Null when access is fine. */
export function AccessGate({ roles, children, fallbackHeading }: { roles: Me['role'][]; children: ReactNode; fallbackHeading?: ReactNode }) {
  const { t } = useTranslation();
  const { user, me, ready, signIn } = useAuth();
  if (!ready || (user && !me)) return <>{fallbackHeading}<Loading /></>;
  if (!user) {
    return (
      <>
        {fallbackHeading}
        <Alert type="info">{t('errors.signInNeeded')}</Alert>
        <Button onClick={() => void signIn()}>{t('app.signIn')}</Button>
      </>
    );
  }
  if (!me || !roles.includes(me.role)) {
    return <>{fallbackHeading}<Alert type="warning">{t('coordinator.access.roleNeeded', { roles: roles.map((role) => t(`roles.${role}`)).join(', ') })}</Alert></>;
  }
  return <>{children}</>;
}
