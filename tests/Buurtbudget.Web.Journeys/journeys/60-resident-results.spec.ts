import { checkPage, expect, OUDE_NOORDEN_ROUND, signIn, test } from '../support/fixtures';

/** A resident of the Oude Noorden reads the seeded round's results (tallied and spending) with the reason for each
 * proposal, and checks a receipt from the public bulletin board: a counted ballot is found, a made-up receipt is not.
 * Reads only, so the order of the journeys does not matter. */
const journey = 'resident-results';
const OUDE_NOORDEN = 'Buurtbudget Oude Noorden 2025';

interface Board { entries: number; page: { receipt: string; status: string; choices: { proposalId: number }[] }[] }

test('a resident reads the results and finds a counted ballot on the bulletin board by its receipt', async ({ page, api }, testInfo) => {
  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-oude-noorden');

  await test.step('from the home page to the round and its results', async () => {
    await page.getByRole('link', { name: OUDE_NOORDEN }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: OUDE_NOORDEN })).toBeVisible();
    await page.getByRole('link', { name: 'De uitslag bekijken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Uitslag: ${OUDE_NOORDEN}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /gekozen project/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Alle voorstellen en waarom ze wel of niet zijn gekozen' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'results');
  });

  await test.step('a counted receipt from the bulletin board is found, with its choices', async () => {
    const token = await api.token('bewoner-oude-noorden');
    const board = await api.call<Board>('GET', `/api/rounds/${OUDE_NOORDEN_ROUND}/bulletin-board?limit=50`, token);
    const counted = board.page.find((entry) => entry.status === 'counted' && entry.choices.length > 0);
    expect(counted, 'the seeded round has a counted, non-blank ballot on its bulletin board').toBeTruthy();
    const receipt = counted!.receipt;

    const field = page.getByRole('textbox', { name: 'Ontvangstcode' });
    await field.fill(receipt.toLowerCase());
    await page.getByRole('button', { name: 'Controleren' }).click();
    // The ok message is a status inside the live region (also a status): the innermost one.
    const result = page.getByRole('status').filter({ hasText: `Stem ${receipt} is geteld` }).last();
    await expect(result).toBeVisible();
    await expect(result).toContainText('Gekozen:');
    await checkPage(page, testInfo, journey, 'results-receipt-found');
  });

  await test.step('a receipt that is not on the board is refused at the field', async () => {
    const field = page.getByRole('textbox', { name: 'Ontvangstcode' });
    await field.fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toBeFocused();
    await checkPage(page, testInfo, journey, 'results-receipt-unknown');
  });
});
