import { checkPage, expect, MIDDELLAND_ROUND, signIn, test } from '../support/fixtures';

/** Journey: a voting code typed on the home page leads straight to the ballot of its round.
 *
 * The coordinator of Middelland has a code issued through the API. An anonymous visitor types it on the home page (the
 * code alone, no round), lands on the Middelland ballot, casts it and gets a receipt; the API's lookup agrees. A code
 * no round issued is refused at the field. A signed-in resident who opens the code page is told that their own ballot
 * counts through their account and that a code is for someone without one. */
const journey = 'code-from-home';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const RECEIPT = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

test('a letter’s code typed on the home page opens its round’s ballot; a signed-in resident is told they need none', async ({ page, api, browser }, testInfo) => {
  const code = await test.step('the coordinator has a code issued through the API', async () => {
    const coordinator = await api.token('coordinator-middelland');
    const batch = await api.call<{ codes: string[] }>('POST', `/api/rounds/${MIDDELLAND_ROUND}/voting-codes?format=json`, coordinator, { count: 1 });
    expect(batch.codes[0]).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    return batch.codes[0];
  });

  const form = page.getByRole('region', { name: 'Stemmen met een stemcode' });
  const field = form.getByRole('textbox', { name: 'Stemcode' });

  await test.step('the home page offers the code form without an account', async () => {
    await page.goto('/');
    await expect(field).toBeVisible();
    await checkPage(page, testInfo, journey, 'home-code-form');
  });

  await test.step('a code no round issued is refused at the field, in words', async () => {
    await field.fill('KX7F-9QPM-3TRW-H4NC');
    await form.getByRole('button', { name: 'Code controleren' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Bij deze stemcode hoort geen ronde.', { exact: false })).toBeVisible();
    await expect(field).toBeFocused();
    await checkPage(page, testInfo, journey, 'home-code-unknown');
  });

  await test.step('the letter’s code alone (lower case, no dashes) leads straight to its round’s ballot', async () => {
    await field.fill(code.replaceAll('-', '').toLowerCase());
    await form.getByRole('button', { name: 'Code controleren' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Stemmen met uw code: ${MIDDELLAND}` })).toBeVisible();
    await expect(page).toHaveURL(/\/stemcode$/);
    expect(page.url(), 'the code never appears in the address bar').not.toContain(code.replaceAll('-', '').toLowerCase());
    await expect(page.getByText('Bij welke ronde hoort uw code?')).toHaveCount(0);
    await expect(page.locator('.ballot-status')).toContainText('U heeft nog niet gestemd');
    await checkPage(page, testInfo, journey, 'code-ballot');
  });

  await test.step('casting gives a receipt, and the API’s lookup agrees', async () => {
    await page.getByRole('checkbox', { name: '3. Geveltuinen langs de Middellandstraat', exact: true }).check();
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    const status = page.locator('.ballot-status');
    await expect(status).toContainText('Uw stem is opgeslagen');
    const receipt = (await status.locator('code.receipt').textContent())?.trim() ?? '';
    expect(receipt).toMatch(RECEIPT);
    await checkPage(page, testInfo, journey, 'code-saved');

    const response = await page.request.post(`/api/rounds/${MIDDELLAND_ROUND}/ballot/by-code/lookup`, { data: { code } });
    expect(response.status()).toBe(200);
    const ballot = (await response.json()) as { receipt: string; choices: { proposalId: number }[] };
    expect(ballot.choices.map((c) => c.proposalId)).toEqual([3]);
    expect(ballot.receipt).toBe(receipt);
  });

  await test.step('a signed-in resident on the code page is told their own ballot counts and a code is for someone without an account', async () => {
    const context = await browser.newContext({ baseURL: process.env.BUURTBUDGET_BASE_URL });
    const resident = await context.newPage();
    await resident.goto('/');
    await signIn(resident, testInfo, journey, 'bewoner-middelland');
    await resident.goto('/stemcode');
    const notice = resident.getByRole('main').getByRole('status').filter({ hasText: 'U bent ingelogd: uw eigen stem telt al via uw account' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Een stemcode uit een brief is voor iemand zonder account; u heeft er geen nodig.');
    await expect(notice.getByRole('link', { name: 'Naar de rondes' })).toBeVisible();
    await checkPage(resident, testInfo, journey, 'code-page-signed-in');
    await context.close();
  });
});
