import { checkPage, DELFSHAVEN, expect, expectVisibleFocus, signIn, test } from '../support/fixtures';
import { refuseTiles, tileOrigin } from '../support/map-tiles';

/** Journey 121 (issue 18, item 2): the map is an addition, never the only way.
 *
 * The set-up makes a round of its own in Delfshaven in submission (API) with three proposals, two of them placed.
 * Every tile of the background map is refused (as when the tile service is down or there is no way out). Anonymous
 * first: the round page says in words that the background map cannot be loaded, keeps the markers and the list; with
 * the keyboard alone, Tab goes from the filter to each proposal's card link in turn (visible focus), Enter opens one;
 * past the list, Tab reaches the map and its markers, and Enter on a marker opens its proposal. Signed in as
 * bewoner-middelland, the proposal form says the map cannot load and that the place may be skipped; with the keyboard
 * the pin is put in the middle of the map by its button and moved with the arrow keys. */
const journey = 'map-keyboard-and-fallback';

const proposals = [
  { title: 'Lantaarns in de Snellinckstraat', category: 'lighting', estimatedCostCents: 250_000, buurt: 'BU05990325', location: { latitude: 51.9138, longitude: 4.4497 } },
  { title: 'Schoonmaakdag voor de hele wijk', category: 'cleanliness', estimatedCostCents: 100_000, buurt: null },
  { title: 'Speeltuin aan de Bellevoysstraat', category: 'play-and-sport', estimatedCostCents: 600_000, buurt: 'BU05990325', location: { latitude: 51.9157, longitude: 4.4534 } },
];

test('without map tiles the page says so, and every proposal is reached with the keyboard through the list and the markers', async ({ page, api, request }, testInfo) => {
  const title = `Kaart zonder tegels ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission with two placed proposals and one without a place', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const author = await api.token('bewoner-middelland');
    for (const p of proposals) await api.call('POST', `/api/rounds/${id}/proposals`, author, { ...p, description: `Een voorstel voor de buurt: ${p.title}.` });
    return id;
  });
  const tilesAsked = await refuseTiles(page, await tileOrigin(request));

  await test.step('the round page says the background map cannot load, and keeps the markers and the list', async () => {
    await page.goto(`/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const view = page.getByRole('region', { name: 'Kaart', exact: true });
    await expect(view.getByRole('status').filter({ hasText: 'De achtergrondkaart' })).toHaveText('De achtergrondkaart kan nu niet worden geladen. De nummers van de voorstellen staan er wel, en alle voorstellen staan in de lijst.');
    expect(tilesAsked()).toBeGreaterThan(0);
    const map = view.getByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' });
    await expect(map.getByRole('button', { name: /^Voorstel \d+: / })).toHaveText(['1', '3']);
    await expect(view.getByRole('link', { name: '2. Schoonmaakdag voor de hele wijk' })).toBeVisible();
    await expect(page.locator('.proposal-list > li h3')).toHaveCount(3);
    await checkPage(page, testInfo, journey, 'tiles-refused');
  });

  await test.step('keyboard only: Tab from the filter through each card link, Enter opens the proposal', async () => {
    await page.getByRole('combobox', { name: 'Volgorde' }).focus();
    for (const [index, p] of proposals.entries()) {
      await page.keyboard.press('Tab');
      await expectVisibleFocus(page, page.getByRole('link', { name: `${index + 1}. ${p.title}` }).first());
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `3. ${proposals[2].title}` })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  await test.step('past the list, Tab reaches the map and its markers; Enter on a marker opens its proposal', async () => {
    await page.getByRole('link', { name: `3. ${proposals[2].title}` }).first().focus();
    const map = page.getByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' });
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, map);
    await page.keyboard.press('Tab');
    const marker = map.getByRole('button', { name: `Voorstel 1: ${proposals[0].title}` });
    await expectVisibleFocus(page, marker);
    await checkPage(page, testInfo, journey, 'marker-focused');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `1. ${proposals[0].title}` })).toBeVisible();
  });

  await test.step('the form says the map cannot load and the place may be skipped; the keyboard still sets and moves the pin', async () => {
    await signIn(page, testInfo, journey, 'bewoner-middelland');
    await page.goto(`/rondes/${roundId}/voorstellen/nieuw`);
    const place = page.getByRole('group', { name: 'Plek op de kaart (niet verplicht)' });
    await expect(place.getByRole('status').filter({ hasText: 'De achtergrondkaart' })).toHaveText('De achtergrondkaart kan nu niet worden geladen. U kunt de plek overslaan en alleen de buurt kiezen.');
    const centre = place.getByRole('button', { name: 'Speld in het midden zetten' });
    await centre.focus();
    await page.keyboard.press('Enter');
    const chosen = place.getByText(/^Gekozen plek: /);
    await expect(chosen).toHaveText(/^Gekozen plek: 51,91\d{3}° N, 4,45\d{3}° O$/);
    const before = await chosen.innerText();
    const pin = place.getByRole('button', { name: /^Speld op / });
    await pin.focus();
    await page.keyboard.press('ArrowDown');
    await expect(chosen).not.toHaveText(before);
    await checkPage(page, testInfo, journey, 'form-tiles-refused');
  });
});
