import type { Browser, Page } from '@playwright/test';
import { checkPage, DELFSHAVEN, expect, MIDDELLAND_ROUND, signIn, test, type Persona } from '../support/fixtures';

/** Journey: a wijk's budget in the web client (issue 19). The admin finds Delfshaven's budget from /beheer (a malformed
 * CBS code for "another wijk" is refused at its field first), is refused an empty and a zero amount at the amount
 * field without anything being sent, then allocates € 12.500 with a reason: the year's figures and the verified
 * history show it. coordinator-middelland (of Delfshaven) reads the years and the history from /beheer, with the
 * seeded round's reservation named by its title; the auditor reaches it from a round's audit page;
 * coordinator-oude-noorden (of Noord) is refused in words. The API agrees with what the pages show. */
const journey = 'wijk-budget';
const BUDGET = `/wijken/${DELFSHAVEN.code}/budget`;

type Year = { year: number; allocatedCents: number; reservedCents: number; spentCents: number; availableCents: number };
type Budget = { years: Year[]; chainValid: boolean; events: { type: string; payload: { reason?: string } }[] };

async function personIn(browser: Browser, baseURL: string | undefined, persona: Persona, testInfo: Parameters<typeof signIn>[1]): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, testInfo, journey, persona);
  return page;
}

const euros = (cents: number) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

