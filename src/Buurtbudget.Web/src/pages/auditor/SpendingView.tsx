import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatPercent } from '../../api/format';
import type { Spending } from '../../api/types';
import { SpendChart } from '../../charts/SpendChart';
import { Alert, DataList, Heading, Paragraph, Table } from '../../ui';

/** Spend against budget: the round's totals, then per funded project its limit, approved spend and pending spend, as a
 * chart with the same figures in a table and a text summary. */
export function SpendingView({ spending }: { spending: Spending }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = (cents: number) => formatMoney(cents, lang);
  const over = spending.projects.filter((p) => p.spentCents + p.pendingCents > p.limitCents);
  const summary = t('auditor.spending.summary', {
    spent: money(spending.spentCents),
    pending: money(spending.pendingCents),
    budget: money(spending.budgetCents),
    limits: money(spending.limitsCents),
    share: formatPercent(spending.spentCents, spending.budgetCents, lang),
    projects: spending.projects.length,
  });

  return (
    <>
      <DataList
        items={[
          { key: 'budget', term: t('home.budget'), value: money(spending.budgetCents) },
          { key: 'limits', term: t('auditor.spending.limits'), value: money(spending.limitsCents) },
          { key: 'spent', term: t('auditor.spending.spent'), value: money(spending.spentCents) },
          { key: 'pending', term: t('auditor.spending.pending'), value: money(spending.pendingCents) },
          { key: 'remaining', term: t('auditor.spending.remaining'), value: money(spending.remainingCents) },
        ]}
      />
      {over.length > 0 && <Alert type="warning">{t('auditor.spending.over', { titles: over.map((p) => p.title).join(', ') })}</Alert>}
      {spending.projects.length === 0 ? (
        <Paragraph>{t('auditor.spending.none')}</Paragraph>
      ) : (
        <>
          <Heading level={3}>{t('auditor.spending.perProject')}</Heading>
          <ul className="chart__legend" aria-label={t('auditor.spending.legend')}>
            <li><span className="chart__swatch chart__swatch--spent" aria-hidden="true" />{t('auditor.spending.spent')}</li>
            <li><span className="chart__swatch chart__swatch--pending" aria-hidden="true" />{t('auditor.spending.pending')}</li>
            <li><span className="chart__swatch chart__swatch--limit" aria-hidden="true" />{t('auditor.spending.limit')}</li>
          </ul>
          <SpendChart
            title={t('auditor.spending.chartTitle')}
            summary={summary}
            data={spending.projects.map((p) => ({ key: p.proposalId, label: `${p.proposalId}. ${p.title}`, limit: p.limitCents, spent: p.spentCents, pending: p.pendingCents }))}
          />
          <Table caption={t('auditor.spending.tableCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('auditor.spending.project')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.approvedCost')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.limit')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.spent')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.pending')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.shareOfLimit')}</th>
                <th scope="col">{t('auditor.spending.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {spending.projects.map((p) => (
                <tr key={p.proposalId}>
                  <th scope="row">{p.proposalId}. {p.title}</th>
                  <td className="numeric">{money(p.approvedCostCents)}</td>
                  <td className="numeric">{money(p.limitCents)}</td>
                  <td className="numeric">{money(p.spentCents)}</td>
                  <td className="numeric">{money(p.pendingCents)}</td>
                  <td className="numeric">{formatPercent(p.spentCents, p.limitCents, lang)}</td>
                  <td>{t(`auditor.spending.status.${p.status}`)} ({p.percentComplete}%)</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
      {spending.spends.length > 0 && (
        <details>
          <summary>{t('auditor.spending.spendsToggle', { count: spending.spends.length })}</summary>
          <Table caption={t('auditor.spending.spendsCaption')}>
            <thead>
              <tr>
                <th scope="col" className="numeric">#</th>
                <th scope="col">{t('auditor.spending.project')}</th>
                <th scope="col" className="numeric">{t('auditor.spending.amount')}</th>
                <th scope="col">{t('auditor.spending.description')}</th>
                <th scope="col">{t('auditor.spending.supplier')}</th>
                <th scope="col">{t('auditor.spending.invoice')}</th>
                <th scope="col">{t('auditor.spending.spendStatus')}</th>
                <th scope="col">{t('auditor.spending.recordedBy')}</th>
                <th scope="col">{t('auditor.spending.decidedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {spending.spends.map((s) => (
                <tr key={s.number}>
                  <td className="numeric">{s.number}</td>
                  <td>{s.proposalId}</td>
                  <td className="numeric">{money(s.amountCents)}</td>
                  <td>{s.description}</td>
                  <td>{s.supplier}</td>
                  <td>{s.invoiceReference}, {formatDate(s.invoiceDate, lang)}</td>
                  <td>
                    {t(`auditor.spending.spendState.${s.status}`)}
                    {s.rejectionReason && `: ${s.rejectionReason}`}
                  </td>
                  <td>{s.recordedBy ?? '–'}</td>
                  <td>{s.decidedBy ?? (s.status === 'pending' ? '' : '–')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </details>
      )}
    </>
  );
}
