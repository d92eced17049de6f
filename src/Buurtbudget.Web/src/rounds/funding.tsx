import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatPercent } from '../api/format';
import type { Phase, Proposal, Round, Spending } from '../api/types';
import { useApi } from '../api/useApi';
import { DataList, Heading, Link, Meter, Paragraph } from '../ui';
import { paths } from '../app/paths';

const DECIDED: Phase[] = ['tallied', 'spending', 'closed'];

/** Where a round's money went, once the vote has decided what is funded (null before that, or while loading). Shared
 * by the round page and the proposal page for whoever may see the round. */
export function useFunding(round: Pick<Round, 'id' | 'phase'> | null) {
  return useApi<Spending>(round && DECIDED.includes(round.phase) ? `/rounds/${round.id}/spending` : null);
}

/** How a proposal stands for residents: after the vote a feasible proposal is either funded or not chosen, never
 * still "on the ballot"; before it, its review status. */
export type Standing = Proposal['status'] | 'funded' | 'notChosen';

export function standingOf(proposal: Pick<Proposal, 'id' | 'status'>, spending: Spending | null): Standing {
  if (!spending || proposal.status !== 'feasible') return proposal.status;
  return spending.projects.some((p) => p.proposalId === proposal.id) ? 'funded' : 'notChosen';
}

/** The round's spending against its budget, with a line per funded project. */
export function RoundMoney({ spending, roundId }: { spending: Spending; roundId: string }) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatMoney(cents, i18n.language);
  return (
    <section className="section" aria-labelledby="money-heading">
      <Heading level={2} id="money-heading">{t('resident.money.title')}</Heading>
      <Meter
        label={t('resident.money.spentLabel')}
        value={spending.spentCents}
        max={spending.budgetCents}
        valueText={t('resident.money.spentOfBudget', { spent: money(spending.spentCents), budget: money(spending.budgetCents), share: formatPercent(spending.spentCents, spending.budgetCents, i18n.language) })}
      />
      {spending.pendingCents > 0 && <Paragraph>{t('resident.money.pending', { amount: money(spending.pendingCents) })}</Paragraph>}
      {spending.projects.length === 0 ? (
        <Paragraph>{t('resident.money.none')}</Paragraph>
      ) : (
        <ul className="utrecht-unordered-list">
          {spending.projects.map((p) => (
            <li key={p.proposalId} className="utrecht-unordered-list__item">
              <Link to={paths.proposal(roundId, p.proposalId)}>{t('resident.proposal.numbered', { id: p.proposalId, title: p.title })}</Link>
              {': '}
              {t('resident.money.projectLine', { status: t(`auditor.spending.status.${p.status}`), percent: p.percentComplete, spent: money(p.spentCents), limit: money(p.limitCents) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A funded project's spending and progress: what it may cost and has spent, its status with the milestones reached,
 * overruns with their reasons, and the approved invoices. */
export function ProjectMoney({ spending, proposalId }: { spending: Spending; proposalId: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const project = spending.projects.find((p) => p.proposalId === proposalId);
  if (!project) return null;
  const money = (cents: number) => formatMoney(cents, language);
  const spends = spending.spends.filter((s) => s.proposalId === proposalId && s.status === 'approved');
  return (
    <section className="section" aria-labelledby="project-money-heading">
      <Heading level={2} id="project-money-heading">{t('resident.money.projectTitle')}</Heading>
      <Meter
        label={t('resident.money.progressLabel', { status: t(`auditor.spending.status.${project.status}`) })}
        value={project.percentComplete}
        max={100}
        valueText={t('resident.money.percent', { percent: project.percentComplete })}
      />
      <DataList
        className="facts"
        items={[
          { key: 'status', term: t('resident.money.status'), value: t(`auditor.spending.status.${project.status}`) },
          { key: 'limit', term: t('resident.money.limit'), value: money(project.limitCents) },
          { key: 'spent', term: t('resident.money.spent'), value: money(project.spentCents) },
          ...(project.pendingCents > 0 ? [{ key: 'pending', term: t('resident.money.pendingTerm'), value: money(project.pendingCents) }] : []),
        ]}
      />
      <Heading level={3}>{t('resident.money.milestones')}</Heading>
      {project.milestones.length === 0 ? (
        <Paragraph>{t('resident.money.noMilestones')}</Paragraph>
      ) : (
        <ol className="utrecht-ordered-list">
          {project.milestones.map((m) => (
            <li key={`${m.at}-${m.text}`} className="utrecht-ordered-list__item">
              {formatDate(m.at, language)}: {m.text} ({t(`auditor.spending.status.${m.status}`)}, {m.percentComplete}%)
            </li>
          ))}
        </ol>
      )}
      {project.overruns.length > 0 && (
        <>
          <Heading level={3}>{t('resident.money.overruns')}</Heading>
          <ul className="utrecht-unordered-list">
            {project.overruns.map((o) => (
              <li key={`${o.at}-${o.amountCents}`} className="utrecht-unordered-list__item">
                {t('resident.money.overrun', { amount: money(o.amountCents), date: formatDate(o.at, language), reason: o.reason })}
              </li>
            ))}
          </ul>
        </>
      )}
      <Heading level={3}>{t('resident.money.invoices')}</Heading>
      {spends.length === 0 ? (
        <Paragraph>{t('resident.money.noInvoices')}</Paragraph>
      ) : (
        <ul className="utrecht-unordered-list">
          {spends.map((s) => (
            <li key={s.number} className="utrecht-unordered-list__item">
              {t('resident.money.invoice', { amount: money(s.amountCents), description: s.description, supplier: s.supplier, date: formatDate(s.invoiceDate, language) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
