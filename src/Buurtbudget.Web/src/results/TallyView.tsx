import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber, formatPercent } from '../api/format';
import type { Round, Tally } from '../api/types';
import { BarChart } from '../charts/BarChart';
import { Heading, Table } from '../ui';

/** Turnout and support per proposal as a bar chart, with the same figures in a table and a one-sentence summary. For
 * cumulative ballots support is counted in points, otherwise in voters. */
export function TallyView({ round, tally, headingLevel = 3 }: { round: Round; tally: Tally; headingLevel?: 3 | 4 }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const points = round.rules.ballotMethod.kind === 'cumulative-points';
  const support = (p: Tally['proposals'][number]) => (points ? p.points : p.voters);
  const sorted = [...tally.proposals].sort((a, b) => support(b) - support(a) || a.proposalId - b.proposalId);
  const unit = (value: number) => (points ? t('coordinator.tally.points', { count: value, formatted: formatNumber(value, lang) }) : t('coordinator.tally.voters', { count: value, formatted: formatNumber(value, lang) }));
  const top = sorted[0];
  const summary = top && support(top) > 0
    ? t('coordinator.tally.summary', { turnout: formatNumber(tally.turnout, lang), count: tally.turnout, proposals: tally.proposals.length, top: top.title, support: unit(support(top)) })
    : t('coordinator.tally.summaryEmpty', { turnout: formatNumber(tally.turnout, lang), count: tally.turnout });

  return (
    <>
      <Heading level={headingLevel}>{t('coordinator.tally.supportTitle')}</Heading>
      <BarChart
        title={t('coordinator.tally.chartTitle', { measure: points ? t('coordinator.tally.measurePoints') : t('coordinator.tally.measureVoters') })}
        summary={summary}
        data={sorted.map((p) => ({ key: p.proposalId, label: `${p.proposalId}. ${p.title}`, value: support(p), display: unit(support(p)) }))}
      />
      <Table caption={t('coordinator.tally.tableCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('coordinator.tally.proposal')}</th>
            <th scope="col" className="numeric">{t('coordinator.tally.cost')}</th>
            <th scope="col" className="numeric">{t('coordinator.tally.votersColumn')}</th>
            {points && <th scope="col" className="numeric">{t('coordinator.tally.pointsColumn')}</th>}
            <th scope="col" className="numeric">{t('coordinator.tally.share')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={p.proposalId}>
              <th scope="row">{p.proposalId}. {p.title}</th>
              <td className="numeric">{formatMoney(p.costCents, lang)}</td>
              <td className="numeric">{formatNumber(p.voters, lang)}</td>
              {points && <td className="numeric">{formatNumber(p.points, lang)}</td>}
              <td className="numeric">{formatPercent(p.voters, tally.turnout, lang)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
