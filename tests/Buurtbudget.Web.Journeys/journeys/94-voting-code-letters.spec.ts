import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey: a coordinator prints voting-code letters from the web client, styled as designed.
 *
 * A round of its own in Noord (through the API, open for proposals); coordinator-oude-noorden makes three letters in
 * the browser and opens the print view. Each code is boxed on screen, the browser refuses no style under the page's
 * Content-Security-Policy, and printed every letter ends its page with nothing of the app around it. */
const journey = 'voting-code-letters';

test('a coordinator makes voting-code letters and prints them, one boxed code per A4', async ({ page, api }, testInfo) => {
  const title = `Brieven Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round open for proposals', () =>
    api.roundInSubmission(title, NOORD, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: false }));
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to apply/i.test(message.text())) refused.push(`${page.url()} ${JSON.stringify(message.location())} ${message.text().slice(0, 60)}`);
  });

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('three letters are made', async () => {
    await page.goto(`/beheer/rondes/${roundId}`);
    await page.getByRole('textbox', { name: 'Aantal codes' }).fill('3');
    await page.getByRole('radio', { name: 'Brieven om zelf te printen (één A4 per code)' }).check();
    await page.getByRole('button', { name: 'Codes maken' }).click();
    await expect(page.getByRole('status').filter({ hasText: '3 stemcodes zijn gemaakt.' })).toBeVisible();
  });

  const opener = page.getByRole('button', { name: '3 brieven bekijken en afdrukken' });
  const view = page.getByRole('dialog', { name: 'Brieven met stemcodes' });
  await test.step('the print view shows each letter with its code in a box', async () => {
    await opener.click();
    await expect(view).toBeVisible();
    await expect(view.getByRole('heading', { level: 2, name: 'Brieven met stemcodes' })).toBeFocused();
    await expect(view.getByRole('article')).toHaveCount(3);
    const first = view.getByRole('article', { name: 'Brief 1' });
    await expect(first.getByRole('heading', { level: 3, name: 'Stem mee over het buurtbudget van Noord' })).toBeVisible();
    const code = first.locator('.code');
    await expect(code).toHaveText(/\S{6,}/);
    expect(await code.evaluate((el) => { const s = getComputedStyle(el); return [s.borderTopStyle, s.borderTopWidth, s.fontFamily.includes('Courier')]; }))
      .toEqual(['solid', '2px', true]);
    const codes = await view.locator('.code').allTextContents();
    expect(new Set(codes).size, 'three different codes').toBe(3);
    // Checked before the screenshots and axe, which inject styles of their own.
    expect(refused, 'styles refused under the Content-Security-Policy').toEqual([]);
    await checkPage(page, testInfo, journey, 'letters-print-view');
  });

  await test.step('printed: one letter per page, nothing of the app around them', async () => {
    await page.emulateMedia({ media: 'print' });
    const pages = await view.locator('article.letter').evaluateAll((letters) => letters.map((l) => getComputedStyle(l).breakAfter));
    expect(pages).toEqual(['page', 'page', 'auto']);
    expect(await page.locator('#root').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await view.locator('.letters-print__bar').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('Escape closes the view and focus goes back to its button', async () => {
    await page.keyboard.press('Escape');
    await expect(view).toHaveCount(0);
    await expect(opener).toBeFocused();
  });
});
