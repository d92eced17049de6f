import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { formatMoney } from '../../api/format';
import type { Ballot, BulletinEntry, Results, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { normalizeReceipt } from '../../ballot/votingCode';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { OutcomeRuleText } from '../../rounds/outcomeRule';
import { Alert, Button, ButtonGroup, FormField, Heading, Link, Paragraph, StatusBadge, StatusMessage, TextInput } from '../../ui';
import { Facts, ProblemMessage } from './common';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

/** A round's results after the vote: the winners, every proposal with the API's explanation of why it won or lost,
 * and a check of one's receipt on the bulletin board (counted or superseded). */
export function ResultsPage() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { ready } = useAuth();
  const language = i18n.language;
  const round = useApi<Round>(ready ? `/rounds/${roundId}` : null);
  // The explanations come in the caller's language: fetch again when it changes.
  const results = useApi<Results>(ready ? `/rounds/${roundId}/results?lang=${language}` : null);

  const heading = <Heading level={1}>{round.data ? t('resident.results.title', { title: round.data.title }) : t('resident.results.titlePlain')}</Heading>;
  if (round.error) return <>{heading}<ProblemMessage error={round.error} /></>;
  if (results.error) {
    return (
      <>
        {heading}
        <RoundIntegrityWarning round={round.data} />
        {results.error.code === 'results-not-available' ? <Alert type="info" title={results.error.title}>{results.error.detail}</Alert> : <ProblemMessage error={results.error} />}
        <Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: round.data?.title ?? '' })}</Link></Paragraph>
      </>
    );
  }
  if (!results.data || !round.data) return <>{heading}<Loading /></>;
  const res = results.data;
  const winners = res.proposals.filter((p) => p.won).sort((a, b) => a.rank - b.rank);
  const ordered = [...res.proposals].sort((a, b) => a.rank - b.rank);
  const titleOf = (id: number) => res.proposals.find((p) => p.proposalId === id)?.title ?? t('resident.proposal.number', { id });

  return (
    <>
      <Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: round.data.title })}</Link></Paragraph>
      {heading}
      <RoundIntegrityWarning round={round.data} />
      <Facts
        items={[
          { key: 'budget', term: t('resident.results.budget'), value: formatMoney(res.budgetCents, language) },
          { key: 'spent', term: t('resident.results.spent'), value: formatMoney(res.spentCents, language) },
          { key: 'left', term: t('resident.results.remaining'), value: formatMoney(res.remainingCents, language) },
          { key: 'turnout', term: t('resident.results.turnout'), value: t('resident.round.turnoutValue', { count: res.turnout }) },
          { key: 'rule', term: t('resident.results.rule'), value: <OutcomeRuleText rule={res.rule} /> },
        ]}
      />

      <Heading level={2}>{t('resident.results.winners', { count: winners.length })}</Heading>
      {winners.length === 0 ? (
        <Paragraph>{t('resident.results.noWinners')}</Paragraph>
      ) : (
        <ol className="utrecht-ordered-list">
          {winners.map((p) => (
            <li key={p.proposalId} className="utrecht-ordered-list__item">
              <Link to={paths.proposal(roundId, p.proposalId)}>{p.title}</Link>: {formatMoney(p.costCents, language)}, {t('resident.results.support', { count: p.support })}
            </li>
          ))}
        </ol>
      )}

      <Heading level={2}>{t('resident.results.all')}</Heading>
      <ul className="result-list">
        {ordered.map((p) => (
          <li key={p.proposalId} className={`card${p.won ? ' result--won' : ''}`}>
            <Heading level={3}>{t('resident.results.ranked', { rank: p.rank, title: p.title })}</Heading>
            <Paragraph><StatusBadge>{t(`resident.results.kind.${p.explanationKind}`)}</StatusBadge></Paragraph>
            <Facts
              items={[
                { key: 'cost', term: t('resident.results.cost'), value: formatMoney(p.costCents, language) },
                { key: 'support', term: t('resident.results.supportTerm'), value: p.support },
                { key: 'before', term: t('resident.results.remainingBefore'), value: formatMoney(p.remainingBeforeCents, language) },
              ]}
            />
            <Paragraph>{p.explanation}</Paragraph>
          </li>
        ))}
      </ul>

      <ReceiptCheck roundId={roundId} titleOf={titleOf} />
    </>
  );
}

/** Enter a receipt and see its bulletin-board entry: counted, or superseded by a later ballot. */
function ReceiptCheck({ roundId, titleOf }: { roundId: string; titleOf: (id: number) => string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [entry, setEntry] = useState<BulletinEntry | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { user } = useAuth();

  // A signed-in voter's own receipt is filled in for them (their ballot is still readable after the vote); an
  // anonymous reader has no ballot to read.
  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    api<Ballot>(`/rounds/${roundId}/ballot`).then(
      (ballot) => !cancelled && setTyped((current) => current || ballot.receipt),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [roundId, user]);

  async function check(event: FormEvent) {
    event.preventDefault();
    setEntry(null);
    setFailure(null);
    const receipt = normalizeReceipt(typed);
    if (!receipt) {
      setFieldError(t('resident.receipt.invalid'));
      document.getElementById('receipt-code')?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      setEntry(await api<BulletinEntry>(`/rounds/${roundId}/bulletin-board/${encodeURIComponent(receipt)}`));
    } catch (error) {
      const problem = error instanceof ApiError ? error : new ApiError(0, 'unknown', t('errors.title'), String(error));
      if (problem.code === 'receipt-not-found' || problem.code === 'invalid-receipt') {
        setFieldError(problem.detail);
        document.getElementById('receipt-code')?.focus();
      } else setFailure(problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="receipt-check-title">
      <Heading level={2} id="receipt-check-title">{t('resident.receipt.title')}</Heading>
      <Paragraph>{t('resident.receipt.intro')}</Paragraph>
      <form noValidate onSubmit={(event) => void check(event)}>
        <FormField id="receipt-code" label={t('resident.receipt.label')} description={t('resident.receipt.help')} error={fieldError}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} name="receipt" className="code-input" aria-describedby={describedBy} invalid={invalid} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          )}
        </FormField>
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{t('resident.receipt.check')}</Button>
        </ButtonGroup>
      </form>
      <StatusMessage type={entry?.status === 'superseded' ? 'warning' : 'ok'}>
        {entry && (
          <>
            <Paragraph><strong>{entry.status === 'counted' ? t('resident.receipt.counted', { receipt: entry.receipt }) : t('resident.receipt.superseded', { receipt: entry.receipt })}</strong></Paragraph>
            {entry.status === 'superseded' && entry.supersededBy && <Paragraph>{t('resident.receipt.supersededBy', { receipt: entry.supersededBy })}</Paragraph>}
            <Paragraph>
              {entry.choices.length === 0
                ? t('resident.receipt.blank')
                : t('resident.receipt.choices', {
                    choices: entry.choices.map((c) => (c.points && c.points > 1 ? `${titleOf(c.proposalId)} (${t('resident.ballot.pointsUnit', { count: c.points })})` : titleOf(c.proposalId))).join('; '),
                  })}
            </Paragraph>
          </>
        )}
      </StatusMessage>
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
    </section>
  );
}
