import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import { formatNumber } from '../api/format';
import type { Proposal, Round } from '../api/types';
import { useApi } from '../api/useApi';
import { AccessGate } from '../access/access';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';
import { useAuth } from '../auth/AuthProvider';
import { usePageTitle } from '../frontDoor/pageTitle';
import { missingOf, NotFound } from '../frontDoor/NotFound';
import { Alert, Button, ButtonGroup, DataList, FormField, Heading, Link, Paragraph, StatusBadge, StatusMessage, TextInput } from '../ui';
import { formatMarks, looksLikeCode, parseMarks } from './paperEntry';
import type { PaperBatch, PaperDisagreement, PaperEntry, PaperMark, PaperPassEntries } from './types';
import './paper.css';

type Pass = 1 | 2;

/** /beheer/rondes/:roundId/papier/:batch: one pile. Typing it (entry 1 or 2, each by a different coordinator, neither
 * seeing the other), then the differences and how they are settled, then counting it and its totals. */
export function PaperBatchPage() {
  const { t } = useTranslation();
  return (
    <AccessGate roles={['coordinator', 'auditor']} fallbackHeading={<Heading level={1}>{t('paperBallots.batch.titlePlain')}</Heading>}>
      <PaperBatchView />
    </AccessGate>
  );
}

function PaperBatchView() {
  const { roundId = '', batch: batchText = '' } = useParams();
  const number = Number(batchText);
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const round = useApi<Round>(`/rounds/${roundId}`);
  const proposals = useApi<Proposal[]>(`/rounds/${roundId}/proposals`);
  const loaded = useApi<PaperBatch>(`/rounds/${roundId}/paper-batches/${number}`);
  const [batch, setBatch] = useState<PaperBatch | null>(null);
  const [typing, setTyping] = useState<Pass | null>(null);
  useEffect(() => setBatch(loaded.data), [loaded.data]);
  const name = batch ? t('paperBallots.batchName', { number: batch.number, label: batch.label }) : null;
  usePageTitle(name);

  const missing = missingOf(round.error) ?? missingOf(loaded.error);
  if (missing) return <NotFound missing={missing} />;
  const heading = <Heading level={1}>{name ?? t('paperBallots.batch.titlePlain')}</Heading>;
  const failure = round.error ?? loaded.error ?? proposals.error;
  if (failure) return <>{heading}<Alert type="error" title={failure.title}>{failure.detail}</Alert></>;
  if (!round.data || !batch || !proposals.data) return <>{heading}<Loading /></>;

  const r = round.data;
  const lang = i18n.language;
  const coordinator = me?.role === 'coordinator' && me.districts.includes(r.district.code);
  const onBallot = proposals.data.filter((p) => p.status === 'feasible');
  const withPoints = r.rules.ballotMethod.kind === 'cumulative-points';
  const passes = [batch.first, batch.second] as const;

  return (
    <>
      <Paragraph><Link to={paths.paperBatches(r.id)}>{t('paperBallots.batch.back')}</Link></Paragraph>
      {heading}
      <Paragraph lead>{r.title} <StatusBadge>{t(`paperBallots.status.${batch.status}`)}</StatusBadge></Paragraph>
      <DataList
        items={passes.map((pass, index) => ({
          key: `pass-${index + 1}`,
          term: t('paperBallots.batch.entry', { pass: index + 1 }),
          value: t(pass.finished ? 'paperBallots.batch.passFinished' : pass.started ? 'paperBallots.batch.passBusy' : 'paperBallots.batch.passNotStarted', {
            count: pass.count,
            formatted: formatNumber(pass.count, lang),
          }) + (pass.typedByYou ? ` ${t('paperBallots.batch.byYou')}` : ''),
        }))}
      />

      {batch.status === 'entering' && coordinator && typing === null && (
        <section className="section stack" aria-labelledby="paper-typing-heading">
          <Heading level={2} id="paper-typing-heading">{t('paperBallots.batch.typeTitle')}</Heading>
          <Paragraph>{t('paperBallots.batch.typeIntro')}</Paragraph>
          {([1, 2] as const).map((pass) => {
            const [own, other] = pass === 1 ? [batch.first, batch.second] : [batch.second, batch.first];
            if (own.finished) return null;
            if (other.typedByYou) return <Alert key={pass} type="info">{t('paperBallots.batch.otherCoordinator', { pass, other: 3 - pass })}</Alert>;
            if (own.started && !own.typedByYou) return <Paragraph key={pass}>{t('paperBallots.batch.someoneElse', { pass })}</Paragraph>;
            return (
              <Button key={pass} kind={pass === 1 ? 'primary' : 'secondary'} onClick={() => setTyping(pass)}>
                {own.started ? t('paperBallots.batch.goOn', { pass }) : t('paperBallots.batch.start', { pass })}
              </Button>
            );
          })}
        </section>
      )}

      {typing !== null && batch.status === 'entering' && (
        <EntryForm
          roundId={r.id}
          batch={batch.number}
          pass={typing}
          onBallot={onBallot}
          points={withPoints}
          onSaved={loaded.reload}
          onFinished={(after) => {
            setBatch(after);
            setTyping(null);
          }}
        />
      )}

      {batch.totals && (
        <section className="section" aria-labelledby="paper-totals-heading">
          <Heading level={2} id="paper-totals-heading">{t('paperBallots.totals.title')}</Heading>
          <DataList
            items={(['entered', 'agreed', 'resolved', 'counted', 'setAside', 'replaced'] as const).map((key) => ({
              key,
              term: t(`paperBallots.totals.${key}`),
              value: formatNumber(batch.totals![key], lang),
            }))}
          />
        </section>
      )}

      {batch.status !== 'entering' && (
        <Differences roundId={r.id} batch={batch} proposals={proposals.data} points={withPoints} canSettle={coordinator} onChanged={setBatch} />
      )}

    </>
  );
}

