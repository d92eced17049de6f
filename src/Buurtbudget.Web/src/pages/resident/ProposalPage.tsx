import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Proposal, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, Button, ButtonGroup, Heading, Link, Paragraph, StatusBadge, StatusMessage } from '../../ui';
import { useAuth } from '../../auth/AuthProvider';
import { ProblemMessage } from './common';
import { Loading } from '../../app/Loading';
import { ProposalFacts } from './ProposalFacts';
import { ProjectMoney, standingOf, useFunding } from '../../rounds/funding';
import { paths } from '../../app/paths';
import { ProposalPictures } from '../../images/ProposalPictures';
import { PICTURES_ANCHOR } from '../../images/PictureManager';
import { ProposalArguments } from '../../arguments/ProposalArguments';

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
  // After withdrawing, the button is gone: focus goes to the message that says it worked.
  const [withdrawing, setWithdrawing] = useState(false);
  const withdrawnRef = useRef<HTMLDivElement>(null);
  const withdrawn = proposal.data?.status === 'withdrawn';
  useEffect(() => {
    if (withdrawing && withdrawn) withdrawnRef.current?.focus();
  }, [withdrawing, withdrawn]);

  if (proposal.error) return <><Heading level={1}>{t('resident.proposal.title')}</Heading><ProblemMessage error={proposal.error} /></>;
  if (!proposal.data) return <Loading />;
  const p = proposal.data;
  const standing = standingOf(p, funding.data);
  const editable = p.isMine && p.status === 'submitted' && round.data?.phase === 'submission';

  return (
    <>
      <Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: round.data?.title ?? '' })}</Link></Paragraph>
      {flash && (
        <Alert type="ok">
          <Paragraph>{t(`resident.form.${flash}`)}</Paragraph>
          {flash === 'created' && editable && (
            <Paragraph>
              {t('proposalImages.nowYouCanAdd')} <Link to={`${paths.proposalEdit(roundId, p.id)}#${PICTURES_ANCHOR}`}>{t('proposalImages.addPictures')}</Link>
            </Paragraph>
          )}
        </Alert>
      )}
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
      <ProposalPictures roundId={roundId} proposal={p} />
      {editable && (
        <Paragraph><Link to={paths.proposalEdit(roundId, p.id)}>{t('resident.proposal.edit')}</Link></Paragraph>
      )}
      {editable && <Withdraw roundId={roundId} proposal={p} onWithdrawn={() => { setWithdrawing(true); proposal.reload(); }} />}
      <div ref={withdrawnRef} tabIndex={-1} className="focus-target">
        <StatusMessage>{p.isMine && p.status === 'withdrawn' ? t('ballotResults.proposals.withdrawn') : null}</StatusMessage>
      </div>
      {round.data && <ProposalArguments round={round.data} proposalId={p.id} inRace={!['withdrawn', 'merged', 'infeasible'].includes(p.status)} />}
    </>
  );
}

/** The author's way to take back a proposal until review starts (POST …/withdrawal), after a yes to a question that
 * says it cannot be undone. */
function Withdraw({ roundId, proposal, onWithdrawn }: { roundId: string; proposal: Proposal; onWithdrawn: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const questionRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);

  async function withdraw() {
    setBusy(true);
    setFailure(null);
    try {
      await api(`/rounds/${roundId}/proposals/${proposal.id}/withdrawal`, { method: 'POST' });
      onWithdrawn();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'unknown', t('errors.title'), String(error)));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="withdraw-title" className="proposal-withdraw">
      <Heading level={2} id="withdraw-title">{t('ballotResults.proposals.withdrawTitle')}</Heading>
      <Paragraph>{t('ballotResults.proposals.withdrawHelp')}</Paragraph>
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
      {asking ? (
        <div className="confirm-step" ref={questionRef} tabIndex={-1} role="group" aria-labelledby="withdraw-question">
          <Paragraph id="withdraw-question"><strong>{t('ballotResults.proposals.withdrawQuestion', { title: proposal.title })}</strong></Paragraph>
          <ButtonGroup>
            <Button kind="primary" busy={busy} disabled={busy} onClick={() => void withdraw()}>{t('ballotResults.proposals.withdrawYes')}</Button>
            <Button kind="secondary" disabled={busy} onClick={() => { setAsking(false); setTimeout(() => buttonRef.current?.focus()); }}>{t('ballotResults.proposals.withdrawNo')}</Button>
          </ButtonGroup>
        </div>
      ) : (
        <ButtonGroup>
          <Button kind="secondary" ref={buttonRef} onClick={() => setAsking(true)}>{t('ballotResults.proposals.withdraw')}</Button>
        </ButtonGroup>
      )}
    </section>
  );
}
