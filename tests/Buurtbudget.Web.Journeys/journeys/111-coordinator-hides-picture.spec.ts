import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** A coordinator hides a proposal's picture on the review screen, with a reason residents then read in its place; the
 * picture's address answers 410 with that reason. Once voting is open, she hides another proposal's picture from the
 * round's page, and erases the first one's bytes for good there, after a question; its addresses then answer 410 as
 * erased. The round and the pictures come from the API, in Noord. */
const journey = 'coordinator-hides-picture';

interface ProposalDto { id: number; images: { image: string; thumbnail: string; status: string; hiddenReason: string | null; erased: boolean }[] }

test('a coordinator hides a picture with a reason that residents see instead, hides another while voting, and erases one for good', async ({ page, api, request }, testInfo) => {
  const roundTitle = `Buurtbudget Oude Noorden foto's ${Date.now()}`;
  const title = 'Bankjes op het Noordplein';
  const otherTitle = 'Licht in de steeg';
  let roundId = '';
  let proposalId = 0;
  let otherId = 0;
  let hash = '';
  let thumbnail = '';

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
    ({ image: hash, thumbnail } = ((await upload.json()) as ProposalDto).images[0]);
    otherId = (await api.call<ProposalDto>('POST', `/api/rounds/${roundId}/proposals`, resident, {
      title: otherTitle, description: 'Lampen in de donkere steeg achter de school.', category: 'lighting', estimatedCostCents: 300_000,
    })).id;
    const other = await request.post(`/api/rounds/${roundId}/proposals/${otherId}/images`, {
      headers: { Authorization: `Bearer ${resident}` },
      multipart: { file: { name: 'steeg.png', mimeType: 'image/png', buffer: Buffer.from((await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 480;
        canvas.height = 360;
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#263238';
        context.fillRect(0, 0, 480, 360);
        return canvas.toDataURL('image/png');
      })).split(',')[1], 'base64') }, altText: 'De donkere steeg met een auto' },
    });
    expect(other.status()).toBe(201);
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
    // Without a reload, the same page now offers to erase it.
    await expect(page.getByRole('region', { name: "Verborgen en weggehaalde foto's wissen" }).getByText(`Verborgen door de wijkcoördinator. De reden: ${reason}`)).toBeVisible();
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

  const eraseButton = `Foto 1 van '${title}' wissen`;
  await test.step('in voting, the round page lists the hidden picture with its reason; erasing asks first, and cancel keeps it', async () => {
    await api.call('POST', `/api/rounds/${roundId}/proposals/${proposalId}/review`, await api.token('coordinator-oude-noorden'), { decision: 'feasible', approvedCostCents: 450_000 });
    await api.call('POST', `/api/rounds/${roundId}/proposals/${otherId}/review`, await api.token('coordinator-oude-noorden'), { decision: 'feasible', approvedCostCents: 300_000 });
    await api.call('POST', `/api/rounds/${roundId}/phase`, await api.token('admin'), { to: 'voting' });
    await page.goto(`/beheer/rondes/${roundId}`);

    // Outside review, the round page offers every shown picture for hiding: a number plate noticed while residents vote.
    const hiding = page.getByRole('region', { name: "Foto's verbergen" });
    await hiding.getByText(`Foto 1 van '${otherTitle}' verbergen`).click();
    await hiding.getByRole('textbox', { name: /^Reden/ }).fill('Er staat een kenteken op.');
    await hiding.getByRole('button', { name: 'Foto verbergen' }).click();
    await expect(hiding.getByText("Bij de voorstellen staan geen foto's die bewoners zien.")).toBeVisible();
    await expect(hiding.getByRole('heading', { name: "Foto's verbergen" })).toBeFocused();
    await expect(page.getByRole('region', { name: "Verborgen en weggehaalde foto's wissen" }).getByText('Verborgen door de wijkcoördinator. De reden: Er staat een kenteken op.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'picture-hidden-voting');

    const section = page.getByRole('region', { name: "Verborgen en weggehaalde foto's wissen" });
    await expect(section.getByText('Foto 1: Het plein met een oud bankje')).toBeVisible();
    await expect(section.getByText(`Verborgen door de wijkcoördinator. De reden: ${reason}`)).toBeVisible();
    await section.getByRole('button', { name: eraseButton }).click();
    const question = page.getByRole('dialog', { name: 'Foto voorgoed wissen?' });
    await expect(question).toBeVisible();
    await expect(question.getByText(`U wist foto 1 van '${title}': Het plein met een oud bankje.`, { exact: false })).toBeVisible();
    await expect(question.getByRole('button', { name: 'Annuleren' })).toBeFocused();
    await checkPage(page, testInfo, journey, 'erase-question');
    await question.getByRole('button', { name: 'Annuleren' }).click();
    await expect(question).toBeHidden();
    await expect(section.getByRole('button', { name: eraseButton })).toBeFocused();
    const proposal = await api.call<ProposalDto>('GET', `/api/rounds/${roundId}/proposals/${proposalId}`, await api.token('coordinator-oude-noorden'));
    expect(proposal.images[0].erased).toBe(false);
  });

  await test.step('erased, the picture and its erase button are gone, and its addresses answer 410 as erased', async () => {
    const section = page.getByRole('region', { name: "Verborgen en weggehaalde foto's wissen" });
    await section.getByRole('button', { name: eraseButton }).click();
    await page.getByRole('dialog', { name: 'Foto voorgoed wissen?' }).getByRole('button', { name: 'Ja, foto wissen' }).click();
    await expect(section.getByText('De foto is voorgoed gewist. In het logboek staat alleen nog de vingerafdruk van de foto.')).toBeVisible();
    await expect(section.getByRole('button', { name: eraseButton })).toHaveCount(0);
    await expect(section.getByRole('button', { name: `Foto 1 van '${otherTitle}' wissen` })).toBeVisible();
    await expect(section.getByRole('heading', { name: "Verborgen en weggehaalde foto's wissen" })).toBeFocused();
    await checkPage(page, testInfo, journey, 'picture-erased');
    for (const address of [hash, thumbnail]) {
      const gone = await request.get(`/api/rounds/${roundId}/proposals/${proposalId}/images/${address}`);
      expect(gone.status()).toBe(410);
      expect(((await gone.json()) as { code: string }).code).toBe('image-erased');
    }
    const proposal = await api.call<ProposalDto>('GET', `/api/rounds/${roundId}/proposals/${proposalId}`, await api.token('coordinator-oude-noorden'));
    expect(proposal.images.map((image) => [image.status, image.erased])).toEqual([['hidden', true]]);
    // After a reload too: the page asks the API again and offers only the other hidden picture.
    await page.reload();
    await expect(page.getByRole('region', { name: "Verborgen en weggehaalde foto's wissen" }).getByRole('button', { name: `Foto 1 van '${otherTitle}' wissen` })).toBeVisible();
    await expect(page.getByRole('button', { name: eraseButton })).toHaveCount(0);
  });
});
