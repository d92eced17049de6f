import { checkPage, expect, MIDDELLAND_ROUND, OUDE_NOORDEN_ROUND, test } from '../support/fixtures';

/** Journey: an anonymous visitor browses without an account and is asked to sign in only to vote or propose.
 *
 * Without signing in, the visitor sees the seeded rounds on the home page, opens the Middelland round in voting and one
 * of its proposals, the Oude Noorden round in spending with where its money went, its results, and finds a counted
 * ballot on its bulletin board by receipt. Pressing "Stemmen" (Middelland) or "Een voorstel indienen" (Oude Zijde, in
 * submission) asks them to sign in. The API answers the same reads without a token, and refuses the event log, a
 * ballot and the voting codes with 401. */
const journey = 'public-pages';
const MIDDELLAND = 'Buurtbudget Middelland 2026: veilig en leefbaar';
const OUDE_NOORDEN = 'Buurtbudget Oude Noorden 2025';
const OUDE_ZIJDE = 'Buurtbudget Oude Zijde 2027';

interface Board { page: { receipt: string; status: string; choices: { proposalId: number }[] }[] }

test('an anonymous visitor browses rounds, a proposal, results, the bulletin board and spending; voting and proposing ask for sign-in', async ({ page, request }, testInfo) => {
  const signInAsked = page.getByRole('main').getByRole('button', { name: 'Inloggen' });

  await test.step('the home page lists the rounds without an account', async () => {
    await page.goto('/');
    await expect(page.getByRole('banner').getByRole('button', { name: 'Inloggen' })).toBeVisible();
    await expect(page.getByText('Iedereen kan de rondes, voorstellen en uitslagen bekijken. Log in om een voorstel in te dienen of te stemmen.')).toBeVisible();
    await expect(page.getByRole('link', { name: MIDDELLAND })).toBeVisible();
    await expect(page.getByRole('link', { name: new RegExp(OUDE_NOORDEN) })).toBeVisible();
    await checkPage(page, testInfo, journey, 'home-anonymous');
  });

  await test.step('a round in voting and its proposals, without an account', async () => {
    await page.getByRole('link', { name: MIDDELLAND }).click();
    await expect(page.getByRole('heading', { level: 1, name: MIDDELLAND })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Voorstellen' })).toBeVisible();
    await expect(page.locator('.proposal-list > li').first()).toBeVisible();
    await expect(signInAsked).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'round-anonymous');
  });

  await test.step('a proposal, without an account', async () => {
    const first = page.locator('.proposal-list > li').first().getByRole('heading', { level: 3 }).getByRole('link');
    const name = (await first.innerText()).trim();
    await first.click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Omschrijving' })).toBeVisible();
    await expect(signInAsked).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'proposal-anonymous');
  });

  await test.step('pressing "Stemmen" asks to sign in, and names the code for voting without an account', async () => {
    await page.goto(`/rondes/${MIDDELLAND_ROUND}`);
    await page.getByRole('link', { name: 'Stemmen', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/stembiljet$`));
    await expect(page.getByText('Log in om verder te gaan.')).toBeVisible();
    await expect(page.getByText('Log in met uw account om een voorstel in te dienen of te stemmen.', { exact: false })).toBeVisible();
    await expect(signInAsked).toBeVisible();
    await checkPage(page, testInfo, journey, 'vote-asks-sign-in');
  });

  await test.step('a round in spending shows where the money went; its results and bulletin board, without an account', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: new RegExp(OUDE_NOORDEN) }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(OUDE_NOORDEN) })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Waar het geld naartoe ging' })).toBeVisible();
    await expect(signInAsked).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'spending-anonymous');

    await page.getByRole('link', { name: 'De uitslag bekijken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Uitslag: ${OUDE_NOORDEN}`) })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Alle voorstellen en waarom ze wel of niet zijn gekozen' })).toBeVisible();

    const response = await request.get(`/api/rounds/${OUDE_NOORDEN_ROUND}/bulletin-board?limit=50`);
    expect(response.status(), 'the bulletin board answers without a token').toBe(200);
    const counted = ((await response.json()) as Board).page.find((entry) => entry.status === 'counted' && entry.choices.length > 0);
    expect(counted, 'the seeded round has a counted ballot').toBeTruthy();
    await page.getByRole('textbox', { name: 'Ontvangstcode' }).fill(counted!.receipt);
    await page.getByRole('button', { name: 'Controleren' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Stem ${counted!.receipt} is geteld` }).last()).toBeVisible();
    await expect(signInAsked).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'results-anonymous');
  });

  await test.step('pressing "Een voorstel indienen" asks to sign in', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: OUDE_ZIJDE }).click();
    await expect(page.getByRole('heading', { level: 1, name: OUDE_ZIJDE })).toBeVisible();
    await page.getByRole('link', { name: 'Een voorstel indienen' }).click();
    await expect(page.getByText('Log in om verder te gaan.')).toBeVisible();
    await expect(signInAsked).toBeVisible();
    await checkPage(page, testInfo, journey, 'propose-asks-sign-in');
  });

  await test.step('the API answers public reads without a token and refuses the event log, a ballot and the codes', async () => {
    for (const path of [`/api/rounds`, `/api/rounds/${MIDDELLAND_ROUND}`, `/api/rounds/${MIDDELLAND_ROUND}/proposals`, `/api/rounds/${OUDE_NOORDEN_ROUND}/results`, `/api/rounds/${OUDE_NOORDEN_ROUND}/spending`]) {
      expect((await request.get(path)).status(), `GET ${path} without a token`).toBe(200);
    }
    for (const path of [`/api/rounds/${MIDDELLAND_ROUND}/events`, `/api/rounds/${MIDDELLAND_ROUND}/ballot`, `/api/rounds/${MIDDELLAND_ROUND}/voting-codes`]) {
      const refused = await request.get(path);
      expect(refused.status(), `GET ${path} without a token`).toBe(401);
      expect(refused.headers()['content-type']).toContain('application/problem+json');
    }
  });
});
