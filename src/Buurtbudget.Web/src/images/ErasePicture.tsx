import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import type { Proposal, Round } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../app/Loading';
import { Alert, Button, ButtonGroup, ConfirmDialog, Heading, Paragraph, StatusMessage } from '../ui';
import { erasablePictures, type ProposalPicture } from './pictures';
import './images.css';

const headingId = 'erase-pictures-heading';

interface Chosen { proposal: Proposal; picture: ProposalPicture; number: number }

/** On a round's coordinator page, in every phase: the pictures no longer shown (hidden by a coordinator, removed by
 * their author) whose bytes are still kept, per proposal, each with a way to erase them for good after a question.
 * Pictures are personal data; the round's log keeps only their hashes. The wijk's coordinators and admins. */
export function ErasePictures({ round }: { round: Round }) {
  const { t } = useTranslation();
  const loaded = useApi<Proposal[]>(`/rounds/${round.id}/proposals`);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  useEffect(() => setProposals(loaded.data), [loaded.data]);

  // The page hands down a new round after each change on it (a picture hidden in the review queue): read the
  // proposals again then, so that a picture hidden a moment ago can be erased without a reload of the page.
  const [seenRound, setSeenRound] = useState(round);
  if (seenRound !== round) {
    setSeenRound(round);
    loaded.reload();
  }

  const [chosen, setChosen] = useState<Chosen | null>(null);
  // The dialog keeps its last picture while it closes, so that it never reads empty.
  const [shown, setShown] = useState<Chosen | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const withPictures = (proposals ?? [])
    .map((proposal) => ({ proposal, pictures: erasablePictures(proposal) }))
    .filter(({ pictures }) => pictures.length > 0);

  function ask(choice: Chosen) {
    setFailure(null);
    setDone(null);
    setShown(choice);
    setChosen(choice);
  }

  async function erase() {
    if (!chosen) return;
    setBusy(true);
    setFailure(null);
    try {
      const next = await api<Proposal>(
        `/rounds/${encodeURIComponent(round.id)}/proposals/${chosen.proposal.id}/images/${encodeURIComponent(chosen.picture.image)}/bytes`,
        { method: 'DELETE' },
      );
      // The erased picture leaves the list with its button: the dialog then gives focus to this section's heading.
      setProposals((current) => (current ?? []).map((proposal) => (proposal.id === next.id ? next : proposal)));
      setChosen(null);
      setDone(t('proposalImages.erased'));
    } catch (problem) {
      setFailure(toApiError(problem));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section picture-erase" aria-labelledby={headingId}>
      <Heading level={2} id={headingId} tabIndex={-1}>{t('proposalImages.eraseHeading')}</Heading>
      <Paragraph>{t('proposalImages.eraseIntro')}</Paragraph>
      <StatusMessage>{done}</StatusMessage>
      {loaded.error && <Alert type="error" title={loaded.error.title || t('errors.title')}>{loaded.error.detail || loaded.error.message}</Alert>}
      {!proposals && !loaded.error && <Loading />}
      {proposals && withPictures.length === 0 && <Paragraph>{t('proposalImages.eraseNone')}</Paragraph>}
      {withPictures.length > 0 && (
        <ul className="picture-erase__proposals">
          {withPictures.map(({ proposal, pictures }) => (
            <li key={proposal.id}>
              <Heading level={3}>{t('coordinator.review.proposalTitle', { id: proposal.id, title: proposal.title })}</Heading>
              <ul className="picture-erase__list">
                {pictures.map((picture, index) => {
                  const choice = { proposal, picture, number: index + 1 };
                  return (
                    <li key={picture.image} className="picture-erase__item">
                      <Paragraph><strong>{t('proposalImages.eraseWhich', { number: choice.number, altText: picture.altText })}</strong></Paragraph>
                      <Paragraph>
                        {picture.status === 'hidden'
                          ? t('proposalImages.eraseHidden', { reason: picture.hiddenReason ?? '' })
                          : t('proposalImages.eraseRemoved')}
                      </Paragraph>
                      <ButtonGroup>
                        <Button kind="secondary" onClick={() => ask(choice)}>
                          {t('proposalImages.erase', { number: choice.number, title: proposal.title })}
                        </Button>
                      </ButtonGroup>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={chosen !== null}
        title={t('proposalImages.eraseConfirmTitle')}
        confirmLabel={t('proposalImages.eraseConfirm')}
        cancelLabel={t('coordinator.common.cancel')}
        fallbackFocusId={headingId}
        busy={busy}
        error={failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
        onConfirm={() => void erase()}
        onCancel={() => { setChosen(null); setFailure(null); }}
      >
        {shown && (
          <>
            <Paragraph>{t('proposalImages.eraseExplain', { number: shown.number, title: shown.proposal.title, altText: shown.picture.altText })}</Paragraph>
            <Paragraph><strong>{t('proposalImages.eraseIrreversible')}</strong></Paragraph>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
