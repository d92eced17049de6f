import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import type { Round, VotingCodeUse } from '../../api/types';
import { useApi } from '../../api/useApi';
import { Alert, Button, DataList, FormField, Heading, Paragraph, StatusMessage, TextInput } from '../../ui';
import { fetchRaw, toApiError } from '../../downloads/download';
import { LettersPrintView } from './LettersPrintView';
import { formatNumber } from '../../api/format';

const MAX_CODES = 50_000;

type Format = 'csv' | 'html';

interface Issued {
  format: Format;
  count: number;
  url: string;
  blob: Blob;
  fileName: string;
}

/** Voting codes by post: how many were issued and used, and a form that issues a batch as a CSV for the print shop or
 * as printable letters. The codes exist only in that one answer; the page keeps it in memory until the coordinator
 * leaves, and says so. */
export function VotingCodes({ round, canIssue }: { round: Round; canIssue: boolean }) {
  const { t, i18n } = useTranslation();
  const use = useApi<VotingCodeUse>(`/rounds/${round.id}/voting-codes`);
  const [count, setCount] = useState('');
  const [format, setFormat] = useState<Format>('csv');
  const [countError, setCountError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued[]>([]);
  const [printing, setPrinting] = useState<string | null>(null);
  const closePrint = useCallback(() => setPrinting(null), []);
  // Issuing is allowed from draft until voting closes.
  const open = ['draft', 'submission', 'review', 'voting'].includes(round.phase);

  // The blobs hold the only copy of the codes: they are released when the coordinator leaves the page.
  const urls = useRef<string[]>([]);
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const n = Number(count.trim());
    if (!/^\d+$/.test(count.trim()) || n < 1 || n > MAX_CODES) {
      setCountError(t('coordinator.codes.countInvalid', { max: formatNumber(MAX_CODES, i18n.language) }));
      document.querySelector<HTMLElement>('[data-field="codes-count"]')?.focus();
      return;
    }
    setCountError(null);
    setBusy(true);
    try {
      const { blob, fileName } = await fetchRaw(`/rounds/${round.id}/voting-codes?format=${format}`, { method: 'POST', json: { count: n } });
      const url = URL.createObjectURL(blob);
      urls.current.push(url);
      setIssued((previous) => [{ format, count: n, url, blob, fileName: fileName ?? `stemcodes-${round.id}-${Date.now()}.${format}` }, ...previous]);
      use.reload();
    } catch (failure) {
      setRefusal(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="codes-heading">
      <Heading level={2} id="codes-heading">{t('coordinator.codes.title')}</Heading>
      <Paragraph>{t('coordinator.codes.intro')}</Paragraph>
      {use.error && <Alert type="error" title={use.error.title}>{use.error.detail}</Alert>}
      {use.data && (
        <DataList
          items={[
            { key: 'issued', term: t('coordinator.codes.issued'), value: formatNumber(use.data.issued, i18n.language) },
            { key: 'used', term: t('coordinator.codes.used'), value: formatNumber(use.data.used, i18n.language) },
            { key: 'batches', term: t('coordinator.codes.batches'), value: formatNumber(use.data.batches, i18n.language) },
          ]}
        />
      )}

      {canIssue && open && (
        <form onSubmit={(event) => void submit(event)} noValidate className="stack">
          <Heading level={3}>{t('coordinator.codes.issueTitle')}</Heading>
          <Alert type="warning" title={t('coordinator.codes.onceTitle')}>{t('coordinator.codes.once')}</Alert>
          <Alert type="warning" title={t('coordinator.codes.holderTitle')}>{t('coordinator.codes.holder')}</Alert>
          <FormField label={t('coordinator.codes.countLabel')} description={t('coordinator.codes.countHelp', { max: formatNumber(MAX_CODES, i18n.language) })} error={countError}>
            {({ id, describedBy, invalid }) => (
              <TextInput id={id} data-field="codes-count" aria-describedby={describedBy} invalid={invalid} inputMode="numeric" autoComplete="off" value={count} onChange={(e) => setCount(e.target.value)} />
            )}
          </FormField>
          <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset" aria-describedby="codes-format-help">
            <legend className="utrecht-form-fieldset__legend">{t('coordinator.codes.formatLabel')}</legend>
            <p className="utrecht-form-field-description" id="codes-format-help">{t('coordinator.codes.formatHelp')}</p>
            <div className="radio-row">
              {(['csv', 'html'] as const).map((option) => (
                <label key={option} className="utrecht-form-label utrecht-form-label--radio">
                  <input type="radio" className="utrecht-radio-button utrecht-radio-button--html-input" name="codes-format" value={option} checked={format === option} onChange={() => setFormat(option)} />
                  {t(`coordinator.codes.format.${option}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {refusal && <Alert type="error" title={t('coordinator.codes.refused')}>{refusal.detail || refusal.title}</Alert>}
          <Button type="submit" busy={busy} disabled={busy}>{t('coordinator.codes.generate')}</Button>
        </form>
      )}
      {canIssue && !open && <Paragraph>{t('coordinator.codes.closed')}</Paragraph>}

      <StatusMessage>{issued[0] && t('coordinator.codes.ready', { count: issued[0].count, formatted: formatNumber(issued[0].count, i18n.language) })}</StatusMessage>
      {issued.length > 0 && (
        <>
          <Alert type="warning">{t('coordinator.codes.keepNow')}</Alert>
          <ul>
            {issued.map((batch) => (
              <li key={batch.url}>
                {batch.format === 'csv' ? (
                  <a className="utrecht-link" href={batch.url} download={batch.fileName}>
                    {t('coordinator.codes.downloadCsv', { count: batch.count, formatted: formatNumber(batch.count, i18n.language) })}
                  </a>
                ) : (
                  <>
                    <Button kind="secondary" onClick={() => void batch.blob.text().then(setPrinting)}>
                      {t('coordinator.codes.openLetters', { count: batch.count, formatted: formatNumber(batch.count, i18n.language) })}
                    </Button>
                    {' · '}
                    <a className="utrecht-link" href={batch.url} download={batch.fileName.endsWith('.html') ? batch.fileName : `stemcodes-${round.id}.html`}>
                      {t('coordinator.codes.downloadLetters')}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {printing !== null && <LettersPrintView html={printing} onClose={closePrint} />}
    </section>
  );
}
