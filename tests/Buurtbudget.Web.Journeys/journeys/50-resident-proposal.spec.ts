import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** A resident submits a proposal with the form, and the message after it leads to adding pictures. The set-up makes a round in submission in Delfshaven (WK059903, the
 * wijk of bewoner-middelland) through the API as the admin; its title is unique per run and does not contain the seeded
 * Middelland round's title, so the other journeys find theirs unchanged and the order does not matter. */
const journey = 'resident-proposal';

interface ProposalDto { id: number; title: string; category: string; estimatedCostCents: number; status: string; isMine: boolean }

test('a resident submits a proposal with the form, after its field checks', async ({ page, api }, testInfo) => {
  const roundTitle = `Buurtbudget Delfshaven voorstellen ${Date.now()}`;
  let roundId = '';
  await test.step('set-up through the API: a round in submission in Delfshaven', async () => {
    roundId = await api.roundInSubmission(roundTitle, DELFSHAVEN, { budgetCents: 3_000_000, ballotMethod: { kind: 'approval-within-budget' } });
  });

  await page.goto('/');
  await signIn(page, testInfo, journey, 'bewoner-middelland');

  await test.step('from the home page to the round, which invites proposals', async () => {
    await page.getByRole('link', { name: roundTitle }).click();
    await expect(page.getByRole('heading', { level: 1, name: roundTitle })).toBeVisible();
    await expect(page.getByText('Er zijn nog geen voorstellen ingediend.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'round-submission');
    await page.getByRole('link', { name: 'Een voorstel indienen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Een voorstel indienen' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'proposal-form');
  });

  await test.step('an empty form is refused with a summary of what to fix, which takes the focus', async () => {
    await page.getByRole('button', { name: 'Voorstel indienen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Controleer de volgende punten' });
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Titel' })).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, journey, 'proposal-form-errors');
  });

  const title = 'Lantaarns langs de Schiedamseweg';
  await test.step('filled in, it is submitted and shown as the resident’s own proposal', async () => {
    await page.getByRole('textbox', { name: 'Titel' }).fill(title);
    await page.getByRole('textbox', { name: 'Omschrijving' }).fill('Het fietspad langs de Schiedamseweg is ’s avonds donker. Vier lantaarns maken het veiliger.');
    await page.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Verlichting' });
    await page.getByRole('textbox', { name: 'Geschatte kosten in euro' }).fill('7.500');
    await page.getByRole('button', { name: 'Voorstel indienen' }).click();
    await expect(page.getByText('Uw voorstel is ingediend.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^\\d+\\. ${title}$`) })).toBeVisible();
    await expect(page.getByText('Uw voorstel', { exact: true })).toBeVisible();
    await checkPage(page, testInfo, journey, 'proposal-submitted');
  });

  await test.step('the message after submitting leads to the pictures on the edit page', async () => {
    await expect(page.getByText("U kunt nu ook foto's bij uw voorstel zetten, tot de beoordeling begint.")).toBeVisible();
    await page.getByRole('link', { name: "Foto's toevoegen" }).click();
    await expect(page).toHaveURL(/\/voorstellen\/\d+\/bewerken#fotos$/);
    await expect(page.getByRole('heading', { level: 2, name: "Foto's bij uw voorstel" })).toBeFocused();
    await expect(page.getByLabel('Foto', { exact: true })).toBeVisible();
  });

  await test.step('the API holds the proposal as submitted', async () => {
    const token = await api.token('bewoner-middelland');
    const proposals = await api.call<ProposalDto[]>('GET', `/api/rounds/${roundId}/proposals`, token);
    expect(proposals.map((p) => [p.title, p.category, p.estimatedCostCents, p.status, p.isMine])).toEqual([[title, 'lighting', 750_000, 'submitted', true]]);
  });
});
