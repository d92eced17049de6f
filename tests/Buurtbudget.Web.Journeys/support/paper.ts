import { NOORD, type Api } from './fixtures';

/** Three proposals for a voting evening's round in Noord (journeys 145-149). */
export const paperProposals = [
  { title: 'Lantaarns aan de Zaagmolenkade', description: 'Meer licht langs het water.', category: 'lighting', estimatedCostCents: 300_000 },
  { title: 'Speelplek Noordplein', description: 'Een klimrek voor de kleintjes.', category: 'play-and-sport', estimatedCostCents: 200_000 },
  { title: 'Bloembakken Bergweg', description: 'Groen op de stoep.', category: 'greenery', estimatedCostCents: 100_000 },
];

/** A round of the journey's own in voting in Noord with three voting codes issued: its id, the proposals' ids and the
 * codes. Its ballot marks proposals within the budget, unless another way of voting is given. */
export async function roundWithCodes(
  api: Api, title: string, ballotMethod: Record<string, unknown> = { kind: 'approval-within-budget' },
): Promise<{ roundId: string; ids: number[]; codes: string[] }> {
  const admin = await api.token('admin');
  const roundId = await api.roundInSubmission(title, NOORD, { budgetCents: 1_000_000, ballotMethod });
  const resident = await api.token('bewoner-oude-noorden');
  const ids: number[] = [];
  for (const proposal of paperProposals) ids.push((await api.call<{ id: number }>('POST', `/api/rounds/${roundId}/proposals`, resident, proposal)).id);
  await api.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'review' });
  const coordinator = await api.token('coordinator-oude-noorden');
  for (const [index, id] of ids.entries()) {
    await api.call('POST', `/api/rounds/${roundId}/proposals/${id}/review`, coordinator, { decision: 'feasible', approvedCostCents: paperProposals[index].estimatedCostCents });
  }
  await api.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'voting' });
  const issued = await api.call<{ codes: string[] }>('POST', `/api/rounds/${roundId}/voting-codes`, coordinator, { count: 3 });
  return { roundId, ids, codes: issued.codes };
}

