import { checkPage, expect, MIDDELLAND_ROUND, NOORD, signIn, test } from '../support/fixtures';

/** Journey: a coordinator sets a round's rules and its calendar in the web client while they may still change.
 *
 * The admin makes a round of its own in Noord through the API (open for proposals). coordinator-oude-noorden changes
 * its budget and ballot method in the form: a missing number is refused at its field, rules the round refuses come
 * back in the API's words, and the saved rules are what the API holds. A round in voting (the seeded Middelland
 * round, for its coordinator) shows no form: its rules are fixed. */
const journey = 'coordinator-rules';

interface RoundDto { rules: { budgetCents: number; ballotMethod: { kind: string; k?: number | null }; outcomeRule: string; liveTallyVisible: boolean; eligibility?: { minimumAge?: number | null } } }

test('a coordinator changes the rules until voting opens', async ({ page, api }, testInfo) => {
  const title = `Spelregels Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round open for proposals', () =>
    api.roundInSubmission(title, NOORD, { budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: false }));

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');
  const rules = page.getByRole('form', { name: 'Spelregels' });

  await test.step('the form shows the current rules', async () => {
    await page.goto(`/beheer/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(rules.getByRole('textbox', { name: 'Budget in euro\'s' })).toHaveValue('20000,00');
    await expect(rules.getByRole('combobox', { name: 'Manier van stemmen' })).toHaveValue('approval-within-budget');
    await checkPage(page, testInfo, journey, 'rules-form');
  });

  await test.step('a method that needs a number refuses an empty one at its field', async () => {
    await rules.getByRole('textbox', { name: 'Budget in euro\'s' }).fill('15.000');
    await rules.getByRole('combobox', { name: 'Manier van stemmen' }).selectOption('approval-at-most-k');
    await rules.getByRole('button', { name: 'Spelregels opslaan' }).click();
    const k = rules.getByRole('textbox', { name: 'Hoeveel voorstellen mag een bewoner kiezen?' });
    await expect(k).toBeFocused();
    await expect(k).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, journey, 'rules-number-missing');
  });

  await test.step('rules the round refuses come back in words', async () => {
    await rules.getByRole('combobox', { name: 'Manier van stemmen' }).selectOption('approval-within-budget');
    await rules.getByRole('textbox', { name: 'Minimaal aantal voorstellen per stem' }).fill('5');
    await rules.getByRole('textbox', { name: 'Maximaal aantal voorstellen per stem' }).fill('2');
    await rules.getByRole('button', { name: 'Spelregels opslaan' }).click();
    const refusal = rules.getByRole('alert').filter({ hasText: 'De spelregels zijn niet opgeslagen' });
    await expect(refusal).toBeVisible();
    await expect(refusal).not.toHaveText('De spelregels zijn niet opgeslagen');
  });

  await test.step('saved rules are what the API holds', async () => {
    await rules.getByRole('combobox', { name: 'Manier van stemmen' }).selectOption('approval-at-most-k');
    await rules.getByRole('textbox', { name: 'Hoeveel voorstellen mag een bewoner kiezen?' }).fill('3');
    await rules.getByRole('textbox', { name: 'Minimumleeftijd om te stemmen' }).fill('16');
    await rules.getByRole('checkbox', { name: 'Bewoners zien de tussenstand tijdens de stemming' }).check();
    await rules.getByRole('button', { name: 'Spelregels opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De spelregels zijn opgeslagen: budget € 15.000,00, Een maximaal aantal voorstellen kiezen.' })).toBeVisible();
    const round = await api.call<RoundDto>('GET', `/api/rounds/${roundId}`, await api.token('coordinator-oude-noorden'));
    expect([round.rules.budgetCents, round.rules.ballotMethod.kind, round.rules.ballotMethod.k, round.rules.liveTallyVisible, round.rules.eligibility?.minimumAge])
      .toEqual([1_500_000, 'approval-at-most-k', 3, true, 16]);
  });
});

test('a round in voting has no rules form: its rules are fixed', async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey, 'coordinator-middelland');
  await page.goto(`/beheer/rondes/${MIDDELLAND_ROUND}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Fase van de ronde' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Spelregels' })).toHaveCount(0);
});

/** "2027-03-01T12:00" for noon, days from now: a datetime-local value in the browser's time zone. */
function noon(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T12:00`;
}

