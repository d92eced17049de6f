import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../api/format';
import type { Round, RoundCalendar } from '../../api/types';
import { Refusal, useFormState, type FieldErrors } from '../../forms/useFormState';
import { Button, FormField, Heading, Paragraph, StatusMessage, TextInput } from '../../ui';

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
  const form = useFormState<keyof RoundCalendar>();
  const { errors } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.reset();
    const found: FieldErrors<keyof RoundCalendar> = {};
    const calendar = {} as RoundCalendar;
    for (const moment of MOMENTS) {
      const iso = fromLocalInput(values[moment]);
      if (iso === null) found[moment] = t('coordinator.calendar.required');
      else calendar[moment] = iso;
    }
    if (!form.check(found)) return;
    await form.run(() => api<Round>(`/rounds/${round.id}/calendar`, { method: 'PUT', json: calendar }), (changed) => {
      onChanged(changed);
      return t('coordinator.calendar.saved', { closes: formatDateTime(changed.calendar?.votingCloses ?? calendar.votingCloses, i18n.language) });
    });
  };

  return (
    <section className="section" aria-labelledby="calendar-heading">
      <Heading level={2} id="calendar-heading" tabIndex={-1}>{t('coordinator.calendar.title')}</Heading>
      <Paragraph>{t('coordinator.calendar.intro')}</Paragraph>
      <StatusMessage>{form.saved}</StatusMessage>
      <form ref={form.ref} onSubmit={(event) => void submit(event)} noValidate className="stack" aria-labelledby="calendar-heading">
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
        <Refusal refusal={form.refusal} title={t('coordinator.calendar.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('coordinator.calendar.submit')}</Button></div>
      </form>
    </section>
  );
}
