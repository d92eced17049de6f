import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../api/format';
import type { OverrunRequest, ProgressRequest, ProjectSpending, Round, Spend, Spending, SpendRequest } from '../../api/types';
import { useApi } from '../../api/useApi';
import { SpendingView } from '../auditor/SpendingView';
import { Refusal, useFormState, type FieldErrors } from '../../forms/useFormState';
import { Alert, Button, FormField, Heading, Paragraph, Select, StatusMessage, TextArea, TextInput } from '../../ui';
import { parseEuroToCents } from '../../forms/money';
import { Loading } from '../../app/Loading';

const STATUSES: ProjectSpending['status'][] = ['planned', 'in-progress', 'on-hold', 'completed'];

/** The money of a round that is spending, as its wijk's coordinators handle it: the spending so far (with who recorded
 * and who decided each spend), the spends that wait for a second coordinator, and forms to record a spend, approve an
 * overrun and report a project's progress. The API decides every rule (four eyes, limits, budget); a refusal is shown
 * in its words. */
export function SpendingManager({ round, canManage }: { round: Round; canManage: boolean }) {
  const { t } = useTranslation();
  const spending = useApi<Spending>(`/rounds/${round.id}/spending`);
  const [message, setMessage] = useState<string | null>(null);
  const done = (text: string) => {
    setMessage(text);
    spending.reload();
  };

  const data = spending.data;
  const pending = data?.spends.filter((s) => s.status === 'pending') ?? [];
  return (
    <section className="section" aria-labelledby="spending-heading">
      <Heading level={2} id="spending-heading" tabIndex={-1}>{t('coordinator.spending.title')}</Heading>
      <StatusMessage>{message}</StatusMessage>
      {spending.error && <Alert type="error" title={spending.error.title}>{spending.error.detail}</Alert>}
      {!data && !spending.error && <Loading />}
      {data && <SpendingView spending={data} />}
      {data && canManage && round.phase === 'spending' && (
        <>
          <Heading level={3}>{t('coordinator.spending.pendingTitle')}</Heading>
          {pending.length === 0 ? (
            <Paragraph>{t('coordinator.spending.pendingNone')}</Paragraph>
          ) : (
            <ul className="review-list">
              {pending.map((spend) => (
                <li key={spend.number} className="review-item">
                  <PendingSpend roundId={round.id} spend={spend} projects={data.projects} onDone={done} />
                </li>
              ))}
            </ul>
          )}
          <RecordSpendForm roundId={round.id} projects={data.projects} onDone={done} />
          <OverrunForm roundId={round.id} projects={data.projects} onDone={done} />
          <ProgressForm roundId={round.id} projects={data.projects} onDone={done} />
        </>
      )}
    </section>
  );
}

function projectLabel(projects: ProjectSpending[], id: number) {
  const project = projects.find((p) => p.proposalId === id);
  return project ? `${project.proposalId}. ${project.title}` : String(id);
}

function ProjectSelect({ projects, value, onChange, error, label }: { projects: ProjectSpending[]; value: string; onChange: (v: string) => void; error?: string | null; label: string }) {
  const { t, i18n } = useTranslation();
  return (
    <FormField label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <Select id={id} data-field="project" aria-describedby={describedBy} invalid={invalid} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('coordinator.spending.chooseProject')}</option>
          {projects.map((p) => (
            <option key={p.proposalId} value={p.proposalId}>
              {t('coordinator.spending.projectOption', { id: p.proposalId, title: p.title, room: formatMoney(p.limitCents - p.spentCents - p.pendingCents, i18n.language) })}
            </option>
          ))}
        </Select>
      )}
    </FormField>
  );
}

