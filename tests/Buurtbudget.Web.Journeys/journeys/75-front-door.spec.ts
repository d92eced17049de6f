import { checkPage, expect, MIDDELLAND_ROUND, signIn, test } from '../support/fixtures';

/** Journey: a credible municipal front door (issue 19, item 12).
 *
 * The platform runs with a gemeente's configuration (support/platform.ts: Municipality:Name "Voorbeeldstad", its logo and
 * the basis token basis-color-accent-1-inverse-bg-default #00689e). Anonymous: every page visited is titled
 * "<page> - Buurtbudget Voorbeeldstad"; the header names the gemeente with its logo, the colour band is the configured
 * token; the footer leads to the privacy statement, the accessibility statement and the contact page, in Dutch and in
 * English; an unknown path is a friendly "not found". Signed in as bewoner-middelland: a malformed round id, an absent
 * round id and an absent proposal number each show a friendly "not found", and the API answers the malformed one in
 * words, never "Failed to bind parameter". */
const journey = 'front-door';
const SITE = ' - Buurtbudget Voorbeeldstad';

test('every page is titled, themed by the gemeente and leads to privacy, accessibility and contact', async ({ page, api }, testInfo) => {
  await test.step('the home page carries the gemeente’s name, logo and colour from the configuration', async () => {
    await page.goto('/');
    await expect(page).toHaveTitle(`Rondes${SITE}`);
    const home = page.getByRole('banner').getByRole('link', { name: 'Buurtbudget Voorbeeldstad', exact: true });
    await expect(home).toBeVisible();
    await expect(home.locator('img')).toHaveAttribute('src', '/favicon.svg');
    const token = await page.locator('.voorbeeld-theme').evaluate((el) => getComputedStyle(el).getPropertyValue('--basis-color-accent-1-inverse-bg-default').trim());
    expect(token).toBe('#00689e');
    expect(await page.locator('.site-brand').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 104, 158)');
    const config = await (await page.request.get('/api/client-config')).json() as { municipality: { name: string; tokens: Record<string, string> } };
    expect([config.municipality.name, config.municipality.tokens['basis-color-accent-1-inverse-bg-default']]).toEqual(['Voorbeeldstad', '#00689e']);
    await checkPage(page, testInfo, journey, 'home');
  });

  const footer = page.getByRole('contentinfo').getByRole('navigation', { name: 'Over deze website' });
  for (const [link, title, h2] of [
    ['Privacy', 'Privacy', 'Wat wij niet bewaren'],
    ['Toegankelijkheid', 'Toegankelijkheid', 'Aan welke eisen voldoet de website?'],
    ['Contact', 'Contact', 'De gemeente bellen'],
  ] as const) {
    await test.step(`the footer leads to ${link}`, async () => {
      await footer.getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: h2 })).toBeVisible();
      await expect(page).toHaveTitle(`${title}${SITE}`);
      await expect(footer.getByRole('link', { name: link })).toHaveAttribute('aria-current', 'page');
      await checkPage(page, testInfo, journey, link.toLowerCase());
    });
  }

  await test.step('the privacy statement says honestly what is and is not kept', async () => {
    await footer.getByRole('link', { name: 'Privacy' }).click();
    await expect(page.getByText('Wij bewaren geen BSN, naam, e-mailadres of IP-adres bij een voorstel of een stem.')).toBeVisible();
    await expect(page.getByText(/alleen een versleutelde versie van de code/)).toBeVisible();
  });

  await test.step('in English the footer pages and titles are English', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Accessibility' })).toBeVisible();
    await expect(page).toHaveTitle(`Accessibility${SITE}`);
    await checkPage(page, testInfo, journey, 'accessibility-en');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  });

  await test.step('a path no page has is a friendly "not found"', async () => {
    await page.goto('/deze/pagina/bestaat/niet');
    await expect(page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Bekijk alle rondes' })).toBeVisible();
    await expect(page).toHaveTitle(`Niet gevonden${SITE}`);
    await checkPage(page, testInfo, journey, 'not-found-page');
  });

  await signIn(page, testInfo, journey, 'bewoner-middelland');

  await test.step('a round page is titled by its route', async () => {
    await page.goto(`/rondes/${MIDDELLAND_ROUND}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page).toHaveTitle(`Ronde${SITE}`);
  });

  await test.step('addresses are Dutch, and the English ones of earlier versions (printed letters, shared links) still lead there', async () => {
    await page.goto(`/rounds/${MIDDELLAND_ROUND}/proposals/1`);
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/voorstellen/1$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goto(`/rounds/${MIDDELLAND_ROUND}/stemcode`);
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/stemcode$`));
    await page.goto(`/rounds/${MIDDELLAND_ROUND}/results?van=brief`);
    await expect(page).toHaveURL(new RegExp(`/rondes/${MIDDELLAND_ROUND}/uitslag\\?van=brief$`));
  });

  await test.step('a malformed round id shows a friendly "not found", and the API says so in words', async () => {
    await page.goto('/rondes/middelland-2026');
    await expect(page.getByRole('heading', { name: 'Deze ronde bestaat niet' })).toBeVisible();
    await expect(page.getByText('Failed to bind')).toHaveCount(0);
    await expect(page).toHaveTitle(`Niet gevonden${SITE}`);
    await checkPage(page, testInfo, journey, 'malformed-round-id');
    const resident = await api.token('bewoner-middelland');
    const problem = await api.call<{ code: string; detail: string }>('GET', '/api/rounds/middelland-2026', resident, undefined, [404]);
    expect(problem.code).toBe('invalid-round-id');
    expect(problem.detail).not.toContain('bind');
  });

  await test.step('an absent round id and an absent proposal show the same friendly page', async () => {
    await page.goto('/rondes/019a8e3c-5a00-7000-8000-0000000000ff');
    await expect(page.getByRole('heading', { name: 'Deze ronde bestaat niet' })).toBeVisible();
    await expect(page).toHaveTitle(`Niet gevonden${SITE}`);
    await page.goto(`/rondes/${MIDDELLAND_ROUND}/voorstellen/9999`);
    await expect(page.getByRole('heading', { name: 'Dit voorstel bestaat niet' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'absent-proposal');
    await page.goto(`/rondes/${MIDDELLAND_ROUND}/voorstellen/nul`);
    await expect(page.getByRole('heading', { name: 'Dit voorstel bestaat niet' })).toBeVisible();
  });
});
