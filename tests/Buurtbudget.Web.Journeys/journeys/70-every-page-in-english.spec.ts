import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { checkPage, DELFSHAVEN, expect, expectVisibleFocus, MIDDELLAND_ROUND, OUDE_NOORDEN_ROUND, signIn, test } from '../support/fixtures';

/** Every page the other journeys do not visit, checked at both widths with axe: a proposal's page and its edit form
 * (the resident's own proposal in a round in submission, made through the API), the not-found page, the coordinator's
 * /beheer list and the page of a round after the vote (its results section), the auditor's page of a round in voting,
 * and the residents' page of a round in delivery. Then the language is switched to English with the keyboard alone,
 * and the home page, a round page, the ballot and the results are checked in English, with the texts of the English
 * resource files.
 *
 * Changes only a round of its own (a unique title in Delfshaven, which contains no other journey's round title); the
 * ballot page is only looked at, nothing is cast, so the order of the journeys does not matter. */
const journey = 'every-page-in-english';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const OUDE_NOORDEN = 'Buurtbudget Oude Noorden 2025';

interface ProposalDto { id: number; title: string; status: string; isMine: boolean }

// The client's texts, from its own resource files, so that the journey asserts what the client ships.
const locales = path.resolve(__dirname, '..', '..', '..', 'src', 'Buurtbudget.Web', 'src', 'i18n', 'locales');
type Texts = Record<string, unknown>;
function load(language: 'nl' | 'en'): Texts {
  return ['common', 'resident', 'coordinator', 'auditor', 'frontDoor'].reduce<Texts>(
    (all, file) => ({ ...all, ...(JSON.parse(fs.readFileSync(path.join(locales, language, `${file}.json`), 'utf8')) as Texts) }),
    {},
  );
}
const texts = { nl: load('nl'), en: load('en') };
/** One text by its key, with {{name}} filled in, as i18next does (no plurals needed here). */
function text(language: 'nl' | 'en', key: string, values: Record<string, string | number> = {}): string {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], texts[language]);
  if (typeof found !== 'string') throw new Error(`no text ${language}:${key}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}
const nl = (key: string, values?: Record<string, string | number>) => text('nl', key, values);
const en = (key: string, values?: Record<string, string | number>) => text('en', key, values);

/** From the top of the page (reloaded), Tab to the header's language button (keyboard alone), Enter switches to English. */
async function switchToEnglishByKeyboard(page: Page): Promise<void> {
  await test.step('Tab to the language button, Enter: the page is in English', async () => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    const button = page.getByRole('banner').getByRole('button', { name: nl('app.switchLanguageLabel') });
    // Start from the top of the document, as a fresh page load does (a click elsewhere moves Tab's starting point).
    await page.reload();
    await expect(button).toHaveText(nl('app.switchLanguage'));
    await expect(page.getByRole('banner').getByRole('button', { name: nl('app.signOut') })).toBeVisible();
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await button.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the language button is reached with Tab within 8 steps').toBe(true);
    await expectVisibleFocus(page, button);
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('banner').getByRole('button', { name: en('app.switchLanguageLabel') })).toHaveText(en('app.switchLanguage'));
    await expect(page.getByRole('navigation', { name: en('nav.label') })).toBeVisible();
  });
}

async function check(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await checkPage(page, testInfo, journey, name);
}

test('a resident’s own proposal, its edit form and the not-found page; then English home, round and ballot', async ({ page, api }, testInfo) => {
  const roundTitle = `Buurtbudget Delfshaven alle pagina's ${Date.now()}`;
  const proposalTitle = 'Bankjes op het Mathenesserplein';
  let roundId = '';
  let proposalId = 0;
  await test.step('set-up through the API: a round in submission in Delfshaven with the resident’s proposal', async () => {
    roundId = await api.roundInSubmission(roundTitle, DELFSHAVEN, { budgetCents: 3_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const resident = await api.token('bewoner-middelland');
    const proposal = await api.call<ProposalDto>('POST', `/api/rounds/${roundId}/proposals`, resident, {
      title: proposalTitle,
      description: 'Op het plein is nergens een plek om even te zitten. Vier bankjes in de schaduw van de bomen.',
      category: 'greenery',
      estimatedCostCents: 600_000,
    });
    proposalId = proposal.id;
    expect(proposal.isMine).toBe(true);
  });

  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-middelland');

  await test.step('the proposal’s page: its title, marked as the resident’s own, editable while proposals are open', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/${proposalId}`);
    await expect(page.getByRole('heading', { level: 1, name: `${proposalId}. ${proposalTitle}` })).toBeVisible();
    await expect(page.getByText(nl('resident.proposal.mine'), { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: nl('resident.proposal.description') })).toBeVisible();
    await expect(page.getByText('Vier bankjes in de schaduw van de bomen.')).toBeVisible();
    await expect(page.getByRole('link', { name: nl('resident.backToRound', { title: roundTitle }) })).toBeVisible();
    await check(page, testInfo, 'proposal');
    await page.getByRole('link', { name: nl('resident.proposal.edit') }).click();
  });

  await test.step('the edit form holds the proposal as it was submitted', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${roundId}/voorstellen/${proposalId}/bewerken$`));
    await expect(page.getByRole('heading', { level: 1, name: nl('resident.form.editTitle') })).toBeVisible();
    await expect(page.getByRole('textbox', { name: nl('resident.form.title') })).toHaveValue(proposalTitle);
    await expect(page.getByRole('textbox', { name: nl('resident.form.cost') })).toHaveValue(/^6\.?000(,00)?$/);
    await check(page, testInfo, 'proposal-edit');
  });

  await test.step('an unknown address: the not-found page with a way home', async () => {
    await page.goto('/deze-pagina-bestaat-niet');
    await expect(page.getByRole('heading', { level: 1, name: nl('errors.notFound') })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: nl('frontDoor.notFound.home') })).toBeVisible();
    await check(page, testInfo, 'not-found');
    await page.getByRole('main').getByRole('link', { name: nl('frontDoor.notFound.home') }).click();
    await expect(page.getByRole('heading', { level: 1, name: nl('home.title') })).toBeVisible();
  });

  await switchToEnglishByKeyboard(page);

  await test.step('English home page: its headings from the English texts', async () => {
    await expect(page.getByRole('heading', { level: 1, name: en('home.title') })).toBeVisible();
    const own = page.getByRole('region', { name: en('resident.home.yourWijk') });
    await expect(own.getByRole('heading', { level: 2, name: en('resident.home.yourWijk') })).toBeVisible();
    await expect(page.getByText(en('app.signedInAs', { role: en('roles.resident') }))).toBeVisible();
    await check(page, testInfo, 'home-en');
    await own.getByRole('link', { name: MIDDELLAND }).click();
  });

  await test.step('English round page (voting)', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}$`));
    await expect(page.getByRole('heading', { level: 1, name: MIDDELLAND })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('resident.round.whatNow') })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('resident.round.proposals'), exact: true })).toBeVisible();
    await expect(page.getByText(en('phases.voting'), { exact: true }).first()).toBeVisible();
    await check(page, testInfo, 'round-en');
    await page.getByRole('link', { name: en('resident.round.vote'), exact: true }).click();
  });

  await test.step('English ballot page (looked at, nothing cast)', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/stembiljet$`));
    await expect(page.getByRole('heading', { level: 1, name: en('resident.ballot.title', { title: MIDDELLAND }) })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: en('resident.ballot.meterBudget') })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: '1. Betere straatverlichting in de Graaf Florisstraat', exact: true })).toBeVisible();
    await check(page, testInfo, 'ballot-en');
  });

  await test.step('the language stays English after a reload', async () => {
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: en('resident.ballot.title', { title: MIDDELLAND }) })).toBeVisible();
  });
});

