import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import type { AuditStatus } from '../../api/types';
import { Alert, Button, ButtonGroup, ConfirmDialog, FormField, Heading, Paragraph, TextArea, TextInput } from '../../ui';
import { toApiError } from '../../downloads/download';

interface Finding {
  key: number;
  text: string;
  events: string;
}

/** Event numbers as typed: "12, 13 15" → [12, 13, 15]; null when something is not a positive whole number. */
export function parseEventList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) return null;
  return [...new Set(parts.map(Number))];
}

/** Signing off a closed round's audit, once: approved, or with findings that name the events they are about. The
 * API records it in the log with the hash of the log's head; a confirmation says it cannot be undone. */
export function AuditSignOff({ roundId, lastSequence, onSigned }: { roundId: string; lastSequence: number; onSigned: (audit: AuditStatus) => void }) {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState<'approved' | 'findings'>('approved');
  const [findings, setFindings] = useState<Finding[]>([{ key: 1, text: '', events: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);

  const update = (key: number, change: Partial<Finding>) => setFindings((all) => all.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const check = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (verdict === 'findings') {
      for (const finding of findings) {
        if (finding.text.trim() === '') found[`text-${finding.key}`] = t('auditor.signOff.textRequired');
        const events = parseEventList(finding.events);
        if (events === null || events.length === 0) found[`events-${finding.key}`] = t('auditor.signOff.eventsInvalid');
        else if (events.some((n) => n > lastSequence)) found[`events-${finding.key}`] = t('auditor.signOff.eventsBeyond', { last: lastSequence });
      }
    }
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setRefusal(null);
    setConfirming(true);
  };

  const signOff = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      const body = verdict === 'approved'
        ? { verdict }
        : { verdict, findings: findings.map((f) => ({ text: f.text.trim(), events: parseEventList(f.events) ?? [] })) };
      const audit = await api<AuditStatus>(`/rounds/${roundId}/audit/sign-off`, { method: 'POST', json: body });
      setBusy(false);
      setConfirming(false);
      onSigned(audit);
    } catch (failure) {
      setBusy(false);
      setRefusal(toApiError(failure));
    }
  };

  return (
    <form onSubmit={check} noValidate className="stack">
      <Heading level={3}>{t('auditor.signOff.title')}</Heading>
      <Paragraph>{t('auditor.signOff.intro')}</Paragraph>
      <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
        <legend className="utrecht-form-fieldset__legend">{t('auditor.signOff.verdict')}</legend>
        <div className="radio-row">
          {(['approved', 'findings'] as const).map((option) => (
            <label key={option} className="utrecht-form-label utrecht-form-label--radio">
              <input type="radio" className="utrecht-radio-button utrecht-radio-button--html-input" name="audit-verdict" value={option} checked={verdict === option} onChange={() => setVerdict(option)} />
              {t(`auditor.signOff.option.${option}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {verdict === 'findings' && (
        <ol className="stack">
          {findings.map((finding, index) => (
            <li key={finding.key}>
              <FormField label={t('auditor.signOff.findingText', { n: index + 1 })} error={errors[`text-${finding.key}`] ?? null}>
                {({ id, describedBy, invalid }) => (
                  <TextArea id={id} data-field={`text-${finding.key}`} aria-describedby={describedBy} invalid={invalid} rows={3} value={finding.text} onChange={(e) => update(finding.key, { text: e.target.value })} />
                )}
              </FormField>
              <FormField label={t('auditor.signOff.findingEvents', { n: index + 1 })} description={t('auditor.signOff.eventsHelp', { last: lastSequence })} error={errors[`events-${finding.key}`] ?? null}>
                {({ id, describedBy, invalid }) => (
                  <TextInput id={id} data-field={`events-${finding.key}`} aria-describedby={describedBy} invalid={invalid} inputMode="numeric" autoComplete="off" value={finding.events} onChange={(e) => update(finding.key, { events: e.target.value })} />
                )}
              </FormField>
              {findings.length > 1 && (
                <Button kind="subtle" onClick={() => setFindings((all) => all.filter((f) => f.key !== finding.key))}>
                  {t('auditor.signOff.remove', { n: index + 1 })}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
      <ButtonGroup>
        {verdict === 'findings' && (
          <Button kind="secondary" onClick={() => setFindings((all) => [...all, { key: Math.max(0, ...all.map((f) => f.key)) + 1, text: '', events: '' }])}>
            {t('auditor.signOff.add')}
          </Button>
        )}
        <Button type="submit">{t('auditor.signOff.submit')}</Button>
      </ButtonGroup>
      <ConfirmDialog
        open={confirming}
        title={t('auditor.signOff.confirmTitle')}
        confirmLabel={t('auditor.signOff.confirm')}
        cancelLabel={t('auditor.signOff.cancel')}
        busy={busy}
        error={refusal && <Alert type="error" title={t('auditor.signOff.refused')}>{refusal.detail || refusal.title}</Alert>}
        onConfirm={() => void signOff()}
        onCancel={() => { setConfirming(false); setRefusal(null); }}
        fallbackFocusId="audit-heading"
      >
        <Paragraph>{verdict === 'approved' ? t('auditor.signOff.confirmApproved') : t('auditor.signOff.confirmFindings', { count: findings.length })}</Paragraph>
        <Paragraph><strong>{t('auditor.signOff.once')}</strong></Paragraph>
      </ConfirmDialog>
    </form>
  );
}
