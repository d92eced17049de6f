import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import { formatDateTime } from '../../api/format';
import type { Round, RoundCalendar } from '../../api/types';
import { Alert, Button, FormField, Heading, Paragraph, StatusMessage, TextInput } from '../../ui';
import { toApiError } from './download';

const MOMENTS: (keyof RoundCalendar)[] = ['submissionOpens', 'submissionCloses', 'votingOpens', 'votingCloses'];

/** An ISO moment as a datetime-local value in the browser's time zone ("2027-03-01T09:00"). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A datetime-local value (the browser's time zone) as an ISO moment with its offset, as the API takes it; null when
 * it is not a moment. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The round's dates while they may still change (until voting opens): when submission opens and closes (then the
 * review starts) and when voting opens and closes. The round moves on by itself at each moment; the round checks the
 * order and that no moment still ahead has passed, and its refusal is shown in its words. */
export function CalendarForm({ round, onChanged }: { round: Round; onChanged: (round: Round) => void }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<Record<keyof RoundCalendar, string>>(() => ({
    submissionOpens: toLocalInput(round.calendar?.submissionOpens),
    submissionCloses: toLocalInput(round.calendar?.submissionCloses),
    votingOpens: toLocalInput(round.calendar?.votingOpens),
    votingCloses: toLocalInput(round.calendar?.votingCloses),
  }));
  const [errors, setErrors] = useState<Partial<Record<keyof RoundCalendar, string>>>({});
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focus = (field: string) => setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus(), 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setRefusal(null);
    const found: Partial<Record<keyof RoundCalendar, string>> = {};
    const calendar = {} as RoundCalendar;
    for (const moment of MOMENTS) {
      const iso = fromLocalInput(values[moment]);
      if (iso === null) found[moment] = t('coordinator.calendar.required');
      else calendar[moment] = iso;
    }
    setErrors(found);
    const first = MOMENTS.find((m) => found[m]);
    if (first) {
      focus(first);
      return;
    }
    setBusy(true);
    try {
      const changed = await api<Round>(`/rounds/${round.id}/calendar`, { method: 'PUT', json: calendar });
      setBusy(false);
      setSaved(t('coordinator.calendar.saved', { closes: formatDateTime(changed.calendar?.votingCloses ?? calendar.votingCloses, i18n.language) }));
      onChanged(changed);
    } catch (failure) {
      setBusy(false);
      setRefusal(toApiError(failure));
      focus('refusal');
    }
  };

  return (
    <section className="section" aria-labelledby="calendar-heading">
      <Heading level={2} id="calendar-heading" tabIndex={-1}>{t('coordinator.calendar.title')}</Heading>
      <Paragraph>{t('coordinator.calendar.intro')}</Paragraph>
      <StatusMessage>{saved}</StatusMessage>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className="stack" aria-labelledby="calendar-heading">
        {MOMENTS.map((moment) => (
          <FormField key={moment} label={t(`coordinator.calendar.${moment}`)} error={errors[moment]}>
            {({ id, describedBy, invalid }) => (
              <TextInput
                id={id}
                type="datetime-local"
                data-field={moment}
                aria-describedby={describedBy}
                invalid={invalid}
                value={values[moment]}
                onChange={(e) => setValues((current) => ({ ...current, [moment]: e.target.value }))}
              />
            )}
          </FormField>
        ))}
        {refusal && (
          <div tabIndex={-1} data-field="refusal">
            <Alert type="error" title={t('coordinator.calendar.refused')}>{refusal.detail || refusal.title}</Alert>
          </div>
        )}
        <div><Button type="submit" busy={busy} disabled={busy}>{t('coordinator.calendar.submit')}</Button></div>
      </form>
    </section>
  );
}