test('a resident’s round in delivery, then its results in English', async ({ page }, testInfo) => {
  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-oude-noorden');

  await test.step('the round page of a round in delivery leads to its results', async () => {
    await page.goto(`/rondes/${OUDE_NOORDEN_ROUND}`);
    await expect(page.getByRole('heading', { level: 1, name: OUDE_NOORDEN })).toBeVisible();
    await expect(page.getByText(nl('phases.spending'), { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: nl('resident.round.whatNow') })).toBeVisible();
    await expect(page.getByRole('link', { name: nl('resident.round.results') })).toBeVisible();
    await expect(page.getByRole('link', { name: nl('resident.round.vote'), exact: true })).toHaveCount(0);
    await check(page, testInfo, 'round-spending');
  });

  await switchToEnglishByKeyboard(page);

  await test.step('English round page (delivery)', async () => {
    await expect(page.getByRole('heading', { level: 1, name: OUDE_NOORDEN })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('resident.round.whatNow') })).toBeVisible();
    await expect(page.getByText(en('phases.spending'), { exact: true }).first()).toBeVisible();
    await check(page, testInfo, 'round-spending-en');
    await page.getByRole('link', { name: en('resident.round.results') }).click();
  });

  await test.step('English results page: the winners, every proposal with its reason, the receipt check', async () => {
    await expect(page).toHaveURL(new RegExp(`/rondes/${OUDE_NOORDEN_ROUND}/uitslag$`));
    await expect(page.getByRole('heading', { level: 1, name: en('resident.results.title', { title: OUDE_NOORDEN }) })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /^\d+ chosen projects?$/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('resident.results.all') })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('resident.receipt.title') })).toBeVisible();
    await expect(page.getByRole('textbox', { name: en('resident.receipt.label') })).toBeVisible();
    await check(page, testInfo, 'results-en');
  });
});