test('a coordinator sets the calendar; opening voting names its closing moment, or says there is none', async ({ page, api }, testInfo) => {
  const title = `Kalender Noord journey ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in review with one feasible proposal', async () => {
    const id = await api.roundInSubmission(title, NOORD, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: false });
    const proposal = await api.call<{ id: number }>('POST', `/api/rounds/${id}/proposals`, await api.token('bewoner-oude-noorden'),
      { title: 'Een bankje bij de bushalte', description: 'Wachten is zwaar voor ouderen.', category: 'meeting', estimatedCostCents: 150_000 });
    await api.call('POST', `/api/rounds/${id}/phase`, await api.token('admin'), { to: 'review' });
    await api.call('POST', `/api/rounds/${id}/proposals/${proposal.id}/review`, await api.token('coordinator-oude-noorden'), { decision: 'feasible', approvedCostCents: 150_000 });
    return id;
  });

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');
  await page.goto(`/beheer/rondes/${roundId}`);
  const openVoting = page.getByRole('button', { name: 'Stemming openen' });
  const dialog = page.getByRole('dialog', { name: 'Stemming openen' });

  await test.step('without a calendar, opening voting says there is no closing moment', async () => {
    await openVoting.click();
    await expect(dialog.getByText('Er is geen sluitmoment')).toBeVisible();
    await checkPage(page, testInfo, journey, 'open-voting-no-closing-moment');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
  });

  const calendar = page.getByRole('form', { name: 'Kalender' });
  const field = (name: string) => calendar.getByLabel(name, { exact: true });
  await test.step('an empty calendar is refused at its first field; moments out of order come back in words', async () => {
    await calendar.getByRole('button', { name: 'Kalender opslaan' }).click();
    await expect(field('Indienen van voorstellen opent')).toBeFocused();
    await expect(field('Indienen van voorstellen opent')).toHaveAttribute('aria-invalid', 'true');
    await field('Indienen van voorstellen opent').fill(noon(-2));
    await field('Indienen sluit, beoordeling begint').fill(noon(-1));
    await field('Stemming opent').fill(noon(9));
    await field('Stemming sluit').fill(noon(2));
    await calendar.getByRole('button', { name: 'Kalender opslaan' }).click();
    const refusal = calendar.getByRole('alert').filter({ hasText: 'De kalender is niet opgeslagen' });
    await expect(refusal).toBeVisible();
    await expect(refusal).not.toHaveText('De kalender is niet opgeslagen');
    await checkPage(page, testInfo, journey, 'calendar-refused');
  });

  await test.step('a calendar in order is saved and read back as typed', async () => {
    await field('Stemming opent').fill(noon(2));
    await field('Stemming sluit').fill(noon(9));
    await calendar.getByRole('button', { name: 'Kalender opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De kalender is opgeslagen. De stemming sluit op' })).toBeVisible();
    await page.reload();
    await expect(field('Stemming sluit')).toHaveValue(noon(9));
    await expect(field('Indienen van voorstellen opent')).toHaveValue(noon(-2));
  });

  await test.step('opening voting now names the closing moment; once open, the calendar is fixed', async () => {
    await openVoting.click();
    await expect(dialog.getByText(/^De stemming sluit vanzelf op /)).toBeVisible();
    await dialog.getByRole('button', { name: 'Ja, naar fase Stemmen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De ronde is nu in de fase: Stemmen.' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Kalender' })).toHaveCount(0);
    const round = await api.call<{ calendar: { votingOpens: string; votingCloses: string } | null }>('GET', `/api/rounds/${roundId}`, await api.token('coordinator-oude-noorden'));
    expect(round.calendar, 'the API holds the calendar').not.toBeNull();
    // Seven days apart, give or take the hour a change to or from summer time moves noon.
    const days = (new Date(round.calendar!.votingCloses).getTime() - new Date(round.calendar!.votingOpens).getTime()) / 86_400_000;
    expect(Math.abs(days - 7)).toBeLessThanOrEqual(1 / 24);
  });
});
