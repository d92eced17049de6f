import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey 88 (issue 19, item 11): proposals by buurt name, filtered, sorted and withdrawn.
 *
 * The set-up makes a round of its own in Delfshaven in submission (API), with five proposals by bewoner-middelland in
 * four buurten (and one for the whole wijk). In the browser: the cards name buurten ("Middelland"), never CBS codes;
 * the filter form shows one category or one buurt, and sorts by cost both ways, announcing how many match, and a
 * reload keeps the choice; the proposal form offers the wijk's buurten by name; the author withdraws a proposal after
 * a confirmation ("Nee" first changes nothing) and the API agrees; a resident of another wijk (bewoner-oude-noorden)
 * learns in words, before any field, that only residents of Delfshaven can propose; once review starts, the author
 * has no withdraw button any more. */
const journey = 'proposals-by-buurt';

const proposals = [
  { title: 'Lantaarns in Bospolder', category: 'lighting', estimatedCostCents: 250_000, buurt: 'BU05990321' },
  { title: 'Geveltuinen in Middelland', category: 'greenery', estimatedCostCents: 150_000, buurt: 'BU05990325' },
  { title: 'Bankjes in Spangen', category: 'meeting', estimatedCostCents: 400_000, buurt: 'BU05990323' },
  { title: 'Bloembakken op de Middellandstraat', category: 'greenery', estimatedCostCents: 80_000, buurt: 'BU05990325' },
  { title: 'Schoonmaakdag voor de hele wijk', category: 'cleanliness', estimatedCostCents: 100_000, buurt: null },
];
const CBS_CODE = /\b(BU|WK)\d{6,8}\b/;

