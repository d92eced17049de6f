import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber } from '../../api/format';
import type { Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, DataList, Heading, Link, Paragraph, StatusBadge } from '../../ui';
import { AccessGate, permissionsFor } from '../../access/access';
import { LiveTally } from './LiveTally';
import { PhaseControl } from './PhaseControl';
import { ResultsView } from '../../results/ResultsView';
import { ReviewQueue } from './ReviewQueue';
import { ErasePictures } from '../../images/ErasePicture';
import { HidePublishedPictures } from '../../images/HidePicture';
import { RulesForm } from './RulesForm';
import { CalendarForm } from './CalendarForm';
import { SpendingManager } from './SpendingManager';
import { VotingCodes } from './VotingCodes';
import { usePageTitle } from '../../frontDoor/pageTitle';
import { missingOf, NotFound } from '../../frontDoor/NotFound';
import { WijkBudgetLink } from '../../wijken/WijkBudgetLink';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

const AFTER_VOTING = ['tallied', 'spending', 'closed'];

/** /beheer/rondes/:roundId: one round as its coordinator runs it. What is shown follows the phase: the review queue in
 * review, voting codes until voting closes, the live tally while voting, the results after it; the phase control
 * always; outside draft and review (where the queue offers it) hiding a shown picture, and in every phase after draft
 * the hidden and removed pictures whose bytes may be erased (authors remove pictures before review, a coordinator may
 * hide one in any phase, and someone may ask for an erasure at any time). */
export function RoundManagePage() {
  const { t } = useTranslation();
  return (
    <AccessGate roles={['coordinator', 'admin']} fallbackHeading={<Heading level={1}>{t('coordinator.round.title')}</Heading>}>
      <RoundManage />
    </AccessGate>
  );
}

function RoundManage() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const loaded = useApi<Round>(`/rounds/${roundId}`);
  const [round, setRound] = useState<Round | null>(null);
  useEffect(() => setRound(loaded.data), [loaded.data]);

  usePageTitle(round ? t('frontDoor.titles.manageRoundOf', { title: round.title }) : null);

  const missing = missingOf(loaded.error);
  if (missing) return <NotFound missing={missing} />;
  if (loaded.error) {
    return (
      <>
        <Heading level={1}>{t('coordinator.round.title')}</Heading>
        <Alert type="error" title={loaded.error.title}>{loaded.error.detail}</Alert>
        <Paragraph><Link to="/beheer">{t('coordinator.round.back')}</Link></Paragraph>
      </>
    );
  }
  if (!round) return <Loading />;

  const can = permissionsFor(me, round);
  const lang = i18n.language;

  return (
    <>
      <Paragraph><Link to="/beheer">{t('coordinator.round.back')}</Link></Paragraph>
      <Heading level={1}>{round.title}</Heading>
      <RoundIntegrityWarning round={round} />
      <Paragraph lead>
        {round.district.name}, {round.district.municipalityName} <StatusBadge>{t(`phases.${round.phase}`)}</StatusBadge>
      </Paragraph>
      <Paragraph><Link to={paths.round(round.id)}>{t('coordinator.round.publicLink')}</Link></Paragraph>
      {can.runRound && <WijkBudgetLink district={round.district} />}
      {!can.runRound && <Alert type="warning">{t('coordinator.round.notYours')}</Alert>}
      <DataList
        items={[
          { key: 'budget', term: t('home.budget'), value: formatMoney(round.rules.budgetCents, lang) },
          { key: 'proposals', term: t('home.proposals'), value: formatNumber(round.proposalCount, lang) },
          { key: 'feasible', term: t('coordinator.round.feasible'), value: formatNumber(round.feasibleCount, lang) },
          { key: 'turnout', term: t('home.turnout'), value: formatNumber(round.turnout, lang) },
          { key: 'method', term: t('coordinator.round.method'), value: t(`coordinator.method.${round.rules.ballotMethod.kind}`) },
          { key: 'frozen', term: t('coordinator.round.rules'), value: round.rulesFrozen ? t('coordinator.round.rulesFrozen') : t('coordinator.round.rulesOpen') },
          ...(round.votingOpenedAt ? [{ key: 'opened', term: t('coordinator.round.votingOpened'), value: formatDate(round.votingOpenedAt, lang) }] : []),
          ...(round.votingClosedAt ? [{ key: 'closed', term: t('coordinator.round.votingClosed'), value: formatDate(round.votingClosedAt, lang) }] : []),
        ]}
      />

      {can.runRound && <PhaseControl round={round} onMoved={setRound} />}
      {can.runRound && !round.rulesFrozen && <RulesForm key={round.id} round={round} onChanged={setRound} />}
      {can.runRound && !round.rulesFrozen && <CalendarForm key={`calendar-${round.id}`} round={round} onChanged={setRound} />}
      {round.phase === 'review' && (can.review ? <ReviewQueue round={round} onChanged={loaded.reload} /> : <Paragraph>{t('coordinator.round.reviewCoordinatorsOnly')}</Paragraph>)}
      {can.review && !['draft', 'review'].includes(round.phase) && <HidePublishedPictures round={round} onChanged={loaded.reload} />}
      {can.erasePictures && round.phase !== 'draft' && <ErasePictures round={round} />}
      {round.phase === 'voting' && can.readTally && <LiveTally round={round} />}
      {(round.phase === 'spending' || round.phase === 'closed') && <SpendingManager round={round} canManage={can.spend} />}
      {AFTER_VOTING.includes(round.phase) && <ResultsView roundId={round.id} />}
      {can.runRound && <VotingCodes round={round} canIssue={can.runRound} />}
      {can.spend && round.phase !== 'draft' && (
        <section className="section" aria-labelledby="paper-link-heading">
          <Heading level={2} id="paper-link-heading">{t('paperBallots.link.title')}</Heading>
          <Paragraph>{t('paperBallots.link.intro')}</Paragraph>
          <Paragraph><Link to={paths.paperBatches(round.id)}>{t('paperBallots.link.open')}</Link></Paragraph>
        </section>
      )}
    </>
  );
}