/** Typing one entry: the code on the paper, the marked proposals (numbers or checkboxes; in a round with points,
 * numbers with their points or a points field per proposal) or "spoiled", and Enter for the next ballot. Each ballot is
 * stored as it is typed, so the form goes on where the typist left off. */
function EntryForm({ roundId, batch, pass, onBallot, points, onSaved, onFinished }: {
  roundId: string;
  batch: number;
  pass: Pass;
  onBallot: Proposal[];
  /** The round counts points (cumulative-points): each mark carries the points written beside it. */
  points: boolean;
  onSaved: () => void;
  onFinished: (batch: PaperBatch) => void;
}) {
  const { t } = useTranslation();
  const typed = useApi<PaperPassEntries>(`/rounds/${roundId}/paper-batches/${batch}/entries/${pass}`);
  const [count, setCount] = useState<number | null>(null);
  const [code, setCode] = useState('');
  const [numbers, setNumbers] = useState('');
  const [spoiled, setSpoiled] = useState(false);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [numbersError, setNumbersError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = new Set(onBallot.map((p) => p.id));
  const read = parseMarks(numbers, ids, points);
  const chosen = new Map(read.choices.map((c) => [c.proposalId, c.points]));

  useEffect(() => {
    if (typed.data) setCount(typed.data.ballots.length);
  }, [typed.data]);
  useEffect(() => {
    if (count !== null) document.getElementById('paper-code')?.focus();
  }, [count]);

  // A box or points field changed: the numbers field is written again from what it holds, with that one proposal's
  // points (0 takes it off). A mark it could not take stays, to be refused on Enter.
  const mark = (id: number, given: number) => {
    const next = new Map(chosen).set(id, given);
    setNumbers(formatMarks([...next].map(([proposalId, p]) => ({ proposalId, points: p })), read.untaken));
  };

  if (typed.error) return <Alert type="error" title={typed.error.title}>{typed.error.detail}</Alert>;
  if (count === null) return <Loading />;
  const position = count + 1;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    setSaved(null);
    const badCode = !spoiled && !looksLikeCode(code);
    const badNumbers = !spoiled && (read.unknown.length > 0 || read.badPoints.length > 0);
    setCodeError(badCode ? t('paperBallots.entry.codeInvalid') : null);
    setNumbersError(!badNumbers ? null
      : read.unknown.length > 0 ? t('paperBallots.entry.numbersUnknown', { numbers: read.unknown.join(', ') })
        : t(points ? 'paperBallots.entry.pointsInvalid' : 'paperBallots.entry.pointsNotHere', { marks: read.badPoints.join(', ') }));
    if (badCode || badNumbers) {
      document.getElementById(badCode ? 'paper-code' : 'paper-numbers')?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = spoiled ? { spoiled: true } : { code, choices: read.choices.map((c) => (points ? c : { proposalId: c.proposalId })) };
      const entry = await api<PaperEntry>(`/rounds/${roundId}/paper-batches/${batch}/entries/${pass}/${position}`, { method: 'PUT', json: body });
      setSaved(t('paperBallots.entry.saved', { position: entry.position, next: entry.next }));
      setCode('');
      setNumbers('');
      setSpoiled(false);
      setCount(entry.count);
      onSaved();
      document.getElementById('paper-code')?.focus();
    } catch (failure) {
      setRefusal(toApiError(failure));
      document.getElementById('paper-code')?.focus();
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    setRefusal(null);
    setBusy(true);
    try {
      onFinished(await api<PaperBatch>(`/rounds/${roundId}/paper-batches/${batch}/entries/${pass}/finish`, { method: 'POST' }));
    } catch (failure) {
      setRefusal(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section stack paper-entry" aria-labelledby="paper-entry-heading">
      <Heading level={2} id="paper-entry-heading">{t('paperBallots.entry.title', { pass, position })}</Heading>
      <Paragraph>{t(points ? 'paperBallots.entry.introPoints' : 'paperBallots.entry.intro')}</Paragraph>
      <StatusMessage>{saved}</StatusMessage>
      {refusal && <Alert type="error" title={refusal.title}>{refusal.detail}</Alert>}
      <form onSubmit={(event) => void submit(event)} noValidate className="stack">
        <FormField id="paper-code" label={t('paperBallots.entry.codeLabel')} description={t('paperBallots.entry.codeHelp')} error={codeError}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} aria-describedby={describedBy} invalid={invalid} autoComplete="off" autoCapitalize="characters" spellCheck={false}
              disabled={spoiled} value={code} onChange={(e) => setCode(e.target.value)} />
          )}
        </FormField>
        <FormField id="paper-numbers" label={t(points ? 'paperBallots.entry.numbersLabelPoints' : 'paperBallots.entry.numbersLabel')}
          description={t(points ? 'paperBallots.entry.numbersHelpPoints' : 'paperBallots.entry.numbersHelp')} error={numbersError}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} aria-describedby={describedBy} invalid={invalid} autoComplete="off"
              // A phone's number pad has no ":" for points; the full keyboard has it, and "x".
              inputMode={points ? 'text' : 'numeric'} disabled={spoiled} value={numbers} onChange={(e) => setNumbers(e.target.value)} />
          )}
        </FormField>
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t(points ? 'paperBallots.entry.proposalsLegendPoints' : 'paperBallots.entry.proposalsLegend')}</legend>
          <div className="paper-options">
            {onBallot.map((proposal) => points ? (
              <div key={proposal.id} className="paper-option paper-option--points">
                <input id={`paper-points-${proposal.id}`} type="number" min={0} step={1} inputMode="numeric" disabled={spoiled}
                  className="utrecht-textbox utrecht-textbox--html-input paper-option__points"
                  value={chosen.get(proposal.id) ?? ''} onChange={(e) => mark(proposal.id, Math.max(0, Math.trunc(Number(e.target.value)) || 0))} />
                <label htmlFor={`paper-points-${proposal.id}`} className="utrecht-form-label">
                  <span className="paper-option__number">{proposal.id}</span> {proposal.title}
                </label>
              </div>
            ) : (
              <label key={proposal.id} className="utrecht-form-label utrecht-form-label--checkbox paper-option">
                <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" disabled={spoiled}
                  checked={chosen.has(proposal.id)} onChange={(e) => mark(proposal.id, e.target.checked ? 1 : 0)} />
                <span className="paper-option__number">{proposal.id}</span> {proposal.title}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="utrecht-form-label utrecht-form-label--checkbox paper-option">
          <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={spoiled} onChange={(e) => setSpoiled(e.target.checked)} />
          {t('paperBallots.entry.spoiled')}
        </label>
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{t('paperBallots.entry.next')}</Button>
        </ButtonGroup>
      </form>
      <Paragraph>{t('paperBallots.entry.finishHelp', { count, formatted: count })}</Paragraph>
      <Button kind="secondary" disabled={busy || count === 0} onClick={() => void finish()}>{t('paperBallots.entry.finish', { pass })}</Button>
    </section>
  );
}

/** The differences between the two entries, each settled by a third look at the paper, and counting the batch. */
function Differences({ roundId, batch, proposals, points, canSettle, onChanged }: {
  roundId: string;
  batch: PaperBatch;
  proposals: Proposal[];
  points: boolean;
  canSettle: boolean;
  onChanged: (batch: PaperBatch) => void;
}) {
  const { t } = useTranslation();
  const list = useApi<PaperDisagreement[]>(`/rounds/${roundId}/paper-batches/${batch.number}/disagreements`);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [reasonErrors, setReasonErrors] = useState<Record<number, string | null>>({});
  const titleOf = (id: number) => proposals.find((p) => p.id === id)?.title ?? String(id);
  const describe = (mark: PaperMark | null | undefined) =>
    !mark ? t('paperBallots.differences.missing')
      : mark.spoiled ? t('paperBallots.differences.spoiled')
        : mark.choices.length === 0 ? t('paperBallots.differences.blank')
          : mark.choices.map((c) => `${c.proposalId}. ${titleOf(c.proposalId)}${points ? ` (${t('paperBallots.differences.points', { count: c.points ?? 1 })})` : ''}`).join(', ');

  const send = async (path: string, body?: unknown) => {
    setRefusal(null);
    setBusy(true);
    try {
      onChanged(await api<PaperBatch>(path, { method: 'POST', json: body }));
      list.reload();
    } catch (failure) {
      setRefusal(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const setAside = (position: number) => {
    const reason = (reasons[position] ?? '').trim();
    setReasonErrors((previous) => ({ ...previous, [position]: reason ? null : t('paperBallots.differences.reasonMissing') }));
    if (!reason) {
      document.getElementById(`paper-reason-${position}`)?.focus();
      return;
    }
    void send(`/rounds/${roundId}/paper-batches/${batch.number}/disagreements/${position}/resolution`, { setAsideReason: reason });
  };

  return (
    <section className="section stack" aria-labelledby="paper-differences-heading">
      <Heading level={2} id="paper-differences-heading">{t('paperBallots.differences.title')}</Heading>
      {list.error && <Alert type="error" title={list.error.title}>{list.error.detail}</Alert>}
      {list.data && list.data.length === 0 && batch.status === 'resolving' && <Paragraph>{t('paperBallots.differences.none')}</Paragraph>}
      {list.data && list.data.length === 0 && batch.status === 'committed' && <Paragraph>{t('paperBallots.differences.noneCounted')}</Paragraph>}
      {list.data && list.data.length > 0 && batch.status === 'resolving' && <Paragraph>{t('paperBallots.differences.intro', { count: list.data.length })}</Paragraph>}
      {refusal && <Alert type="error" title={refusal.title}>{refusal.detail}</Alert>}
      {list.data?.map((difference) => (
        <article key={difference.position} className="paper-difference" aria-labelledby={`paper-difference-${difference.position}`}>
          <Heading level={3} id={`paper-difference-${difference.position}`}>{t('paperBallots.differences.ballot', { position: difference.position })}</Heading>
          <DataList
            items={[
              { key: 'first', term: t('paperBallots.batch.entry', { pass: 1 }), value: describe(difference.first) },
              { key: 'second', term: t('paperBallots.batch.entry', { pass: 2 }), value: describe(difference.second) },
              { key: 'code', term: t('paperBallots.differences.codeTerm'), value: difference.sameCode ? t('paperBallots.differences.sameCode') : t('paperBallots.differences.otherCode') },
              {
                key: 'settled',
                term: t('paperBallots.differences.settledTerm'),
                value: difference.resolution === 'counted' ? t('paperBallots.differences.counted', { ballot: describe(difference.counted) })
                  : difference.resolution === 'set-aside' ? t('paperBallots.differences.setAside', { reason: difference.setAsideReason })
                    : t('paperBallots.differences.open'),
              },
            ]}
          />
          {canSettle && batch.status === 'resolving' && (
            <div className="stack">
              <ButtonGroup>
                {difference.first && <Button kind="secondary" disabled={busy} onClick={() => void send(`/rounds/${roundId}/paper-batches/${batch.number}/disagreements/${difference.position}/resolution`, { keep: 'first' })}>{t('paperBallots.differences.keep', { pass: 1 })}</Button>}
                {difference.second && <Button kind="secondary" disabled={busy} onClick={() => void send(`/rounds/${roundId}/paper-batches/${batch.number}/disagreements/${difference.position}/resolution`, { keep: 'second' })}>{t('paperBallots.differences.keep', { pass: 2 })}</Button>}
              </ButtonGroup>
              <FormField id={`paper-reason-${difference.position}`} label={t('paperBallots.differences.reasonLabel')} error={reasonErrors[difference.position] ?? null}>
                {({ id, describedBy, invalid }) => (
                  <TextInput id={id} aria-describedby={describedBy} invalid={invalid} autoComplete="off" maxLength={200} value={reasons[difference.position] ?? ''}
                    onChange={(e) => setReasons((previous) => ({ ...previous, [difference.position]: e.target.value }))} />
                )}
              </FormField>
              <Button kind="secondary" disabled={busy} onClick={() => setAside(difference.position)}>{t('paperBallots.differences.setAsideButton')}</Button>
            </div>
          )}
        </article>
      ))}
      {canSettle && batch.status === 'resolving' && (
        batch.unresolved === 0
          ? <Button busy={busy} disabled={busy} onClick={() => void send(`/rounds/${roundId}/paper-batches/${batch.number}/commit`)}>{t('paperBallots.differences.commit')}</Button>
          : <Paragraph>{t('paperBallots.differences.settleFirst', { count: batch.unresolved ?? 0 })}</Paragraph>
      )}
    </section>
  );
}
