import { checkPage, expect, expectVisibleFocus, test } from '../support/fixtures';

/** Journey 0: the way in, anonymously, done with the keyboard alone. The skip link is the first stop and moves focus
 * to the main content; the header's "Inloggen" button is reached with Tab and pressed with Enter, and the
 * development provider's persona page is operated with Tab and Enter too. Changes no data. */
const journey = 'home';

test('anonymous home page and keyboard sign-in as the auditor', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Buurtbudgetten' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Inloggen' })).toBeVisible();
  await checkPage(page, testInfo, journey, 'home-anonymous');

  await test.step('Tab: the skip link comes first, Enter moves focus to the main content', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar de inhoud' });
    await expectVisibleFocus(page, skip);
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
  });

  await test.step('Tab from the main content back to the top, to the header sign-in button, Enter signs in', async () => {
    // Start again from the top of the document and tab through the header until the sign-in button has focus.
    await page.reload();
    await expect(page.getByRole('banner').getByRole('button', { name: 'Inloggen' })).toBeVisible();
    const signInButton = page.getByRole('banner').getByRole('button', { name: 'Inloggen' });
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await signInButton.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the header sign-in button is reached with Tab within 8 steps').toBe(true);
    await expectVisibleFocus(page, signInButton);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dev\/oidc\/authorize/);
  });

  await test.step('the persona page: Tab to the auditor persona, Enter chooses it', async () => {
    const auditor = page.getByRole('button', { name: /\bauditor\b/ });
    await expect(auditor).toBeVisible();
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await auditor.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the auditor persona button is reached with Tab within 15 steps').toBe(true);
    await expectVisibleFocus(page, auditor);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('banner').getByRole('button', { name: 'Uitloggen' })).toBeVisible();
    await expect(page.getByText('Ingelogd als controleur')).toBeVisible();
  });
});
