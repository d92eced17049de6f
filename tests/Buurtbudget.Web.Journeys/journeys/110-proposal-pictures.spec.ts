import type { Page } from '@playwright/test';
import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** A resident adds a picture to their own proposal on its edit page and sees it on the proposal page and as a
 * thumbnail on the round; a link to the proposal, fetched as WhatsApp's crawler fetches it (no script), carries the
 * proposal's Open Graph tags with that picture. The round is the journey's own (API), in Delfshaven. */
const journey = 'proposal-pictures';

interface ProposalDto { id: number; images: { image: string; thumbnail: string; altText: string; status: string }[] }

/** A photo-like JPEG drawn in the browser: the journey ships no image file. */
async function photo(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 600;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#87ceeb';
    context.fillRect(0, 0, 800, 400);
    context.fillStyle = '#555555';
    context.fillRect(0, 400, 800, 200);
    context.fillStyle = '#ffd700';
    context.fillRect(380, 120, 40, 280);
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

test('a resident adds a picture to their proposal and everyone sees it, link previews too', async ({ page, api, request }, testInfo) => {
  const roundTitle = `Buurtbudget Delfshaven foto's ${Date.now()}`;
  const title = 'Licht in de steeg achter de Schiedamseweg';
  let roundId = '';
  let proposalId = 0;
  await test.step('set-up through the API: a round in submission with the resident’s proposal', async () => {
    roundId = await api.roundInSubmission(roundTitle, DELFSHAVEN, { budgetCents: 3_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const resident = await api.token('bewoner-middelland');
    proposalId = (await api.call<ProposalDto>('POST', `/api/rounds/${roundId}/proposals`, resident, {
      title, description: 'De steeg is ’s avonds donker. Twee lantaarns maken de weg naar huis veiliger.', category: 'lighting', estimatedCostCents: 600_000,
    })).id;
  });

  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-middelland');
  const picture = await photo(page);

  await test.step('on the edit page, a file of the wrong type is refused before anything is sent', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/${proposalId}/bewerken`);
    await expect(page.getByRole('heading', { level: 2, name: "Foto's bij uw voorstel" })).toBeVisible();
    await page.getByLabel('Foto', { exact: true }).setInputFiles({ name: 'tekening.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await expect(page.getByText('"tekening.gif" is geen JPEG-, PNG- of WebP-foto. Kies een andere foto.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'picture-wrong-type');
  });

  await test.step('a photo with its description is previewed, then added', async () => {
    await page.getByLabel('Foto', { exact: true }).setInputFiles({ name: 'steeg.jpg', mimeType: 'image/jpeg', buffer: picture });
    await expect(page.getByText('Zo ziet uw foto eruit:')).toBeVisible();
    await page.getByRole('button', { name: 'Foto toevoegen' }).click();
    await expect(page.getByText('Beschrijf in minstens 3 tekens wat er op de foto staat.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Wat staat er op de foto?' })).toBeFocused();
    await page.getByRole('textbox', { name: 'Wat staat er op de foto?' }).fill('De donkere steeg met één lantaarnpaal');
    await checkPage(page, testInfo, journey, 'picture-preview');
    await page.getByRole('button', { name: 'Foto toevoegen' }).click();
    await expect(page.getByText('De foto staat bij uw voorstel.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Foto 1 weghalen' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'picture-added');
  });

  await test.step('the proposal page shows the picture with its description, the round a thumbnail', async () => {
    await page.goto(`/rondes/${roundId}/voorstellen/${proposalId}`);
    const shown = page.getByRole('img', { name: 'De donkere steeg met één lantaarnpaal' });
    await expect(shown).toBeVisible();
    expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
    await checkPage(page, testInfo, journey, 'proposal-with-picture');
    await page.goto(`/rondes/${roundId}`);
    const thumbnail = page.getByRole('img', { name: 'De donkere steeg met één lantaarnpaal' });
    await expect(thumbnail).toBeVisible();
    expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await checkPage(page, testInfo, journey, 'round-with-thumbnail');
  });

  await test.step('the link’s HTML, read without running any script, carries the Open Graph tags and the picture', async () => {
    const proposal = await api.call<ProposalDto>('GET', `/api/rounds/${roundId}/proposals/${proposalId}`, await api.token('bewoner-middelland'));
    const response = await request.get(`/rondes/${roundId}/voorstellen/${proposalId}`, { headers: { 'User-Agent': 'WhatsApp/2.23.20.0' } });
    expect(response.status()).toBe(200);
    const html = await response.text();
    const tag = (name: string) => new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)" />`).exec(html)?.[1];
    expect(tag('og:title')).toBe(`${title} - ${roundTitle}`.replace(/'/g, '&#x27;'));
    expect(tag('og:locale')).toBe('nl_NL');
    expect(tag('og:url')).toMatch(new RegExp(`/rondes/${roundId}/voorstellen/${proposalId}$`));
    expect(tag('og:image')).toMatch(new RegExp(`/api/rounds/${roundId}/proposals/${proposalId}/images/${proposal.images[0].image}$`));
    expect(tag('twitter:card')).toBe('summary_large_image');
    const image = await request.get(tag('og:image')!);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/jpeg');
    expect(image.headers()['x-content-type-options']).toBe('nosniff');
  });
});
