import type { Page } from '@playwright/test';
import { checkPage, expect, MIDDELLAND_ROUND, OUDE_NOORDEN_ROUND, signIn, test } from '../support/fixtures';

/** Journey: the tables (rounds, live tally, results, spending, event log) are usable on a 360 px phone: no table is
 * wider than the screen, and each row reads as "column: value" lines, with the table's roles kept for screen readers.
 * Reads the seeded rounds only; changes no data. */
const journey = 'tables-at-360';

/** At 360 px: every visible table fits without sideways scrolling, as does the page, and its cells carry their
 * column's name on screen. */
async function expectTablesFit(page: Page, tables: number) {
  await page.setViewportSize({ width: 360, height: 780 });
  const regions = page.locator('.table-scroll');
  await expect(regions.first()).toBeVisible();
  const fits = await regions.evaluateAll((elements) =>
    elements.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => ({ name: e.getAttribute('aria-label'), overflow: e.scrollWidth - e.clientWidth })));
  expect(fits.length, 'visible tables').toBeGreaterThanOrEqual(tables);
  expect(fits.filter((f) => f.overflow > 1), 'tables wider than 360 px').toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page is no wider than the screen').toBeLessThanOrEqual(360);
  const firstCell = regions.first().locator('td[data-label]').first();
  const label = await firstCell.getAttribute('data-label');
  expect(label).toBeTruthy();
  expect(await firstCell.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe(`"${label}: "`);
  // Each cell of a row on its own line, none drawn over the one before (a fixed cell height would do that).
  const overlapping = await regions.first().evaluate((region) => {
    const cells = Array.from(region.querySelectorAll('tbody > tr:first-child > *'));
    return cells.slice(1).filter((cell, i) => cell.getBoundingClientRect().top < cells[i].getBoundingClientRect().bottom - 1).length;
  });
  expect(overlapping, 'cells drawn over the one before').toBe(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a coordinator’s rounds, live tally and results fit a phone', async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey, 'coordinator-middelland');

  await test.step('the rounds table under /beheer', async () => {
    await page.goto('/beheer');
    await expect(page.getByRole('heading', { level: 1, name: 'Rondes beheren' })).toBeVisible();
    await expectTablesFit(page, 1);
    await expect(page.getByRole('table').first().getByRole('columnheader').first()).toBeAttached();
    await checkPage(page, testInfo, journey, 'rounds');
  });

  await test.step('the live tally of a round in voting', async () => {
    await page.goto(`/beheer/rondes/${MIDDELLAND_ROUND}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Opkomst en steun, live' })).toBeVisible();
    await expectTablesFit(page, 1);
    await checkPage(page, testInfo, journey, 'live-tally');
  });
});

test('the results of a round in delivery and an auditor’s event log fit a phone', async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey, 'auditor');

  await test.step('the auditor’s rounds table', async () => {
    await page.goto('/controle');
    await expect(page.getByRole('heading', { level: 1, name: 'Controle' })).toBeVisible();
    await expectTablesFit(page, 1);
    await checkPage(page, testInfo, journey, 'auditor-rounds');
  });

  await test.step('a round’s spending tables and event log', async () => {
    await page.goto(`/controle/rondes/${OUDE_NOORDEN_ROUND}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Hashketen klopt' })).toBeVisible();
    const events = page.getByRole('region', { name: 'Gebeurtenissenlogboek' }).getByRole('table', { name: 'Gebeurtenissen' });
    await expect(events.getByRole('row').nth(1)).toContainText('round-created');
    await expectTablesFit(page, 2);
    await expect(events.getByRole('rowheader').first()).toBeAttached();
    await checkPage(page, testInfo, journey, 'auditor-round');
  });
});
