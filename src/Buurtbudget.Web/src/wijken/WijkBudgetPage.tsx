import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, type ApiError } from '../api/client';
import { formatDateTime, formatMoney } from '../api/format';
import type { AllocateBudgetRequest, RoundSummary, WijkBudget } from '../api/types';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { Refusal, useFormState, type FieldErrors } from '../forms/useFormState';
import { usePageTitle } from '../frontDoor/pageTitle';
import { AccessGate } from '../access/access';
import { parseEuroToCents } from '../forms/money';
import { Alert, Button, Heading, Link, Paragraph, StatusMessage, Table, TextInput, FormField } from '../ui';
import { budgetHistory, type BudgetHistoryEntry } from './history';
import { wijkenOf, type Wijk } from './wijken';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';

/** /wijken/:code/budget: a wijk's budget per year and its verified history, for the wijk's coordinators, auditors and
 * admins (the API refuses anyone else in words); admins allocate money to the wijk here. */
export function WijkBudgetPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  return (
    <AccessGate roles={['coordinator', 'auditor', 'admin']} fallbackHeading={<Heading level={1}>{t('wijkBudget.title')}</Heading>}>
      <WijkBudgetView code={code.toUpperCase()} />
    </AccessGate>
  );
}

function WijkBudgetView({ code }: { code: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const budget = useApi<WijkBudget>(`/wijken/${encodeURIComponent(code)}/budget`);
  // The platform knows a wijk's name only from its rounds; a wijk without one is named by its CBS code.
  const rounds = useApi<RoundSummary[]>('/rounds');
  const wijk: Wijk | undefined = useMemo(() => wijkenOf(rounds.data ?? []).find((w) => w.code === code), [rounds.data, code]);
  const name = wijk?.name ?? code;
  usePageTitle(t('wijkBudget.titleOf', { name }));

  const auditor = me?.role === 'auditor';
  return (
    <>
      <Paragraph>{auditor ? <Link to="/controle">{t('wijkBudget.backAudit')}</Link> : <Link to="/beheer">{t('wijkBudget.backManage')}</Link>}</Paragraph>
      <Heading level={1}>{t('wijkBudget.titleOf', { name })}</Heading>
      <Paragraph lead>{wijk ? t('wijkBudget.lead', { name: wijk.name, municipality: wijk.municipalityName, code }) : t('wijkBudget.leadCodeOnly', { code })}</Paragraph>
      {budget.error && <Alert type="error" title={budget.error.title}>{budget.error.detail}</Alert>}
      {!budget.data && !budget.error && <Loading />}
      {budget.data && (
        <>
          <BudgetYears budget={budget.data} />
          {me?.role === 'admin' && <AllocationForm code={code} name={name} onAllocated={budget.reload} />}
          <BudgetHistory budget={budget.data} rounds={rounds.data ?? []} auditor={auditor} />
        </>
      )}
    </>
  );
}

function BudgetYears({ budget }: { budget: WijkBudget }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const years = [...budget.years].sort((a, b) => b.year - a.year);
  return (
    <section className="section" aria-labelledby="budget-years">
      <Heading level={2} id="budget-years">{t('wijkBudget.years.title')}</Heading>
      {years.length === 0 ? (
        <Paragraph>{t('wijkBudget.years.none')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('wijkBudget.years.intro')}</Paragraph>
          <Table caption={t('wijkBudget.years.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('wijkBudget.years.year')}</th>
                <th scope="col" className="numeric">{t('wijkBudget.years.allocated')}</th>
                <th scope="col" className="numeric">{t('wijkBudget.years.reserved')}</th>
                <th scope="col" className="numeric">{t('wijkBudget.years.spent')}</th>
                <th scope="col" className="numeric">{t('wijkBudget.years.available')}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((year) => (
                <tr key={year.year}>
                  <th scope="row">{year.year}</th>
                  <td className="numeric">{formatMoney(year.allocatedCents, lang)}</td>
                  <td className="numeric">{formatMoney(year.reservedCents, lang)}</td>
                  <td className="numeric">{formatMoney(year.spentCents, lang)}</td>
                  <td className="numeric"><strong>{formatMoney(year.availableCents, lang)}</strong></td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}

type AllocationField = 'year' | 'amount' | 'reason';

/** Which field an allocation's refusal is about: the year out of range, the amount (zero, negative, too large), the
 * reason (too short or too long); null for a refusal of the whole form (storage, a broken log). */
export function allocationFieldOf(refusal: Pick<ApiError, 'code' | 'args'>): AllocationField | null {
  if (refusal.code === 'budget-year-out-of-range') return 'year';
  const field = refusal.args.field;
  return field === 'amount' || field === 'amountCents' ? 'amount' : field === 'reason' ? 'reason' : field === 'year' ? 'year' : null;
}

function AllocationForm({ code, name, onAllocated }: { code: string; name: string; onAllocated: () => void }) {
  const { t, i18n } = useTranslation();
  const form = useFormState<AllocationField>();
  const { errors } = form;
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.reset();
    const found: FieldErrors<AllocationField> = {};
    if (!/^\d{4}$/.test(year.trim())) found.year = t('wijkBudget.allocate.yearInvalid');
    const cents = parseEuroToCents(amount);
    if (cents === null || cents <= 0) found.amount = t('wijkBudget.allocate.amountInvalid');
    if (reason.trim() === '') found.reason = t('wijkBudget.allocate.reasonRequired');
    if (!form.check(found)) return;
    const request: AllocateBudgetRequest = { year: Number(year.trim()), amountCents: cents!, reason: reason.trim() };
    await form.run(
      () => api<WijkBudget>(`/wijken/${encodeURIComponent(code)}/budget/allocations`, { method: 'POST', json: request }),
      () => {
        setAmount('');
        setReason('');
        onAllocated();
        return t('wijkBudget.allocate.done', { amount: formatMoney(cents!, i18n.language), name, year: Number(year.trim()) });
      },
      allocationFieldOf,
    );
  };

  return (
    <section className="section" aria-labelledby="allocate-title">
      <Heading level={2} id="allocate-title">{t('wijkBudget.allocate.title')}</Heading>
      <Paragraph>{t('wijkBudget.allocate.intro')}</Paragraph>
      <form ref={form.ref} onSubmit={(event) => void submit(event)} noValidate className="stack" aria-labelledby="allocate-title">
        <FormField label={t('wijkBudget.allocate.year')} error={errors.year}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="year" aria-describedby={describedBy} invalid={invalid} inputMode="numeric" autoComplete="off" size={6} value={year} onChange={(e) => setYear(e.target.value)} />}
        </FormField>
        <FormField label={t('wijkBudget.allocate.amount')} description={t('wijkBudget.allocate.amountHelp')} error={errors.amount}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="amount" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </FormField>
        <FormField label={t('wijkBudget.allocate.reason')} description={t('wijkBudget.allocate.reasonHelp')} error={errors.reason}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="reason" aria-describedby={describedBy} invalid={invalid} autoComplete="off" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </FormField>
        <Refusal refusal={form.refusal} title={t('wijkBudget.allocate.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('wijkBudget.allocate.submit')}</Button></div>
      </form>
      <StatusMessage>{form.saved}</StatusMessage>
    </section>
  );
}

function BudgetHistory({ budget, rounds, auditor }: { budget: WijkBudget; rounds: RoundSummary[]; auditor: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const entries = useMemo(() => budgetHistory(budget.events), [budget.events]);
  const titles = useMemo(() => new Map(rounds.map((round) => [round.id, round.title])), [rounds]);

  const round = (id: string) => {
    const title = titles.get(id);
    if (!title) return t('wijkBudget.history.unknownRound', { id: id.slice(0, 8) });
    return <Link to={auditor ? paths.auditRound(id) : paths.manageRound(id)}>{title}</Link>;
  };
  const money = (cents: number) => formatMoney(cents, lang);
  const what = (entry: BudgetHistoryEntry) => {
    switch (entry.kind) {
      case 'allocated': return t('wijkBudget.history.allocated');
      case 'reserved': return entry.previousCents === 0 ? t('wijkBudget.history.reserved') : t('wijkBudget.history.adjusted');
      case 'released': return t('wijkBudget.history.released');
      case 'settled': return t('wijkBudget.history.settled');
      default: return t('wijkBudget.history.unknown', { type: entry.type });
    }
  };
  const amount = (entry: BudgetHistoryEntry) => (entry.kind === 'unknown' ? '' : money(entry.kind === 'settled' ? entry.spentCents : entry.amountCents));
  const details = (entry: BudgetHistoryEntry) => {
    switch (entry.kind) {
      case 'allocated': return entry.reason;
      case 'reserved': return <>{round(entry.roundId)}{entry.previousCents !== 0 && <> {t('wijkBudget.history.was', { amount: money(entry.previousCents) })}</>}</>;
      case 'released': return round(entry.roundId);
      case 'settled': return <>{round(entry.roundId)}{t('wijkBudget.history.settledDetail', { spent: money(entry.spentCents), returned: money(entry.returnedCents) })}</>;
      default: return '';
    }
  };

  return (
    <section className="section" aria-labelledby="budget-history">
      <Heading level={2} id="budget-history">{t('wijkBudget.history.title')}</Heading>
      {budget.chainValid ? (
        <Alert type="ok" title={t('wijkBudget.history.intactTitle')}>{t('wijkBudget.history.intact', { count: budget.events.length })}</Alert>
      ) : (
        <Alert type="error" title={t('wijkBudget.history.brokenTitle')}>{t('wijkBudget.history.broken', { error: budget.chainError ?? '' })}</Alert>
      )}
      {entries.length === 0 ? (
        <Paragraph>{t('wijkBudget.history.none')}</Paragraph>
      ) : (
        <Table caption={t('wijkBudget.history.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('wijkBudget.history.sequence')}</th>
              <th scope="col">{t('wijkBudget.history.when')}</th>
              <th scope="col">{t('wijkBudget.history.what')}</th>
              <th scope="col" className="numeric">{t('wijkBudget.history.year')}</th>
              <th scope="col" className="numeric">{t('wijkBudget.history.amount')}</th>
              <th scope="col">{t('wijkBudget.history.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.sequence}>
                <td className="numeric">{entry.sequence}</td>
                <td>{formatDateTime(entry.at, lang)}</td>
                <th scope="row">{what(entry)}</th>
                <td className="numeric">{entry.kind === 'unknown' ? '' : entry.year}</td>
                <td className="numeric">{amount(entry)}</td>
                <td>{details(entry)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
