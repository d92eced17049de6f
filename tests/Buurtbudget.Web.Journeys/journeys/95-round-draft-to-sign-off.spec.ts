import type { Browser, Page } from '@playwright/test';
import { checkPage, expect, NOORD, signIn, test, type Persona } from '../support/fixtures';

/** Journey: a fresh round goes from draft to an auditor's sign-off entirely in the web client (issue 19, "Done when").
 *
 * Everything happens in Chromium, each person in a browser of their own: the admin gives the wijk its money on the
 * wijk's budget page (from /beheer) and makes the round in draft with the create-round form (an empty form refused at
 * its first field first); coordinator-oude-noorden sets the rules
 * and moves every phase; bewoner-oude-noorden submits two proposals and votes; the coordinator reviews them, closes
 * the vote and records a spend; tweede-wijkcoordinator-noord approves it (four eyes); the coordinator closes the round;
 * the auditor signs it off. The API then holds a closed round, signed off as approved over its whole log. */
const journey = 'round-draft-to-sign-off';

const proposals = [
  { title: 'Lantaarns aan de Noordsingel', description: 'Het pad langs het water is ’s avonds donker. Vier lantaarns maken het veiliger.', category: 'Verlichting', cost: '3.000' },
  { title: 'Geveltuinen in de Bloklandstraat', description: 'Groen langs de gevels en minder steen in de straat.', category: 'Groen', cost: '2.000' },
];

async function personIn(browser: Browser, baseURL: string | undefined, persona: Persona, testInfo: Parameters<typeof signIn>[1]): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, testInfo, journey, persona);
  return page;
}

