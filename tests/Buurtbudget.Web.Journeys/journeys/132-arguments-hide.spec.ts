import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey 132 (issue 18, item 3): the wijk's coordinator hides an argument with a reason.
 *
 * The set-up makes a round of its own in Delfshaven in submission with one proposal and two arguments by
 * bewoner-middelland, one naming a neighbour (API). Signed in as coordinator-middelland: each argument has a
 * "Verbergen" button; an empty reason is refused at the field (focused); with a reason the argument is hidden and the
 * reason shown in its place, its text and name gone, and the focus on it; "Niet verbergen" on the other closes the
 * question and returns focus. Anonymous, the page shows the reason and not the text; the auditor's event log still
 * holds the text. */
const journey = 'arguments-hide';
const insult = 'De buurman op nummer 12 parkeert altijd op de stoep, die sukkel.';
const reason = 'Noemt een buurman. Schrijf over het voorstel, niet over personen.';

test('a coordinator hides an argument with a reason that everyone sees in its place', async ({ page, api, browser, baseURL }, testInfo) => {
  const title = `Argumenten modereren ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission, a proposal and two arguments', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const resident = await api.token('bewoner-middelland');
    await api.call('POST', `/api/rounds/${id}/proposals`, resident, {
      title: 'Parkeervakken herschilderen', description: 'Nieuwe strepen in de Schietbaanstraat, zodat niemand meer op de stoep parkeert.', category: 'traffic-safety', estimatedCostCents: 200_000,
    });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, resident, { side: 'for', text: insult, displayName: 'Boze buur' });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, resident, { side: 'against', text: 'Strepen alleen helpen niet zonder handhaving.' });
    return id;
  });

  await signIn(page, testInfo, journey, 'coordinator-middelland');
  await page.goto(`/rondes/${roundId}/voorstellen/1`);
  const pro = page.getByRole('region', { name: 'Argumenten voor (1)' });
  const contra = page.getByRole('region', { name: 'Argumenten tegen (1)' });

  await test.step('"Niet verbergen" closes the question and gives focus back', async () => {
    await contra.getByRole('button', { name: 'Verbergen (argument van Boze buur)' }).click();
    await expect(contra.getByRole('textbox', { name: 'Waarom verbergt u dit argument?' })).toBeFocused();
    await contra.getByRole('button', { name: 'Niet verbergen' }).click();
    await expect(contra.getByRole('button', { name: 'Verbergen (argument van Boze buur)' })).toBeFocused();
  });

  await test.step('an empty reason is refused at the field', async () => {
    await pro.getByRole('button', { name: 'Verbergen (argument van Boze buur)' }).click();
    const field = pro.getByRole('textbox', { name: 'Waarom verbergt u dit argument?' });
    await expect(field).toBeFocused();
    await pro.getByRole('button', { name: 'Argument verbergen' }).click();
    await expect(field).toBeFocused();
    await expect(pro).toContainText('Schrijf een reden van minstens 5 tekens.');
    await expect(pro).toContainText(insult);
    await checkPage(page, testInfo, journey, 'reason-refused');
  });

  await test.step('with a reason, the argument is hidden and the reason shown in its place', async () => {
    await pro.getByRole('textbox', { name: 'Waarom verbergt u dit argument?' }).fill(reason);
    await pro.getByRole('button', { name: 'Argument verbergen' }).click();
    await expect(pro).toContainText('Verborgen door de wijkcoördinator');
    await expect(pro).toContainText(`Reden: ${reason}`);
    await expect(pro).not.toContainText('sukkel');
    await expect(pro).not.toContainText('Boze buur');
    await expect(page.getByRole('status').filter({ hasText: 'Het argument is verborgen. Iedereen ziet nu uw reden.' })).toBeVisible();
    await expect(pro.getByRole('button', { name: /Verbergen/ })).toHaveCount(0);
    // The form that was sent is gone: focus is on what took its place, not lost to the start of the page.
    await expect(page.locator(':focus')).toHaveText('Verborgen door de wijkcoördinator');
    await checkPage(page, testInfo, journey, 'hidden');
  });

  await test.step('anyone sees the reason, not the text; the event log still holds it', async () => {
    const other = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const anonymous = await other.newPage();
    await anonymous.goto(`/rondes/${roundId}/voorstellen/1`);
    const shown = anonymous.getByRole('region', { name: 'Argumenten voor (1)' });
    await expect(shown).toContainText(`Reden: ${reason}`);
    await expect(anonymous.locator('main')).not.toContainText('sukkel');
    await checkPage(anonymous, testInfo, journey, 'hidden-for-everyone');
    await other.close();

    const log = await api.call<{ events: { type: string; payload: { text?: string; reason?: string } }[] }>(
      'GET', `/api/rounds/${roundId}/events`, await api.token('auditor'));
    expect(log.events.find((e) => e.type === 'argument-posted')?.payload.text).toBe(insult);
    expect(log.events.find((e) => e.type === 'argument-hidden')?.payload.reason).toBe(reason);
  });
});