test('an admin allocates money to a wijk and its coordinator reads the years and the verified history', async ({ page, browser, api, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const year = new Date().getFullYear();
  const reason = `Raadsbesluit extra geld voor veilige schoolroutes ${Date.now()}`;
  const read = async () => api.call<Budget>('GET', `/api/wijken/${DELFSHAVEN.code}/budget`, await api.token('auditor'));
  const before = await read();
  const allocatedBefore = before.years.find((y) => y.year === year)?.allocatedCents ?? 0;

  await test.step('the admin finds the wijk’s budget from /beheer; a malformed code is refused at its field', async () => {
    await signIn(page, testInfo, journey, 'admin');
    await page.goto('/beheer');
    await expect(page.getByRole('heading', { level: 2, name: 'Budget per wijk' })).toBeVisible();
    const other = page.getByRole('form', { name: 'Budget van een andere wijk' });
    await other.getByRole('textbox', { name: 'Andere wijk (CBS-wijkcode)' }).fill('WK12');
    await other.getByRole('button', { name: 'Budget bekijken' }).click();
    await expect(other.getByRole('textbox', { name: 'Andere wijk (CBS-wijkcode)' })).toBeFocused();
    await expect(other.getByText('Vul een CBS-wijkcode in: WK en zes cijfers, bijvoorbeeld WK059905.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'manage-with-budgets');
    await page.getByRole('link', { name: `Budget van ${DELFSHAVEN.name}` }).click();
    await page.waitForURL(`**${BUDGET}`);
    await expect(page).toHaveTitle(/^Budget van Delfshaven - Buurtbudget/);
    await expect(page.getByRole('heading', { level: 1, name: 'Budget van Delfshaven' })).toBeVisible();
  });

  const form = page.getByRole('form', { name: 'Geld toekennen aan de wijk' });
  const amount = form.getByRole('textbox', { name: 'Bedrag in euro\'s' });
  await test.step('an empty and a zero amount are refused at the amount field, and nothing is sent', async () => {
    await form.getByRole('button', { name: 'Geld toekennen' }).click();
    await expect(amount).toBeFocused();
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Vul een bedrag in dat groter is dan € 0, bijvoorbeeld 25.000.')).toBeVisible();
    await expect(form.getByText('Schrijf op waarom de wijk dit geld krijgt, bijvoorbeeld het raadsbesluit.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'allocation-refused');
    await form.getByRole('textbox', { name: 'Reden' }).fill(reason);
    await amount.fill('0');
    await form.getByRole('button', { name: 'Geld toekennen' }).click();
    await expect(amount).toBeFocused();
    await expect(form.getByText('Vul een bedrag in dat groter is dan € 0, bijvoorbeeld 25.000.')).toBeVisible();
    await expect(form.getByText('Schrijf op waarom de wijk dit geld krijgt, bijvoorbeeld het raadsbesluit.')).toHaveCount(0);
    expect((await read()).events.length).toBe(before.events.length);
  });

  await test.step('the admin allocates € 12.500 with a reason; the year and the history show it', async () => {
    await amount.fill('12.500');
    await form.getByRole('button', { name: 'Geld toekennen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `€ 12.500,00 is toegekend aan Delfshaven voor ${year}.` })).toBeVisible();
    await expect(amount).toHaveValue('');
    const row = page.getByRole('table', { name: 'Budget van de wijk per jaar, nieuwste jaar eerst' }).getByRole('row', { name: new RegExp(`^${year}`) });
    await expect(row.getByRole('cell').first()).toHaveText(euros(allocatedBefore + 1_250_000));
    const history = page.getByRole('table', { name: 'Alle toekenningen, reserveringen en afrekeningen, oudste eerst' });
    await expect(history.getByRole('row').filter({ hasText: reason })).toContainText('Toegekend door de gemeente');
    await expect(history.getByRole('row').filter({ hasText: reason })).toContainText('€ 12.500,00');
    await expect(page.getByRole('status').filter({ hasText: 'De geschiedenis klopt' })).toContainText(`Alle ${before.events.length + 1} gebeurtenissen zijn gecontroleerd`);
    await checkPage(page, testInfo, journey, 'allocated');
  });

  await test.step('the API agrees', async () => {
    const after = await read();
    expect(after.chainValid).toBe(true);
    expect(after.events.at(-1)).toMatchObject({ type: 'wijk-budget-allocated', payload: { reason } });
    expect(after.years.find((y) => y.year === year)?.allocatedCents).toBe(allocatedBefore + 1_250_000);
  });

  await test.step('the wijk’s coordinator reads every year and the history from /beheer', async () => {
    const coordinator = await personIn(browser, baseURL, 'coordinator-middelland', testInfo);
    await coordinator.goto('/beheer');
    await coordinator.getByRole('link', { name: `Budget van ${DELFSHAVEN.name}` }).click();
    await coordinator.waitForURL(`**${BUDGET}`);
    const years = coordinator.getByRole('table', { name: 'Budget van de wijk per jaar, nieuwste jaar eerst' });
    const after = await read();
    await expect(years.getByRole('row')).toHaveCount(after.years.length + 1);
    for (const y of after.years) {
      await expect(years.getByRole('row', { name: new RegExp(`^${y.year}`) })).toContainText(euros(y.availableCents));
    }
    const history = coordinator.getByRole('table', { name: 'Alle toekenningen, reserveringen en afrekeningen, oudste eerst' });
    await expect(history.getByRole('row')).toHaveCount(after.events.length + 1);
    await expect(history.getByRole('row').filter({ hasText: reason })).toBeVisible();
    await expect(history.getByRole('row').filter({ hasText: 'Gereserveerd voor een ronde' }).first().getByRole('link')).toHaveText('Buurtbudget Middelland 2026: veilig en leefbaar');
    await expect(coordinator.getByRole('form', { name: 'Geld toekennen aan de wijk' })).toHaveCount(0);
    await checkPage(coordinator, testInfo, journey, 'coordinator-reads');
    await coordinator.context().close();
  });

  await test.step('the auditor reaches it from a round’s audit page', async () => {
    const auditor = await personIn(browser, baseURL, 'auditor', testInfo);
    await auditor.goto(`/controle/rondes/${MIDDELLAND_ROUND}`);
    await auditor.getByRole('link', { name: `Budget van ${DELFSHAVEN.name}` }).click();
    await auditor.waitForURL(`**${BUDGET}`);
    await expect(auditor.getByRole('link', { name: 'Terug naar Controle' })).toBeVisible();
    await expect(auditor.getByRole('status').filter({ hasText: 'De geschiedenis klopt' })).toBeVisible();
    await auditor.context().close();
  });

  await test.step('a coordinator of another wijk is refused in words', async () => {
    const other = await personIn(browser, baseURL, 'coordinator-oude-noorden', testInfo);
    await other.goto(BUDGET);
    const refusal = other.getByRole('alert');
    await expect(refusal).toContainText('Niet uw wijk');
    await expect(refusal).toContainText(`Het budget van wijk ${DELFSHAVEN.code} kunnen alleen de coördinatoren van die wijk, controleurs en beheerders van de gemeente zien.`);
    await expect(other.getByRole('table')).toHaveCount(0);
    await checkPage(other, testInfo, journey, 'other-wijk-refused');
    await other.context().close();
  });
});
