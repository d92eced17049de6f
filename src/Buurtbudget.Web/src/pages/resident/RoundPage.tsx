import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDate, formatMoney } from '../../api/format';
import type { Proposal, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { RoundMoney, useFunding } from '../../rounds/funding';
import { VotingDeadline, votingWindowOf } from '../../rounds/VotingDeadline';
import { Heading, Link, Paragraph, StatusBadge } from '../../ui';
import { Facts, methodSentences, ProblemMessage } from './common';
import { Loading } from '../../app/Loading';
import { ProposalList } from './ProposalList';
import { NewsForm } from '../../news/NewsForm';
import { paths } from '../../app/paths';

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
            <Link to={paths.proposalNew(r.id)}>{t('resident.round.submit')}</Link>
            {!inWijk && me && <> {t('resident.round.onlyWijk', { wijk: r.district.name })}</>}
          </li>
        )}
        {r.phase === 'voting' && (
          <>
            <li className="utrecht-unordered-list__item"><Link to={paths.ballot(r.id)}>{t('resident.round.vote')}</Link></li>
            <li className="utrecht-unordered-list__item"><Link to={paths.roundCode(r.id)}>{t('resident.round.voteWithCode')}</Link></li>
          </>
        )}
        {(r.phase === 'tallied' || r.phase === 'spending' || r.phase === 'closed') && (
          <li className="utrecht-unordered-list__item"><Link to={paths.results(r.id)}>{t('resident.round.results')}</Link></li>
        )}
        {(r.phase === 'draft' || r.phase === 'review') && <li className="utrecht-unordered-list__item">{t(`resident.phaseHelp.${r.phase}`)}</li>}
      </ul>

      <Heading level={2}>{t('resident.round.proposals')}</Heading>
      {proposals.error && <ProblemMessage error={proposals.error} />}
      {proposals.loading && !proposals.data && <Loading />}
      {proposals.data && proposals.data.length === 0 && <Paragraph>{t('resident.round.noProposals')}</Paragraph>}
      {proposals.data && proposals.data.length > 0 && <ProposalList round={r} proposals={proposals.data} spending={funding.data} />}

      <NewsForm districtCode={r.district.code} districtName={r.district.name} />
    </>
  );
}
