import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey (c): a coordinator reviews proposals and opens voting, with the confirmation.
 *
 * No seeded round is in review in a wijk a persona coordinates, so the set-up makes one through the API: the admin
 * creates a round in Noord (WK059905, coordinated by coordinator-oude-noorden) and opens submission, the resident
 * bewoner-oude-noorden submits three proposals, and the admin starts the review. The round's title is unique per run,
 * so this journey touches no other journey's data and can run in any order. */
const journey = 'coordinator-review';

interface RoundDto { id: string; phase: string; title: string }
interface ProposalDto { id: number; title: string; status: string; approvedCostCents: number | null }

const proposals = [
  { title: 'Verkeersdrempels in de Bergweg', description: 'Auto’s rijden te hard langs de school. Twee drempels remmen ze af.', category: 'traffic-safety', estimatedCostCents: 900_000 },
  { title: 'Een ijsbaan op het Noordplein', description: 'Een echte ijsbaan voor de hele winter, met koelinstallatie.', category: 'play-and-sport', estimatedCostCents: 1_900_000 },
  { title: 'Plantenbakken in de Zaagmolenstraat', description: 'Groen tussen de huizen en minder hard rijden.', category: 'greenery', estimatedCostCents: 400_000 },
];

test('a coordinator reviews the proposals and opens voting after confirming', async ({ page, api }, testInfo) => {
  const title = `Buurtbudget Oude Noorden journey ${Date.now()}`;
  let roundId = '';

  await test.step('set-up through the API: a round in review with three proposals', async () => {
    const admin = await api.token('admin');
    roundId = await api.roundInSubmission(title, NOORD, {
      budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: true,
    });
    const resident = await api.token('bewoner-oude-noorden');
    for (const proposal of proposals) {
      await api.call<ProposalDto>('POST', `/api/rounds/${roundId}/proposals`, resident, proposal);
    }
    await api.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'review' });
  });

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('the coordinator’s rounds under /beheer list the new round', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await expect(page).toHaveURL(/\/beheer$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Rondes beheren' })).toBeVisible();
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await checkPage(page, testInfo, journey, 'beheer-rounds');
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Voorstellen beoordelen' })).toBeVisible();
    await expect(page.getByText('3 voorstellen wachten op beoordeling.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'review-queue');
  });

  const item = (proposalTitle: string) =>
    page.getByRole('listitem').filter({ has: page.getByRole('group', { name: `Beslissing over “${proposalTitle}”` }) });

  await test.step('feasible, at the estimate the form fills in', async () => {
    const first = item(proposals[0].title);
    await expect(first.getByRole('radio', { name: 'Haalbaar', exact: true })).toBeChecked();
    await expect(first.getByRole('textbox', { name: 'Goedgekeurd bedrag in euro' })).not.toHaveValue('');
    await first.getByRole('button', { name: 'Haalbaar verklaren' }).click();
    await expect(page.getByRole('status').filter({ hasText: `“${proposals[0].title}” is haalbaar verklaard voor` })).toBeVisible();
    await expect(page.getByText('2 voorstellen wachten op beoordeling.')).toBeVisible();
  });

  await test.step('infeasible, with a reason (the empty reason is refused first)', async () => {
    const second = item(proposals[1].title);
    await second.getByRole('radio', { name: 'Niet haalbaar' }).check();
    await second.getByRole('button', { name: 'Niet haalbaar verklaren' }).click();
    const reason = second.getByRole('textbox', { name: 'Reden waarom het voorstel niet haalbaar is' });
    await expect(reason).toBeFocused();
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, journey, 'review-reason-missing');
    await reason.fill('Een ijsbaan kost meer dan het hele budget van de ronde aan stroom en onderhoud.');
    await second.getByRole('button', { name: 'Niet haalbaar verklaren' }).click();
    await expect(page.getByRole('status').filter({ hasText: `“${proposals[1].title}” is niet haalbaar verklaard.` })).toBeVisible();
  });

  await test.step('feasible at a lower approved cost', async () => {
    const third = item(proposals[2].title);
    await third.getByRole('textbox', { name: 'Goedgekeurd bedrag in euro' }).fill('3.500');
    await third.getByRole('button', { name: 'Haalbaar verklaren' }).click();
    await expect(page.getByRole('status').filter({ hasText: `“${proposals[2].title}” is haalbaar verklaard voor` })).toContainText('3.500');
    await expect(page.getByText('Alle voorstellen zijn beoordeeld.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'review-done');
  });

  await test.step('open voting: the confirmation explains it, and the move happens only after confirming', async () => {
    await page.getByRole('button', { name: 'Stemming openen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stemming openen' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('kan niet ongedaan worden gemaakt');
    await checkPage(page, testInfo, journey, 'confirm-open-voting');

    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('De ronde is nu in de fase: Beoordeling.')).toBeVisible();

    await page.getByRole('button', { name: 'Stemming openen' }).click();
    await dialog.getByRole('button', { name: 'Ja, naar fase Stemmen' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'De ronde is nu in de fase: Stemmen.' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'round-voting');
  });

  await test.step('the API agrees: the round is in voting with the two feasible proposals on the ballot', async () => {
    const coordinator = await api.token('coordinator-oude-noorden');
    const round = await api.call<RoundDto & { feasibleCount: number; rulesFrozen: boolean }>('GET', `/api/rounds/${roundId}`, coordinator);
    expect(round.phase).toBe('voting');
    expect(round.rulesFrozen).toBe(true);
    expect(round.feasibleCount).toBe(2);
    const stored = await api.call<ProposalDto[]>('GET', `/api/rounds/${roundId}/proposals`, coordinator);
    expect(stored.map((p) => [p.title, p.status, p.approvedCostCents])).toEqual([
      [proposals[0].title, 'feasible', proposals[0].estimatedCostCents],
      [proposals[1].title, 'infeasible', null],
      [proposals[2].title, 'feasible', 350_000],
    ]);
  });
});
