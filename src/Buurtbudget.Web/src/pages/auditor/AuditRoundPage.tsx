import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../../api/format';
import type { AuditStatus, EventLog, Recount, Round, Spending, Tally, VoterRegister, VotingCodeUse } from '../../api/types';
import { useApi } from '../../api/useApi';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, Button, DataList, Heading, Link, Paragraph, StatusBadge, StatusMessage } from '../../ui';
import { AccessGate } from '../../access/access';
import { fetchRaw, saveBlob, toApiError } from '../../downloads/download';
import { ResultsView } from '../../results/ResultsView';
import { TallyView } from '../../results/TallyView';
import { AuditSignOff } from './AuditSignOff';
import { EVENT_PAGE, EventLogView } from './EventLogView';
import { SpendingView } from './SpendingView';
import { usePageTitle } from '../../frontDoor/pageTitle';
import { missingOf, NotFound } from '../../frontDoor/NotFound';
import { WijkBudgetLink } from '../../wijken/WijkBudgetLink';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

const VOTED = ['voting', 'tallied', 'spending', 'closed'];
const AFTER_VOTING = ['tallied', 'spending', 'closed'];

/** /controle/rondes/:roundId: one round as an auditor checks it. The hash chain's verdict first, then turnout and
 * votes, spending, results with the recount, the audit's status, the export, and the event log itself. */
export function AuditRoundPage() {
  const { t } = useTranslation();
  return (
    <AccessGate roles={['auditor']} fallbackHeading={<Heading level={1}>{t('auditor.round.title')}</Heading>}>
      <AuditRound />
    </AccessGate>
  );
}

function AuditRound() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const round = useApi<Round>(`/rounds/${roundId}`);
  const [afters, setAfters] = useState<number[]>([0]);
  const after = afters[afters.length - 1] ?? 0;
  const log = useApi<EventLog>(`/rounds/${roundId}/events?after=${after}&limit=${EVENT_PAGE}`);
  const phase = round.data?.phase;
  const tally = useApi<Tally>(phase && VOTED.includes(phase) ? `/rounds/${roundId}/tally` : null);
  const spending = useApi<Spending>(phase && AFTER_VOTING.includes(phase) ? `/rounds/${roundId}/spending` : null);
  const codes = useApi<VotingCodeUse>(`/rounds/${roundId}/voting-codes`);
  const register = useApi<VoterRegister>(`/rounds/${roundId}/voter-register`);
  const registered = register.data?.required && register.data.count > 0 ? register.data.count : null;

  usePageTitle(round.data ? t('frontDoor.titles.auditRoundOf', { title: round.data.title }) : null);

  const page = (next: number[]) => {
    setAfters(next);
    document.getElementById('log-heading')?.focus();
  };

  const missing = missingOf(round.error);
  if (missing) return <NotFound missing={missing} />;
  if (round.error) {
    return (
      <>
        <Heading level={1}>{t('auditor.round.title')}</Heading>
        <Alert type="error" title={round.error.title}>{round.error.detail}</Alert>
        <Paragraph><Link to="/controle">{t('auditor.round.back')}</Link></Paragraph>
      </>
    );
  }
  if (!round.data) return <Loading />;
  const r = round.data;

  return (
    <>
      <Paragraph><Link to="/controle">{t('auditor.round.back')}</Link></Paragraph>
      <Heading level={1}>{r.title}</Heading>
      <RoundIntegrityWarning round={r} />
      <Paragraph lead>
        {r.district.name} ({r.district.code}), {r.district.municipalityName} <StatusBadge>{t(`phases.${r.phase}`)}</StatusBadge>
      </Paragraph>
      <WijkBudgetLink district={r.district} />

      <ChainVerdict log={log.data} error={log.error} />

      <DataList
        items={[
          { key: 'budget', term: t('home.budget'), value: formatMoney(r.rules.budgetCents, lang) },
          { key: 'turnout', term: t('home.turnout'), value: formatNumber(r.turnout, lang) },
          { key: 'proposals', term: t('home.proposals'), value: formatNumber(r.proposalCount, lang) },
          { key: 'ballot', term: t('auditor.round.onBallot'), value: formatNumber(r.feasibleCount, lang) },
          { key: 'rules', term: t('auditor.round.rulesFrozen'), value: r.rulesFrozen ? t('auditor.round.yes') : t('auditor.round.no') },
          ...(r.votingOpenedAt ? [{ key: 'opened', term: t('auditor.round.votingOpened'), value: formatDate(r.votingOpenedAt, lang) }] : []),
          ...(r.votingClosedAt ? [{ key: 'closed', term: t('auditor.round.votingClosed'), value: formatDate(r.votingClosedAt, lang) }] : []),
          ...(codes.data ? [{ key: 'codes', term: t('auditor.round.codes'), value: t('auditor.round.codesValue', { issued: formatNumber(codes.data.issued, lang), used: formatNumber(codes.data.used, lang) }) }] : []),
        ]}
      />

      <section className="section" aria-labelledby="votes-heading">
        <Heading level={2} id="votes-heading">{t('auditor.votes.title')}</Heading>
        {!VOTED.includes(r.phase) && <Paragraph>{t('auditor.votes.notYet')}</Paragraph>}
        {tally.error && <Alert type="error" title={tally.error.title}>{tally.error.detail}</Alert>}
        {tally.data && (
          <>
            <Paragraph>{t('auditor.votes.turnout', { count: tally.data.turnout, formatted: formatNumber(tally.data.turnout, lang), blank: formatNumber(tally.data.blankBallots, lang) })}</Paragraph>
            {registered !== null && (
              <Paragraph>{t('coordinator.tally.ofRegisterValue', { share: formatPercent(tally.data.turnout, registered, lang), registered: formatNumber(registered, lang) })}</Paragraph>
            )}
            <TallyView round={r} tally={tally.data} />
          </>
        )}
      </section>

      {VOTED.includes(r.phase) && (
        <section className="section" aria-labelledby="paper-heading">
          <Heading level={2} id="paper-heading">{t('auditor.paper.title')}</Heading>
          <Paragraph>{t('auditor.paper.intro')}</Paragraph>
          <Paragraph><Link to={paths.paperBatches(r.id)}>{t('auditor.paper.open')}</Link></Paragraph>
        </section>
      )}

      {AFTER_VOTING.includes(r.phase) && (
        <section className="section" aria-labelledby="spending-heading">
          <Heading level={2} id="spending-heading">{t('auditor.spending.title')}</Heading>
          {spending.error && <Alert type="error" title={spending.error.title}>{spending.error.detail}</Alert>}
          {spending.data && <SpendingView spending={spending.data} />}
        </section>
      )}

      {AFTER_VOTING.includes(r.phase) && <ResultsView roundId={r.id} />}
      {AFTER_VOTING.includes(r.phase) && <RecountPanel roundId={r.id} onRecorded={log.reload} />}
      <AuditStatusPanel roundId={r.id} closed={r.phase === 'closed'} lastSequence={log.data?.lastSequence ?? 0} onSigned={log.reload} />
      <ExportPanel roundId={r.id} />

      {log.error && <Alert type="error" title={log.error.title}>{log.error.detail}</Alert>}
      {log.data && (
        <EventLogView
          log={log.data}
          canGoBack={afters.length > 1}
          onFirst={() => page([0])}
          onPrevious={() => page(afters.slice(0, -1))}
          onNext={() => {
            const last = log.data?.events[log.data.events.length - 1]?.sequence;
            if (last !== undefined) page([...afters, last]);
          }}
        />
      )}
    </>
  );
}

