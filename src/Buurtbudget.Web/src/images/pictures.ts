import type { Proposal } from '../api/types';

export type ProposalPicture = NonNullable<Proposal['images']>[number];

/** What the API takes (Images/ImageProcessing): checked here first, so that a resident hears it before a 10 MB upload. */
export const pictureLimits = {
  maxCount: 3,
  maxBytes: 10 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'image/webp'],
  altMin: 3,
  altMax: 250,
} as const;

/** The address of a picture or its thumbnail: content-hashed, so browsers keep it. */
export function pictureUrl(roundId: string, proposalId: number, hash: string): string {
  return `/api/rounds/${encodeURIComponent(roundId)}/proposals/${proposalId}/images/${encodeURIComponent(hash)}`;
}

/** The pictures residents see now, in the order they were added. */
export function shownPictures(proposal: Proposal): ProposalPicture[] {
  return (proposal.images ?? []).filter((picture) => picture.status === 'shown' && !picture.erased);
}

/** The pictures a coordinator hid: their reason is shown in their place. */
export function hiddenPictures(proposal: Proposal): ProposalPicture[] {
  return (proposal.images ?? []).filter((picture) => picture.status === 'hidden');
}

/** The pictures whose bytes a coordinator may still erase: hidden or removed, not yet erased, and not shown again
 * (the same photo may have been removed and added anew; the API refuses to erase bytes that are shown). One per
 * picture address, the latest: erasing a hash erases every entry that has it. */
export function erasablePictures(proposal: Proposal): ProposalPicture[] {
  const images = proposal.images ?? [];
  const shown = new Set(images.filter((picture) => picture.status === 'shown').map((picture) => picture.image));
  const latest = new Map<string, ProposalPicture>();
  for (const picture of images) {
    if (picture.status === 'shown' || picture.erased || shown.has(picture.image)) continue;
    latest.delete(picture.image);
    latest.set(picture.image, picture);
  }
  return [...latest.values()];
}

/** Why a chosen file cannot be sent, or null when it may: its type (by what the browser says it is) or its size. */
export function checkPicture(file: { type: string; size: number }): 'type' | 'size' | 'empty' | null {
  if (!(pictureLimits.types as readonly string[]).includes(file.type)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > pictureLimits.maxBytes) return 'size';
  return null;
}

/** Why an alt text cannot be sent, or null. */
export function checkAltText(text: string): 'short' | 'long' | null {
  const length = text.trim().length;
  if (length < pictureLimits.altMin) return 'short';
  if (length > pictureLimits.altMax) return 'long';
  return null;
}

/** A size in megabytes with one decimal, as the messages say it. */
export function megabytes(bytes: number, language: string): string {
  return (bytes / 1024 / 1024).toLocaleString(language === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
