import type { Page } from '@playwright/test';
import { checkPage, expect, signIn, test } from '../support/fixtures';
import { paperProposals as proposals, roundWithCodes } from '../support/paper';

/** Journey: a voting evening's pile of paper ballots, typed twice.
 *
 * The set-up makes a round in voting in Noord through the API (three feasible proposals) and issues three voting codes;
 * one of them votes online first. In the browser coordinator-oude-noorden opens the paper ballots from the round page,
 * starts a batch and types entry 1 with the keyboard only (code, Tab, numbers, Enter for the next ballot), a code that
 * cannot be one refused at its field; tweede-wijkcoordinator-noord, in a browser of his own, types entry 2 without
 * seeing entry 1 and misreads one cross. The difference is listed with both entries; the first coordinator keeps entry
 * 1, counts the batch and sees its totals; the API agrees: the paper replaced the online ballot of that code. */
const journey = 'paper-batch-double-entry';

/** Types one ballot as a typist does: the code, Tab, the numbers, Enter. */
async function typeBallot(page: Page, code: string, numbers: string, next: number) {
  const codeField = page.getByRole('textbox', { name: 'Stemcode op het stembiljet' });
  await expect(codeField).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Tab');
  await page.keyboard.type(numbers);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Typ nu stembiljet ${next}.` })).toBeVisible();
}

test('two coordinators enter a batch, one difference is settled and the totals are shown', async ({ page, browser, api, baseURL }, testInfo) => {
  const title = `Stemavond Noord journey ${Date.now()}`;
  const { roundId, ids, codes } = await test.step('set-up through the API: a round in voting with three codes, one voted online', async () => {
    const made = await roundWithCodes(api, title);
    const online = await page.request.put(`/api/rounds/${made.roundId}/ballot/by-code`, { data: { code: made.codes[0], choices: [{ proposalId: made.ids[2] }] } });
    expect(online.status()).toBe(200);
    return made;
  });
  const [first, second, third] = ids;

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('from the round page to the paper ballots, and a new batch', async () => {
    await page.goto(`/beheer/rondes/${roundId}`);
    await page.getByRole('link', { name: 'Naar de papieren stembiljetten' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Papieren stembiljetten' })).toBeVisible();
    await page.getByRole('button', { name: 'Stapel aanmaken' }).click();
    await expect(page.getByRole('textbox', { name: 'Naam van de stapel' })).toBeFocused();
    await expect(page.getByText('Geef de stapel een naam.')).toBeVisible();
    await page.getByRole('textbox', { name: 'Naam van de stapel' }).fill('Buurthuis De Esch, 12 maart, stapel 1');
    await page.getByRole('button', { name: 'Stapel aanmaken' }).click();
    await expect(page.getByText('Stapel 1: Buurthuis De Esch, 12 maart, stapel 1 is aangemaakt.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'batches');
    await page.getByRole('link', { name: 'Stapel openen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Stapel 1: Buurthuis De Esch, 12 maart, stapel 1' })).toBeVisible();
  });

  await test.step('entry 1 with the keyboard; a code that cannot be one is refused at its field', async () => {
    await page.getByRole('button', { name: 'Invoer 1 beginnen' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Invoer 1: stembiljet 1' })).toBeVisible();
    await page.keyboard.type('KX7F-9QPM');
    await page.keyboard.press('Enter');
    await expect(page.getByText(/Dit is geen stemcode/)).toBeVisible();
    // Numbers only in a round without points: a phone offers its number pad.
    await expect(page.getByRole('textbox', { name: 'Nummers van de aangekruiste voorstellen' })).toHaveAttribute('inputmode', 'numeric');
    await checkPage(page, testInfo, journey, 'entry-code-refused');
    await page.getByRole('textbox', { name: 'Stemcode op het stembiljet' }).fill('');
    await typeBallot(page, codes[0], `${first} ${second}`, 2);
    await typeBallot(page, codes[1].toLowerCase().replaceAll('-', ''), `${third}`, 3);
    await typeBallot(page, codes[2], '', 4);
    await expect(page.getByRole('checkbox', { name: new RegExp(proposals[0].title) })).not.toBeChecked();
    await checkPage(page, testInfo, journey, 'entry-1');
    await page.getByRole('button', { name: 'Invoer 1 afronden' }).click();
    await expect(page.getByText('klaar, 3 stembiljetten (door u)')).toBeVisible();
  });

  await test.step('entry 2 by the second coordinator, who sees nothing of entry 1 and misreads one cross', async () => {
    const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
    try {
      const other = await context.newPage();
      await signIn(other, testInfo, journey, 'tweede-wijkcoordinator-noord');
      await other.goto(`/beheer/rondes/${roundId}/papier/1`);
      await expect(other.getByText('klaar, 3 stembiljetten')).toBeVisible();
      await expect(other.getByRole('heading', { name: 'Verschillen' })).toHaveCount(0);
      await other.getByRole('button', { name: 'Invoer 2 beginnen' }).click();
      await typeBallot(other, codes[0], `${first} ${second}`, 2);
      // The checkboxes do what the numbers do.
      await other.getByRole('textbox', { name: 'Stemcode op het stembiljet' }).fill(codes[1]);
      await other.getByRole('checkbox', { name: new RegExp(proposals[1].title) }).check();
      await expect(other.getByRole('textbox', { name: 'Nummers van de aangekruiste voorstellen' })).toHaveValue(`${second}`);
      await other.getByRole('button', { name: 'Volgende stembiljet' }).click();
      await expect(other.getByRole('status').filter({ hasText: 'Typ nu stembiljet 3.' })).toBeVisible();
      await typeBallot(other, codes[2], '', 4);
      await checkPage(other, testInfo, journey, 'entry-2');
      await other.getByRole('button', { name: 'Invoer 2 afronden' }).click();
      await expect(other.getByRole('heading', { level: 2, name: 'Verschillen' })).toBeVisible();
    } finally {
      await context.close();
    }
  });

  await test.step('the difference is listed with both entries, settled by keeping entry 1, and the batch is counted', async () => {
    await page.reload();
    const difference = page.getByRole('article', { name: 'Stembiljet 2' });
    await expect(difference).toContainText(`${third}. ${proposals[2].title}`);
    await expect(difference).toContainText(`${second}. ${proposals[1].title}`);
    await expect(difference).toContainText('bij beide dezelfde');
    await expect(page.getByText('Los eerst nog 1 verschil op; daarna kunt u de stapel tellen.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'differences');
    await difference.getByRole('button', { name: 'Invoer 1 klopt' }).click();
    await expect(difference).toContainText(`ja, geteld: ${third}. ${proposals[2].title}`);
    await page.getByRole('button', { name: 'Stapel tellen' }).click();
    const totals = page.getByRole('region', { name: 'Geteld' });
    await expect(totals).toContainText('Tellen mee');
    await expect(totals).toContainText('Vervingen een eerdere stem');
    await checkPage(page, testInfo, journey, 'totals');
  });

  await test.step('the API agrees: three ballots count, the paper replaced the online ballot of the first code', async () => {
    const coordinator = await api.token('coordinator-oude-noorden');
    const batch = await api.call<{ status: string; totals: Record<string, number | string> }>('GET', `/api/rounds/${roundId}/paper-batches/1`, coordinator);
    expect(batch.status).toBe('committed');
    expect(batch.totals).toEqual({ entered: 3, agreed: 2, resolved: 1, counted: 3, setAside: 0, replaced: 1, channel: 'paper' });
    const tally = await api.call<{ turnout: number }>('GET', `/api/rounds/${roundId}/tally`, coordinator);
    expect(tally.turnout).toBe(3);
    const lookup = await page.request.post(`/api/rounds/${roundId}/ballot/by-code/lookup`, { data: { code: codes[0] } });
    expect(lookup.status()).toBe(200);
    const paper = (await lookup.json()) as { choices: { proposalId: number }[]; revision: number };
    expect(paper.choices.map((c) => c.proposalId)).toEqual([first, second]);
    expect(paper.revision).toBe(2);
  });
});