/** The hash chain's verdict over the whole log, checked by the API on every read: prominent, in words and colour. */
function ChainVerdict({ log, error }: { log: EventLog | null; error: ApiError | null }) {
  const { t, i18n } = useTranslation();
  if (error) return null;
  if (!log) return <Paragraph>{t('auditor.chain.checking')}</Paragraph>;
  return (
    <section className={`verdict ${log.chainValid ? 'verdict--ok' : 'verdict--broken'}`} aria-labelledby="chain-heading">
      <Heading level={2} id="chain-heading">{log.chainValid ? t('auditor.chain.valid') : t('auditor.chain.broken')}</Heading>
      {log.chainValid ? (
        <Paragraph>{t('auditor.chain.validText', { count: log.lastSequence, formatted: formatNumber(log.lastSequence, i18n.language) })}</Paragraph>
      ) : (
        <Alert type="error" title={t('auditor.chain.reason')}>
          {breakAt(log.chainError) !== null && <p className="utrecht-paragraph">{t('auditor.chain.at', { sequence: breakAt(log.chainError) })}</p>}
          {/* The API gives the break as its own (English) description; shown as it is, marked as English. */}
          <p className="utrecht-paragraph" lang="en">{breakDetail(log.chainError) ?? t('auditor.chain.noReason')}</p>
        </Alert>
      )}
    </section>
  );
}

/** "ChainBreak { …, FoundSequence = 3, …, Detail = Event 3 does not match its hash: … }": the event where it breaks. */
function breakAt(error: string | null | undefined): number | null {
  const match = /FoundSequence = (\d+)/.exec(error ?? '') ?? /ExpectedSequence = (\d+)/.exec(error ?? '');
  return match ? Number(match[1]) : null;
}

function breakDetail(error: string | null | undefined): string | null {
  if (!error) return null;
  return /Detail = (.*?)\s*\}?\s*$/.exec(error)?.[1] ?? error;
}

