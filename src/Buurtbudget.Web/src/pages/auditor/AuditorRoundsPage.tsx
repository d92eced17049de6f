import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { formatMoney, formatNumber } from '../../api/format';
import type { Phase, RoundSummary } from '../../api/types';
import { useApi } from '../../api/useApi';
import { RoundIntegrityBadge } from '../../rounds/RoundIntegrityWarning';
import { Alert, Button, ButtonGroup, FormField, Heading, Link, Paragraph, Select, StatusBadge, Table } from '../../ui';
import { AccessGate } from '../../access/access';
import { fetchRaw, saveBlob, toApiError } from '../../downloads/download';
import { usePageTitle } from '../../frontDoor/pageTitle';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

const PHASES: Phase[] = ['draft', 'submission', 'review', 'voting', 'tallied', 'spending', 'closed'];
const CITY_PARTS = ['wijken.csv', 'rounds.csv', 'categories.csv', 'city.json'] as const;

/** /controle: every round in the city with its status, filterable by phase (kept in the URL, ?fase=…), and the city's
 * open data. */
export function AuditorRoundsPage() {
  const { t } = useTranslation();
  usePageTitle(t('auditor.rounds.title'));
  return (
    <>
      <Heading level={1}>{t('auditor.rounds.title')}</Heading>
      <AccessGate roles={['auditor']}>
        <RoundsOverview />
        <CityOpenData />
      </AccessGate>
    </>
  );
}

function RoundsOverview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const phase = PHASES.find((p) => p === params.get('fase')) ?? null;
  const rounds = useApi<RoundSummary[]>(phase ? `/rounds?phase=${phase}` : '/rounds');
  const list = rounds.data ?? [];

  return (
    <section className="section" aria-labelledby="rounds-heading">
      <Heading level={2} id="rounds-heading">{t('auditor.rounds.listTitle')}</Heading>
      <Paragraph>{t('auditor.rounds.intro')}</Paragraph>
      <div className="filter-bar">
        <FormField label={t('auditor.rounds.filter')}>
          {({ id, describedBy }) => (
            <Select
              id={id}
              aria-describedby={describedBy}
              aria-controls="rounds-result"
              value={phase ?? ''}
              onChange={(event) => setParams(event.target.value ? { fase: event.target.value } : {}, { replace: true })}
            >
              <option value="">{t('auditor.rounds.allPhases')}</option>
              {PHASES.map((p) => <option key={p} value={p}>{t(`phases.${p}`)}</option>)}
            </Select>
          )}
        </FormField>
      </div>
      <div id="rounds-result">
        <p className="utrecht-paragraph" role="status">
          {rounds.data && (phase
            ? t('auditor.rounds.countIn', { count: list.length, phase: t(`phases.${phase}`) })
            : t('auditor.rounds.count', { count: list.length }))}
        </p>
        {rounds.loading && !rounds.data && <Loading />}
        {rounds.error && <Alert type="error" title={rounds.error.title}>{rounds.error.detail}</Alert>}
        {list.length > 0 && (
          <Table caption={t('auditor.rounds.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('auditor.rounds.round')}</th>
                <th scope="col">{t('auditor.rounds.wijk')}</th>
                <th scope="col">{t('auditor.rounds.municipality')}</th>
                <th scope="col">{t('home.phase')}</th>
                <th scope="col" className="numeric">{t('home.budget')}</th>
                <th scope="col" className="numeric">{t('home.turnout')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((round) => (
                <tr key={round.id}>
                  <th scope="row"><Link to={paths.auditRound(round.id)}>{round.title}</Link></th>
                  <td>{round.district.name} ({round.district.code})</td>
                  <td>{round.district.municipalityName}</td>
                  <td><StatusBadge>{t(`phases.${round.phase}`)}</StatusBadge><RoundIntegrityBadge round={round} /></td>
                  <td className="numeric">{formatMoney(round.budgetCents, lang)}</td>
                  <td className="numeric">{formatNumber(round.turnout, lang)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </section>
  );
}

/** The city's anonymised comparison as open data; fetched with the auditor's token, saved unchanged. */
function CityOpenData() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const download = async (part: (typeof CITY_PARTS)[number]) => {
    setBusy(part);
    setError(null);
    try {
      const { blob, fileName } = await fetchRaw(`/open-data/city/${part}`);
      saveBlob(blob, fileName ?? `buurtbudget-${part}`);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="section" aria-labelledby="open-data-heading">
      <Heading level={2} id="open-data-heading">{t('auditor.openData.title')}</Heading>
      <Paragraph>{t('auditor.openData.intro')}</Paragraph>
      {error && <Alert type="error" title={error.title}>{error.detail}</Alert>}
      <ButtonGroup>
        {CITY_PARTS.map((part) => (
          <Button key={part} kind="secondary" busy={busy === part} disabled={busy !== null} onClick={() => void download(part)}>
            {t(`auditor.openData.part.${part.replace('.', '-')}`)}
          </Button>
        ))}
      </ButtonGroup>
    </section>
  );
}
