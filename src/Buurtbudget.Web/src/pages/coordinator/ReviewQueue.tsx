import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import { formatDate, formatMoney } from '../../api/format';
import type { MergeRequest, Proposal, ReviewRequest, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { Alert, Button, FormField, Heading, Paragraph, Select, StatusBadge, StatusMessage, TextArea, TextInput } from '../../ui';
import { toApiError } from '../../downloads/download';
import { centsToEuroInput, parseEuroToCents } from '../../forms/money';
import { Loading } from '../../app/Loading';
import { HidePictures } from '../../images/HidePicture';

/** The review queue of a round in review: every submitted proposal with its three decisions (feasible with an approved
 * cost, infeasible with a reason, merge into another); below it the proposals already decided, which may be revised
 * until voting opens. */
export function ReviewQueue({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation();
  const proposals = useApi<Proposal[]>(`/rounds/${round.id}/proposals`);
  const [message, setMessage] = useState<string | null>(null);

  const all = proposals.data ?? [];
  const awaiting = all.filter((p) => p.status === 'submitted');
  const decided = all.filter((p) => p.status === 'feasible' || p.status === 'infeasible');
  const merged = all.filter((p) => p.status === 'merged');

  const done = (text: string) => {
    setMessage(text);
    proposals.reload();
    onChanged();
    // The decided proposal leaves the queue: focus goes to the queue's heading rather than to nothing.
    document.getElementById('review-heading')?.focus();
  };

  return (
    <section className="section" aria-labelledby="review-heading">
      <Heading level={2} id="review-heading" tabIndex={-1}>{t('coordinator.review.title')}</Heading>
      <Paragraph>{t('coordinator.review.intro')}</Paragraph>
      <StatusMessage>{message}</StatusMessage>
      {proposals.error && <Alert type="error" title={proposals.error.title}>{proposals.error.detail}</Alert>}
      {proposals.loading && !proposals.data && <Loading />}
      {proposals.data && (
        <Paragraph>
          <strong>{t('coordinator.review.awaitingCount', { count: awaiting.length })}</strong>
          {awaiting.length === 0 && ` ${t('coordinator.review.queueEmpty')}`}
        </Paragraph>
      )}
      {awaiting.length > 0 && (
        <ul className="review-list">
          {awaiting.map((proposal) => (
            <li key={proposal.id} className="review-item">
              <ProposalHeader proposal={proposal} />
              <HidePictures roundId={round.id} proposal={proposal} onChanged={() => done(t('proposalImages.hiddenTitle'))} />
              <ReviewForm round={round} proposal={proposal} all={all} onDone={done} />
            </li>
          ))}
        </ul>
      )}

      {decided.length > 0 && (
        <>
          <Heading level={3}>{t('coordinator.review.decidedTitle')}</Heading>
          <Paragraph>{t('coordinator.review.decidedIntro')}</Paragraph>
          <ul className="review-list">
            {decided.map((proposal) => (
              <li key={proposal.id} className="review-item">
                <ProposalHeader proposal={proposal} />
                <HidePictures roundId={round.id} proposal={proposal} onChanged={() => done(t('proposalImages.hiddenTitle'))} />
                <details>
                  <summary>{t('coordinator.review.revise', { title: proposal.title })}</summary>
                  <ReviewForm round={round} proposal={proposal} all={all} onDone={done} />
                </details>
              </li>
            ))}
          </ul>
        </>
      )}

      {merged.length > 0 && (
        <>
          <Heading level={3}>{t('coordinator.review.mergedTitle')}</Heading>
          <ul>
            {merged.map((proposal) => (
              <li key={proposal.id}>
                {t('coordinator.review.mergedInto', { id: proposal.id, title: proposal.title, into: proposal.mergedInto })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ProposalHeader({ proposal }: { proposal: Proposal }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Heading level={3}>{t('coordinator.review.proposalTitle', { id: proposal.id, title: proposal.title })}</Heading>
      <div className="review-item__meta">
        <StatusBadge>{t(`coordinator.status.${proposal.status}`)}</StatusBadge>
        <span>{t('coordinator.review.estimate', { amount: formatMoney(proposal.estimatedCostCents, i18n.language) })}</span>
        {proposal.approvedCostCents != null && <span>{t('coordinator.review.approved', { amount: formatMoney(proposal.approvedCostCents, i18n.language) })}</span>}
        <span>{t('coordinator.review.submitted', { date: formatDate(proposal.submittedAt, i18n.language) })}</span>
        <span>{t(`coordinator.category.${proposal.category}`, { defaultValue: proposal.category })}</span>
      </div>
      <Paragraph style={{ whiteSpace: 'pre-line' }}>{proposal.description}</Paragraph>
      {proposal.infeasibleReason && <Paragraph>{t('coordinator.review.currentReason', { reason: proposal.infeasibleReason })}</Paragraph>}
      {proposal.reviewNote && <Paragraph>{t('coordinator.review.currentNote', { note: proposal.reviewNote })}</Paragraph>}
      {proposal.mergedFrom.length > 0 && <Paragraph>{t('coordinator.review.mergedFrom', { ids: proposal.mergedFrom.join(', ') })}</Paragraph>}
    </>
  );
}

type Decision = 'feasible' | 'infeasible' | 'merge';

function ReviewForm({ round, proposal, all, onDone }: { round: Round; proposal: Proposal; all: Proposal[]; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [decision, setDecision] = useState<Decision>(proposal.status === 'infeasible' ? 'infeasible' : 'feasible');
  const [cost, setCost] = useState(centsToEuroInput(proposal.approvedCostCents ?? proposal.estimatedCostCents, i18n.language));
  const [note, setNote] = useState(proposal.reviewNote ?? '');
  const [reason, setReason] = useState(proposal.infeasibleReason ?? '');
  const [into, setInto] = useState('');
  const [mergeNote, setMergeNote] = useState('');
  const [fieldError, setFieldError] = useState<{ field: 'cost' | 'reason' | 'into'; text: string } | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const name = `decision-${proposal.id}`;
  // Merging into a proposal that is withdrawn, infeasible or itself merged is refused by the round.
  const targets = all.filter((p) => p.id !== proposal.id && (p.status === 'submitted' || p.status === 'feasible'));

  const focusField = (field: string) => {
    setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(null);
    setRefusal(null);
    let path: string;
    let body: ReviewRequest | MergeRequest;
    let success: string;
    if (decision === 'feasible') {
      const cents = parseEuroToCents(cost);
      if (cents === null || cents <= 0) {
        setFieldError({ field: 'cost', text: t('coordinator.review.costInvalid') });
        focusField('cost');
        return;
      }
      path = 'review';
      body = { decision: 'feasible', approvedCostCents: cents, note: note.trim() === '' ? null : note.trim() };
      success = t('coordinator.review.doneFeasible', { title: proposal.title, amount: formatMoney(cents, i18n.language) });
    } else if (decision === 'infeasible') {
      if (reason.trim() === '') {
        setFieldError({ field: 'reason', text: t('coordinator.review.reasonRequired') });
        focusField('reason');
        return;
      }
      path = 'review';
      body = { decision: 'infeasible', reason: reason.trim() };
      success = t('coordinator.review.doneInfeasible', { title: proposal.title });
    } else {
      const target = Number(into);
      if (!into || !Number.isInteger(target)) {
        setFieldError({ field: 'into', text: t('coordinator.review.intoRequired') });
        focusField('into');
        return;
      }
      path = 'merge';
      body = { into: target, note: mergeNote.trim() === '' ? null : mergeNote.trim() };
      success = t('coordinator.review.doneMerged', { title: proposal.title, into: target });
    }

    setBusy(true);
    try {
      await api<Proposal>(`/rounds/${round.id}/proposals/${proposal.id}/${path}`, { method: 'POST', json: body });
      setBusy(false);
      onDone(success);
    } catch (failure) {
      setBusy(false);
      setRefusal(toApiError(failure));
      focusField('refusal');
    }
  };

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className="stack">
      <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
        <legend className="utrecht-form-fieldset__legend">{t('coordinator.review.decision', { title: proposal.title })}</legend>
        <div className="radio-row">
          {(['feasible', 'infeasible', 'merge'] as const).map((option) => (
            <label key={option} className="utrecht-form-label utrecht-form-label--radio">
              <input
                type="radio"
                className="utrecht-radio-button utrecht-radio-button--html-input"
                name={name}
                value={option}
                checked={decision === option}
                onChange={() => { setDecision(option); setFieldError(null); setRefusal(null); }}
              />
              {t(`coordinator.review.option.${option}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {decision === 'feasible' && (
        <>
          <FormField
            label={t('coordinator.review.costLabel')}
            description={t('coordinator.review.costHelp', { estimate: formatMoney(proposal.estimatedCostCents, i18n.language), budget: formatMoney(round.rules.budgetCents, i18n.language) })}
            error={fieldError?.field === 'cost' ? fieldError.text : null}
          >
            {({ id, describedBy, invalid }) => (
              <TextInput id={id} data-field="cost" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={cost} onChange={(e) => setCost(e.target.value)} />
            )}
          </FormField>
          <FormField label={t('coordinator.review.noteLabel')} description={t('coordinator.review.noteHelp')}>
            {({ id, describedBy }) => <TextArea id={id} aria-describedby={describedBy} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
          </FormField>
        </>
      )}

      {decision === 'infeasible' && (
        <FormField label={t('coordinator.review.reasonLabel')} description={t('coordinator.review.reasonHelp')} error={fieldError?.field === 'reason' ? fieldError.text : null}>
          {({ id, describedBy, invalid }) => (
            <TextArea id={id} data-field="reason" aria-describedby={describedBy} invalid={invalid} required aria-required="true" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </FormField>
      )}

      {decision === 'merge' && (
        <>
          {targets.length === 0 ? (
            <Alert type="info">{t('coordinator.review.noTargets')}</Alert>
          ) : (
            <FormField label={t('coordinator.review.intoLabel')} description={t('coordinator.review.intoHelp')} error={fieldError?.field === 'into' ? fieldError.text : null}>
              {({ id, describedBy, invalid }) => (
                <Select id={id} data-field="into" aria-describedby={describedBy} invalid={invalid} value={into} onChange={(e) => setInto(e.target.value)}>
                  <option value="">{t('coordinator.review.intoChoose')}</option>
                  {targets.map((target) => (
                    <option key={target.id} value={target.id}>
                      {t('coordinator.review.proposalTitle', { id: target.id, title: target.title })} ({t(`coordinator.status.${target.status}`)})
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          )}
          <FormField label={t('coordinator.review.mergeNoteLabel')}>
            {({ id, describedBy }) => <TextArea id={id} aria-describedby={describedBy} rows={2} value={mergeNote} onChange={(e) => setMergeNote(e.target.value)} />}
          </FormField>
        </>
      )}

      {refusal && (
        <div tabIndex={-1} data-field="refusal">
          <Alert type="error" title={t('coordinator.review.refused')}>{refusal.detail || refusal.title}</Alert>
        </div>
      )}

      <Button type="submit" busy={busy} disabled={busy || (decision === 'merge' && targets.length === 0)}>
        {t(`coordinator.review.submit.${decision}`)}
      </Button>
    </form>
  );
}
