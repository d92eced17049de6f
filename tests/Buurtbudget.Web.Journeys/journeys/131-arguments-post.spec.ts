import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey 131 (issue 18, item 3): a resident posts arguments.
 *
 * The set-up makes a round of its own in Delfshaven in submission with one proposal (API). Signed in as
 * bewoner-middelland: the form under the proposal asks for a name the first time; sent empty it refuses at its fields
 * and focuses the first (the name); filled in (with a line break typed in the text), the argument shows in "Argumenten
 * voor" under the chosen name as "Uw argument", as one line; the next time the form says "U schrijft als …" and asks
 * no name; a second argument goes in "Argumenten tegen"; a resident of Noord reads that only residents of Delfshaven
 * can write; the API agrees. */
const journey = 'arguments-post';

test('a resident of the wijk posts arguments under the name they choose once', async ({ page, api, browser, baseURL }, testInfo) => {
  const title = `Argumenten schrijven ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission with a proposal', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    await api.call('POST', `/api/rounds/${id}/proposals`, await api.token('bewoner-middelland'), {
      title: 'Bankjes bij de speeltuin', description: 'Drie bankjes bij de speeltuin aan het Heemraadsplein.', category: 'meeting', estimatedCostCents: 300_000,
    });
    return id;
  });

  await signIn(page, testInfo, journey, 'bewoner-middelland');
  await page.goto(`/rondes/${roundId}/voorstellen/1`);
  const form = page.getByRole('form', { name: 'Schrijf een argument' });
  const name = form.getByRole('textbox', { name: 'Onder welke naam wilt u schrijven?' });
  const text = form.getByRole('textbox', { name: 'Uw argument' });

  await test.step('sent empty, the form refuses at its fields and focuses the name', async () => {
    await expect(page.getByRole('region', { name: 'Argumenten voor (0)' })).toContainText('Nog geen argumenten voor.');
    await form.getByRole('button', { name: 'Argument plaatsen' }).click();
    await expect(name).toBeFocused();
    await expect(form).toContainText('Kies een naam van minstens 3 tekens.');
    await expect(form).toContainText('Kies voor of tegen.');
    await expect(form).toContainText('Schrijf minstens 10 tekens.');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, journey, 'form-refused');
  });

  await test.step('filled in, the argument shows under the chosen name, on one line', async () => {
    await name.fill('Moeder van twee');
    await form.getByRole('radio', { name: 'Voor' }).check();
    await text.fill('Ouders kunnen dan zitten\nterwijl de kinderen spelen.');
    await expect(form).toContainText('52 van 500 tekens');
    await form.getByRole('button', { name: 'Argument plaatsen' }).click();
    const pro = page.getByRole('region', { name: 'Argumenten voor (1)' });
    await expect(pro.getByRole('article')).toContainText('Moeder van twee');
    await expect(pro.getByRole('article')).toContainText('Ouders kunnen dan zitten terwijl de kinderen spelen.');
    await expect(pro.getByRole('article')).toContainText('Uw argument');
    await expect(page.getByRole('status').filter({ hasText: 'Uw argument is geplaatst.' })).toBeVisible();
    await expect(pro.getByRole('button', { name: 'Ik ben het eens' })).toHaveCount(0);
    await expect(form).toContainText('U schrijft als Moeder van twee.');
    await expect(form.getByRole('textbox', { name: 'Onder welke naam wilt u schrijven?' })).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'posted');
  });

  await test.step('a second argument, against, without asking the name again', async () => {
    await form.getByRole('radio', { name: 'Tegen' }).check();
    await text.fill('Wel graag met een prullenbak erbij.');
    await form.getByRole('button', { name: 'Argument plaatsen' }).click();
    await expect(page.getByRole('region', { name: 'Argumenten tegen (1)' }).getByRole('article')).toContainText('Moeder van twee');
    const list = await api.call<{ myDisplayName: string; for: { text: string }[]; against: { text: string }[] }>(
      'GET', `/api/rounds/${roundId}/proposals/1/arguments`, await api.token('bewoner-middelland'));
    expect(list.myDisplayName).toBe('Moeder van twee');
    expect(list.for.map((a) => a.text)).toEqual(['Ouders kunnen dan zitten terwijl de kinderen spelen.']);
    expect(list.against.map((a) => a.text)).toEqual(['Wel graag met een prullenbak erbij.']);
  });

  await test.step('a resident of another wijk reads, and learns why they cannot write', async () => {
    const other = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const outsider = await other.newPage();
    await signIn(outsider, testInfo, journey, 'bewoner-oude-noorden');
    await outsider.goto(`/rondes/${roundId}/voorstellen/1`);
    await expect(outsider.getByRole('region', { name: 'Argumenten voor (1)' })).toContainText('Moeder van twee');
    await expect(outsider.getByText('Alleen bewoners van wijk Delfshaven kunnen argumenten schrijven.')).toBeVisible();
    await expect(outsider.getByRole('form', { name: 'Schrijf een argument' })).toHaveCount(0);
    await checkPage(outsider, testInfo, journey, 'outsider');
    await other.close();
  });
});