/** Moves the round on with the phase control's button and its confirmation. */
async function move(page: Page, button: string, phase: string) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog', { name: button });
  await dialog.getByRole('button', { name: `Ja, naar fase ${phase}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `De ronde is nu in de fase: ${phase}.` })).toBeVisible();
}

test('a coordinator takes a fresh round from draft to an auditor’s sign-off in the web client', async ({ page, browser, api, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  const title = `Van concept tot aftekening ${Date.now()}`;
  const roundId = await test.step('the admin allocates the wijk its budget and makes the round in draft with the create-round form', async () => {
    const admin = await personIn(browser, baseURL, 'admin', testInfo);
    // A round reserves its budget from the wijk's, so the municipality allocates it first, on the wijk's budget page.
    await admin.goto('/beheer');
    await admin.getByRole('link', { name: `Budget van ${NOORD.name}` }).click();
    await admin.waitForURL(`**/wijken/${NOORD.code}/budget`);
    const allocate = admin.getByRole('form', { name: 'Geld toekennen aan de wijk' });
    await allocate.getByRole('textbox', { name: 'Bedrag in euro\'s' }).fill('10.000');
    await allocate.getByRole('textbox', { name: 'Reden' }).fill(`Budget voor de journey-ronde ${title}`);
    await allocate.getByRole('button', { name: 'Geld toekennen' }).click();
    await expect(admin.getByRole('status').filter({ hasText: `€ 10.000,00 is toegekend aan ${NOORD.name} voor ${new Date().getFullYear()}.` })).toBeVisible();
    await admin.goto('/beheer');
    await admin.getByRole('link', { name: 'Nieuwe ronde maken' }).click();
    await expect(admin).toHaveTitle(/^Nieuwe ronde - Buurtbudget/);
    const form = admin.getByRole('form', { name: 'Nieuwe ronde' });
    await form.getByRole('button', { name: 'Ronde maken' }).click();
    await expect(form.getByRole('combobox', { name: 'Wijk' })).toBeFocused();
    await expect(form.getByText('Kies de wijk van de ronde.')).toBeVisible();
    await expect(form.getByText('Vul een titel in.')).toBeVisible();
    await checkPage(admin, testInfo, journey, 'create-round-refused');
    await form.getByRole('combobox', { name: 'Wijk' }).selectOption({ label: `${NOORD.name}, Rotterdam (${NOORD.code})` });
    await form.getByRole('textbox', { name: 'Titel van de ronde' }).fill(title);
    await form.getByRole('textbox', { name: 'Budget in euro\'s' }).fill('10.000');
    await form.getByRole('button', { name: 'Ronde maken' }).click();
    await admin.waitForURL(/\/beheer\/rondes\/[0-9a-f-]{36}$/);
    await expect(admin.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(admin.getByText('Concept').first()).toBeVisible();
    await checkPage(admin, testInfo, journey, 'round-created');
    const id = admin.url().split('/').pop()!;
    await admin.context().close();
    return id;
  });
  const created = await api.call<{ phase: string; district: { code: string }; rules: { budgetCents: number } }>('GET', `/api/rounds/${roundId}`, await api.token('auditor'));
  expect([created.phase, created.district.code, created.rules.budgetCents]).toEqual(['draft', NOORD.code, 1_000_000]);
  const manage = `/beheer/rondes/${roundId}`;
  const coordinator = page;
  await signIn(coordinator, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('the coordinator sets the rules and opens submission', async () => {
    await coordinator.goto(manage);
    const rules = coordinator.getByRole('form', { name: 'Spelregels' });
    await rules.getByRole('textbox', { name: 'Budget in euro\'s' }).fill('8.000');
    await rules.getByRole('button', { name: 'Spelregels opslaan' }).click();
    await expect(coordinator.getByRole('status').filter({ hasText: 'budget € 8.000,00' })).toBeVisible();
    await move(coordinator, 'Indienen van voorstellen openen', 'Voorstellen indienen');
  });

  const resident = await personIn(browser, baseURL, 'bewoner-oude-noorden', testInfo);
  await test.step('a resident submits two proposals', async () => {
    for (const proposal of proposals) {
      await resident.goto(`/rondes/${roundId}/voorstellen/nieuw`);
      await resident.getByRole('textbox', { name: 'Titel' }).fill(proposal.title);
      await resident.getByRole('textbox', { name: 'Omschrijving' }).fill(proposal.description);
      await resident.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: proposal.category });
      await resident.getByRole('textbox', { name: 'Geschatte kosten in euro' }).fill(proposal.cost);
      await resident.getByRole('button', { name: 'Voorstel indienen' }).click();
      await expect(resident.getByText('Uw voorstel is ingediend.')).toBeVisible();
    }
  });

  await test.step('the coordinator reviews both as feasible and opens voting', async () => {
    await coordinator.reload();
    await move(coordinator, 'Beoordeling starten', 'Beoordeling');
    for (const proposal of proposals) {
      const item = coordinator.getByRole('listitem').filter({ has: coordinator.getByRole('group', { name: `Beslissing over “${proposal.title}”` }) });
      await item.getByRole('button', { name: 'Haalbaar verklaren' }).click();
      await expect(coordinator.getByRole('status').filter({ hasText: `“${proposal.title}” is haalbaar verklaard voor` })).toBeVisible();
    }
    await expect(coordinator.getByRole('form', { name: 'Spelregels' })).toBeVisible();
    await move(coordinator, 'Stemming openen', 'Stemmen');
    await expect(coordinator.getByRole('form', { name: 'Spelregels' })).toHaveCount(0);
  });

  await test.step('the resident votes for both', async () => {
    await resident.goto(`/rondes/${roundId}/stembiljet`);
    for (const [index, proposal] of proposals.entries()) {
      await resident.getByRole('checkbox', { name: `${index + 1}. ${proposal.title}`, exact: true }).check();
    }
    await resident.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await expect(resident.getByRole('status').filter({ hasText: 'Uw stem is opgeslagen' }).first()).toBeVisible();
  });

  await test.step('the coordinator closes the vote, starts delivery and records a spend', async () => {
    await coordinator.reload();
    await move(coordinator, 'Stemming sluiten en uitslag bepalen', 'Uitslag bekend');
    await move(coordinator, 'Uitvoering starten', 'Uitvoering');
    const record = coordinator.getByRole('form', { name: 'Uitgave vastleggen' });
    await record.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ value: '1' });
    await record.getByRole('textbox', { name: 'Bedrag in euro\'s' }).fill('2.750');
    await record.getByRole('textbox', { name: 'Omschrijving' }).fill('Vier lantaarns geleverd en geplaatst');
    await record.getByRole('textbox', { name: 'Leverancier' }).fill('Licht & Co');
    await record.getByRole('textbox', { name: 'Factuurnummer' }).fill('LC-2026-17');
    await record.getByRole('button', { name: 'Uitgave vastleggen' }).click();
    await expect(coordinator.getByRole('status').filter({ hasText: 'is vastgelegd' })).toBeVisible();
  });

  await test.step('a second coordinator approves the spend', async () => {
    const second = await personIn(browser, baseURL, 'tweede-wijkcoordinator-noord', testInfo);
    await second.goto(manage);
    await second.getByRole('button', { name: 'Uitgave 1 goedkeuren' }).click();
    await expect(second.getByRole('status').filter({ hasText: 'Uitgave 1 van € 2.750,00 is goedgekeurd.' })).toBeVisible();
    await second.context().close();
  });

  await test.step('the coordinator closes the round', async () => {
    await coordinator.reload();
    await move(coordinator, 'Ronde afsluiten', 'Afgesloten');
    await expect(coordinator.getByText('Dit is de laatste fase; de ronde is afgesloten.')).toBeVisible();
    await checkPage(coordinator, testInfo, journey, 'round-closed');
  });

  await test.step('the resident sees where the money went', async () => {
    await resident.goto(`/rondes/${roundId}`);
    await expect(resident.getByRole('region', { name: 'Waar het geld naartoe ging' })).toContainText('€ 2.750,00 besteed van € 8.000,00');
    await resident.context().close();
  });

  await test.step('the auditor signs the round off', async () => {
    const auditor = await personIn(browser, baseURL, 'auditor', testInfo);
    await auditor.goto(`/controle/rondes/${roundId}`);
    await expect(auditor.getByRole('heading', { level: 2, name: 'Hashketen klopt' })).toBeVisible();
    await auditor.getByRole('button', { name: 'Aftekenen…' }).click();
    await auditor.getByRole('dialog', { name: 'Controle aftekenen' }).getByRole('button', { name: 'Ja, aftekenen' }).click();
    await expect(auditor.getByRole('status').filter({ hasText: 'De controle is afgetekend en vastgelegd in het logboek.' })).toBeVisible();
    await checkPage(auditor, testInfo, journey, 'signed-off');
    await auditor.context().close();
  });

  await test.step('the API agrees: closed, signed off as approved over the whole log', async () => {
    const token = await api.token('auditor');
    const round = await api.call<{ phase: string }>('GET', `/api/rounds/${roundId}`, token);
    const audit = await api.call<{ signedOff: boolean; verdict: string; headSequence: number }>('GET', `/api/rounds/${roundId}/audit`, token);
    const log = await api.call<{ lastSequence: number; chainValid: boolean }>('GET', `/api/rounds/${roundId}/events?after=0&limit=1`, token);
    expect([round.phase, audit.signedOff, audit.verdict, log.chainValid]).toEqual(['closed', true, 'approved', true]);
    expect(audit.headSequence).toBe(log.lastSequence - 1);
  });
});
