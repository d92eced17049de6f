import { checkPage, expect, expectVisibleFocus, MIDDELLAND_ROUND, signIn, test } from '../support/fixtures';

/** Journey (a): a resident of Middelland signs in with the "Inloggen" button and the development provider's persona
 * page, opens the Middelland round (seeded in voting, budget € 50.000), builds a ballot with the budget bar (one choice
 * with the keyboard alone), casts it and sees "Uw stem is opgeslagen" with a receipt, changes it and saves again
 * (a new receipt), and after a reload sees the saved ballot.
 *
 * Only this journey casts a ballot as bewoner-middelland, and each run starts on fresh seeded data, so it starts with
 * no ballot whatever the order of the journeys. */
const journey = 'resident-ballot';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const RECEIPT = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

// Seeded proposals on the ballot, at their approved cost (seeds/demo.json).
const lighting = { label: '1. Betere straatverlichting in de Graaf Florisstraat', cents: 1_150_000 };
const speedBumps = { label: '2. Verkeersdrempels in de Claes de Vrieselaan', cents: 1_800_000 };
const playground = { label: '5. Speelplek op het Heemraadsplein opknappen', cents: 1_650_000 };
const bikes = { label: '10. Buurtfietsenstalling in de Volmarijnstraat', cents: 1_400_000 };
const BUDGET = 5_000_000;

/** Layout shifts of the page's content (the browser's layout-shift entries for elements inside main, whether or not they
 * follow input) from now on. Voting must move nothing there: the saved/unsaved status has its space reserved, so
 * choosing, casting and changing shift no content. (A line added at the very end of the ballot, after its last
 * control, moves only the footer below it; that is not counted.) */
async function watchLayoutShifts(page: import('@playwright/test').Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __shifts?: number[]; __shiftObserver?: PerformanceObserver };
    w.__shifts = [];
    if (!w.__shiftObserver) {
      w.__shiftObserver = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const shift = entry as unknown as { value: number; sources?: { node?: Node | null }[] };
          const main = document.getElementById('main');
          if (shift.sources?.some((source) => source.node && main?.contains(source.node))) w.__shifts?.push(shift.value);
        }
      });
      w.__shiftObserver.observe({ type: 'layout-shift' });
    }
  });
  return () => page.evaluate(() => ((window as unknown as { __shifts: number[] }).__shifts ?? []).reduce((sum, value) => sum + value, 0));
}

const euro = (cents: number) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

