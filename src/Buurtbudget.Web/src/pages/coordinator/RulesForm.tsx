import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../api/format';
import type { BallotMethod, Round, RulesWithEligibility } from '../../api/types';
import { Refusal, useFormState, type FieldErrors } from '../../forms/useFormState';
import { outcomeRuleName } from '../../rounds/outcomeRule';
import { Button, FormField, Heading, Paragraph, Select, StatusMessage, TextInput } from '../../ui';
import { centsToEuroInput, parseEuroToCents } from '../../forms/money';

const KINDS: BallotMethod['kind'][] = ['approval-within-budget', 'approval-at-most-k', 'cumulative-points'];
const OUTCOME_RULES = ['greedy', 'greedy-per-cost', 'mes', 'mes+greedy', 'mes+greedy-per-cost', 'phragmen'];

type Field = 'budget' | 'minCount' | 'maxCount' | 'k' | 'points' | 'maxPerProposal' | 'minimumAge';

/** An optional whole number typed into a field: null when empty, undefined when not a whole number of at least min. */
function wholeNumber(text: string, min: number): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= min ? value : undefined;
}

const input = (value: number | null | undefined) => (value == null ? '' : String(value));

/** The round's rules while they may still change (until voting opens): the budget, how residents vote, how the
 * winners are chosen, whether the live tally is shown, and who may vote besides the wijk's residents. The API checks
 * the rules as a whole; its refusal is shown in its words. */
