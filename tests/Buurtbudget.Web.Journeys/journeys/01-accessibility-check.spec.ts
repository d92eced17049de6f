import { axeViolations, describeViolations, expect, test } from '../support/fixtures';

/** The accessibility check every journey relies on (checkPage) must find what it is there to find. A page with three
 * known WCAG failures is checked with it, then the same page mended, then a newly loaded document (axe is put into
 * each document once). No platform is needed: the pages are set in the browser. */
const broken = `<!doctype html><html lang="nl"><head><title>Controle</title></head><body><main>
  <h1>Controle</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <button></button>
  <p style="color:#bbb;background:#fff">Lichtgrijze tekst op wit</p>
</main></body></html>`;

const mended = broken
  .replace('<img src=', '<img alt="Een stip" src=')
  .replace('<button></button>', '<button>Versturen</button>')
  .replace('color:#bbb', 'color:#333');

test('the accessibility check names each violation on a page and none on the mended page', async ({ page }) => {
  await page.setContent(broken);
  const found = await axeViolations(page);
  expect(found.map((v) => v.id).sort()).toEqual(['button-name', 'color-contrast', 'image-alt']);
  expect(describeViolations(found).find((line) => line.startsWith('image-alt'))).toMatch(/^image-alt \[critical\] .+: img$/);

  await page.setContent(mended);
  expect(describeViolations(await axeViolations(page))).toEqual([]);

  await page.goto(`data:text/html,${encodeURIComponent(broken)}`);
  expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
});
