import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { Proposal, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, Heading, Link, Paragraph, StatusBadge } from '../../ui';
import { useAuth } from '../../auth/AuthProvider';
import { Loading, ProblemMessage } from './common';
import { ProposalFacts } from './RoundPage';
import { ProjectMoney, standingOf, useFunding } from '../../rounds/funding';

/** One proposal: its text, cost, category, buurt and the review's outcome, and once funded where its money went;
 * its author can edit it while proposals are open. */
export function ProposalPage() {
  const { roundId = '', proposalId = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const { ready } = useAuth();
  // Public, like the round; read once the sign-in is known, so that an author's own proposal says so.
  const round = useApi<Round>(ready ? `/rounds/${roundId}` : null);
  const proposal = useApi<Proposal>(ready ? `/rounds/${roundId}/proposals/${proposalId}` : null);
  const funding = useFunding(round.data);
  const flash = (location.state as { saved?: 'created' | 'edited' } | null)?.saved;

  if (proposal.error) return <><Heading level={1}>{t('resident.proposal.title')}</Heading><ProblemMessage error={proposal.error} /></>;
  if (!proposal.data) return <Loading />;
  const p = proposal.data;
  const standing = standingOf(p, funding.data);
  const editable = p.isMine && p.status === 'submitted' && round.data?.phase === 'submission';

  return (
    <>
      <Paragraph><Link to={`/rounds/${roundId}`}>{t('resident.backToRound', { title: round.data?.title ?? '' })}</Link></Paragraph>
      {flash && <Alert type="ok">{t(`resident.form.${flash}`)}</Alert>}
      <Heading level={1}>{t('resident.proposal.numbered', { id: p.id, title: p.title })}</Heading>
      <RoundIntegrityWarning round={round.data} />
      <Paragraph>
        <StatusBadge>{t(`resident.status.${standing}`)}</StatusBadge>
        {p.isMine && <> <StatusBadge>{t('resident.proposal.mine')}</StatusBadge></>}
      </Paragraph>
      <Paragraph>{t(`resident.statusHelp.${standing}`)}</Paragraph>
      <ProposalFacts proposal={p} />
      {funding.data && <ProjectMoney spending={funding.data} proposalId={p.id} />}
      <Heading level={2}>{t('resident.proposal.description')}</Heading>
      <Paragraph className="pre-line">{p.description}</Paragraph>
      {editable && (
        <Paragraph><Link to={`/rounds/${roundId}/proposals/${p.id}/edit`}>{t('resident.proposal.edit')}</Link></Paragraph>
      )}
    </>
  );
}
