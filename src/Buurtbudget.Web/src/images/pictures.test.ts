import { describe, expect, it } from 'vitest';
import type { Proposal } from '../api/types';
import { checkAltText, checkPicture, erasablePictures, hiddenPictures, pictureLimits, pictureUrl, shownPictures } from './pictures';

const picture = (image: string, status: string, erased = false) => ({ image, thumbnail: `t${image}`, altText: 'Foto', width: 1280, height: 960, status, hiddenReason: status === 'hidden' ? 'Herkenbare personen' : null, erased });

describe('pictures', () => {
  it('takes JPEG, PNG and WebP up to 10 MB and refuses other types and larger files', () => {
    expect(checkPicture({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(checkPicture({ type: 'image/png', size: pictureLimits.maxBytes })).toBeNull();
    expect(checkPicture({ type: 'image/webp', size: 5 })).toBeNull();
    expect(checkPicture({ type: 'image/gif', size: 5 })).toBe('type');
    expect(checkPicture({ type: 'image/heic', size: 5 })).toBe('type');
    expect(checkPicture({ type: 'application/pdf', size: 5 })).toBe('type');
    expect(checkPicture({ type: 'image/jpeg', size: pictureLimits.maxBytes + 1 })).toBe('size');
    expect(checkPicture({ type: 'image/jpeg', size: 0 })).toBe('empty');
  });

  it('asks for an alt text of 3 to 250 characters', () => {
    expect(checkAltText('  ab ')).toBe('short');
    expect(checkAltText('Donkere steeg')).toBeNull();
    expect(checkAltText('x'.repeat(251))).toBe('long');
  });

  it('shows pictures that are shown and not erased, and keeps hidden ones apart', () => {
    const proposal = { images: [picture('a', 'shown'), picture('b', 'removed'), picture('c', 'hidden'), picture('d', 'shown', true)] } as unknown as Proposal;
    expect(shownPictures(proposal).map((p) => p.image)).toEqual(['a']);
    expect(hiddenPictures(proposal).map((p) => p.image)).toEqual(['c']);
    expect(shownPictures({ images: null } as unknown as Proposal)).toEqual([]);
  });

  it('offers to erase hidden and removed pictures whose bytes are still kept, once per address', () => {
    const proposal = {
      images: [
        picture('a', 'shown'),
        picture('b', 'removed'),
        picture('c', 'hidden'),
        picture('d', 'hidden', true),
        // Removed, then added again: still shown, so its bytes stay.
        picture('e', 'removed'), picture('e', 'shown'),
        // Removed, added again and hidden: one picture to erase, the latest (with the reason).
        picture('f', 'removed'), picture('f', 'hidden'),
      ],
    } as unknown as Proposal;
    const erasable = erasablePictures(proposal);
    expect(erasable.map((p) => [p.image, p.status])).toEqual([['b', 'removed'], ['c', 'hidden'], ['f', 'hidden']]);
    expect(erasablePictures({ images: [picture('a', 'shown'), picture('d', 'removed', true)] } as unknown as Proposal)).toEqual([]);
    expect(erasablePictures({ images: null } as unknown as Proposal)).toEqual([]);
  });

  it('builds the picture address under the API', () => {
    expect(pictureUrl('r-1', 3, 'ab12')).toBe('/api/rounds/r-1/proposals/3/images/ab12');
  });
});
