import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPage, DELFSHAVEN, expect, signIn, test, type Api } from '../support/fixtures';

/** Journey 87 (issue 19, item 10): the ballot is kind.
 *
 * The set-up makes a round of its own in Delfshaven and takes it to voting through the API (six proposals, budget
 * € 10.000), so that bewoner-middelland starts with no ballot whatever else has run. In the browser: the empty
 * ballot's main button asks before casting a blank vote (and "Nee" casts nothing); two choices survive a reload
 * (the reload itself asks first); a link back to the round asks in words, staying keeps the choices, leaving and
 * coming back finds them again; at 360 px the budget bar stays at the top of the screen while scrolling and does not
 * cover a focused option; casting, then changing, says that the previous receipt was replaced. */
const journey = 'a-kind-ballot';
const RECEIPT = /[A-Z0-9]{4}(-[A-Z0-9]{4}){3}/;

/** A full-page screenshot draws the sticky budget bar where the last scroll left it: check from the top. */
async function checkFromTop(page: import('@playwright/test').Page, testInfo: import('@playwright/test').TestInfo, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkPage(page, testInfo, journey, name);
}

const proposals = [
  { title: 'Lantaarns in de Schietbaanstraat', cost: 250_000, category: 'lighting' },
  { title: 'Plantenbakken op de Middellandstraat', cost: 150_000, category: 'greenery' },
  { title: 'Zebrapad bij de Henegouwerlaan', cost: 400_000, category: 'traffic-safety' },
  { title: 'Buurtbarbecue op het Heemraadsplein', cost: 100_000, category: 'meeting' },
  { title: 'Voetbalkooi aan de Bellamystraat', cost: 600_000, category: 'play-and-sport' },
  { title: 'Schoonmaakdag in de Snellinckstraat', cost: 80_000, category: 'cleanliness' },
];

async function roundInVoting(api: Api, title: string): Promise<string> {
  const admin = await api.token('admin');
  const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy' });
  const author = await api.token('bewoner-middelland');
  for (const p of proposals) {
    await api.call('POST', `/api/rounds/${id}/proposals`, author, { title: p.title, description: `Een voorstel voor de buurt: ${p.title}.`, category: p.category, estimatedCostCents: p.cost });
  }
  await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'review' });
  const coordinator = await api.token('coordinator-middelland');
  for (const [index, p] of proposals.entries()) {
    await api.call('POST', `/api/rounds/${id}/proposals/${index + 1}/review`, coordinator, { decision: 'feasible', approvedCostCents: p.cost });
  }
  await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'voting' });
  return id;
}

