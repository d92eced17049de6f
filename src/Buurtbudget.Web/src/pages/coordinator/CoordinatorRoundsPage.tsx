import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../api/format';
import type { RoundSummary } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { RoundIntegrityBadge } from '../../rounds/RoundIntegrityWarning';
import { Alert, Heading, Link, Paragraph, StatusBadge, Table } from '../../ui';
import { AccessGate } from '../../access/access';
import { ClusterDashboardLink } from './ClusterDashboardLink';
import { usePageTitle } from '../../frontDoor/pageTitle';
import { WijkBudgets } from '../../wijken/WijkBudgets';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

/** /beheer: the rounds a coordinator runs (their wijken's), or every round for an admin, and for admins the way to
 * the cluster dashboard. */
export function CoordinatorRoundsPage() {
  const { t } = useTranslation();
  usePageTitle(t('coordinator.rounds.title'));
  return (
    <>
      <Heading level={1}>{t('coordinator.rounds.title')}</Heading>
      <AccessGate roles={['coordinator', 'admin']}>
        <RoundsList />
        <ClusterDashboardLink />
      </AccessGate>
    </>
  );
}

function RoundsList() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const rounds = useApi<RoundSummary[]>('/rounds');
  const mine = (rounds.data ?? []).filter((round) => me?.role === 'admin' || me?.districts.includes(round.district.code));

  return (
    <>
      <Paragraph lead>{me?.role === 'admin' ? t('coordinator.rounds.introAdmin') : t('coordinator.rounds.intro')}</Paragraph>
      {me?.role === 'admin' && <Paragraph><Link to={paths.newRound}>{t('frontDoor.newRound.start')}</Link></Paragraph>}
      {rounds.loading && !rounds.data && <Loading />}
      {rounds.error && <Alert type="error" title={rounds.error.title}>{rounds.error.detail}</Alert>}
      {rounds.data && mine.length === 0 && <Paragraph>{t('coordinator.rounds.none')}</Paragraph>}
      {mine.length > 0 && (
        <Table caption={t('coordinator.rounds.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('coordinator.rounds.round')}</th>
              <th scope="col">{t('coordinator.rounds.wijk')}</th>
              <th scope="col">{t('home.phase')}</th>
              <th scope="col" className="numeric">{t('home.budget')}</th>
              <th scope="col" className="numeric">{t('home.proposals')}</th>
              <th scope="col" className="numeric">{t('home.turnout')}</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((round) => (
              <tr key={round.id}>
                <th scope="row"><Link to={paths.manageRound(round.id)}>{round.title}</Link></th>
                <td>{round.district.name}, {round.district.municipalityName}</td>
                <td><StatusBadge>{t(`phases.${round.phase}`)}</StatusBadge><RoundIntegrityBadge round={round} /></td>
                <td className="numeric">{formatMoney(round.budgetCents, i18n.language)}</td>
                <td className="numeric">{round.proposalCount}</td>
                <td className="numeric">{round.turnout}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {me && rounds.data && <WijkBudgets me={me} rounds={rounds.data} />}
    </>
  );
}