/** A spend waiting for a second coordinator: approve it, or reject it with a reason. */
function PendingSpend({ roundId, spend, projects, onDone }: { roundId: string; spend: Spend; projects: ProjectSpending[]; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const form = useFormState<'reason'>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const amount = formatMoney(spend.amountCents, i18n.language);

  const approve = () =>
    void form.run(
      () => api(`/rounds/${roundId}/spending/spends/${spend.number}/approval`, { method: 'POST' }),
      () => onDone(t('coordinator.spending.approved', { number: spend.number, amount })),
    );

  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(reason.trim() === '' ? { reason: t('coordinator.spending.reasonRequired') } : {})) return;
    void form.run(
      () => api(`/rounds/${roundId}/spending/spends/${spend.number}/rejection`, { method: 'POST', json: { reason: reason.trim() } }),
      () => onDone(t('coordinator.spending.rejected', { number: spend.number, amount })),
    );
  };

  return (
    <form ref={form.ref} onSubmit={reject} noValidate className="stack">
      <Heading level={4}>{t('coordinator.spending.spendTitle', { number: spend.number, amount, project: projectLabel(projects, spend.proposalId) })}</Heading>
      <Paragraph>
        {spend.description} · {spend.supplier} · {spend.invoiceReference}
        <br />
        {t('coordinator.spending.recordedBy', { name: spend.recordedBy ?? t('coordinator.spending.unnamed') })}
      </Paragraph>
      <Refusal refusal={form.refusal} title={t('coordinator.spending.refused')} />
      {rejecting && (
        <FormField label={t('coordinator.spending.reasonLabel', { number: spend.number })} description={t('coordinator.spending.reasonHelp')} error={form.errors.reason}>
          {({ id, describedBy, invalid }) => (
            <TextArea id={id} data-field="reason" aria-describedby={describedBy} invalid={invalid} required aria-required="true" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </FormField>
      )}
      <div className="utrecht-button-group">
        <Button kind="primary" busy={form.busy} disabled={form.busy} onClick={approve}>
          {t('coordinator.spending.approve', { number: spend.number })}
        </Button>
        {rejecting ? (
          <Button type="submit" kind="secondary" busy={form.busy} disabled={form.busy}>
            {t('coordinator.spending.rejectConfirm', { number: spend.number })}
          </Button>
        ) : (
          <Button kind="secondary" onClick={() => { setRejecting(true); form.reset(); form.focus('reason'); }}>
            {t('coordinator.spending.reject', { number: spend.number })}
          </Button>
        )}
      </div>
    </form>
  );
}

function FormSection({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="stack">
      <Heading level={3}>{title}</Heading>
      <Paragraph>{intro}</Paragraph>
      {children}
    </div>
  );
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function RecordSpendForm({ roundId, projects, onDone }: { roundId: string; projects: ProjectSpending[]; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const form = useFormState();
  const { errors } = form;
  const [project, setProject] = useState('');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [supplier, setSupplier] = useState('');
  const [invoice, setInvoice] = useState('');
  const [date, setDate] = useState(today);
  const [attachment, setAttachment] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseEuroToCents(amount);
    const found: FieldErrors = {};
    if (!project) found.project = t('coordinator.spending.projectRequired');
    if (cents === null || cents <= 0) found.amount = t('coordinator.spending.amountInvalid');
    if (description.trim() === '') found.description = t('coordinator.spending.descriptionRequired');
    if (supplier.trim() === '') found.supplier = t('coordinator.spending.supplierRequired');
    if (invoice.trim() === '') found.invoice = t('coordinator.spending.invoiceRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.date = t('coordinator.spending.dateRequired');
    if (!form.check(found)) return;
    const body: SpendRequest = {
      proposalId: Number(project),
      amountCents: cents!,
      description: description.trim(),
      supplier: supplier.trim(),
      invoiceReference: invoice.trim(),
      invoiceDate: date,
      attachmentReference: attachment.trim() === '' ? null : attachment.trim(),
    };
    void form.run(() => api<Spend>(`/rounds/${roundId}/spending/spends`, { method: 'POST', json: body }), () => {
      setAmount('');
      setDescription('');
      setSupplier('');
      setInvoice('');
      setAttachment('');
      onDone(t('coordinator.spending.recorded', { amount: formatMoney(cents!, i18n.language), project: projectLabel(projects, Number(project)) }));
    });
  };

  return (
    <FormSection title={t('coordinator.spending.recordTitle')} intro={t('coordinator.spending.recordIntro')}>
      <form ref={form.ref} onSubmit={submit} noValidate className="stack" aria-label={t('coordinator.spending.recordTitle')}>
        <ProjectSelect projects={projects} value={project} onChange={setProject} error={errors.project} label={t('coordinator.spending.projectLabel')} />
        <FormField label={t('coordinator.spending.amountLabel')} description={t('coordinator.spending.amountHelp')} error={errors.amount}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="amount" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.descriptionLabel')} error={errors.description}>
          {({ id, describedBy, invalid }) => <TextArea id={id} data-field="description" aria-describedby={describedBy} invalid={invalid} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.supplierLabel')} error={errors.supplier}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="supplier" aria-describedby={describedBy} invalid={invalid} autoComplete="organization" value={supplier} onChange={(e) => setSupplier(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.invoiceLabel')} error={errors.invoice}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="invoice" aria-describedby={describedBy} invalid={invalid} autoComplete="off" value={invoice} onChange={(e) => setInvoice(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.dateLabel')} error={errors.date}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="date" type="date" aria-describedby={describedBy} invalid={invalid} value={date} onChange={(e) => setDate(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.attachmentLabel')} description={t('coordinator.spending.attachmentHelp')}>
          {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} autoComplete="off" value={attachment} onChange={(e) => setAttachment(e.target.value)} />}
        </FormField>
        <Refusal refusal={form.refusal} title={t('coordinator.spending.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('coordinator.spending.recordSubmit')}</Button></div>
      </form>
    </FormSection>
  );
}

function OverrunForm({ roundId, projects, onDone }: { roundId: string; projects: ProjectSpending[]; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const form = useFormState();
  const { errors } = form;
  const [project, setProject] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseEuroToCents(amount);
    const found: FieldErrors = {};
    if (!project) found.project = t('coordinator.spending.projectRequired');
    if (cents === null || cents <= 0) found.amount = t('coordinator.spending.amountInvalid');
    if (reason.trim() === '') found.reason = t('coordinator.spending.overrunReasonRequired');
    if (!form.check(found)) return;
    const body: OverrunRequest = { proposalId: Number(project), amountCents: cents!, reason: reason.trim() };
    void form.run(() => api<ProjectSpending>(`/rounds/${roundId}/spending/overruns`, { method: 'POST', json: body }), () => {
      setAmount('');
      setReason('');
      onDone(t('coordinator.spending.overrunDone', { amount: formatMoney(cents!, i18n.language), project: projectLabel(projects, Number(project)) }));
    });
  };

  return (
    <FormSection title={t('coordinator.spending.overrunTitle')} intro={t('coordinator.spending.overrunIntro')}>
      <form ref={form.ref} onSubmit={submit} noValidate className="stack" aria-label={t('coordinator.spending.overrunTitle')}>
        <ProjectSelect projects={projects} value={project} onChange={setProject} error={errors.project} label={t('coordinator.spending.projectLabel')} />
        <FormField label={t('coordinator.spending.overrunAmountLabel')} error={errors.amount}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="amount" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.overrunReasonLabel')} error={errors.reason}>
          {({ id, describedBy, invalid }) => <TextArea id={id} data-field="reason" aria-describedby={describedBy} invalid={invalid} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </FormField>
        <Refusal refusal={form.refusal} title={t('coordinator.spending.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('coordinator.spending.overrunSubmit')}</Button></div>
      </form>
    </FormSection>
  );
}

function ProgressForm({ roundId, projects, onDone }: { roundId: string; projects: ProjectSpending[]; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const form = useFormState();
  const { errors } = form;
  const [project, setProject] = useState('');
  const [status, setStatus] = useState<ProjectSpending['status']>('in-progress');
  const [percent, setPercent] = useState('');
  const [milestone, setMilestone] = useState('');

  const choose = (value: string) => {
    setProject(value);
    const current = projects.find((p) => String(p.proposalId) === value);
    if (current) {
      setStatus(current.status);
      setPercent(String(current.percentComplete));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(percent);
    const found: FieldErrors = {};
    if (!project) found.project = t('coordinator.spending.projectRequired');
    if (percent.trim() === '' || !Number.isInteger(value) || value < 0 || value > 100) found.percent = t('coordinator.spending.percentInvalid');
    else if (status === 'completed' && value !== 100) found.percent = t('coordinator.spending.completedNeedsHundred');
    if (!form.check(found)) return;
    const body: ProgressRequest = { status, percentComplete: value, milestone: milestone.trim() === '' ? null : milestone.trim() };
    void form.run(() => api<ProjectSpending>(`/rounds/${roundId}/spending/projects/${project}/progress`, { method: 'PUT', json: body }), () => {
      setMilestone('');
      onDone(t('coordinator.spending.progressDone', { project: projectLabel(projects, Number(project)), status: t(`auditor.spending.status.${status}`), percent: value }));
    });
  };

  return (
    <FormSection title={t('coordinator.spending.progressTitle')} intro={t('coordinator.spending.progressIntro')}>
      <form ref={form.ref} onSubmit={submit} noValidate className="stack" aria-label={t('coordinator.spending.progressTitle')}>
        <ProjectSelect projects={projects} value={project} onChange={choose} error={errors.project} label={t('coordinator.spending.projectLabel')} />
        <FormField label={t('coordinator.spending.statusLabel')}>
          {({ id, describedBy }) => (
            <Select id={id} aria-describedby={describedBy} value={status} onChange={(e) => setStatus(e.target.value as ProjectSpending['status'])}>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`auditor.spending.status.${s}`)}</option>)}
            </Select>
          )}
        </FormField>
        <FormField label={t('coordinator.spending.percentLabel')} description={t('coordinator.spending.percentHelp')} error={errors.percent}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="percent" aria-describedby={describedBy} invalid={invalid} inputMode="numeric" autoComplete="off" value={percent} onChange={(e) => setPercent(e.target.value)} />}
        </FormField>
        <FormField label={t('coordinator.spending.milestoneLabel')} description={t('coordinator.spending.milestoneHelp')}>
          {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} autoComplete="off" value={milestone} onChange={(e) => setMilestone(e.target.value)} />}
        </FormField>
        <Refusal refusal={form.refusal} title={t('coordinator.spending.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('coordinator.spending.progressSubmit')}</Button></div>
      </form>
    </FormSection>
  );
}
