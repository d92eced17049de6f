import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import { formatNumber } from '../api/format';
import type { Round } from '../api/types';
import { useApi } from '../api/useApi';
import { AccessGate } from '../access/access';
import { useAuth } from '../auth/AuthProvider';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';
import { usePageTitle } from '../frontDoor/pageTitle';
import { missingOf, NotFound } from '../frontDoor/NotFound';
import { Alert, Button, FormField, Heading, Link, Paragraph, StatusBadge, Table, TextInput } from '../ui';
import type { PaperBatch } from './types';
import './paper.css';

/** /beheer/rondes/:roundId/papier: the round's piles of paper ballots from voting evenings, and a form that starts a
 * new one. The wijk's coordinators type them; auditors read them. */
export function PaperBatchesPage() {
  const { t } = useTranslation();
  return (
    <AccessGate roles={['coordinator', 'auditor']} fallbackHeading={<Heading level={1}>{t('paperBallots.list.title')}</Heading>}>
      <PaperBatches />
    </AccessGate>
  );
}

function PaperBatches() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const round = useApi<Round>(`/rounds/${roundId}`);
  const batches = useApi<PaperBatch[]>(`/rounds/${roundId}/paper-batches`);
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<PaperBatch | null>(null);
  usePageTitle(round.data ? t('paperBallots.list.pageTitle', { title: round.data.title }) : null);

  const missing = missingOf(round.error);
  if (missing) return <NotFound missing={missing} />;
  const heading = <Heading level={1}>{t('paperBallots.list.title')}</Heading>;
  if (round.error) return <>{heading}<Alert type="error" title={round.error.title}>{round.error.detail}</Alert></>;
  if (!round.data || (!batches.data && !batches.error)) return <>{heading}<Loading /></>;
  const r = round.data;
  const lang = i18n.language;
  // Auditors read the batches; only the wijk's coordinators type them (the API refuses anyone else).
  const coordinator = me?.role === 'coordinator' && me.districts.includes(r.district.code);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    if (!label.trim()) {
      setLabelError(t('paperBallots.list.labelMissing'));
      document.getElementById('paper-batch-label')?.focus();
      return;
    }
    setLabelError(null);
    setBusy(true);
    try {
      const batch = await api<PaperBatch>(`/rounds/${roundId}/paper-batches`, { method: 'POST', json: { label: label.trim() } });
      setCreated(batch);
      setLabel('');
      batches.reload();
    } catch (failure) {
      setRefusal(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Paragraph><Link to={coordinator ? paths.manageRound(r.id) : paths.auditRound(r.id)}>{t('paperBallots.list.back', { title: r.title })}</Link></Paragraph>
      {heading}
      <Paragraph lead>{r.title} · {r.district.name}</Paragraph>
      <Paragraph>{t('paperBallots.list.intro')}</Paragraph>
      {batches.error && <Alert type="error" title={batches.error.title}>{batches.error.detail}</Alert>}
      {batches.data && batches.data.length === 0 && <Paragraph>{t('paperBallots.list.none')}</Paragraph>}
      {batches.data && batches.data.length > 0 && (
        <Table caption={t('paperBallots.list.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('paperBallots.list.batch')}</th>
              <th scope="col">{t('paperBallots.list.status')}</th>
              <th scope="col">{t('paperBallots.list.entries')}</th>
              <th scope="col">{t('paperBallots.list.counted')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.data.map((batch) => (
              <tr key={batch.number}>
                <td><Link to={paths.paperBatch(r.id, batch.number)}>{t('paperBallots.batchName', { number: batch.number, label: batch.label })}</Link></td>
                <td><StatusBadge>{t(`paperBallots.status.${batch.status}`)}</StatusBadge></td>
                <td>{t('paperBallots.list.entryCounts', { first: formatNumber(batch.first.count, lang), second: formatNumber(batch.second.count, lang) })}</td>
                <td>{batch.totals ? formatNumber(batch.totals.counted, lang) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      {!coordinator ? (
        <Paragraph>{t('paperBallots.list.readOnly')}</Paragraph>
      ) : r.phase === 'voting' ? (
        <form onSubmit={(event) => void submit(event)} noValidate className="stack section" aria-labelledby="paper-new-heading">
          <Heading level={2} id="paper-new-heading">{t('paperBallots.list.newTitle')}</Heading>
          <FormField id="paper-batch-label" label={t('paperBallots.list.labelLabel')} description={t('paperBallots.list.labelHelp')} error={labelError}>
            {({ id, describedBy, invalid }) => (
              <TextInput id={id} aria-describedby={describedBy} invalid={invalid} autoComplete="off" maxLength={120} value={label} onChange={(e) => setLabel(e.target.value)} />
            )}
          </FormField>
          {refusal && <Alert type="error" title={refusal.title}>{refusal.detail}</Alert>}
          <Button type="submit" busy={busy} disabled={busy}>{t('paperBallots.list.create')}</Button>
          {created && (
            <Alert type="ok">
              {t('paperBallots.list.created', { name: t('paperBallots.batchName', { number: created.number, label: created.label }) })}{' '}
              <Link to={paths.paperBatch(r.id, created.number)}>{t('paperBallots.list.openCreated')}</Link>
            </Alert>
          )}
        </form>
      ) : (
        <Paragraph>{t('paperBallots.list.onlyWhileVoting')}</Paragraph>
      )}
    </>
  );
}