test('an empty ballot asks before a blank vote, unsent choices survive, leaving warns, the bar stays in view, a change names the replaced receipt', async ({ page, api }, testInfo) => {
  const title = `Vriendelijk stembiljet ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round of our own in voting', () => roundInVoting(api, title));
  const token = await api.token('bewoner-middelland');
  const ballotInApi = () => api.call<{ receipt?: string; choices?: { proposalId: number }[]; code?: string }>('GET', `/api/rounds/${roundId}/ballot`, token, undefined, [200, 404]);

  await signIn(page, testInfo, journey, 'bewoner-middelland');
  await page.goto(`/rondes/${roundId}/stembiljet`);
  await expect(page.getByRole('heading', { level: 1, name: `Stemmen: ${title}` })).toBeVisible();
  const status = page.locator('.ballot-status');
  const box = (index: number) => page.getByRole('checkbox', { name: `${index + 1}. ${proposals[index].title}`, exact: true });

  await test.step('an empty ballot: the main button asks first, and "no" casts nothing', async () => {
    await expect(status).toContainText('U heeft nog niet gestemd');
    await page.getByRole('button', { name: 'Blanco stemmen' }).click();
    const question = page.getByRole('group', { name: 'Wilt u blanco stemmen?' });
    await expect(question).toBeVisible();
    await expect(question).toBeFocused();
    await expect(question).toContainText('telt mee voor de opkomst, maar steunt geen enkel voorstel');
    expect((await ballotInApi()).code, 'nothing was cast by the first click').toBe('no-ballot-yet');
    await checkFromTop(page, testInfo, 'blank-vote-question');
    await question.getByRole('button', { name: 'Nee, eerst voorstellen kiezen' }).click();
    await expect(question).toHaveCount(0);
    await expect(status).toContainText('U heeft nog niet gestemd');
    expect((await ballotInApi()).code).toBe('no-ballot-yet');
  });

  await test.step('two choices survive a reload, which asks first', async () => {
    await box(0).check();
    await box(3).check();
    await expect(status).toContainText('Nog niet opgeslagen');
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); void dialog.accept(); }));
    await page.reload();
    expect(await asked).toBe('beforeunload');
    await expect(box(0)).toBeChecked();
    await expect(box(3)).toBeChecked();
    await expect(box(1)).not.toBeChecked();
    await expect(status).toContainText('Nog niet opgeslagen');
    expect((await ballotInApi()).code, 'a reload casts nothing').toBe('no-ballot-yet');
    // Only choices are kept in the tab, never a receipt or who the resident is.
    const kept = await page.evaluate((key) => sessionStorage.getItem(key), `buurtbudget.ballotDraft.${roundId}`);
    expect(JSON.parse(kept ?? 'null')).toEqual({ basedOn: 0, choices: [{ proposalId: 1, points: 1 }, { proposalId: 4, points: 1 }] });
    await checkFromTop(page, testInfo, 'choices-after-reload');
  });

  await test.step('a link to another page and the back button ask in words; staying keeps the choices, leaving and coming back finds them', async () => {
    const back = page.getByRole('link', { name: `Terug naar de ronde ${title}` });
    let message = '';
    page.once('dialog', (dialog) => { message = dialog.message(); void dialog.dismiss(); });
    await back.click();
    await expect.poll(() => message).toContain('Uw keuze is nog niet verstuurd');
    await expect(page).toHaveURL(new RegExp(`/rondes/${roundId}/stembiljet$`));
    await expect(box(0)).toBeChecked();

    page.once('dialog', (dialog) => void dialog.accept());
    await back.click();
    await expect(page).toHaveURL(new RegExp(`/rondes/${roundId}$`));
    await page.getByRole('link', { name: 'Stemmen', exact: true }).click();
    await expect(box(0)).toBeChecked();
    await expect(box(3)).toBeChecked();

    // The browser's back button asks the same question, and staying stays on the ballot.
    let asked = '';
    page.once('dialog', (dialog) => { asked = dialog.message(); void dialog.dismiss(); });
    await page.evaluate(() => history.back());
    await expect.poll(() => asked).toContain('Uw keuze is nog niet verstuurd');
    await expect(page).toHaveURL(new RegExp(`/rondes/${roundId}/stembiljet$`));
    await expect(box(3)).toBeChecked();
  });

  await test.step('at 360 px the budget bar stays at the top while scrolling and never covers a focused option', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    const bar = page.locator('.ballot__sticky');
    await page.getByRole('button', { name: 'Stem uitbrengen' }).scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled, 'the ballot is longer than a phone screen').toBeGreaterThan(300);
    const barTop = await bar.evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(barTop), 'the bar sits at the top of the screen').toBeLessThanOrEqual(1);
    await expect(page.getByRole('progressbar', { name: 'Uw keuze en het budget' })).toBeInViewport();
    const shots = path.resolve(__dirname, '..', 'artefacts', 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `${journey}--sticky-bar-scrolled--360.png`) });

    // Shift+Tab back up from the cast button to the options: each focused control stays below the bar.
    await page.getByRole('button', { name: 'Stem uitbrengen' }).focus();
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('Shift+Tab');
      const { top, bottom, barBottom } = await page.evaluate(() => {
        const focused = document.activeElement!.getBoundingClientRect();
        return { top: focused.top, bottom: focused.bottom, barBottom: document.querySelector('.ballot__sticky')!.getBoundingClientRect().bottom };
      });
      expect(top, `focused control ${step + 1} is not under the bar`).toBeGreaterThanOrEqual(barBottom - 1);
      expect(bottom).toBeLessThanOrEqual(780);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  let first = '';
  await test.step('casting, then changing: the new receipt says the previous one was replaced', async () => {
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    first = (await status.locator('code.receipt').textContent())?.trim() ?? '';
    expect(first).toMatch(RECEIPT);
    await expect(status).not.toContainText('is vervangen');

    await box(3).uncheck();
    await box(1).check();
    await expect(status).toContainText(`Uw vorige stem (${first}) telt tot u opslaat.`);
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    const second = (await status.locator('code.receipt').textContent())?.trim() ?? '';
    expect(second).toMatch(RECEIPT);
    expect(second).not.toBe(first);
    await expect(status).toContainText(`Uw vorige stem (ontvangstcode ${first}) is vervangen door deze stem en telt niet meer.`);
    const saved = await ballotInApi();
    expect(saved.receipt).toBe(second);
    expect(saved.choices?.map((c) => c.proposalId).sort()).toEqual([1, 2]);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), `buurtbudget.ballotDraft.${roundId}`), 'nothing unsent is kept').toBeNull();
    await checkFromTop(page, testInfo, 'receipt-replaced');
  });

  await test.step('signing out with unsent choices forgets them in this tab', async () => {
    await box(4).check();
    await expect(status).toContainText('Nog niet opgeslagen');
    expect(await page.evaluate((key) => sessionStorage.getItem(key), `buurtbudget.ballotDraft.${roundId}`)).not.toBeNull();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('banner').getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page.getByRole('banner').getByRole('button', { name: 'Inloggen' })).toBeVisible();
    expect(await page.evaluate((key) => sessionStorage.getItem(key), `buurtbudget.ballotDraft.${roundId}`)).toBeNull();
  });
});
