import type { Page } from '@playwright/test';
import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey: two coordinators of Noord handle a round's money in the web client, under four eyes.
 *
 * The set-up makes a round of its own through the API and takes it to spending: the admin creates it in Noord and
 * opens submission, bewoner-oude-noorden submits two proposals, coordinator-oude-noorden finds both feasible, the
 * resident votes for both, and the admin closes the vote and starts spending. In the browser, coordinator-oude-noorden
 * (Sanne de Vries) records two spends, is refused in words when approving her own, requests an overrun and reports
 * progress with a milestone; then tweede-wijkcoordinator-noord (Youssef Amrani), in a browser of his own, approves the
 * first spend and rejects the second with a reason. The spends list names who recorded and who decided each spend,
 * and the API agrees. */
const journey = 'coordinator-spending';

const proposals = [
  { title: 'Drempels in de Zwaanshals', description: 'Twee drempels bij de speeltuin.', category: 'traffic-safety', estimatedCostCents: 400_000 },
  { title: 'Bankjes op het Noordplein', description: 'Drie bankjes in de schaduw.', category: 'meeting', estimatedCostCents: 300_000 },
];
const BUDGET = 1_000_000;

interface SpendingDto {
  spentCents: number;
  pendingCents: number;
  projects: { proposalId: number; limitCents: number; status: string; percentComplete: number; milestones: { text: string }[] }[];
  spends: { number: number; status: string; recordedBy: string | null; decidedBy: string | null; rejectionReason: string | null }[];
}

function form(page: Page, name: string) {
  return page.getByRole('form', { name });
}

