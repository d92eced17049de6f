import { checkPage, DELFSHAVEN, expect, signIn, test, type Api } from '../support/fixtures';
import { registerWithLetter } from '../support/register';

/** Journey: one person, one ballot, whatever the channel (issue 17).
 *
 * The municipality runs `buurtbudget register-hash --letters` over its list: bewoner-middelland's sign-in identity and
 * a reference for their letter, with the platform's key file. The wijk's coordinator uploads the register (keyed
 * hashes and the binding only) to a round of the journey's own, and voting opens. The resident votes after signing in;
 * then, with the code from the letter and no account, the ballot page shows that sign-in ballot and says it is the one
 * that counts; casting by code says "U stemde eerder na inloggen. Deze stem telt nu; de vorige telt niet meer."; back
 * on the signed-in ballot page, the code ballot is shown as the one that counts. The tally counts one person once:
 * turnout 1, one letter-code ballot counted and one sign-in ballot replaced by another channel. */
const journey = 'one-person-two-channels';

async function roundInReview(api: Api, title: string): Promise<string> {
  const admin = await api.token('admin');
  const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy' });
  const author = await api.token('bewoner-middelland');
  const proposals = [
    { title: 'Bankjes op het Middellandplein', cost: 400_000 },
    { title: 'Lantaarns in het Park 1943', cost: 300_000 },
  ];
  for (const p of proposals) {
    await api.call('POST', `/api/rounds/${id}/proposals`, author, { title: p.title, description: `Een voorstel voor de buurt: ${p.title}.`, category: 'greenery', estimatedCostCents: p.cost });
  }
  await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'review' });
  const coordinator = await api.token('coordinator-middelland');
  for (const [index, p] of proposals.entries()) {
    await api.call('POST', `/api/rounds/${id}/proposals/${index + 1}/review`, coordinator, { decision: 'feasible', approvedCostCents: p.cost });
  }
  return id;
}

test('one person votes after signing in and with their letter’s code, is told which ballot counts, and is counted once', async ({ page, api, browser }, testInfo) => {
  const title = `Eén stem per persoon ${Date.now()}`;
  const { roundId, code } = await test.step('set-up: a round of our own, its register made with the CLI and uploaded, voting open', async () => {
    const roundId = await roundInReview(api, title);
    const { upload, code, subject } = registerWithLetter(roundId, await api.token('bewoner-middelland'));
    expect(upload, 'the upload holds keyed hashes only').not.toContain(subject);
    expect(upload).not.toContain(code.replaceAll('-', ''));
    const coordinator = await api.token('coordinator-middelland');
    const register = await api.call<{ count: number; letterCodes: number }>('PUT', `/api/rounds/${roundId}/voter-register`, coordinator, JSON.parse(upload));
    expect(register).toMatchObject({ count: 1, letterCodes: 1 });
    await api.call('POST', `/api/rounds/${roundId}/phase`, await api.token('admin'), { to: 'voting' });
    return { roundId, code };
  });

  const status = page.locator('.ballot-status');
  await test.step('signed in, the resident votes; nothing is said about other channels', async () => {
    await page.goto('/');
    await signIn(page, testInfo, journey, 'bewoner-middelland');
    await page.goto(`/rondes/${roundId}/stembiljet`);
    await page.getByRole('checkbox', { name: '1. Bankjes op het Middellandplein', exact: true }).check();
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await expect(status).toContainText('Uw stem is opgeslagen');
    await expect(status.locator('.ballot-status__channel')).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'signed-in-saved');
  });

  const context = await browser.newContext({ baseURL: process.env.BUURTBUDGET_BASE_URL });
  const anonymous = await context.newPage();
  const codeStatus = anonymous.locator('.ballot-status');
  await test.step('with the letter’s code, the ballot page shows the sign-in ballot and says it is the one that counts', async () => {
    await anonymous.goto(`/rondes/${roundId}/stemcode`);
    await anonymous.getByRole('textbox', { name: 'Stemcode' }).fill(code);
    await anonymous.getByRole('button', { name: 'Code controleren' }).click();
    await expect(anonymous.getByRole('heading', { level: 1, name: `Stemmen met uw code: ${title}` })).toBeVisible();
    await expect(codeStatus).toContainText('U stemde ook na inloggen. Die stem telt nu');
    await expect(anonymous.getByRole('checkbox', { name: '1. Bankjes op het Middellandplein', exact: true })).toBeChecked();
    await checkPage(anonymous, testInfo, journey, 'code-sees-sign-in-ballot');
  });

  await test.step('casting by code replaces it, and the page says this ballot counts now', async () => {
    await anonymous.getByRole('checkbox', { name: '1. Bankjes op het Middellandplein', exact: true }).uncheck();
    await anonymous.getByRole('checkbox', { name: '2. Lantaarns in het Park 1943', exact: true }).check();
    await anonymous.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect(codeStatus).toContainText('U stemde eerder na inloggen. Deze stem telt nu; de vorige telt niet meer.');
    await checkPage(anonymous, testInfo, journey, 'code-replaced-sign-in');
  });
  await context.close();

  await test.step('back on the signed-in ballot page, the code ballot is the one shown, and said to count', async () => {
    await page.reload();
    await expect(status).toContainText('U stemde ook met de stemcode uit uw brief. Die stem telt nu');
    await expect(page.getByRole('checkbox', { name: '2. Lantaarns in het Park 1943', exact: true })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: '1. Bankjes op het Middellandplein', exact: true })).not.toBeChecked();
    await checkPage(page, testInfo, journey, 'signed-in-sees-code-ballot');
  });

  await test.step('the API counts the person once: one ballot by letter code, one by sign-in replaced by it', async () => {
    const tally = await api.call<{ turnout: number; channels: { channel: string; counted: number; replacedByOtherChannel: number }[] }>(
      'GET', `/api/rounds/${roundId}/tally`, await api.token('coordinator-middelland'));
    expect(tally.turnout).toBe(1);
    expect(tally.channels).toEqual([
      { channel: 'sign-in', counted: 0, replacedByOtherChannel: 1 },
      { channel: 'letter-code', counted: 1, replacedByOtherChannel: 0 },
    ]);
  });
});
