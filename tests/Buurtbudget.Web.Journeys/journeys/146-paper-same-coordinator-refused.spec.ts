import { checkPage, expect, signIn, test } from '../support/fixtures';
import { roundWithCodes } from '../support/paper';

/** Journey: double entry needs two people. coordinator-oude-noorden types entry 1 of a batch (set up through the API);
 * on the batch page she is told in words that a different coordinator must do entry 2 and is offered no way to; the
 * API refuses her second entry too, in Dutch (`paper-entry-same-coordinator`). */
const journey = 'paper-same-coordinator-refused';

test('the same coordinator is refused the second entry', async ({ page, api }, testInfo) => {
  const { roundId, codes, ids } = await test.step('set-up through the API: a round in voting, a batch and entry 1 by coordinator-oude-noorden', async () => {
    const made = await roundWithCodes(api, `Stemavond dubbel journey ${Date.now()}`);
    const coordinator = await api.token('coordinator-oude-noorden');
    await api.call('POST', `/api/rounds/${made.roundId}/paper-batches`, coordinator, { label: 'Wijkcentrum, stapel 1' });
    await api.call('PUT', `/api/rounds/${made.roundId}/paper-batches/1/entries/1/1`, coordinator, { code: made.codes[0], choices: [{ proposalId: made.ids[0] }] });
    return made;
  });

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');

  await test.step('the batch page says another coordinator must do entry 2', async () => {
    await page.goto(`/beheer/rondes/${roundId}/papier/1`);
    await expect(page.getByRole('heading', { level: 1, name: 'Stapel 1: Wijkcentrum, stapel 1' })).toBeVisible();
    await expect(page.getByText('U heeft invoer 1 gedaan. Invoer 2 moet een andere coördinator van deze wijk doen.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Invoer 2/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Verder met invoer 1' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'batch-second-entry-refused');
  });

  await test.step('going on with entry 1 starts at the next ballot: nothing typed was lost', async () => {
    await page.getByRole('button', { name: 'Verder met invoer 1' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Invoer 1: stembiljet 2' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'entry-1-resumed');
  });

  await test.step('the API refuses her second entry in words', async () => {
    const response = await page.request.put(`/api/rounds/${roundId}/paper-batches/1/entries/2/1`, {
      headers: { Authorization: `Bearer ${await api.token('coordinator-oude-noorden')}`, 'Accept-Language': 'nl' },
      data: { code: codes[0], choices: [{ proposalId: ids[0] }] },
    });
    expect(response.status()).toBe(403);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('paper-entry-same-coordinator');
    expect(problem.detail).toContain('Een tweede coördinator van deze wijk moet de stapel opnieuw invoeren');
  });
});