function RecountPanel({ roundId, onRecorded }: { roundId: string; onRecorded: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Recount | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const recount = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<Recount>(`/rounds/${roundId}/recount`, { method: 'POST' }));
      onRecorded();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const winners = (ids: number[]) => (ids.length ? ids.join(', ') : t('auditor.recount.noWinners'));
  return (
    <section className="section" aria-labelledby="recount-heading">
      <Heading level={2} id="recount-heading">{t('auditor.recount.title')}</Heading>
      <Paragraph>{t('auditor.recount.intro')}</Paragraph>
      <Button kind="secondary" busy={busy} disabled={busy} onClick={() => void recount()}>{t('auditor.recount.run')}</Button>
      <StatusMessage type={result && !result.matches ? 'warning' : 'ok'}>
        {result && (
          <>
            <p className="utrecht-paragraph"><strong>{result.matches ? t('auditor.recount.matches') : t('auditor.recount.differs')}</strong></p>
            <p className="utrecht-paragraph">{t('auditor.recount.through', { sequence: result.throughSequence })}</p>
            <p className="utrecht-paragraph">{t('auditor.recount.published', { ids: winners(result.publishedWinners) })}</p>
            <p className="utrecht-paragraph">{t('auditor.recount.recomputed', { ids: winners(result.recomputedWinners) })}</p>
          </>
        )}
      </StatusMessage>
      {error && <Alert type="error" title={t('auditor.recount.refused')}>{error.detail || error.title}</Alert>}
    </section>
  );
}

function AuditStatusPanel({ roundId, closed, lastSequence, onSigned }: { roundId: string; closed: boolean; lastSequence: number; onSigned: () => void }) {
  const { t, i18n } = useTranslation();
  const audit = useApi<AuditStatus>(`/rounds/${roundId}/audit`);
  const [signed, setSigned] = useState<AuditStatus | null>(null);
  const data = signed ?? audit.data;
  return (
    <section className="section" aria-labelledby="audit-heading">
      <Heading level={2} id="audit-heading" tabIndex={-1}>{t('auditor.audit.title')}</Heading>
      {audit.error && <Alert type="error" title={audit.error.title}>{audit.error.detail}</Alert>}
      <StatusMessage>{signed && t('auditor.signOff.done')}</StatusMessage>
      {data && !data.signedOff && <Paragraph>{t('auditor.audit.open')}</Paragraph>}
      {data && !data.signedOff && closed && lastSequence > 0 && (
        <AuditSignOff roundId={roundId} lastSequence={lastSequence} onSigned={(result) => {
            setSigned(result);
            onSigned();
            // The form is gone with its button: focus goes to the section's heading, the status says what happened.
            setTimeout(() => document.getElementById('audit-heading')?.focus(), 0);
          }} />
      )}
      {data?.signedOff && (
        <>
          <Paragraph>
            <StatusBadge>{data.verdict === 'approved' ? t('auditor.audit.approved') : t('auditor.audit.findings')}</StatusBadge>
          </Paragraph>
          <DataList
            items={[
              ...(data.at ? [{ key: 'at', term: t('auditor.audit.at'), value: formatDateTime(data.at, i18n.language, 'second') }] : []),
              { key: 'head', term: t('auditor.audit.head'), value: data.headSequence ?? '' },
              { key: 'hash', term: t('auditor.audit.headHash'), value: <span className="hash">{data.headHash}</span> },
            ]}
          />
          {data.findings.length > 0 && (
            <>
              <Heading level={3}>{t('auditor.audit.findingsTitle')}</Heading>
              <ul>
                {data.findings.map((finding, index) => (
                  <li key={index}>
                    {finding.text}
                    {finding.events && finding.events.length > 0 && ` (${t('auditor.audit.events', { ids: finding.events.join(', ') })})`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The export to verify offline: downloaded byte for byte (its digest covers the exact bytes), and the CLI commands. */
function ExportPanel({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const server = window.location.origin;

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, fileName } = await fetchRaw(`/rounds/${roundId}/export`);
      saveBlob(blob, fileName ?? `round-${roundId}.json`);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="export-heading">
      <Heading level={2} id="export-heading">{t('auditor.export.title')}</Heading>
      <Paragraph>{t('auditor.export.intro')}</Paragraph>
      <Button kind="secondary" busy={busy} disabled={busy} onClick={() => void download()}>{t('auditor.export.download')}</Button>
      {error && <Alert type="error" title={error.title}>{error.detail}</Alert>}
      <Paragraph>{t('auditor.export.cli')}</Paragraph>
      <pre className="code-block" tabIndex={0} aria-label={t('auditor.export.commands')}>
        <code>{`buurtbudget export --server ${server} --round ${roundId} > round.json\nbuurtbudget verify round.json\nbuurtbudget verify round.json --receipt XXXX-XXXX-XXXX-XXXX`}</code>
      </pre>
      <Paragraph>{t('auditor.export.token')}</Paragraph>
      <Paragraph>{t('auditor.export.integrity')}</Paragraph>
    </section>
  );
}
