import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDate, formatMoney } from '../../api/format';
import type { Proposal } from '../../api/types';
import { buurtName } from '../../rounds/buurten';
import { Link } from '../../ui';
import { categoryLabel, Facts } from './common';
import { paths } from '../../app/paths';

/** Cost, category, buurt and the review's outcome of one proposal. */
export function ProposalFacts({ proposal: p, compact }: { proposal: Proposal; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { roundId = '' } = useParams();
  const language = i18n.language;
  const items = [
    { key: 'category', term: t('resident.proposal.category'), value: categoryLabel(t, p.category) },
    { key: 'estimated', term: t('resident.proposal.estimatedCost'), value: formatMoney(p.estimatedCostCents, language) },
    ...(p.approvedCostCents != null ? [{ key: 'approved', term: t('resident.proposal.approvedCost'), value: formatMoney(p.approvedCostCents, language) }] : []),
    ...(p.buurt ? [{ key: 'buurt', term: t('resident.proposal.buurt'), value: buurtName(p.buurt) }] : []),
    ...(p.status === 'infeasible' && p.infeasibleReason ? [{ key: 'reason', term: t('resident.proposal.infeasibleReason'), value: p.infeasibleReason }] : []),
    ...(p.reviewNote ? [{ key: 'note', term: t('resident.proposal.reviewNote'), value: p.reviewNote }] : []),
    ...(p.mergedInto != null
      ? [{ key: 'merged', term: t('resident.proposal.mergedInto'), value: <Link to={paths.proposal(roundId, p.mergedInto)}>{t('resident.proposal.number', { id: p.mergedInto })}</Link> }]
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
