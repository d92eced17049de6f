import type { Page } from '@playwright/test';
import { checkPage, expect, NOORD, signIn, test, type Api } from '../support/fixtures';
import { paperProposals as proposals } from '../support/paper';
import { registerWithLetter } from '../support/register';

/** Journey: one person votes through all three channels and is counted once (issue 17, "Done when").
 *
 * The municipality makes the round's register with `buurtbudget register-hash --letters`: bewoner-oude-noorden's
 * sign-in identity and the code printed in their letter, bound to one person. The resident votes after signing in;
 * then with the letter's code, without an account; then on paper at a voting evening, where the code printed on the
 * paper ballot is typed twice, by coordinator-oude-noorden in the browser and by tweede-wijkcoordinator-noord. Each
 * ballot replaces the one before: back on the signed-in ballot page the paper ballot is shown and said to count, and
 * the tally counts the person once, through paper, with the sign-in and letter-code ballots replaced. */
const journey = 'one-person-three-channels';

async function roundWithRegister(api: Api, title: string): Promise<{ roundId: string; code: string }> {
  const admin = await api.token('admin');
  const roundId = await api.roundInSubmission(title, NOORD, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
  const resident = await api.token('bewoner-oude-noorden');
  const ids: number[] = [];
  for (const proposal of proposals) ids.push((await api.call<{ id: number }>('POST', `/api/rounds/${roundId}/proposals`, resident, proposal)).id);
  await api.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'review' });
  const coordinator = await api.token('coordinator-oude-noorden');
  for (const [index, id] of ids.entries()) {
    await api.call('POST', `/api/rounds/${roundId}/proposals/${id}/review`, coordinator, { decision: 'feasible', approvedCostCents: proposals[index].estimatedCostCents });
  }
  const { upload, code, subject } = registerWithLetter(roundId, resident);
  expect(upload, 'the upload holds keyed hashes only').not.toContain(subject);
  const register = await api.call<{ count: number; letterCodes: number }>('PUT', `/api/rounds/${roundId}/voter-register`, coordinator, JSON.parse(upload));
  expect(register).toMatchObject({ count: 1, letterCodes: 1 });
  await api.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'voting' });
  return { roundId, code };
}

function choice(page: Page, index: number) {
  return page.getByRole('checkbox', { name: `${index + 1}. ${proposals[index].title}`, exact: true });
}

test('one person votes signed in, with their letter’s code and on paper, and only the last ballot counts', async ({ page, browser, api, baseURL }, testInfo) => {
  const title = `Drie kanalen Noord ${Date.now()}`;
  const { roundId, code } = await test.step('set-up: a round in Noord, its register made with the CLI and uploaded, voting open', () => roundWithRegister(api, title));
  const newPage = async () => (await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } })).newPage();

  const status = page.locator('.ballot-status');
  await test.step('signed in, the resident votes for the first proposal', async () => {
    await page.goto('/');
    await signIn(page, testInfo, journey, 'bewoner-oude-noorden');
    await page.goto(`/rondes/${roundId}/stembiljet`);
    await choice(page, 0).check();
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    await checkPage(page, testInfo, journey, 'signed-in-saved');
  });

  await test.step('with the letter’s code, without an account, the resident votes for the second proposal instead', async () => {
    const anonymous = await newPage();
    try {
      await anonymous.goto(`/rondes/${roundId}/stemcode`);
      await anonymous.getByRole('textbox', { name: 'Stemcode' }).fill(code);
      await anonymous.getByRole('button', { name: 'Code controleren' }).click();
      await expect(choice(anonymous, 0)).toBeChecked();
      await choice(anonymous, 0).uncheck();
      await choice(anonymous, 1).check();
      await anonymous.getByRole('button', { name: 'Wijziging opslaan' }).click();
      await expect(anonymous.locator('.ballot-status')).toContainText('U stemde eerder na inloggen. Deze stem telt nu; de vorige telt niet meer.');
      await checkPage(anonymous, testInfo, journey, 'code-replaced-sign-in');
    } finally {
      await anonymous.context().close();
    }
  });

  await test.step('at the voting evening, a paper ballot with the same code and the third proposal is typed twice and counted', async () => {
    const coordinator = await newPage();
    try {
      await signIn(coordinator, testInfo, journey, 'coordinator-oude-noorden');
      await coordinator.goto(`/beheer/rondes/${roundId}`);
      await coordinator.getByRole('link', { name: 'Naar de papieren stembiljetten' }).click();
      await coordinator.getByRole('textbox', { name: 'Naam van de stapel' }).fill('Buurthuis Het Klooster, stapel 1');
      await coordinator.getByRole('button', { name: 'Stapel aanmaken' }).click();
      await coordinator.getByRole('link', { name: 'Stapel openen' }).click();
      await coordinator.getByRole('button', { name: 'Invoer 1 beginnen' }).click();
      await expect(coordinator.getByRole('textbox', { name: 'Stemcode op het stembiljet' })).toBeFocused();
      await coordinator.keyboard.type(code);
      await coordinator.keyboard.press('Tab');
      await coordinator.keyboard.type('3');
      await coordinator.keyboard.press('Enter');
      await expect(coordinator.getByRole('status').filter({ hasText: 'Typ nu stembiljet 2.' })).toBeVisible();
      await coordinator.getByRole('button', { name: 'Invoer 1 afronden' }).click();

      // The second coordinator types the same paper; here through the API (journey 145 shows the screens).
      const second = await api.token('tweede-wijkcoordinator-noord');
      await api.call('PUT', `/api/rounds/${roundId}/paper-batches/1/entries/2/1`, second, { code, choices: [{ proposalId: 3 }] });
      await api.call('POST', `/api/rounds/${roundId}/paper-batches/1/entries/2/finish`, second);

      await coordinator.reload();
      await coordinator.getByRole('button', { name: 'Stapel tellen' }).click();
      const totals = coordinator.getByRole('region', { name: 'Geteld' });
      await expect(totals).toContainText('Vervingen een eerdere stem');
      await expect(coordinator.getByText('Beide invoeren waren gelijk: er waren geen verschillen.')).toBeVisible();
      await checkPage(coordinator, testInfo, journey, 'paper-counted');
    } finally {
      await coordinator.context().close();
    }
  });

  await test.step('back on the signed-in ballot page, the paper ballot is shown and said to be the one that counts', async () => {
    await page.reload();
    await expect(status).toContainText('U stemde ook op papier, op een stemavond. Die stem telt nu');
    await expect(choice(page, 2)).toBeChecked();
    await expect(choice(page, 0)).not.toBeChecked();
    await expect(choice(page, 1)).not.toBeChecked();
    await checkPage(page, testInfo, journey, 'signed-in-sees-paper-ballot');
  });

  await test.step('the tally counts the person once, through paper; their sign-in and letter-code ballots were replaced', async () => {
    const tally = await api.call<{ turnout: number; channels: { channel: string; counted: number; replacedByOtherChannel: number }[] }>(
      'GET', `/api/rounds/${roundId}/tally`, await api.token('coordinator-oude-noorden'));
    expect(tally.turnout).toBe(1);
    expect(tally.channels).toEqual([
      { channel: 'sign-in', counted: 0, replacedByOtherChannel: 1 },
      { channel: 'letter-code', counted: 0, replacedByOtherChannel: 1 },
      { channel: 'paper', counted: 1, replacedByOtherChannel: 0 },
    ]);
  });
});
