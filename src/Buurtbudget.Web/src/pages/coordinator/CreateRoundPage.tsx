import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Round, RoundSummary, Rules } from '../../api/types';
import { useApi } from '../../api/useApi';
import { Refusal, useFormState, type FieldErrors } from '../../forms/useFormState';
import { Alert, Button, FormField, Heading, Paragraph, Select, TextInput } from '../../ui';
import { AccessGate } from '../../access/access';
import { parseEuroToCents } from '../../forms/money';
import { wijkCodeOf, wijkenOf } from '../../wijken/wijken';
import { paths } from '../../app/paths';

const OTHER = 'other';

type Field = 'wijk' | 'code' | 'name' | 'municipality' | 'title' | 'budget';

/** /beheer/rondes/nieuw: an admin creates a round for a wijk, in draft. The round reserves its budget from the wijk's
 * budget of this year; the API refuses (in words) a budget the wijk does not have. The rules start as approval within
 * the budget with the greedy outcome; the wijk's coordinator sets them on the round's page. */
export function CreateRoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={1}>{t('frontDoor.newRound.title')}</Heading>
      <AccessGate roles={['admin']}>
        <CreateRoundForm />
      </AccessGate>
    </>
  );
}

function CreateRoundForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rounds = useApi<RoundSummary[]>('/rounds');
  const wijken = useMemo(() => wijkenOf(rounds.data ?? []), [rounds.data]);
  const form = useFormState<Field>();
  const { errors } = form;
  const [wijk, setWijk] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [title, setTitle] = useState('');
  const [budget, setBudget] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.reset();
    const found: FieldErrors<Field> = {};
    const chosen = wijken.find((w) => w.code === wijk);
    if (wijk === '') found.wijk = t('frontDoor.newRound.wijkRequired');
    if (wijk === OTHER) {
      if (wijkCodeOf(code) === null) found.code = t('frontDoor.newRound.codeInvalid');
      if (name.trim() === '') found.name = t('frontDoor.newRound.nameRequired');
      if (municipality.trim() === '') found.municipality = t('frontDoor.newRound.municipalityRequired');
    }
    if (title.trim() === '') found.title = t('frontDoor.newRound.roundTitleRequired');
    const cents = parseEuroToCents(budget);
    if (cents === null || cents <= 0) found.budget = t('frontDoor.newRound.budgetInvalid');
    if (!form.check(found)) return;

    const district = chosen ?? { code: wijkCodeOf(code)!, name: name.trim(), municipalityName: municipality.trim() };
    const rules: Rules = { budgetCents: cents!, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: false };
    await form.run(
      () => api<Round>('/rounds', {
        method: 'POST',
        json: { districtCode: district.code, districtName: district.name, municipalityName: district.municipalityName, title: title.trim(), rules },
      }),
      (created) => {
        navigate(paths.manageRound(created.id));
      },
    );
  };

  return (
    <>
      <Paragraph lead>{t('frontDoor.newRound.intro')}</Paragraph>
      {rounds.error && <Alert type="error" title={rounds.error.title}>{rounds.error.detail}</Alert>}
      <form ref={form.ref} onSubmit={(event) => void submit(event)} noValidate className="stack" aria-label={t('frontDoor.newRound.title')}>
        <FormField label={t('frontDoor.newRound.wijk')} description={t('frontDoor.newRound.wijkHelp')} error={errors.wijk}>
          {({ id, describedBy, invalid }) => (
            <Select id={id} data-field="wijk" aria-describedby={describedBy} invalid={invalid} value={wijk} onChange={(e) => setWijk(e.target.value)}>
              <option value="">{rounds.data ? t('frontDoor.newRound.chooseWijk') : t('frontDoor.newRound.loadingWijken')}</option>
              {wijken.map((w) => <option key={w.code} value={w.code}>{`${w.name}, ${w.municipalityName} (${w.code})`}</option>)}
              <option value={OTHER}>{t('frontDoor.newRound.otherWijk')}</option>
            </Select>
          )}
        </FormField>
        {wijk === OTHER && (
          <>
            <FormField label={t('frontDoor.newRound.code')} description={t('frontDoor.newRound.codeHelp')} error={errors.code}>
              {({ id, describedBy, invalid }) => <TextInput id={id} data-field="code" aria-describedby={describedBy} invalid={invalid} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />}
            </FormField>
            <FormField label={t('frontDoor.newRound.name')} error={errors.name}>
              {({ id, describedBy, invalid }) => <TextInput id={id} data-field="name" aria-describedby={describedBy} invalid={invalid} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
            </FormField>
            <FormField label={t('frontDoor.newRound.municipality')} error={errors.municipality}>
              {({ id, describedBy, invalid }) => <TextInput id={id} data-field="municipality" aria-describedby={describedBy} invalid={invalid} autoComplete="off" value={municipality} onChange={(e) => setMunicipality(e.target.value)} />}
            </FormField>
          </>
        )}
        <FormField label={t('frontDoor.newRound.roundTitle')} description={t('frontDoor.newRound.roundTitleHelp')} error={errors.title}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="title" aria-describedby={describedBy} invalid={invalid} autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} />}
        </FormField>
        <FormField label={t('frontDoor.newRound.budget')} description={t('frontDoor.newRound.budgetHelp')} error={errors.budget}>
          {({ id, describedBy, invalid }) => <TextInput id={id} data-field="budget" aria-describedby={describedBy} invalid={invalid} inputMode="decimal" autoComplete="off" value={budget} onChange={(e) => setBudget(e.target.value)} />}
        </FormField>
        <Refusal refusal={form.refusal} title={t('frontDoor.newRound.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('frontDoor.newRound.submit')}</Button></div>
      </form>
    </>
  );
}
