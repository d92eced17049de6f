import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey: each voting-code letter names a short address to type and the voting deadline (issue 19, item 3).
 *
 * Two rounds of its own in Noord (through the API, open for proposals): one whose coordinator set a calendar that
 * closes voting on 17 March 2099 at 16:00 UTC, one without a calendar. coordinator-oude-noorden makes two letters for
 * each in the browser. In the print view every letter names the platform's voting address without "http://" and the
 * deadline in Dutch time (17:00, winter time), in Dutch and in the English note; the round without a closing moment
 * says plainly that it is not set yet. */
const journey = 'letters-address-and-deadline';
const rules = { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: false };

async function openLetters(page: import('@playwright/test').Page, roundId: string) {
  await page.goto(`/beheer/rondes/${roundId}`);
  await page.getByRole('textbox', { name: 'Aantal codes' }).fill('2');
  await page.getByRole('radio', { name: 'Brieven om zelf te printen (één A4 per code)' }).check();
  await page.getByRole('button', { name: 'Codes maken' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 stemcodes zijn gemaakt.' })).toBeVisible();
  await page.getByRole('button', { name: '2 brieven bekijken en afdrukken' }).click();
  const view = page.getByRole('dialog', { name: 'Brieven met stemcodes' });
  await expect(view.getByRole('article')).toHaveCount(2);
  return view;
}

test('every letter names the address to type and when voting closes, or that this is not set yet', async ({ page, api, baseURL }, testInfo) => {
  const stamp = Date.now();
  const [withCalendar, withoutCalendar] = await test.step('set-up through the API: two rounds, one with a calendar', async () => {
    const dated = await api.roundInSubmission(`Brieven met einddatum ${stamp}`, NOORD, rules);
    const coordinator = await api.token('coordinator-oude-noorden');
    await api.call('PUT', `/api/rounds/${dated}/calendar`, coordinator, {
      submissionOpens: '2026-01-05T08:00:00Z', submissionCloses: '2099-02-02T08:00:00Z', votingOpens: '2099-03-02T08:00:00Z', votingCloses: '2099-03-17T16:00:00Z',
    });
    return [dated, await api.roundInSubmission(`Brieven zonder einddatum ${stamp}`, NOORD, rules)];
  });
  const host = new URL(baseURL!).host;

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('with a calendar: the short address and "U kunt stemmen tot dinsdag 17 maart 2099 om 17:00 uur."', async () => {
    const view = await openLetters(page, withCalendar);
    for (const letter of await view.getByRole('article').all()) {
      await expect(letter.getByRole('listitem').first()).toHaveText(`Ga naar ${host}/rondes/${withCalendar}/stemcode.`);
      await expect(letter.locator('.deadline')).toHaveText('U kunt stemmen tot dinsdag 17 maart 2099 om 17:00 uur.');
      await expect(letter.locator('.english')).toContainText('Voting closes on Tuesday 17 March 2099 at 17:00 (Dutch time).');
      await expect(letter).not.toContainText('http');
    }
    await expect(view.locator('.deadline').first()).toHaveCSS('font-weight', '700');
    await checkPage(page, testInfo, journey, 'letters-with-deadline');
    await page.keyboard.press('Escape');
  });

  await test.step('without a calendar: the letter says the closing date is not set yet, and invents none', async () => {
    const view = await openLetters(page, withoutCalendar);
    for (const letter of await view.getByRole('article').all()) {
      await expect(letter.getByRole('listitem').first()).toHaveText(`Ga naar ${host}/rondes/${withoutCalendar}/stemcode.`);
      await expect(letter.locator('.deadline')).toHaveText('De einddatum van de stemming is nog niet vastgesteld. De gemeente maakt die later bekend.');
      await expect(letter.locator('.english')).toContainText('The date voting closes has not been set yet');
      await expect(letter).not.toContainText(/ (om|at) \d{1,2}:\d{2}/);
    }
    await checkPage(page, testInfo, journey, 'letters-without-deadline');
  });
});
