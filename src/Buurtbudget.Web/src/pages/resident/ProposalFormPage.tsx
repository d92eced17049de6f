import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { formatMoney } from '../../api/format';
import { proposalCategories, type Proposal, type Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import {
  fieldOfProblem,
  proposalFields,
  proposalLimits,
  toProposalRequest,
  validateProposal,
  type FieldError,
  type ProposalDraft,
  type ProposalField,
} from '../../ballot/proposalForm';
import { Alert, Button, ButtonGroup, ErrorSummary, FormField, Heading, Link, Paragraph, Select, TextArea, TextInput } from '../../ui';
import { buurtenOf } from '../../rounds/buurten';
import { categoryLabel, ProblemMessage, SignInNeeded } from './common';
import { Loading } from '../../app/Loading';
import { PlaceField } from '../../map/PlaceField';
import type { Place } from '../../map/geo';
import { paths } from '../../app/paths';
import { PictureManager } from '../../images/PictureManager';

const empty: ProposalDraft = { title: '', description: '', category: '', cost: '', buurt: '' };
const fieldId = (field: ProposalField) => `proposal-${field}`;

/** Euros for the cost field, as the resident would type them (no currency sign, the language's separators). */
function eurosText(cents: number, language: string) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nl-NL', { minimumFractionDigits: cents % 100 ? 2 : 0, maximumFractionDigits: 2 }).format(cents / 100);
}

/** Submit a proposal (POST) or edit one's own (PUT), with every field checked in the browser first and the API's
 * refusal put on the field it names, or in the error summary at the top, which receives focus. */
