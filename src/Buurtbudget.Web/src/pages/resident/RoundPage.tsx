import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDate, formatMoney } from '../../api/format';
import type { Proposal, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { RoundMoney, standingOf, useFunding } from '../../rounds/funding';
import { VotingDeadline, votingWindowOf } from '../../rounds/VotingDeadline';
import { Heading, Link, Paragraph, StatusBadge } from '../../ui';
import { categoryLabel, Facts, Loading, methodSentences, ProblemMessage } from './common';

/** A round: what it is about, its rules in plain words, once decided its spending against the budget, what a resident
 * can do now, and its proposals. */
export function RoundPage() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { me, ready } = useAuth();
  // Public: anyone reads a round and its proposals; once the sign-in is known, so that a resident's own are marked.
  const round = useApi<Round>(ready ? `/rounds/${roundId}` : null);
  const proposals = useApi<Proposal[]>(ready ? `/rounds/${roundId}/proposals` : null);
  const funding = useFunding(round.data);

  if (round.error) return <><Heading level={1}>{t('resident.round.title')}</Heading><ProblemMessage error={round.error} /></>;
  if (!round.data) return <Loading />;
  const r = round.data;
  const language = i18n.language;
  const inWijk = me?.districts.includes(r.district.code) ?? false;

  return (
    <>
      <Heading level={1}>{r.title}</Heading>
      <RoundIntegrityWarning round={r} />
      <Paragraph lead>{t('resident.round.wijk', { wijk: r.district.name, municipality: r.district.municipalityName })}</Paragraph>
      <Paragraph><StatusBadge>{t(`phases.${r.phase}`)}</StatusBadge></Paragraph>
      <VotingDeadline window={votingWindowOf(r)} />
      <Facts
        items={[
          { key: 'budget', term: t('resident.round.budget'), value: formatMoney(r.rules.budgetCents, language) },
          { key: 'phase', term: t('resident.round.phase'), value: <>{t(`phases.${r.phase}`)}: {t(`resident.phaseHelp.${r.phase}`)}</> },
          { key: 'method', term: t('resident.round.method'), value: methodSentences(t, r, language).join(' ') },
          ...(r.createdAt ? [{ key: 'created', term: t('resident.round.created'), value: formatDate(r.createdAt, language) }] : []),
          ...(r.votingOpenedAt ? [{ key: 'opened', term: t('resident.round.votingOpened'), value: formatDate(r.votingOpenedAt, language) }] : []),
          ...(r.votingClosedAt ? [{ key: 'closed', term: t('resident.round.votingClosed'), value: formatDate(r.votingClosedAt, language) }] : []),
          { key: 'count', term: t('resident.round.proposalCount'), value: t('resident.round.proposalCountValue', { count: r.proposalCount, feasible: r.feasibleCount }) },
          ...(r.phase !== 'draft' && r.phase !== 'submission' && r.phase !== 'review'
            ? [{ key: 'turnout', term: t('resident.round.turnout'), value: t('resident.round.turnoutValue', { count: r.turnout }) }]
            : []),
        ]}
      />

      {funding.data && <RoundMoney spending={funding.data} roundId={r.id} />}

      <Heading level={2}>{t('resident.round.whatNow')}</Heading>
      <ul className="utrecht-unordered-list action-list">
        {r.phase === 'submission' && (
          <li className="utrecht-unordered-list__item">
            <Link to={`/rounds/${r.id}/proposals/new`}>{t('resident.round.submit')}</Link>
            {!inWijk && me && <> {t('resident.round.onlyWijk', { wijk: r.district.name })}</>}
          </li>
        )}
        {r.phase === 'voting' && (
          <>
            <li className="utrecht-unordered-list__item"><Link to={`/rounds/${r.id}/ballot`}>{t('resident.round.vote')}</Link></li>
            <li className="utrecht-unordered-list__item"><Link to={`/rounds/${r.id}/stemcode`}>{t('resident.round.voteWithCode')}</Link></li>
          </>
        )}
        {(r.phase === 'tallied' || r.phase === 'spending' || r.phase === 'closed') && (
          <li className="utrecht-unordered-list__item"><Link to={`/rounds/${r.id}/results`}>{t('resident.round.results')}</Link></li>
        )}
        {(r.phase === 'draft' || r.phase === 'review') && <li className="utrecht-unordered-list__item">{t(`resident.phaseHelp.${r.phase}`)}</li>}
      </ul>

      <Heading level={2}>{t('resident.round.proposals')}</Heading>
      {proposals.error && <ProblemMessage error={proposals.error} />}
      {proposals.loading && !proposals.data && <Loading />}
      {proposals.data && proposals.data.length === 0 && <Paragraph>{t('resident.round.noProposals')}</Paragraph>}
      {proposals.data && proposals.data.length > 0 && (
        <ul className="card-list proposal-list">
          {[...proposals.data].sort((a, b) => a.id - b.id).map((p) => (
            <li key={p.id} className="card">
              <Heading level={3}><Link to={`/rounds/${r.id}/proposals/${p.id}`}>{t('resident.proposal.numbered', { id: p.id, title: p.title })}</Link></Heading>
              <Paragraph>
                <StatusBadge>{t(`resident.status.${standingOf(p, funding.data)}`)}</StatusBadge>
                {p.isMine && <> <StatusBadge>{t('resident.proposal.mine')}</StatusBadge></>}
              </Paragraph>
              <ProposalFacts proposal={p} compact />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Cost, category, buurt and the review's outcome of one proposal. */
export function ProposalFacts({ proposal: p, compact }: { proposal: Proposal; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { roundId = '' } = useParams();
  const language = i18n.language;
  const items = [
    { key: 'category', term: t('resident.proposal.category'), value: categoryLabel(t, p.category) },
    { key: 'estimated', term: t('resident.proposal.estimatedCost'), value: formatMoney(p.estimatedCostCents, language) },
    ...(p.approvedCostCents != null ? [{ key: 'approved', term: t('resident.proposal.approvedCost'), value: formatMoney(p.approvedCostCents, language) }] : []),
    ...(p.buurt ? [{ key: 'buurt', term: t('resident.proposal.buurt'), value: p.buurt }] : []),
    ...(p.status === 'infeasible' && p.infeasibleReason ? [{ key: 'reason', term: t('resident.proposal.infeasibleReason'), value: p.infeasibleReason }] : []),
    ...(p.reviewNote ? [{ key: 'note', term: t('resident.proposal.reviewNote'), value: p.reviewNote }] : []),
    ...(p.mergedInto != null
      ? [{ key: 'merged', term: t('resident.proposal.mergedInto'), value: <Link to={`/rounds/${roundId}/proposals/${p.mergedInto}`}>{t('resident.proposal.number', { id: p.mergedInto })}</Link> }]
      : []),
    ...(!compact && p.mergedFrom.length > 0
      ? [{ key: 'from', term: t('resident.proposal.mergedFrom'), value: p.mergedFrom.map((id) => t('resident.proposal.number', { id })).join(', ') }]
      : []),
    ...(!compact
      ? [
          { key: 'submitted', term: t('resident.proposal.submittedAt'), value: formatDate(p.submittedAt, language) },
          { key: 'updated', term: t('resident.proposal.updatedAt'), value: formatDate(p.updatedAt, language) },
        ]
      : []),
  ];
  return <Facts items={items} />;
}
