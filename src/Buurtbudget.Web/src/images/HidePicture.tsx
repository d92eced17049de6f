import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import type { Proposal, Round } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../app/Loading';
import { Alert, Button, ButtonGroup, FormField, Heading, Paragraph, StatusMessage, TextArea } from '../ui';
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

const publishedHeadingId = 'hide-pictures-heading';

/** On a round's coordinator page outside review (where the review queue offers it per proposal): every shown picture
 * of the round's proposals, each with a way to hide it. A face or a number plate may be noticed only once residents
 * look at the proposals while they vote. The wijk's coordinators. */
export function HidePublishedPictures({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation();
  const proposals = useApi<Proposal[]>(`/rounds/${round.id}/proposals`);
  const [done, setDone] = useState<string | null>(null);
  const withPictures = (proposals.data ?? []).filter((proposal) => shownPictures(proposal).length > 0);

  const hidden = () => {
    setDone(t('proposalImages.hiddenTitle'));
    proposals.reload();
    onChanged();
    // The hidden picture leaves the list: focus goes to the section's heading rather than to nothing.
    document.getElementById(publishedHeadingId)?.focus();
  };

  return (
    <section className="section" aria-labelledby={publishedHeadingId}>
      <Heading level={2} id={publishedHeadingId} tabIndex={-1}>{t('proposalImages.hidePublishedHeading')}</Heading>
      <Paragraph>{t('proposalImages.hidePublishedIntro')}</Paragraph>
      <StatusMessage>{done}</StatusMessage>
      {proposals.error && <Alert type="error" title={proposals.error.title || t('errors.title')}>{proposals.error.detail || proposals.error.message}</Alert>}
      {!proposals.data && !proposals.error && <Loading />}
      {proposals.data && withPictures.length === 0 && <Paragraph>{t('proposalImages.hidePublishedNone')}</Paragraph>}
      {withPictures.map((proposal) => (
        <HidePictures key={proposal.id} roundId={round.id} proposal={proposal} onChanged={hidden} />
      ))}
    </section>
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
