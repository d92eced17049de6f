import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** A coordinator hides a proposal's picture on the review screen, with a reason residents then read in its place; the
 * picture's address answers 410 with that reason. The round and the picture come from the API, in Noord. */
const journey = 'coordinator-hides-picture';

interface ProposalDto { id: number; images: { image: string; status: string; hiddenReason: string | null }[] }

test('a coordinator hides a picture with a reason that residents see instead', async ({ page, api, request }, testInfo) => {
  const roundTitle = `Buurtbudget Oude Noorden foto's ${Date.now()}`;
  const title = 'Bankjes op het Noordplein';
  let roundId = '';
  let proposalId = 0;
  let hash = '';

  await test.step('set-up through the API: a proposal with a picture, in review', async () => {
    roundId = await api.roundInSubmission(roundTitle, NOORD, { budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const resident = await api.token('bewoner-oude-noorden');
    proposalId = (await api.call<ProposalDto>('POST', `/api/rounds/${roundId}/proposals`, resident, {
      title, description: 'Drie bankjes in de zon, zodat buren elkaar ontmoeten.', category: 'meeting', estimatedCostCents: 450_000,
    })).id;
    await page.goto('/');
    const dataUrl = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#2e7d32';
      context.fillRect(0, 0, 640, 480);
      context.fillStyle = '#8d6e63';
      context.fillRect(200, 260, 240, 40);
      return canvas.toDataURL('image/jpeg', 0.9);
    });
    const upload = await request.post(`/api/rounds/${roundId}/proposals/${proposalId}/images`, {
      headers: { Authorization: `Bearer ${resident}` },
      multipart: { file: { name: 'plein.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') }, altText: 'Het plein met een oud bankje' },
    });
    expect(upload.status()).toBe(201);
    hash = ((await upload.json()) as ProposalDto).images[0].image;
    await api.call('POST', `/api/rounds/${roundId}/phase`, await api.token('admin'), { to: 'review' });
  });

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('on the review screen, hiding without a reason is refused at the field', async () => {
    await page.goto(`/beheer/rondes/${roundId}`);
    await page.getByText(`Foto 1 van '${title}' verbergen`).click();
    await expect(page.getByRole('img', { name: 'Het plein met een oud bankje' })).toBeVisible();
    await page.getByRole('button', { name: 'Foto verbergen' }).click();
    await expect(page.getByText('Schrijf waarom u de foto verbergt.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Reden/ })).toBeFocused();
    await checkPage(page, testInfo, journey, 'hide-reason-missing');
  });

  const reason = 'Er staan herkenbare kinderen op de foto.';
  await test.step('with a reason the picture is hidden', async () => {
    await page.getByRole('textbox', { name: /^Reden/ }).fill(reason);
    await page.getByRole('button', { name: 'Foto verbergen' }).click();
    await expect(page.getByText(`Foto 1 van '${title}' verbergen`)).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'picture-hidden-review');
  });

  await test.step('residents read the reason instead of the picture, and its address answers 410', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/${proposalId}`);
    await expect(page.getByText(`De wijkcoördinator heeft een foto verborgen. De reden: ${reason}`)).toBeVisible();
    await expect(page.getByRole('img', { name: 'Het plein met een oud bankje' })).toHaveCount(0);
    await checkPage(page, testInfo, journey, 'proposal-picture-hidden');
    const gone = await request.get(`/api/rounds/${roundId}/proposals/${proposalId}/images/${hash}`);
    expect(gone.status()).toBe(410);
    expect(((await gone.json()) as { code: string; detail: string }).detail).toContain(reason);
  });
});
