import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../api/format';
import type { Results } from '../api/types';
import { useApi } from '../api/useApi';
import { OutcomeRuleText } from '../rounds/outcomeRule';
import { Alert, DataList, Heading, Link, Paragraph, StatusBadge, Table } from '../ui';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';

/** The round's results after voting (GET …/results): the totals, then every proposal on the ballot with its rank,
 * support, whether it won and the API's explanation in the user's language. */
export function ResultsView({ roundId, headingLevel = 2 }: { roundId: string; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const results = useApi<Results>(`/rounds/${roundId}/results`);
  const data = results.data;
  const winners = data?.proposals.filter((p) => p.won) ?? [];

  return (
    <section className="section" aria-labelledby="results-heading">
      <Heading level={headingLevel} id="results-heading">{t('coordinator.results.title')}</Heading>
      <Paragraph><Link to={paths.results(roundId)}>{t('coordinator.results.publicLink')}</Link></Paragraph>
      {results.error && <Alert type="error" title={results.error.title}>{results.error.detail}</Alert>}
      {results.loading && !data && <Loading />}
      {data && (
        <>
          <Paragraph>
            {t('coordinator.results.summary', {
              winners: winners.length,
              count: winners.length,
              spent: formatMoney(data.spentCents, lang),
              budget: formatMoney(data.budgetCents, lang),
              turnout: formatNumber(data.turnout, lang),
            })}
          </Paragraph>
          <DataList
            items={[
              { key: 'budget', term: t('home.budget'), value: formatMoney(data.budgetCents, lang) },
              { key: 'spent', term: t('coordinator.results.funded'), value: formatMoney(data.spentCents, lang) },
              { key: 'remaining', term: t('coordinator.results.remaining'), value: formatMoney(data.remainingCents, lang) },
              { key: 'turnout', term: t('home.turnout'), value: formatNumber(data.turnout, lang) },
              { key: 'rule', term: t('coordinator.results.rule'), value: <OutcomeRuleText rule={data.rule} /> },
              { key: 'tieBreak', term: t('coordinator.results.tieBreak'), value: <OutcomeRuleText rule={data.tieBreak} kind="tieBreak" /> },
            ]}
          />
          <Table caption={t('coordinator.results.tableCaption')}>
            <thead>
              <tr>
                <th scope="col" className="numeric">{t('coordinator.results.rank')}</th>
                <th scope="col">{t('coordinator.tally.proposal')}</th>
                <th scope="col" className="numeric">{t('coordinator.tally.cost')}</th>
                <th scope="col" className="numeric">{t('coordinator.results.support')}</th>
                <th scope="col">{t('coordinator.results.outcome')}</th>
                <th scope="col">{t('coordinator.results.why')}</th>
              </tr>
            </thead>
            <tbody>
              {data.proposals.map((p) => (
                <tr key={p.proposalId}>
                  <td className="numeric">{p.rank}</td>
                  <th scope="row">{p.title}</th>
                  <td className="numeric">{formatMoney(p.costCents, lang)}</td>
                  <td className="numeric">{formatNumber(p.support, lang)}</td>
                  <td><StatusBadge>{t(`coordinator.results.kind.${p.explanationKind}`)}</StatusBadge></td>
                  <td>{p.explanation}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}