export function ProposalFormPage() {
  const { roundId = '', proposalId } = useParams();
  const editing = proposalId !== undefined;
  const { t, i18n } = useTranslation();
  const { user, me, ready } = useAuth();
  const navigate = useNavigate();
  const round = useApi<Round>(user ? `/rounds/${roundId}` : null);
  const existing = useApi<Proposal>(user && editing ? `/rounds/${roundId}/proposals/${proposalId}` : null);
  const [draft, setDraft] = useState<ProposalDraft>(empty);
  const [place, setPlace] = useState<Place | null>(null);
  const others = useApi<Proposal[]>(user ? `/rounds/${roundId}/proposals` : null);
  const [errors, setErrors] = useState<Partial<Record<ProposalField, FieldError | string>>>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focusSummary, setFocusSummary] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const language = i18n.language;

  useEffect(() => {
    const p = existing.data;
    if (p) setDraft({ title: p.title, description: p.description, category: p.category, cost: eurosText(p.estimatedCostCents, language), buurt: p.buurt ?? '' });
    if (p) setPlace(p.location ?? null);
    // Only when the proposal arrives, not when the language changes under a half-edited form.
  }, [existing.data]);

  useEffect(() => {
    if (focusSummary > 0) summaryRef.current?.focus();
  }, [focusSummary]);

  const heading = <Heading level={1}>{editing ? t('resident.form.editTitle') : t('resident.form.newTitle')}</Heading>;
  if (ready && !user) return <>{heading}<SignInNeeded /></>;
  if (round.error) return <>{heading}<ProblemMessage error={round.error} /></>;
  if (existing.error) return <>{heading}<ProblemMessage error={existing.error} /></>;
  if (!round.data || (editing && !existing.data)) return <>{heading}<Loading /></>;
  const r = round.data;
  const budgetCents = r.rules.budgetCents;
  const buurten = buurtenOf(r.district.code);

  if (r.phase !== 'submission') {
    return <>{heading}<Alert type="info" title={t('resident.form.closed', { phase: t(`phases.${r.phase}`) })}><Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: r.title })}</Link></Paragraph></Alert></>;
  }
  // Only residents of the round's wijk may propose (the API refuses anyone else): say so before the form is filled in.
  if (!editing && me && !(me.role === 'resident' && me.districts.includes(r.district.code))) {
    return (
      <>
        {heading}
        <Alert type="warning" title={t('ballotResults.proposals.notEligibleTitle')}>
          <Paragraph>{t(me.role === 'resident' ? 'ballotResults.proposals.notEligibleWijk' : 'ballotResults.proposals.notEligibleRole', { wijk: r.district.name, municipality: r.district.municipalityName, title: r.title })}</Paragraph>
          <Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: r.title })}</Link></Paragraph>
        </Alert>
      </>
    );
  }
  if (editing && existing.data && (!existing.data.isMine || existing.data.status !== 'submitted')) {
    return <>{heading}<Alert type="info" title={existing.data.isMine ? t('resident.form.notEditable') : t('resident.form.notYours')}><Paragraph><Link to={paths.proposal(roundId, proposalId)}>{t('resident.form.toProposal')}</Link></Paragraph></Alert></>;
  }

  const message = (error: FieldError | string | undefined) => {
    if (error === undefined) return null;
    if (typeof error === 'string') return error;
    const values = { ...error.values } as Record<string, string | number>;
    if (typeof values.budgetCents === 'number') values.budget = formatMoney(values.budgetCents, language);
    return t(`resident.form.errors.${error.key}`, values);
  };

  const fieldLabel = (field: ProposalField) => t(`resident.form.${field}`);

  function update(field: ProposalField, value: string) {
    const next = { ...draft, [field]: value };
    setDraft(next);
    // Once a send was tried, each field's message follows what is typed, so it disappears when fixed.
    if (attempted) {
      const checked = validateProposal(next, budgetCents, r.district.code);
      setErrors((current) => ({ ...current, [field]: checked[field] }));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setFormError(null);
    const checked = validateProposal(draft, budgetCents, r.district.code);
    setErrors(checked);
    if (Object.keys(checked).length > 0) {
      setFocusSummary((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const body = { ...toProposalRequest(draft), location: place };
      const result = editing
        ? await api<Proposal>(`/rounds/${roundId}/proposals/${proposalId}`, { method: 'PUT', json: body })
        : await api<Proposal>(`/rounds/${roundId}/proposals`, { method: 'POST', json: body });
      navigate(paths.proposal(roundId, result.id), { state: { saved: editing ? 'edited' : 'created' } });
    } catch (error) {
      const problem = error instanceof ApiError ? error : new ApiError(0, 'unknown', t('errors.title'), String(error));
      const field = fieldOfProblem(problem.code, problem.args);
      if (field) setErrors({ [field]: problem.detail || problem.title });
      else setFormError(problem);
      setFocusSummary((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const summaryItems = [
    // Each entry names its field: "Vul dit veld in" alone would not say which.
    ...proposalFields.filter((field) => errors[field] !== undefined).map((field) => ({ key: field, fieldId: fieldId(field), message: `${fieldLabel(field)}: ${message(errors[field]) ?? ''}` })),
    ...(formError ? [{ key: 'form', message: <>{formError.title ? <strong>{formError.title}: </strong> : null}{formError.detail || formError.message}</> }] : []),
  ];

  return (
    <>
      <Paragraph><Link to={editing ? paths.proposal(roundId, proposalId) : paths.round(roundId)}>{editing ? t('resident.form.toProposal') : t('resident.backToRound', { title: r.title })}</Link></Paragraph>
      {heading}
      <Paragraph lead>{t('resident.form.intro', { title: r.title, wijk: r.district.name })}</Paragraph>
      {summaryItems.length > 0 && <ErrorSummary ref={summaryRef} title={t('resident.form.summaryTitle')} items={summaryItems} />}
      <form noValidate onSubmit={(event) => void submit(event)} className="proposal-form">
        <Paragraph>{t('resident.form.required')}</Paragraph>
        <FormField id={fieldId('title')} label={t('resident.form.title')} description={t('resident.form.titleHelp', { min: proposalLimits.titleMin, max: proposalLimits.titleMax })} error={message(errors.title)}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} name="title" aria-describedby={describedBy} invalid={invalid} required autoComplete="off" value={draft.title} onChange={(e) => update('title', e.target.value)} />
          )}
        </FormField>
        <FormField id={fieldId('description')} label={t('resident.form.description')} description={t('resident.form.descriptionHelp', { min: proposalLimits.descriptionMin, max: proposalLimits.descriptionMax })} error={message(errors.description)}>
          {({ id, describedBy, invalid }) => (
            <>
              <TextArea id={id} name="description" rows={8} aria-describedby={`${describedBy ?? ''} ${id}-count`.trim()} invalid={invalid} required value={draft.description} onChange={(e) => update('description', e.target.value)} />
              <p className="utrecht-paragraph char-count" id={`${id}-count`}>{t('resident.form.characters', { count: draft.description.trim().length, max: proposalLimits.descriptionMax })}</p>
            </>
          )}
        </FormField>
        <FormField id={fieldId('category')} label={t('resident.form.category')} error={message(errors.category)}>
          {({ id, describedBy, invalid }) => (
            <Select id={id} name="category" aria-describedby={describedBy} invalid={invalid} required value={draft.category} onChange={(e) => update('category', e.target.value)}>
              <option value="">{t('resident.form.chooseCategory')}</option>
              {proposalCategories.map((category) => <option key={category} value={category}>{categoryLabel(t, category)}</option>)}
            </Select>
          )}
        </FormField>
        <FormField id={fieldId('cost')} label={t('resident.form.cost')} description={t('resident.form.costHelp', { budget: formatMoney(budgetCents, language) })} error={message(errors.cost)}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} name="cost" inputMode="decimal" aria-describedby={describedBy} invalid={invalid} required autoComplete="off" value={draft.cost} onChange={(e) => update('cost', e.target.value)} />
          )}
        </FormField>
        {buurten.length > 0 && !(draft.buurt && !buurten.some((b) => b.code === draft.buurt.trim().toUpperCase())) ? (
          <FormField id={fieldId('buurt')} label={t('ballotResults.proposals.formBuurt')} description={t('ballotResults.proposals.formBuurtHelp', { wijk: r.district.name })} error={message(errors.buurt)}>
            {({ id, describedBy, invalid }) => (
              <Select id={id} name="buurt" aria-describedby={describedBy} invalid={invalid} value={draft.buurt.trim().toUpperCase()} onChange={(e) => update('buurt', e.target.value)}>
                <option value="">{t('ballotResults.proposals.formNoBuurt')}</option>
                {buurten.map((b) => <option key={b.code} value={b.code}>{b.name}</option>)}
              </Select>
            )}
          </FormField>
        ) : (
          <FormField id={fieldId('buurt')} label={t('resident.form.buurt')} description={t('resident.form.buurtHelp', { example: `BU${r.district.code.replace(/^WK/, '')}10` })} error={message(errors.buurt)}>
            {({ id, describedBy, invalid }) => (
              <TextInput id={id} name="buurt" aria-describedby={describedBy} invalid={invalid} autoComplete="off" spellCheck={false} value={draft.buurt} onChange={(e) => update('buurt', e.target.value)} />
            )}
          </FormField>
        )}
        <PlaceField place={place} onChange={setPlace} nearby={others.data ? others.data.flatMap((p) => (p.location ? [p.location] : [])) : others.error ? [] : null} />
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{busy ? t('resident.form.sending') : editing ? t('resident.form.save') : t('resident.form.submit')}</Button>
        </ButtonGroup>
      </form>
      {editing && existing.data ? <PictureManager roundId={roundId} proposal={existing.data} /> : <Paragraph>{t('proposalImages.afterSubmit')}</Paragraph>}
    </>
  );
}
