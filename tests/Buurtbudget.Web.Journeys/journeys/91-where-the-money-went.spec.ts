import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey: a resident sees where a round's money went.
 *
 * The set-up takes a round of its own in Noord to spending through the API, with two of its three proposals chosen
 * (the third no longer fits the budget), then records and approves (four eyes: two coordinators) an invoice for the
 * first project and reports progress with milestones on both. In the browser, bewoner-oude-noorden sees the round's
 * spending against its budget, each project's standing after the vote (never still "on the ballot"), and a funded
 * project's progress, milestones and paid invoice. */
const journey = 'where-the-money-went';

const proposals = [
  { title: 'Drempels in de Zaagmolenkade', description: 'Twee drempels bij de school.', category: 'traffic-safety', estimatedCostCents: 400_000 },
  { title: 'Bankjes in het Bergpolderpark', description: 'Drie bankjes in de schaduw.', category: 'meeting', estimatedCostCents: 300_000 },
  { title: 'Een muurschildering aan de Hofdijk', description: 'Kunst op een kale muur.', category: 'other', estimatedCostCents: 500_000 },
];
const ON_BALLOT = 'Haalbaar, op het stembiljet';

test('a resident sees spending against the budget and a funded project’s progress and invoices', async ({ page, api }, testInfo) => {
  const title = `Geld Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: spending, an approved invoice and progress', async () => {
    const id = await api.roundInSpending(title, NOORD, 1_000_000, proposals, [0, 1]);
    const first = await api.token('coordinator-oude-noorden');
    const second = await api.token('tweede-wijkcoordinator-noord');
    const today = new Date().toISOString().slice(0, 10);
    await api.call('POST', `/api/rounds/${id}/spending/spends`, first, {
      proposalId: 1, amountCents: 250_000, description: 'Twee drempels geplaatst', supplier: 'Stadsbeheer BV', invoiceReference: 'F-2026-0101', invoiceDate: today,
    });
    await api.call('POST', `/api/rounds/${id}/spending/spends/1/approval`, second);
    await api.call('PUT', `/api/rounds/${id}/spending/projects/1/progress`, first, { status: 'in-progress', percentComplete: 60, milestone: 'Drempels geplaatst' });
    await api.call('PUT', `/api/rounds/${id}/spending/projects/2/progress`, first, { status: 'completed', percentComplete: 100, milestone: 'Bankjes staan er' });
    return id;
  });

  await signIn(page, testInfo, journey, 'bewoner-oude-noorden');

  await test.step('the round shows spent against budget and each project’s standing after the vote', async () => {
    await page.goto(`/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const money = page.getByRole('region', { name: 'Waar het geld naartoe ging' });
    await expect(money).toContainText('€ 2.500,00 besteed van € 10.000,00');
    await expect(money.getByRole('progressbar', { name: 'Besteed van het budget' })).toBeVisible();
    await expect(money.getByRole('listitem').filter({ hasText: '1. Drempels in de Zaagmolenkade' })).toContainText('In uitvoering, 60% klaar; € 2.500,00 besteed van € 4.000,00.');
    await expect(money.getByRole('listitem').filter({ hasText: '2. Bankjes in het Bergpolderpark' })).toContainText('Klaar, 100% klaar');
    const card = (n: number) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `${n}. ${proposals[n - 1].title}` }) });
    await expect(card(1)).toContainText('Gekozen, wordt uitgevoerd');
    await expect(card(3)).toContainText('Niet gekozen');
    await expect(page.getByText(ON_BALLOT)).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'round-spending');
  });

  await test.step('a funded project’s page shows its progress, milestones and paid invoice', async () => {
    await page.getByRole('link', { name: '1. Drempels in de Zaagmolenkade' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '1. Drempels in de Zaagmolenkade' })).toBeVisible();
    await expect(page.getByText('Gekozen, wordt uitgevoerd')).toBeVisible();
    await expect(page.getByText(ON_BALLOT)).toHaveCount(0);
    const delivery = page.getByRole('region', { name: 'Uitvoering en uitgaven' });
    await expect(delivery.getByRole('progressbar', { name: 'Voortgang: In uitvoering' })).toBeVisible();
    await expect(delivery).toContainText('60% klaar');
    await expect(delivery.getByRole('listitem').filter({ hasText: 'Drempels geplaatst (In uitvoering, 60%)' })).toBeVisible();
    await expect(delivery.getByRole('listitem').filter({ hasText: '€ 2.500,00 aan Stadsbeheer BV' })).toContainText('Twee drempels geplaatst');
    await checkPage(page, testInfo, journey, 'funded-project');
  });

  await test.step('a completed project says so; one that did not fit says it was not chosen', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/2`);
    await expect(page.getByRole('region', { name: 'Uitvoering en uitgaven' }).getByRole('progressbar', { name: 'Voortgang: Klaar' })).toBeVisible();
    await expect(page.getByText('Er zijn nog geen facturen betaald.')).toBeVisible();
    await page.goto(`/rondes/${roundId}/voorstellen/3`);
    await expect(page.getByRole('heading', { level: 1, name: '3. Een muurschildering aan de Hofdijk' })).toBeVisible();
    await expect(page.getByText('Niet gekozen', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Uitvoering en uitgaven' })).toHaveCount(0);
    await expect(page.getByText(ON_BALLOT)).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'not-chosen-project');
  });
});