test('two coordinators record, refuse, approve and reject spends, with an overrun and progress', async ({ page, browser, api, baseURL }, testInfo) => {
  const title = `Uitgaven Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in spending with two funded projects', () => api.roundInSpending(title, NOORD, BUDGET, proposals));
  const project = (n: number) => `${n}. ${proposals[n - 1].title}`;

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('the round page shows the spending with nothing spent and nothing waiting', async () => {
    await page.goto(`/beheer/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Uitgaven' })).toBeVisible();
    await expect(page.getByText('Er wachten geen uitgaven op goedkeuring.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'spending-empty');
  });

  const record = form(page, 'Uitgave vastleggen');
  await test.step('an empty spend is refused at its first field', async () => {
    await record.getByRole('button', { name: 'Uitgave vastleggen' }).click();
    const select = record.getByRole('combobox', { name: 'Project', exact: true });
    await expect(select).toBeFocused();
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    await expect(record.getByText('Kies het project waar dit bij hoort.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'spend-missing-fields');
  });

  const recordSpend = async (n: number, amount: string, invoice: string) => {
    await record.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ value: String(n) });
    await record.getByRole('textbox', { name: 'Bedrag in euro\'s' }).fill(amount);
    await record.getByRole('textbox', { name: 'Omschrijving' }).fill(`Factuur ${invoice} voor ${proposals[n - 1].title}`);
    await record.getByRole('textbox', { name: 'Leverancier' }).fill('Stadsbeheer BV');
    await record.getByRole('textbox', { name: 'Factuurnummer' }).fill(invoice);
    await record.getByRole('textbox', { name: 'Verwijzing naar de factuur (niet verplicht)' }).fill('DMS-88213');
    await record.getByRole('button', { name: 'Uitgave vastleggen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `voor ${project(n)} is vastgelegd` })).toBeVisible();
  };

  await test.step('two spends recorded; each waits for a second coordinator, with who recorded it', async () => {
    await recordSpend(1, '2.500,00', 'F-2026-0042');
    await recordSpend(2, '1.000', 'F-2026-0043');
    const first = page.getByRole('heading', { level: 4, name: /^Uitgave 1: € 2\.500,00 voor 1\. Drempels/ });
    await expect(first).toBeVisible();
    await expect(page.getByText('Vastgelegd door Sanne de Vries.').first()).toBeVisible();
  });

  await test.step('approving her own spend is refused in words (four eyes)', async () => {
    await page.getByRole('button', { name: 'Uitgave 1 goedkeuren' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'U heeft uitgave 1 zelf vastgelegd. Een andere coördinator van deze wijk moet haar goedkeuren (vier ogen).' });
    await expect(refusal).toBeVisible();
    await checkPage(page, testInfo, journey, 'four-eyes-refusal');
  });

  await test.step('an overrun with a reason raises the project’s limit', async () => {
    const overrun = form(page, 'Overschrijding aanvragen');
    await overrun.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ value: '1' });
    await overrun.getByRole('textbox', { name: 'Hoeveel meer mag het kosten, in euro\'s' }).fill('500');
    await overrun.getByRole('button', { name: 'Overschrijding vastleggen' }).click();
    await expect(overrun.getByRole('textbox', { name: 'Waarom kost het meer?' })).toBeFocused();
    await overrun.getByRole('textbox', { name: 'Waarom kost het meer?' }).fill('De grond onder de drempels moest worden versterkt.');
    await overrun.getByRole('button', { name: 'Overschrijding vastleggen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${project(1)} mag nu € 500,00 meer kosten.` })).toBeVisible();
  });

  await test.step('progress with a milestone; "completed" below 100% is refused at the field', async () => {
    const progress = form(page, 'Voortgang bijwerken');
    await progress.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ value: '1' });
    await progress.getByRole('combobox', { name: 'Stand van het project' }).selectOption({ label: 'Klaar' });
    await progress.getByRole('textbox', { name: 'Hoeveel procent is klaar?' }).fill('40');
    await progress.getByRole('button', { name: 'Voortgang opslaan' }).click();
    await expect(progress.getByText('Een project dat klaar is, is voor 100 procent klaar.')).toBeVisible();
    await progress.getByRole('combobox', { name: 'Stand van het project' }).selectOption({ label: 'In uitvoering' });
    await progress.getByRole('textbox', { name: 'Mijlpaal (niet verplicht)' }).fill('Drempels besteld');
    await progress.getByRole('button', { name: 'Voortgang opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: `De voortgang van ${project(1)} is opgeslagen: In uitvoering, 40%.` })).toBeVisible();
    await checkPage(page, testInfo, journey, 'spending-with-pending');
  });

  const second = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  try {
    const other = await second.newPage();
    await signIn(other, testInfo, journey, 'tweede-wijkcoordinator-noord');

    await test.step('the second coordinator approves spend 1', async () => {
      await other.goto(`/beheer/rondes/${roundId}`);
      await expect(other.getByText('Vastgelegd door Sanne de Vries.').first()).toBeVisible();
      await other.getByRole('button', { name: 'Uitgave 1 goedkeuren' }).click();
      await expect(other.getByRole('status').filter({ hasText: 'Uitgave 1 van € 2.500,00 is goedgekeurd.' })).toBeVisible();
    });

    await test.step('and rejects spend 2, with a reason (an empty one is refused first)', async () => {
      await other.getByRole('button', { name: 'Uitgave 2 afwijzen' }).click();
      const reason = other.getByRole('textbox', { name: 'Waarom wijst u uitgave 2 af?' });
      await expect(reason).toBeFocused();
      await other.getByRole('button', { name: 'Afwijzen met deze reden' }).click();
      await expect(reason).toHaveAttribute('aria-invalid', 'true');
      await reason.fill('Deze factuur is al eerder betaald.');
      await other.getByRole('button', { name: 'Afwijzen met deze reden' }).click();
      await expect(other.getByRole('status').filter({ hasText: 'Uitgave 2 van € 1.000,00 is afgewezen.' })).toBeVisible();
      await expect(other.getByText('Er wachten geen uitgaven op goedkeuring.')).toBeVisible();
    });

    await test.step('the spends list names who recorded and who decided each spend', async () => {
      await other.getByText('Toon alle 2 uitgaven').click();
      const table = other.getByRole('table', { name: 'Alle uitgaven met hun status' });
      await expect(table.getByRole('columnheader', { name: 'Vastgelegd door' })).toBeVisible();
      const rows = table.getByRole('row');
      await expect(rows.nth(1)).toContainText('Goedgekeurd');
      await expect(rows.nth(1)).toContainText('Sanne de Vries');
      await expect(rows.nth(1)).toContainText('Youssef Amrani');
      await expect(rows.nth(2)).toContainText('Afgewezen: Deze factuur is al eerder betaald.');
      await checkPage(other, testInfo, journey, 'spends-decided');
    });
  } finally {
    await second.close();
  }

  await test.step('the API agrees', async () => {
    const token = await api.token('auditor');
    const spending = await api.call<SpendingDto>('GET', `/api/rounds/${roundId}/spending`, token);
    expect(spending.spends.map((s) => [s.number, s.status, s.recordedBy, s.decidedBy])).toEqual([
      [1, 'approved', 'Sanne de Vries', 'Youssef Amrani'],
      [2, 'rejected', 'Sanne de Vries', 'Youssef Amrani'],
    ]);
    expect([spending.spentCents, spending.pendingCents]).toEqual([250_000, 0]);
    const first = spending.projects.find((p) => p.proposalId === 1)!;
    expect([first.limitCents, first.status, first.percentComplete, first.milestones.map((m) => m.text)]).toEqual([450_000, 'in-progress', 40, ['Drempels besteld']]);
  });
});