export function RulesForm({ round, onChanged }: { round: Round; onChanged: (round: Round) => void }) {
  const { t, i18n } = useTranslation();
  const rules = round.rules as RulesWithEligibility;
  const [budget, setBudget] = useState(centsToEuroInput(rules.budgetCents, i18n.language));
  const [kind, setKind] = useState<BallotMethod['kind']>(rules.ballotMethod.kind);
  const [minCount, setMinCount] = useState(input(rules.ballotMethod.minCount));
  const [maxCount, setMaxCount] = useState(input(rules.ballotMethod.maxCount));
  const [k, setK] = useState(input(rules.ballotMethod.k));
  const [points, setPoints] = useState(input(rules.ballotMethod.points));
  const [maxPerProposal, setMaxPerProposal] = useState(input(rules.ballotMethod.maxPerProposal));
  const [outcomeRule, setOutcomeRule] = useState(rules.outcomeRule ?? 'greedy');
  const [liveTally, setLiveTally] = useState(rules.liveTallyVisible ?? false);
  const [minimumAge, setMinimumAge] = useState(input(rules.eligibility?.minimumAge));
  const [businessOwners, setBusinessOwners] = useState(rules.eligibility?.businessOwnersAdmitted ?? false);
  const form = useFormState<Field>();
  const { errors } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.reset();
    const found: FieldErrors<Field> = {};
    const cents = parseEuroToCents(budget);
    if (cents === null || cents <= 0) found.budget = t('coordinator.rulesForm.budgetInvalid');
    const numbers: Partial<Record<Field, number | null>> = {};
    const read = (field: Field, text: string, min: number, required: boolean) => {
      const value = wholeNumber(text, min);
      if (value === undefined || (required && value === null)) found[field] = t('coordinator.rulesForm.wholeNumber', { min });
      else numbers[field] = value;
    };
    if (kind === 'approval-within-budget') {
      read('minCount', minCount, 0, false);
      read('maxCount', maxCount, 1, false);
    } else if (kind === 'approval-at-most-k') {
      read('k', k, 1, true);
    } else {
      read('points', points, 1, true);
      read('maxPerProposal', maxPerProposal, 1, false);
    }
    read('minimumAge', minimumAge, 0, false);
    if (!form.check(found)) return;

    const ballotMethod: BallotMethod =
      kind === 'approval-within-budget' ? { kind, minCount: numbers.minCount, maxCount: numbers.maxCount }
        : kind === 'approval-at-most-k' ? { kind, k: numbers.k }
          : { kind, points: numbers.points, maxPerProposal: numbers.maxPerProposal };
    const body: RulesWithEligibility = {
      budgetCents: cents!,
      ballotMethod,
      outcomeRule,
      liveTallyVisible: liveTally,
      // The API keeps a rule that is left out (null); 0 is how a minimum age is taken away.
      eligibility: { minimumAge: numbers.minimumAge ?? 0, businessOwnersAdmitted: businessOwners },
    };
    await form.run(() => api<Round>(`/rounds/${round.id}/rules`, { method: 'PUT', json: body }), (changed) => {
      onChanged(changed);
      return t('coordinator.rulesForm.saved', { budget: formatMoney(changed.rules.budgetCents, i18n.language), method: t(`coordinator.method.${changed.rules.ballotMethod.kind}`) });
    });
  };

  const numberField = (field: Field, label: string, value: string, set: (v: string) => void, help?: string) => (
    <FormField label={label} description={help} error={errors[field]}>
      {({ id, describedBy, invalid }) => (
        <TextInput id={id} data-field={field} aria-describedby={describedBy} invalid={invalid} inputMode="numeric" autoComplete="off" value={value} onChange={(e) => set(e.target.value)} />
      )}
    </FormField>
  );

  return (
    <section className="section" aria-labelledby="rules-heading">
      <Heading level={2} id="rules-heading">{t('coordinator.rulesForm.title')}</Heading>
      <Paragraph>{t('coordinator.rulesForm.intro')}</Paragraph>
      <StatusMessage>{form.saved}</StatusMessage>
      <form ref={form.ref} onSubmit={(event) => void submit(event)} noValidate className="stack" aria-labelledby="rules-heading">
        <FormField label={t('coordinator.rulesForm.budget')} description={t('coordinator.rulesForm.budgetHelp')} error={errors.budget}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} data-field="budget" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={budget} onChange={(e) => setBudget(e.target.value)} />
          )}
        </FormField>
        <FormField label={t('coordinator.rulesForm.method')}>
          {({ id, describedBy }) => (
            <Select id={id} aria-describedby={describedBy} value={kind} onChange={(e) => { setKind(e.target.value as BallotMethod['kind']); form.clearErrors(); }}>
              {KINDS.map((option) => <option key={option} value={option}>{t(`coordinator.method.${option}`)}</option>)}
            </Select>
          )}
        </FormField>
        {kind === 'approval-within-budget' && (
          <>
            {numberField('minCount', t('coordinator.rulesForm.minCount'), minCount, setMinCount, t('coordinator.rulesForm.optional'))}
            {numberField('maxCount', t('coordinator.rulesForm.maxCount'), maxCount, setMaxCount, t('coordinator.rulesForm.optional'))}
          </>
        )}
        {kind === 'approval-at-most-k' && numberField('k', t('coordinator.rulesForm.k'), k, setK)}
        {kind === 'cumulative-points' && (
          <>
            {numberField('points', t('coordinator.rulesForm.points'), points, setPoints)}
            {numberField('maxPerProposal', t('coordinator.rulesForm.maxPerProposal'), maxPerProposal, setMaxPerProposal, t('coordinator.rulesForm.optional'))}
          </>
        )}
        <FormField label={t('coordinator.rulesForm.outcomeRule')} description={t(`ballotResults.outcomeRule.${outcomeRule}.explain`, { defaultValue: '' })}>
          {({ id, describedBy }) => (
            <Select id={id} aria-describedby={describedBy} value={outcomeRule} onChange={(e) => setOutcomeRule(e.target.value)}>
              {OUTCOME_RULES.map((option) => <option key={option} value={option}>{outcomeRuleName(t, option)}</option>)}
            </Select>
          )}
        </FormField>
        {numberField('minimumAge', t('coordinator.rulesForm.minimumAge'), minimumAge, setMinimumAge, t('coordinator.rulesForm.minimumAgeHelp'))}
        <label className="utrecht-form-label utrecht-form-label--checkbox">
          <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={businessOwners} onChange={(e) => setBusinessOwners(e.target.checked)} />
          {' '}{t('coordinator.rulesForm.businessOwners')}
        </label>
        <label className="utrecht-form-label utrecht-form-label--checkbox">
          <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={liveTally} onChange={(e) => setLiveTally(e.target.checked)} />
          {' '}{t('coordinator.rulesForm.liveTally')}
        </label>
        <Refusal refusal={form.refusal} title={t('coordinator.rulesForm.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('coordinator.rulesForm.submit')}</Button></div>
      </form>
    </section>
  );
}