test('a resident builds a ballot within the budget, casts it, changes it and finds it saved after a reload', async ({ page, api }, testInfo) => {
  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-middelland', { check: true });

  await test.step('the home page lists the rounds of the resident’s wijk first', async () => {
    await expect(page.getByText('Ingelogd als bewoner')).toBeVisible();
    const own = page.getByRole('region', { name: 'Rondes in uw wijk' });
    await expect(own.getByRole('link', { name: MIDDELLAND })).toBeVisible();
    await checkPage(page, testInfo, journey, 'home-signed-in');
    await own.getByRole('link', { name: MIDDELLAND }).click();
  });

  await test.step('the round page says voting is open and leads to the ballot', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}$`));
    await expect(page.getByRole('heading', { level: 1, name: MIDDELLAND })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Wat kunt u nu doen?' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'round');
    await page.getByRole('link', { name: 'Stemmen', exact: true }).click();
  });

  const meter = page.getByRole('progressbar', { name: 'Uw keuze en het budget' });
  const meterText = (spent: number) => `Gekozen: ${euro(spent)}. Over: ${euro(BUDGET - spent)} van ${euro(BUDGET)}.`;
  const status = page.locator('.ballot-status');
  const box = (name: string) => page.getByRole('checkbox', { name, exact: true });

  await test.step('an empty ballot: nothing chosen, the whole budget left', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/stembiljet$`));
    await expect(page.getByRole('heading', { level: 1, name: `Stemmen: ${MIDDELLAND}` })).toBeVisible();
    await expect(status).toContainText('U heeft nog niet gestemd');
    await expect(meter).toHaveAttribute('value', '0');
    await expect(page.getByText(meterText(0))).toBeVisible();
    await checkPage(page, testInfo, journey, 'ballot-empty');
  });

  await test.step('choosing proposals fills the budget bar; one is chosen with the keyboard alone', async () => {
    const shifted = await watchLayoutShifts(page);
    await box(lighting.label).check();
    await expect(page.getByText(meterText(lighting.cents))).toBeVisible();

    // Keyboard: from the chosen checkbox, Tab (past its "Meer over …" details) to the next proposal, Space chooses it.
    await expect(box(lighting.label)).toBeFocused();
    const next = box(speedBumps.label);
    let reached = false;
    for (let i = 0; i < 4 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await next.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the next proposal’s checkbox is reached with Tab').toBe(true);
    await expectVisibleFocus(page, next);
    await page.keyboard.press('Space');
    await expect(next).toBeChecked();
    await expect(page.getByText(meterText(lighting.cents + speedBumps.cents))).toBeVisible();

    await box(playground.label).check();
    const spent = lighting.cents + speedBumps.cents + playground.cents;
    await expect(page.getByText(meterText(spent))).toBeVisible();
    await expect(meter).toHaveAttribute('value', String(spent));
    await expect(status).toContainText('Nog niet opgeslagen');

    // What no longer fits says so, and stays unchosen.
    await expect(box(bikes.label)).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByText(`Past niet meer: dit kost ${euro(bikes.cents)} en er is nog ${euro(BUDGET - spent)} over.`)).toBeVisible();
    expect(await shifted(), 'layout shift while choosing').toBe(0);
    await checkPage(page, testInfo, journey, 'ballot-chosen');
  });

  let firstReceipt = '';
  await test.step('casting it: "Uw stem is opgeslagen" with a receipt', async () => {
    const shifted = await watchLayoutShifts(page);
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    expect(await shifted(), 'layout shift while casting').toBe(0);
    firstReceipt = (await status.locator('code.receipt').textContent())?.trim() ?? '';
    expect(firstReceipt).toMatch(RECEIPT);
    await expect(status).toBeFocused();
    await checkPage(page, testInfo, journey, 'ballot-saved');
  });

  let secondReceipt = '';
  await test.step('changing it: the previous ballot counts until the change is saved, which gives a new receipt', async () => {
    const shifted = await watchLayoutShifts(page);
    await box(playground.label).uncheck();
    await box(bikes.label).check();
    await expect(status).toContainText('Nog niet opgeslagen');
    await expect(status).toContainText(`Uw vorige stem (${firstReceipt}) telt tot u opslaat.`);
    await expect(page.getByText(meterText(lighting.cents + speedBumps.cents + bikes.cents))).toBeVisible();
    expect(await shifted(), 'layout shift while changing').toBe(0);
    await checkPage(page, testInfo, journey, 'ballot-changed');

    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    secondReceipt = (await status.locator('code.receipt').textContent())?.trim() ?? '';
    expect(secondReceipt).toMatch(RECEIPT);
    expect(secondReceipt).not.toBe(firstReceipt);
    await expect(page.getByText('Uw stem is opgeslagen. Wijzig uw keuze om een nieuwe stem uit te brengen.')).toBeVisible();
  });

  await test.step('after a reload the saved ballot is shown, with its receipt', async () => {
    await page.reload();
    await expect(status).toContainText('Uw stem is opgeslagen');
    await expect(status.locator('code.receipt')).toHaveText(secondReceipt);
    await expect(box(lighting.label)).toBeChecked();
    await expect(box(speedBumps.label)).toBeChecked();
    await expect(box(bikes.label)).toBeChecked();
    await expect(box(playground.label)).not.toBeChecked();
    await expect(page.getByText(meterText(lighting.cents + speedBumps.cents + bikes.cents))).toBeVisible();
    await checkPage(page, testInfo, journey, 'ballot-reloaded');
  });

  await test.step('the API holds the same ballot and receipt', async () => {
    const token = await api.token('bewoner-middelland');
    const ballot = await api.call<{ receipt: string; choices: { proposalId: number }[] }>('GET', `/api/rounds/${MIDDELLAND_ROUND}/ballot`, token);
    expect(ballot.receipt).toBe(secondReceipt);
    expect(ballot.choices.map((c) => c.proposalId).sort((a, b) => a - b)).toEqual([1, 2, 10]);
  });
});
