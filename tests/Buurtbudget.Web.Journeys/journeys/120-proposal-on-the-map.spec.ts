import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';
import { serveTestTiles, tileOrigin } from '../support/map-tiles';

/** Journey 120 (issue 18, item 2): a proposal placed on the map, and seen in the list's map view.
 *
 * The set-up makes a round of its own in Delfshaven in submission (API) with two proposals by bewoner-middelland,
 * one with a place in Middelland and one without. The test serves the background tiles itself (no internet). In the
 * browser: the proposal form's map opens where the round's proposals are; a click sets the pin and the place is
 * written out in words; the pin moves with the arrow keys; the buurt is chosen from the list, as the map does not
 * choose it; submitted, the API holds exactly the place the page showed. The round page shows the map beside the
 * list: two numbered markers named for a screen reader, the proposal without a place listed under the map, the
 * tiles' attribution, no fallback note; a marker opens its proposal. Editing keeps the place unless it is taken
 * away, and then the API holds none. */
const journey = 'proposal-on-the-map';

const inWords = (place: { latitude: number; longitude: number }) =>
  `${place.latitude.toFixed(5).replace('.', ',')}° N, ${place.longitude.toFixed(5).replace('.', ',')}° O`;

test('a resident places a proposal on the map and finds it in the map view beside the list', async ({ page, api, request }, testInfo) => {
  const title = `Voorstellen op de kaart ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission with a placed and an unplaced proposal', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const author = await api.token('bewoner-middelland');
    await api.call('POST', `/api/rounds/${id}/proposals`, author, {
      title: 'Bankjes op het Heemraadsplein', description: 'Twee bankjes in de schaduw, voor wie even wil zitten.', category: 'meeting',
      estimatedCostCents: 300_000, buurt: 'BU05990325', location: { latitude: 51.9143, longitude: 4.4512 },
    });
    await api.call('POST', `/api/rounds/${id}/proposals`, author, {
      title: 'Schoonmaakdag voor de hele wijk', description: 'Eén dag samen de straten schoonmaken, met prikkers en zakken.', category: 'cleanliness',
      estimatedCostCents: 100_000, buurt: null,
    });
    return id;
  });
  const tilesServed = await serveTestTiles(page, await tileOrigin(request));
  await signIn(page, testInfo, journey, 'bewoner-middelland');
  const newTitle = 'Drempel bij de basisschool';
  let shown = '';

  await test.step('the form’s map: a click sets the pin, the place in words, the arrow keys move it', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/nieuw`);
    await page.getByRole('textbox', { name: 'Titel' }).fill(newTitle);
    await page.getByRole('textbox', { name: 'Omschrijving' }).fill('Auto’s rijden hier te hard langs de school; een drempel remt ze af.');
    await page.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Verkeersveiligheid' });
    await page.getByRole('textbox', { name: 'Geschatte kosten in euro' }).fill('6.000');
    await page.getByRole('combobox', { name: 'Buurt (niet verplicht)' }).selectOption({ label: 'Middelland' });

    const place = page.getByRole('group', { name: 'Plek op de kaart (niet verplicht)' });
    await expect(place).toContainText('De kaart kiest de buurt niet voor u');
    await expect(place.getByText('U heeft nog geen plek gekozen.')).toBeVisible();
    const map = place.getByRole('region', { name: 'Kaart om de plek van uw plan te kiezen' });
    await expect(map).toBeVisible();
    await expect.poll(tilesServed).toBeGreaterThan(0);
    await map.click({ position: { x: 120, y: 90 } });
    const chosen = place.getByText(/^Gekozen plek: /);
    await expect(chosen).toHaveText(/^Gekozen plek: 51,9\d{4}° N, 4,4\d{4}° O$/);
    const clicked = await chosen.innerText();

    const pin = map.getByRole('button', { name: /^Speld op / });
    await pin.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(chosen).not.toHaveText(clicked);
    await expect(pin).toBeFocused();
    shown = (await chosen.innerText()).replace('Gekozen plek: ', '');
    await expect(page.getByText(/De achtergrondkaart kan nu niet worden geladen/)).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'form-with-pin');
  });

  const newId = await test.step('submitted, the API holds the place the page showed', async () => {
    await page.getByRole('button', { name: 'Voorstel indienen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `3. ${newTitle}` })).toBeVisible();
    const token = await api.token('bewoner-middelland');
    const stored = await api.call<{ location: { latitude: number; longitude: number } | null; buurt: string | null }>('GET', `/api/rounds/${roundId}/proposals/3`, token);
    expect(stored.location).not.toBeNull();
    expect(inWords(stored.location!)).toBe(shown);
    expect(stored.buurt).toBe('BU05990325');
    return 3;
  });

  await test.step('the round page: the map beside the list, markers named, the unplaced proposal under the map', async () => {
    await page.goto(`/rondes/${roundId}`);
    const view = page.getByRole('region', { name: 'Kaart', exact: true });
    await expect(view).toContainText('2 van de 3 voorstellen hebben een plek op de kaart. Alle voorstellen staan ook in de lijst.');
    const map = view.getByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' });
    await expect(map.getByRole('button', { name: /^Voorstel \d+: / })).toHaveCount(2);
    await expect(map.getByRole('button', { name: `Voorstel 1: Bankjes op het Heemraadsplein` })).toBeVisible();
    await expect(map.getByRole('button', { name: `Voorstel ${newId}: ${newTitle}` })).toBeVisible();
    const unplaced = view.getByRole('heading', { level: 4, name: 'Zonder plek op de kaart' });
    await expect(unplaced).toBeVisible();
    await expect(view.getByRole('link', { name: '2. Schoonmaakdag voor de hele wijk' })).toBeVisible();
    await expect(view.getByText('Kaartgegevens © Kadaster')).toBeVisible();
    await expect(view.getByText(/De achtergrondkaart kan nu niet worden geladen/)).toHaveCount(0);
    // Every proposal is still a card in the list.
    await expect(page.locator('.proposal-list > li h3')).toHaveText(['1. Bankjes op het Heemraadsplein', '2. Schoonmaakdag voor de hele wijk', `3. ${newTitle}`]);
    await checkPage(page, testInfo, journey, 'round-with-map');

    await map.getByRole('button', { name: `Voorstel ${newId}: ${newTitle}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${newId}. ${newTitle}` })).toBeVisible();
  });

  await test.step('editing keeps the place; taken away, the API holds none', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/${newId}/bewerken`);
    const place = page.getByRole('group', { name: 'Plek op de kaart (niet verplicht)' });
    await expect(place.getByText(`Gekozen plek: ${shown}`)).toBeVisible();
    await place.getByRole('button', { name: 'Plek weghalen' }).click();
    await expect(place.getByText('U heeft nog geen plek gekozen.')).toBeVisible();
    await expect(place.getByRole('button', { name: /^Speld op / })).toHaveCount(0);
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${newId}. ${newTitle}` })).toBeVisible();
    const token = await api.token('bewoner-middelland');
    expect((await api.call<{ location: unknown }>('GET', `/api/rounds/${roundId}/proposals/${newId}`, token)).location).toBeNull();
  });
});
