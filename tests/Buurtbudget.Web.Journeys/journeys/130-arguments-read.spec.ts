import { checkPage, DELFSHAVEN, expect, test } from '../support/fixtures';

/** Journey 130 (issue 18, item 3): reading a proposal's arguments without an account.
 *
 * The set-up makes a round of its own in Delfshaven in submission (API) with one proposal by bewoner-middelland, who
 * posts two arguments for it and one against under the name "Buur van de Mathenesserlaan". Anonymous, the proposal
 * page shows "Argumenten voor (2)" and "Argumenten tegen (1)" with the chosen name, never who wrote them; the columns
 * stand side by side at 1280 px and stacked (for above against) at 360 px; taking part asks to sign in. */
const journey = 'arguments-read';

test('anyone reads the arguments for and against a proposal in two columns, under the names their authors chose', async ({ page, api }, testInfo) => {
  const title = `Argumenten lezen ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission, a proposal and three arguments', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const resident = await api.token('bewoner-middelland');
    await api.call('POST', `/api/rounds/${id}/proposals`, resident, {
      title: 'Drempels op de Mathenesserlaan', description: 'Twee drempels bij de school, waar auto’s te hard rijden.', category: 'traffic-safety', estimatedCostCents: 400_000,
    });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, resident, { side: 'for', text: 'Kinderen steken hier elke ochtend over naar school.', displayName: 'Buur van de Mathenesserlaan' });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, resident, { side: 'for', text: 'Auto’s rijden hier vaak veel harder dan 30.' });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, resident, { side: 'against', text: 'Drempels geven lawaai als de bus erover rijdt.' });
    return id;
  });

  await page.goto(`/rondes/${roundId}/voorstellen/1`);
  const section = page.getByRole('region', { name: 'Argumenten', exact: true });
  const pro = page.getByRole('region', { name: 'Argumenten voor (2)' });
  const contra = page.getByRole('region', { name: 'Argumenten tegen (1)' });

  await test.step('two columns with the arguments, under the chosen name', async () => {
    await expect(page.getByRole('heading', { level: 1, name: '1. Drempels op de Mathenesserlaan' })).toBeVisible();
    await expect(section).toBeVisible();
    await expect(pro.getByRole('article')).toHaveCount(2);
    await expect(contra.getByRole('article')).toHaveCount(1);
    await expect(pro.getByRole('article').first()).toContainText('Buur van de Mathenesserlaan');
    await expect(pro).toContainText('Kinderen steken hier elke ochtend over naar school.');
    await expect(contra).toContainText('Drempels geven lawaai als de bus erover rijdt.');
    await expect(contra).toContainText('Nog niemand is het hiermee eens.');
    await expect(section).not.toContainText('bewoner-middelland');
    await expect(section.getByRole('button', { name: 'Ik ben het eens' })).toHaveCount(0);
    await expect(section).toContainText('Woont u in deze wijk? Log in met de knop Inloggen bovenaan de pagina.');
    await expect(section.getByRole('button')).toHaveCount(0);
    await expect(section.getByRole('textbox')).toHaveCount(0);
  });

  await test.step('side by side on a laptop, stacked on a phone', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const [wideFor, wideAgainst] = [await pro.boundingBox(), await contra.boundingBox()];
    expect(Math.abs(wideFor!.y - wideAgainst!.y)).toBeLessThan(2);
    expect(wideAgainst!.x).toBeGreaterThan(wideFor!.x + wideFor!.width - 1);
    await page.setViewportSize({ width: 360, height: 780 });
    const [narrowFor, narrowAgainst] = [await pro.boundingBox(), await contra.boundingBox()];
    expect(narrowAgainst!.y).toBeGreaterThanOrEqual(narrowFor!.y + narrowFor!.height);
    expect(narrowFor!.width).toBeLessThanOrEqual(360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkPage(page, testInfo, journey, 'proposal-with-arguments');
  });

  await test.step('the API answers the same without a token, and without any key of who wrote them', async () => {
    const response = await page.request.get(`/api/rounds/${roundId}/proposals/1/arguments`);
    expect(response.status()).toBe(200);
    const body = await response.text();
    const list = JSON.parse(body) as { for: unknown[]; against: unknown[]; open: boolean };
    expect([list.for.length, list.against.length, list.open]).toEqual([2, 1, true]);
    expect(body).not.toMatch(/author|participant|bewoner-middelland/i);
  });
});
