import { useTranslation } from 'react-i18next';
import type { Proposal } from '../api/types';
import { Alert, Heading } from '../ui';
import { hiddenPictures, pictureUrl, shownPictures } from './pictures';
import './images.css';

/** A proposal's pictures on its page, each with its description as alt text; a hidden one is replaced by the
 * coordinator's reason. Nothing when there are none. */
export function ProposalPictures({ roundId, proposal }: { roundId: string; proposal: Proposal }) {
  const { t } = useTranslation();
  const shown = shownPictures(proposal);
  const hidden = hiddenPictures(proposal);
  if (shown.length === 0 && hidden.length === 0) return null;
  return (
    <section aria-labelledby="pictures-heading" className="proposal-pictures">
      <Heading level={2} id="pictures-heading">{t('proposalImages.heading')}</Heading>
      {shown.length > 0 && (
        <ul className="proposal-pictures__list">
          {shown.map((picture) => (
            <li key={picture.image}>
              <img src={pictureUrl(roundId, proposal.id, picture.image)} alt={picture.altText} width={picture.width} height={picture.height} loading="lazy" decoding="async" />
            </li>
          ))}
        </ul>
      )}
      {hidden.map((picture) => (
        <Alert key={picture.image} type="info" title={t('proposalImages.hiddenTitle')}>{t('proposalImages.hiddenReason', { reason: picture.hiddenReason ?? '' })}</Alert>
      ))}
    </section>
  );
}

/** The first shown picture's thumbnail, for a card in a list; decorative there (the card's title says what it is),
 * unless it is the only way to see what the picture shows, so it keeps its description. */
export function PictureThumbnail({ roundId, proposal }: { roundId: string; proposal: Proposal }) {
  const first = shownPictures(proposal)[0];
  if (!first) return null;
  const scale = Math.min(1, 320 / Math.max(first.width, first.height));
  return (
    <img className="picture-thumbnail" src={pictureUrl(roundId, proposal.id, first.thumbnail)} alt={first.altText}
      width={Math.round(first.width * scale)} height={Math.round(first.height * scale)} loading="lazy" decoding="async" />
  );
}
