import { checkPage, expect, MIDDELLAND_ROUND, test } from '../support/fixtures';

/** Journey (b): a resident without an account votes with the one-time code from a letter. The coordinator of Middelland
 * has a letter made through the API (POST …/voting-codes?format=html); an anonymous browser opens the address the
 * letter prints, enters the code, chooses proposals, casts, and sees the receipt. The code is new in every run, so the
 * journey does not depend on the others. */
const journey = 'voting-code';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const RECEIPT = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

test('an anonymous resident casts a ballot with a voting code and sees a receipt', async ({ page, api, request, baseURL }, testInfo) => {
  let code = '';
  let letterUrl = '';
  await test.step('the coordinator has a voting-code letter made through the API; it names the address and the code', async () => {
    const coordinator = await api.token('coordinator-middelland');
    const response = await request.post(`/api/rounds/${MIDDELLAND_ROUND}/voting-codes?format=html`, {
      headers: { Authorization: `Bearer ${coordinator}` },
      data: { count: 1 },
    });
    const letter = await response.text();
    expect(response.status(), letter.slice(0, 300)).toBe(200);
    code = /<p class="code">([^<]+)<\/p>/.exec(letter)?.[1]?.trim() ?? '';
    letterUrl = /Ga naar <strong>([^<]+)<\/strong>/.exec(letter)?.[1]?.trim() ?? '';
    expect(code, 'the letter prints a code').toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    // Short, to type from paper: host and path without the scheme, which the resident's browser adds.
    expect(letterUrl, 'the letter prints this platform’s voting address, without http://').toBe(`${new URL(baseURL!).host}/rondes/${MIDDELLAND_ROUND}/stemcode`);
  });

  await test.step('the letter’s address, anonymously: the code form', async () => {
    await page.goto(`${new URL(baseURL!).protocol}//${letterUrl}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Stemmen met een stemcode' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('button', { name: 'Inloggen' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'code-form');
  });

  await test.step('a code with a wrong length is refused at the field', async () => {
    const field = page.getByRole('textbox', { name: 'Stemcode' });
    await field.fill('KX7F-9QPM');
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Een stemcode heeft 16 tekens; u heeft er 8 ingevuld.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'code-invalid');
  });

  await test.step('the letter’s code (typed in lower case) opens the round’s ballot', async () => {
    await page.getByRole('textbox', { name: 'Stemcode' }).fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Code controleren' }).click();
    const ballotHeading = page.getByRole('heading', { level: 1, name: `Stemmen met uw code: ${MIDDELLAND}` });
    const refusal = page.getByRole('alert');
    await expect(ballotHeading.or(refusal).first()).toBeVisible();
    // Without an account the page must still find the code's round (the letter names no round) and show its ballot.
    await expect(refusal, `an anonymous visitor with a valid code must reach the round's ballot, but the page says: ${await refusal.allInnerTexts()}`).toHaveCount(0);
    await expect(ballotHeading).toBeVisible();
    await expect(page.locator('.ballot-status')).toContainText('U heeft nog niet gestemd');
    await expect(page.getByRole('progressbar', { name: 'Uw keuze en het budget' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'code-ballot');
  });

  await test.step('casting with the code gives a receipt', async () => {
    await page.getByRole('checkbox', { name: '3. Geveltuinen langs de Middellandstraat', exact: true }).check();
    await page.getByRole('checkbox', { name: '7. Zomeravond op het Heemraadsplein', exact: true }).check();
    await page.getByRole('button', { name: 'Stem uitbrengen' }).click();
    const status = page.locator('.ballot-status');
    await expect(status).toContainText('Uw stem is opgeslagen');
    await expect(status.locator('code.receipt')).toHaveText(RECEIPT);
    await checkPage(page, testInfo, journey, 'code-saved');
  });

  await test.step('the code’s ballot is stored: the lookup answers with the same receipt', async () => {
    const receipt = (await page.locator('.ballot-status code.receipt').textContent())?.trim();
    const response = await page.request.post(`/api/rounds/${MIDDELLAND_ROUND}/ballot/by-code/lookup`, { data: { code } });
    expect(response.status()).toBe(200);
    const ballot = (await response.json()) as { receipt: string; choices: { proposalId: number }[] };
    expect(ballot.receipt).toBe(receipt);
    expect(ballot.choices.map((c) => c.proposalId).sort((a, b) => a - b)).toEqual([3, 7]);
  });
});