test('proposals show buurt names, filter and sort, can be withdrawn by their author, and an outsider learns why they cannot propose', async ({ page, api, browser, baseURL }, testInfo) => {
  const title = `Voorstellen per buurt ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission with five proposals', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const author = await api.token('bewoner-middelland');
    for (const p of proposals) await api.call('POST', `/api/rounds/${id}/proposals`, author, { ...p, description: `Een voorstel voor de buurt: ${p.title}.` });
    return id;
  });

  await signIn(page, testInfo, journey, 'bewoner-middelland');
  const card = (index: number) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: `${index + 1}. ${proposals[index].title}` }) });
  // The cards' titles in the order shown; asserted with toHaveText, which waits for the list to be re-rendered after a
  // change of filter or order rather than reading it once.
  const cardTitles = page.locator('.proposal-list > li h3');
  const count = page.locator('.proposal-filter__count');

  await test.step('the cards name buurten, never CBS codes', async () => {
    await page.goto(`/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(card(1)).toContainText('BuurtMiddelland');
    await expect(card(0)).toContainText('BuurtBospolder');
    await expect(card(2)).toContainText('BuurtSpangen');
    await expect(page.locator('main')).not.toContainText(CBS_CODE);
    await expect(count).toHaveText('Alle 5 voorstellen');
    await checkPage(page, testInfo, journey, 'round-with-buurten');
  });

  await test.step('filtering by category and by buurt, sorting by cost, the count announced, kept on reload', async () => {
    const form = page.getByRole('form', { name: 'Voorstellen zoeken' });
    await form.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Groen' });
    await expect(count).toHaveText('2 van de 5 voorstellen passen bij uw keuze');
    await expect(count).toHaveAttribute('role', 'status');
    await expect(cardTitles).toHaveText([`2. ${proposals[1].title}`, `4. ${proposals[3].title}`]);

    await form.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Alle categorieën' });
    const buurt = form.getByRole('combobox', { name: 'Buurt' });
    await expect(buurt.locator('option')).toHaveText(['Alle buurten', 'Bospolder', 'Middelland', 'Spangen']);
    await buurt.selectOption({ label: 'Spangen' });
    await expect(count).toHaveText('1 van de 5 voorstellen past bij uw keuze');
    await expect(cardTitles).toHaveText([`3. ${proposals[2].title}`]);

    await form.getByRole('button', { name: 'Alle voorstellen tonen' }).click();
    await form.getByRole('combobox', { name: 'Volgorde' }).selectOption({ label: 'Kosten: hoog naar laag' });
    await expect(count).toHaveText('Alle 5 voorstellen');
    await expect(cardTitles).toHaveText([3, 1, 2, 5, 4].map((n) => `${n}. ${proposals[n - 1].title}`));
    await form.getByRole('combobox', { name: 'Volgorde' }).selectOption({ label: 'Kosten: laag naar hoog' });
    await expect(cardTitles).toHaveText([4, 5, 2, 1, 3].map((n) => `${n}. ${proposals[n - 1].title}`));

    await buurt.selectOption({ label: 'Middelland' });
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Buurt' })).toHaveValue('BU05990325');
    await expect(cardTitles).toHaveText([`4. ${proposals[3].title}`, `2. ${proposals[1].title}`]);
    await checkPage(page, testInfo, journey, 'round-filtered');
  });

  await test.step('the proposal form offers the wijk’s buurten by name', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/nieuw`);
    const field = page.getByRole('combobox', { name: 'Buurt (niet verplicht)' });
    await expect(field.locator('option')).toHaveText(['Geen buurt: de hele wijk', 'Bospolder', 'Delfshaven', 'Middelland', 'Nieuwe Westen', 'Oud-Mathenesse', 'Schiemond', 'Spangen', 'Tussendijken', 'Witte Dorp']);
    await expect(page.locator('main')).not.toContainText(CBS_CODE);
  });

  await test.step('the author withdraws a proposal after a confirmation; "no" first changes nothing', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/4`);
    await expect(page.getByRole('heading', { level: 1, name: `4. ${proposals[3].title}` })).toBeVisible();
    await expect(page.getByText('BuurtMiddelland')).toBeVisible();
    await page.getByRole('button', { name: 'Voorstel intrekken' }).click();
    const question = page.getByRole('group', { name: /Weet u zeker dat u ‘Bloembakken op de Middellandstraat’ wilt intrekken/ });
    await expect(question).toBeFocused();
    await checkPage(page, testInfo, journey, 'withdraw-question');
    await question.getByRole('button', { name: 'Nee, niet intrekken' }).click();
    await expect(page.getByRole('button', { name: 'Voorstel intrekken' })).toBeFocused();
    const token = await api.token('bewoner-middelland');
    expect((await api.call<{ status: string }>('GET', `/api/rounds/${roundId}/proposals/4`, token)).status).toBe('submitted');

    await page.getByRole('button', { name: 'Voorstel intrekken' }).click();
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'U heeft uw voorstel ingetrokken' })).toBeVisible();
    // The button that was pressed is gone: focus is on the message, not lost.
    await expect(page.locator(':focus')).toContainText('U heeft uw voorstel ingetrokken');
    await expect(page.getByText('Ingetrokken', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Voorstel intrekken' })).toHaveCount(0);
    expect((await api.call<{ status: string }>('GET', `/api/rounds/${roundId}/proposals/4`, token)).status).toBe('withdrawn');
    await checkPage(page, testInfo, journey, 'withdrawn');
  });

  await test.step('a resident of another wijk learns in words, before any field, that they cannot propose here', async () => {
    const other = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const outsider = await other.newPage();
    await signIn(outsider, testInfo, journey, 'bewoner-oude-noorden');
    await outsider.goto(`/rondes/${roundId}/voorstellen/nieuw`);
    await expect(outsider.getByText('U kunt in deze ronde geen voorstel indienen')).toBeVisible();
    await expect(outsider.locator('main')).toContainText('Alleen bewoners van de wijk Delfshaven (Rotterdam) kunnen een voorstel indienen');
    await expect(outsider.locator('main')).not.toContainText(CBS_CODE);
    await expect(outsider.getByRole('textbox')).toHaveCount(0);
    await checkPage(outsider, testInfo, journey, 'not-eligible');
    await other.close();
  });

  await test.step('once review starts, the author can no longer withdraw', async () => {
    await api.call('POST', `/api/rounds/${roundId}/phase`, await api.token('admin'), { to: 'review' });
    await page.goto(`/rondes/${roundId}/voorstellen/2`);
    await expect(page.getByRole('heading', { level: 1, name: `2. ${proposals[1].title}` })).toBeVisible();
    await expect(page.getByText('Uw voorstel', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Voorstel intrekken' })).toHaveCount(0);
  });
});
