import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey 134 (issue 18, item 3): a resident agrees with a neighbour's argument.
 *
 * The set-up makes a round of its own in Delfshaven in submission with one proposal and one argument for it by
 * bewoner-middelland, under the name "Buur van het Grote Visserijplein" (API). Signed in as bewoner-spangen, another
 * resident of Delfshaven: the argument says nobody agrees yet and offers "Ik ben het eens"; pressing it says that the
 * agreement counts, the count reads one person, and the button gives way to "U bent het hiermee eens", which takes
 * the focus (it is not lost to the start of the page). A reload keeps it, with no button to agree twice; the API
 * counts one agreement, the author's and this resident's views agree on it. */
const journey = 'arguments-agree';
const argumentText = 'Op het plein is het na zonsondergang te donker om de kinderen te zien spelen.';

test('a resident of the wijk agrees once with someone else’s argument, and the count says so', async ({ page, api }, testInfo) => {
  const title = `Argumenten eens ${Date.now()}`;
  const roundId = await test.step('set-up through the API: a round in submission, a proposal and an argument by its author', async () => {
    const id = await api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } });
    const author = await api.token('bewoner-middelland');
    await api.call('POST', `/api/rounds/${id}/proposals`, author, {
      title: 'Lantaarns op het Grote Visserijplein', description: 'Vier lantaarns rond de speelplek op het plein.', category: 'lighting', estimatedCostCents: 350_000,
    });
    await api.call('POST', `/api/rounds/${id}/proposals/1/arguments`, author, { side: 'for', text: argumentText, displayName: 'Buur van het Grote Visserijplein' });
    return id;
  });

  await signIn(page, testInfo, journey, 'bewoner-spangen');
  await page.goto(`/rondes/${roundId}/voorstellen/1`);
  const argument = page.getByRole('region', { name: 'Argumenten voor (1)' }).getByRole('article');

  await test.step('the neighbour’s argument offers "Ik ben het eens"', async () => {
    await expect(argument).toContainText('Buur van het Grote Visserijplein');
    await expect(argument).toContainText(argumentText);
    await expect(argument).toContainText('Nog niemand is het hiermee eens.');
    await expect(argument).not.toContainText('Uw argument');
    await checkPage(page, testInfo, journey, 'before-agreeing');
  });

  await test.step('agreeing counts once, and the focus goes to what replaced the button', async () => {
    await argument.getByRole('button', { name: 'Ik ben het eens' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'U bent het eens met dit argument. Dat telt nu mee.' })).toBeVisible();
    await expect(argument).toContainText('1 persoon is het hiermee eens.');
    await expect(argument.getByRole('button', { name: 'Ik ben het eens' })).toHaveCount(0);
    await expect(argument.getByText('U bent het hiermee eens', { exact: true })).toBeVisible();
    await expect(page.locator(':focus')).toHaveText('U bent het hiermee eens');
    await checkPage(page, testInfo, journey, 'agreed');
  });

  await test.step('after a reload it still counts once, with nothing to press again; the API agrees', async () => {
    await page.reload();
    await expect(argument).toContainText('1 persoon is het hiermee eens.');
    await expect(argument.getByRole('button', { name: 'Ik ben het eens' })).toHaveCount(0);
    await expect(argument.getByText('U bent het hiermee eens', { exact: true })).toBeVisible();

    type Listed = { for: { agreements: number; agreedByMe: boolean; mine: boolean }[] };
    const path = `/api/rounds/${roundId}/proposals/1/arguments`;
    const asAgreeing = await api.call<Listed>('GET', path, await api.token('bewoner-spangen'));
    expect(asAgreeing.for).toEqual([expect.objectContaining({ agreements: 1, agreedByMe: true, mine: false })]);
    const asAuthor = await api.call<Listed>('GET', path, await api.token('bewoner-middelland'));
    expect(asAuthor.for).toEqual([expect.objectContaining({ agreements: 1, agreedByMe: false, mine: true })]);
  });
});
