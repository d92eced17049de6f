import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey 86 (issue 19, item 9): results read the same way throughout.
 *
 * The set-up takes a round of its own in Noord (points to spread) to tallied through the API: three proposals, the
 * resident gives 3, 2 and 1 points, and the third (€ 5.000) no longer fits in the € 3.000 left after the first two. On the residents' results page and on
 * the coordinator's page of the round, the third proposal's explanation names the two funded proposals by their
 * titles (never by numbers, which read like the cards' ranks), and the way of counting has a plain name with one line
 * of explanation, in Dutch and in English; the words "greedy" and "Equal Shares" appear nowhere. */
const journey = 'results-read-the-same-way';

const proposals = [
  { title: 'Drempels bij de Agniesestraat', description: 'Twee drempels bij de school.', category: 'traffic-safety', estimatedCostCents: 400_000 },
  { title: 'Bankjes op het Noordplein', description: 'Drie bankjes in de schaduw.', category: 'meeting', estimatedCostCents: 300_000 },
  { title: 'Muurschildering aan de Bergweg', description: 'Kunst op een kale muur.', category: 'other', estimatedCostCents: 500_000 },
];
const JARGON = /greedy|equal shares|method of/i;

test('results name projects by title and the way of counting in plain words', async ({ page, api, browser, baseURL }, testInfo) => {
  const title = `Uitslag Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a tallied round where the third proposal did not fit', async () => {
    const admin = await api.token('admin');
    const id = await api.roundInSubmission(title, NOORD, { budgetCents: 1_000_000, ballotMethod: { kind: 'cumulative-points', points: 6 }, outcomeRule: 'greedy' });
    const resident = await api.token('bewoner-oude-noorden');
    for (const proposal of proposals) await api.call('POST', `/api/rounds/${id}/proposals`, resident, proposal);
    await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'review' });
    const coordinator = await api.token('coordinator-oude-noorden');
    for (const [index, proposal] of proposals.entries()) {
      await api.call('POST', `/api/rounds/${id}/proposals/${index + 1}/review`, coordinator, { decision: 'feasible', approvedCostCents: proposal.estimatedCostCents });
    }
    await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'voting' });
    await api.call('PUT', `/api/rounds/${id}/ballot`, resident, { choices: [{ proposalId: 1, points: 3 }, { proposalId: 2, points: 2 }, { proposalId: 3, points: 1 }] });
    await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'tallied' });
    return id;
  });

  await signIn(page, testInfo, journey, 'bewoner-oude-noorden');

  await test.step('the residents’ results: the loser names the winners by title; the rule has a plain name', async () => {
    await page.goto(`/rondes/${roundId}/uitslag`);
    await expect(page.getByRole('heading', { level: 1, name: `Uitslag: ${title}` })).toBeVisible();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `3. ${proposals[2].title}` }) });
    await expect(card).toContainText(`minder punten dan ‘${proposals[0].title}’ en ‘${proposals[1].title}’`);
    // No explanation names a proposal by a number ("dan 1 en 2" read as ranks on these cards).
    for (const text of await page.locator('.result-list > li > p').allInnerTexts()) expect(text).not.toMatch(/(dan|op|en) \d+\b(?![.,]\d)/);
    const rule = page.locator('.facts').first().getByText('Meeste stemmen eerst', { exact: true });
    await expect(rule).toBeVisible();
    await expect(page.locator('.facts').first()).toContainText('Het voorstel met de meeste stemmen krijgt als eerste geld');
    await expect(page.locator('main')).not.toContainText(JARGON);
    await checkPage(page, testInfo, journey, 'resident-results');
  });

  await test.step('in English too', async () => {
    await page.evaluate(() => localStorage.setItem('buurtbudget.language', 'en'));
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: `Results: ${title}` })).toBeVisible();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `3. ${proposals[2].title}` }) });
    await expect(card).toContainText(`fewer points than “${proposals[0].title}” and “${proposals[1].title}”`);
    await expect(page.locator('.facts').first().getByText('Most votes first', { exact: true })).toBeVisible();
    await expect(page.locator('main')).not.toContainText(JARGON);
    await checkPage(page, testInfo, journey, 'resident-results-english');
    await page.evaluate(() => localStorage.setItem('buurtbudget.language', 'nl'));
  });

  await test.step('the coordinator’s page of the round reads the same way', async () => {
    const coordinator = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const second = await coordinator.newPage();
    await signIn(second, testInfo, journey, 'coordinator-oude-noorden');
    await second.goto(`/beheer/rondes/${roundId}`);
    const results = second.getByRole('region', { name: 'Uitslag', exact: true });
    await expect(results.getByRole('rowheader', { name: proposals[2].title, exact: true })).toBeVisible();
    await expect(results.getByRole('row').filter({ hasText: proposals[2].title })).toContainText(`minder punten dan ‘${proposals[0].title}’ en ‘${proposals[1].title}’`);
    await expect(results.getByText('Meeste stemmen eerst', { exact: true })).toBeVisible();
    await expect(results).toContainText('Hebben twee voorstellen evenveel stemmen');
    await expect(results).not.toContainText(JARGON);
    await checkPage(second, testInfo, journey, 'coordinator-results');
    await coordinator.close();
  });
});
