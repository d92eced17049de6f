import { checkPage, expect, signIn, test } from '../support/fixtures';
import { paperProposals as proposals, roundWithCodes } from '../support/paper';

/** Journey: paper ballots of a round with points.
 *
 * The set-up makes a round in voting in Noord in which each resident shares 5 points (at most 3 per proposal), with
 * three codes and a batch (API). coordinator-oude-noorden types entry 1: the form asks for numbers and points and has a
 * points field per proposal instead of a box; "1:0" and a proposal not on the ballot are refused at the field in words,
 * and a points field changed after that keeps the number not on the ballot in the field; "1:3 3" is typed as 3 points and 1 point, and the points fields and the numbers field follow each other; a paper with
 * more points than the round allows is refused by the round, in words, and nothing is stored for it. The API holds the
 * typed points. When tweede-wijkcoordinator-noord's entry 2 (API) reads other points, the difference names the points
 * of both entries. */
const journey = 'paper-points';

test('a paper ballot with points is typed with its points, and one with too many is refused', async ({ page, api }, testInfo) => {
  const { roundId, ids, codes } = await test.step('set-up through the API: a round with points in voting, three codes and a batch', async () => {
    const made = await roundWithCodes(api, `Stemavond punten journey ${Date.now()}`, { kind: 'cumulative-points', points: 5, maxPerProposal: 3 });
    await api.call('POST', `/api/rounds/${made.roundId}/paper-batches`, await api.token('coordinator-oude-noorden'), { label: 'Wijkcentrum, stapel 1' });
    return made;
  });
  const [first, second, third] = ids;

  await signIn(page, testInfo, journey, 'coordinator-oude-noorden');
  await page.goto(`/beheer/rondes/${roundId}/papier/1`);
  await page.getByRole('button', { name: 'Invoer 1 beginnen' }).click();
  const code = page.getByRole('textbox', { name: 'Stemcode op het stembiljet' });
  const marks = page.getByRole('textbox', { name: 'Nummers en punten van de voorstellen' });
  const pointsOf = (index: number) => page.getByRole('spinbutton', { name: new RegExp(proposals[index].title) });
  const saved = (next: number) => page.getByRole('status').filter({ hasText: `Typ nu stembiljet ${next}.` });

  await test.step('the form asks for points, and refuses points that cannot be and numbers not on the ballot', async () => {
    await expect(page.getByRole('group', { name: 'Punten per voorstel' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: new RegExp(proposals[0].title) })).toHaveCount(0);
    // A phone's number pad has no ":", so the field asks for the full keyboard.
    await expect(marks).toHaveAttribute('inputmode', 'text');
    await code.fill(codes[0]);
    await marks.fill(`${first}:0`);
    await marks.press('Enter');
    await expect(page.getByText(`Punten zijn een heel getal van 1 of meer, zoals 3:2. Kijk nog eens bij: ${first}:0.`)).toBeVisible();
    await expect(marks).toBeFocused();
    await marks.fill(`${first}:2 9`);
    await marks.press('Enter');
    await expect(page.getByText('Deze nummers staan niet op het stembiljet: 9.')).toBeVisible();
    // A points field changed after that keeps the number it could not take, so Enter refuses it again.
    await pointsOf(1).fill('1');
    await expect(marks).toHaveValue(`${first}:2 ${second} 9`);
    await marks.press('Enter');
    await expect(page.getByText('Deze nummers staan niet op het stembiljet: 9.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'points-refused-at-the-field');
  });

  await test.step('numbers with points fill the points fields, and a points field writes the numbers', async () => {
    await marks.fill(`${first}:3 ${third}`);
    await expect(pointsOf(0)).toHaveValue('3');
    await expect(pointsOf(1)).toHaveValue('');
    await expect(pointsOf(2)).toHaveValue('1');
    await pointsOf(1).fill('1');
    await expect(marks).toHaveValue(`${first}:3 ${second} ${third}`);
    await pointsOf(1).fill('0');
    await expect(marks).toHaveValue(`${first}:3 ${third}`);
    await marks.press('Enter');
    await expect(saved(2)).toBeVisible();
    await expect(code).toBeFocused();
  });

  await test.step('a paper with more points than the round allows is refused by the round, and nothing is stored', async () => {
    await code.fill(codes[1]);
    await marks.fill(`${first}:3 ${second}:3`);
    await marks.press('Enter');
    await expect(page.getByRole('alert')).toContainText('Te veel punten');
    await expect(page.getByRole('alert')).toContainText('U verdeelde 6 punten; u heeft er 5.');
    await expect(page.getByRole('heading', { level: 2, name: 'Invoer 1: stembiljet 2' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'too-many-points');
  });

  await test.step('the API holds the typed points', async () => {
    const typed = await api.call<{ ballots: { position: number; ballot: { spoiled: boolean; choices: { proposalId: number; points: number }[] } }[] }>(
      'GET', `/api/rounds/${roundId}/paper-batches/1/entries/1`, await api.token('coordinator-oude-noorden'));
    expect(typed.ballots).toEqual([{ position: 1, ballot: { spoiled: false, choices: [{ proposalId: first, points: 3 }, { proposalId: third, points: 1 }] } }]);
  });

  await test.step('a difference in points between the two entries is shown with the points', async () => {
    const coordinator = await api.token('coordinator-oude-noorden');
    const second = await api.token('tweede-wijkcoordinator-noord');
    await api.call('POST', `/api/rounds/${roundId}/paper-batches/1/entries/1/finish`, coordinator);
    await api.call('PUT', `/api/rounds/${roundId}/paper-batches/1/entries/2/1`, second, { code: codes[0], choices: [{ proposalId: first, points: 2 }, { proposalId: third, points: 2 }] });
    await api.call('POST', `/api/rounds/${roundId}/paper-batches/1/entries/2/finish`, second);
    await page.reload();
    const difference = page.getByRole('article', { name: 'Stembiljet 1' });
    await expect(difference).toContainText(`${first}. ${proposals[0].title} (3 punten), ${third}. ${proposals[2].title} (1 punt)`);
    await expect(difference).toContainText(`${first}. ${proposals[0].title} (2 punten), ${third}. ${proposals[2].title} (2 punten)`);
    await checkPage(page, testInfo, journey, 'difference-in-points');
  });
});