test('a coordinator’s rounds under /beheer and the results of a round in delivery', async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('/beheer lists the rounds of the coordinator’s wijk', async () => {
    await page.getByRole('navigation', { name: nl('nav.label') }).getByRole('link', { name: nl('nav.manage') }).click();
    await expect(page).toHaveURL(/\/beheer$/);
    await expect(page.getByRole('heading', { level: 1, name: nl('coordinator.rounds.title') })).toBeVisible();
    const table = page.getByRole('table', { name: nl('coordinator.rounds.caption') });
    await expect(table.getByRole('link', { name: OUDE_NOORDEN, exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: MIDDELLAND })).toHaveCount(0);
    await check(page, testInfo, 'beheer-rounds');
    await table.getByRole('link', { name: OUDE_NOORDEN, exact: true }).click();
  });

  await test.step('the round after the vote: its results section with every proposal', async () => {
    await expect(page).toHaveURL(new RegExp(`/beheer/rondes/${OUDE_NOORDEN_ROUND}$`));
    await expect(page.getByRole('heading', { level: 1, name: OUDE_NOORDEN })).toBeVisible();
    const results = page.getByRole('region', { name: nl('coordinator.results.title'), exact: true });
    await expect(results).toBeVisible();
    const table = results.getByRole('table', { name: nl('coordinator.results.tableCaption') });
    await expect(table).toBeVisible();
    await expect(table.getByRole('rowheader').first()).toBeVisible();
    expect(await table.getByRole('rowheader').count(), 'a row per proposal').toBeGreaterThan(1);
    await expect(results.getByRole('link', { name: nl('coordinator.results.publicLink') })).toHaveAttribute('href', `/rondes/${OUDE_NOORDEN_ROUND}/uitslag`);
    await check(page, testInfo, 'beheer-round-results');
  });
});

test('an auditor’s page of a round in voting', async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey, 'auditor');

  await test.step('the Middelland round in voting: verified chain, votes not yet counted', async () => {
    await page.goto(`/controle/rondes/${MIDDELLAND_ROUND}`);
    await expect(page.getByRole('heading', { level: 1, name: MIDDELLAND })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: nl('auditor.chain.valid') })).toBeVisible();
    await expect(page.getByText(nl('phases.voting'), { exact: true }).first()).toBeVisible();
    const votes = page.getByRole('region', { name: nl('auditor.votes.title') });
    await expect(votes).toBeVisible();
    // Nothing is spent while voting is open.
    await expect(page.getByRole('region', { name: nl('auditor.spending.title') })).toHaveCount(0);
    await check(page, testInfo, 'controle-round-voting');
  });
});
