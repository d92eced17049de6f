import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import type { Proposal } from '../api/types';
import { Alert, Button, ButtonGroup, FormField, TextArea } from '../ui';
import { pictureUrl, shownPictures } from './pictures';
import './images.css';

/** On the review screen: each shown picture of a proposal, and a way to hide it with a reason that residents see
 * instead (faces, number plates, something that does not belong). */
export function HidePictures({ roundId, proposal, onChanged }: { roundId: string; proposal: Proposal; onChanged: () => void }) {
  const shown = shownPictures(proposal);
  if (shown.length === 0) return null;
  return (
    <div className="picture-hide">
      {shown.map((picture, index) => <HideOne key={picture.image} roundId={roundId} proposal={proposal} hash={picture.image} thumbnail={picture.thumbnail} altText={picture.altText} number={index + 1} onChanged={onChanged} />)}
    </div>
  );
}

function HideOne({ roundId, proposal, hash, thumbnail, altText, number, onChanged }: { roundId: string; proposal: Proposal; hash: string; thumbnail: string; altText: string; number: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();

  async function hide() {
    setFailure(null);
    if (reason.trim() === '') {
      setError(t('proposalImages.hideReasonRequired'));
      document.getElementById(fieldId)?.focus();
      return;
    }

    setError(null);
    setBusy(true);
    try {
      await api(`/rounds/${roundId}/proposals/${proposal.id}/images/${hash}/hiding`, { method: 'POST', json: { reason: reason.trim() } });
      onChanged();
    } catch (problem) {
      setFailure(toApiError(problem));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details>
      <summary>{t('proposalImages.hideSummary', { number, title: proposal.title })}</summary>
      <img src={pictureUrl(roundId, proposal.id, thumbnail)} alt={altText} />
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
      <FormField id={fieldId} label={t('proposalImages.hideReasonLabel')} description={t('proposalImages.hideReasonHelp')} error={error}>
        {({ id, describedBy, invalid }) => (
          <TextArea id={id} rows={2} aria-describedby={describedBy} invalid={invalid} required value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </FormField>
      <ButtonGroup>
        <Button kind="secondary" busy={busy} disabled={busy} onClick={() => void hide()}>{t('proposalImages.hide')}</Button>
      </ButtonGroup>
    </details>
  );
}
