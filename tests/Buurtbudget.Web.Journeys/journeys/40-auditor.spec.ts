import { checkPage, expect, OUDE_NOORDEN_ROUND, signIn, test } from '../support/fixtures';

/** Journey (d): an auditor sees every round in the city, filters them by phase, and opens the seeded Oude Noorden round
 * (tallied and spending): the chain is verified, the votes and the spending are charted, and the event log lists the
 * round's events, and the round's paper ballots, read-only. Reads only (the recount button is not pressed), so the order of
 * the journeys does not matter. */
const journey = 'auditor';
const OUDE_NOORDEN = 'Buurtbudget Oude Noorden 2025';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const OUDE_ZIJDE = 'Buurtbudget Oude Zijde 2027';

test('an auditor checks the rounds across the city and a round’s verified event log and charts', async ({ page, api }, testInfo) => {
  await signIn(page, testInfo, journey, 'auditor');

  await test.step('all rounds in the city, Rotterdam and Amsterdam', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Controle' }).click();
    await expect(page).toHaveURL(/\/controle$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Controle' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Alle rondes in de stad' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Rondes met hun status' });
    for (const title of [MIDDELLAND, OUDE_NOORDEN, OUDE_ZIJDE]) {
      await expect(table.getByRole('link', { name: title })).toBeVisible();
    }
    await expect(table.getByRole('cell', { name: 'Amsterdam' })).toBeVisible();
    await expect(table.getByRole('cell', { name: 'Rotterdam' }).first()).toBeVisible();
    await checkPage(page, testInfo, journey, 'controle-rounds');
  });

  await test.step('filtered by phase: only the round that is spending', async () => {
    await page.getByRole('combobox', { name: 'Toon rondes in fase' }).selectOption({ label: 'Uitvoering' });
    await expect(page).toHaveURL(/\?fase=spending$/);
    await expect(page.getByRole('status').filter({ hasText: 'in de fase Uitvoering' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Rondes met hun status' });
    await expect(table.getByRole('link', { name: OUDE_NOORDEN })).toBeVisible();
    await expect(table.getByRole('link', { name: MIDDELLAND })).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'controle-rounds-spending');
    await table.getByRole('link', { name: OUDE_NOORDEN }).click();
  });

  await test.step('the round: the chain is verified over every event, the votes and spending are charted', async () => {
    await expect(page).toHaveURL(new RegExp(`/controle/rondes/${OUDE_NOORDEN_ROUND}$`));
    await expect(page.getByRole('heading', { level: 1, name: OUDE_NOORDEN })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Hashketen klopt' })).toBeVisible();

    // The number of events the page says were checked is the log's real length.
    const auditor = await api.token('auditor');
    const log = await api.call<{ lastSequence: number; chainValid: boolean }>('GET', `/api/rounds/${OUDE_NOORDEN_ROUND}/events?after=0&limit=1`, auditor);
    expect(log.chainValid).toBe(true);
    await expect(page.getByText(`Alle ${log.lastSequence.toLocaleString('nl-NL')} gebeurtenissen zijn gecontroleerd`)).toBeVisible();

    const votes = page.getByRole('region', { name: 'Opkomst en stemmen per voorstel' });
    await expect(votes.getByRole('img', { name: /Steun per voorstel/ })).toBeVisible();
    const spending = page.getByRole('region', { name: 'Uitgaven tegenover het budget' });
    await expect(spending.getByRole('img', { name: /Uitgaven per project/ })).toBeVisible();
    await expect(spending.getByRole('table', { name: 'Uitgaven per project' })).toBeVisible();
  });

  await test.step('the event log lists the events in order, from the round’s creation', async () => {
    const logSection = page.getByRole('region', { name: 'Gebeurtenissenlogboek' });
    await expect(logSection).toBeVisible();
    const events = logSection.getByRole('table', { name: 'Gebeurtenissen' });
    await expect(events.getByRole('row').nth(1)).toContainText('round-created');
    await expect(events.getByRole('rowheader', { name: /Stemming geopend/ })).toBeVisible();
    await checkPage(page, testInfo, journey, 'round-audit');
  });

  await test.step('the paper ballots of the round, to read and not to type, and back to the round', async () => {
    const paper = page.getByRole('region', { name: 'Papieren stembiljetten' });
    await paper.getByRole('link', { name: 'Naar de papieren stembiljetten' }).click();
    await expect(page).toHaveURL(new RegExp(`/beheer/rondes/${OUDE_NOORDEN_ROUND}/papier$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Papieren stembiljetten' })).toBeVisible();
    await expect(page.getByText('alleen de coördinatoren van de wijk voeren ze in')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stapel aanmaken' })).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'round-paper-read-only');
    await page.getByRole('link', { name: `Terug naar ${OUDE_NOORDEN}` }).click();
    await expect(page).toHaveURL(new RegExp(`/controle/rondes/${OUDE_NOORDEN_ROUND}$`));
  });
});
