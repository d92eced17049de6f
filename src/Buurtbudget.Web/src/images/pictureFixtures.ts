import type { Proposal, Round } from '../api/types';

/** For the picture screens' component tests: a round in voting in Noord. */
export const round = {
  id: 'r1', title: 'Testronde', phase: 'voting',
  district: { code: 'WK059905', name: 'Noord', municipalityCode: 'GM0599', municipalityName: 'Rotterdam' },
} as unknown as Round;

/** A proposal's picture as the API lists it; a hidden one carries the reason 'Herkenbare kinderen'. */
export const picture = (image: string, status: string, altText: string, erased = false) =>
  ({ image, thumbnail: `t${image}`, altText, width: 1280, height: 960, status, hiddenReason: status === 'hidden' ? 'Herkenbare kinderen' : null, erased });

/** A feasible proposal with these pictures. */
export const proposal = (id: number, title: string, images: ReturnType<typeof picture>[]) => ({
  id, title, description: 'Omschrijving', category: 'meeting', estimatedCostCents: 100_000, mergedFrom: [], status: 'feasible',
  submittedAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-01T10:00:00Z', isMine: false, images,
}) as unknown as Proposal;
