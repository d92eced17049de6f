import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey 133 (issue 18, item 4): a resident withdraws a news subscription from their own list.
 *
 * The set-up makes a round of its own in Delfshaven in submission (API). Signed in as bewoner-middelland, the resident
 * subscribes on the round page with an address of their own; their list names it partly hidden with a button
 * "Afmelden voor q…@example.nl"; pressing it says they are unsubscribed and the address deleted, the line is gone, and
 * the API's list of their subscriptions no longer holds it. */
const journey = 'news-withdraw-from-my-list';

test('a signed-in resident withdraws one subscription with the button in their own list', async ({ page, api }, testInfo) => {
  const title = `Nieuws afmelden uit de lijst ${Date.now()}`;
  const address = `q.${Date.now()}@example.nl`;
  const roundId = await test.step('set-up through the API: a round of its own in submission', async () =>
    api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } }));
  await signIn(page, testInfo, journey, 'bewoner-middelland');
  await page.goto(`/rondes/${roundId}`);
  const section = page.getByRole('region', { name: 'Blijf op de hoogte' });
  const button = section.getByRole('button', { name: 'Afmelden voor q…@example.nl' });

  await test.step('the new subscription is listed with its own withdraw button', async () => {
    await section.getByLabel('Uw e-mailadres').fill(address);
    await section.getByRole('button', { name: 'Stuur mij nieuws' }).click();
    await expect(section.getByRole('list', { name: 'Uw aanmeldingen voor deze wijk' })).toContainText('q…@example.nl wacht nog op bevestiging');
    await expect(button).toBeVisible();
    await checkPage(page, testInfo, journey, 'my-subscriptions');
  });

  await test.step('the button withdraws it at once, and the API agrees', async () => {
    await button.click();
    await expect(section.getByRole('status').filter({ hasText: 'U bent afgemeld. Wij sturen geen nieuws meer naar q…@example.nl en het adres is gewist.' })).toBeVisible();
    await expect(button).toHaveCount(0);
    await expect(section).not.toContainText('q…@example.nl wacht');
    const mine = await api.call<{ address: string }[]>('GET', '/api/news/subscriptions/mine', await api.token('bewoner-middelland'));
    expect(mine.map((s) => s.address)).not.toContain('q…@example.nl');
    await checkPage(page, testInfo, journey, 'withdrawn');
  });
});
