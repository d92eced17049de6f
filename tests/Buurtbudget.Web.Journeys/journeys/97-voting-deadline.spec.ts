import { checkPage, expect, NOORD, signIn, test } from '../support/fixtures';

/** Journey: residents see until when they can vote, in Dutch time, with the time left.
 *
 * The set-up makes a round of its own in Noord through the API with one feasible proposal, sets its calendar (voting
 * closes three days and some hours from now) and opens voting by hand. The round page, the ballot page and the home
 * page each say "Stemmen kan tot <weekday date> om <time> (nog 3 dagen)" with a <time datetime> of the API's closing
 * moment; a second round, opened for voting without a calendar, says the coordinator closes the vote. */
const journey = 'voting-deadline';

/** The closing moment as the client must show it: Dutch words, Dutch time (whatever this machine's zone). */
const dutch = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam',
  }).format(new Date(iso));

test('the round, ballot and home pages say until when voting is open, with the days left', async ({ page, api }, testInfo) => {
  const title = `Deadline Noord journey ${Date.now()}`;
  /** A round of its own in Noord with one feasible proposal, in review; voting is opened by the caller. */
  const roundInReview = async (roundTitle: string) => {
    const admin = await api.token('admin');
    const id = await api.roundInSubmission(roundTitle, NOORD, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy' });
    const resident = await api.token('bewoner-oude-noorden');
    await api.call('POST', `/api/rounds/${id}/proposals`, resident, {
      title: 'Lantaarns langs het Noorderkanaal', description: 'Licht op het fietspad.', category: 'lighting', estimatedCostCents: 300_000,
    });
    await api.call('POST', `/api/rounds/${id}/phase`, admin, { to: 'review' });
    const coordinator = await api.token('coordinator-oude-noorden');
    await api.call('POST', `/api/rounds/${id}/proposals/1/review`, coordinator, { decision: 'feasible', approvedCostCents: 300_000 });
    return { id, coordinator, resident };
  };

  const { roundId, closes } = await test.step('set-up through the API: a round in voting with a calendar', async () => {
    const { id, coordinator, resident } = await roundInReview(title);

    // Three days and two to three hours ahead, on a whole hour: "nog 3 dagen" however long the journey takes.
    const hour = 3_600_000;
    const now = Date.now();
    const closesAt = new Date(Math.ceil((now + 3 * 24 * hour + 2 * hour) / hour) * hour);
    await api.call('PUT', `/api/rounds/${id}/calendar`, coordinator, {
      submissionOpens: new Date(now - 3 * 24 * hour).toISOString(),
      submissionCloses: new Date(now - 2 * 24 * hour).toISOString(),
      votingOpens: new Date(now + hour).toISOString(),
      votingCloses: closesAt.toISOString(),
    });
    await api.call('POST', `/api/rounds/${id}/phase`, coordinator, { to: 'voting' });
    const round = await api.call<{ phase: string; calendar: { votingCloses: string } }>('GET', `/api/rounds/${id}`, resident);
    expect(round.phase).toBe('voting');
    return { roundId: id, closes: round.calendar.votingCloses };
  });
  const expected = `Stemmen kan tot ${dutch(closes)} (nog 3 dagen).`;

  const expectDeadline = async (scope: ReturnType<typeof page.locator>) => {
    const line = scope.locator('.voting-deadline');
    await expect(line).toHaveText(expected);
    const time = line.locator('time');
    await expect(time).toHaveText(dutch(closes));
    expect(new Date((await time.getAttribute('datetime'))!).getTime(), 'the <time datetime> is the API’s closing moment').toBe(new Date(closes).getTime());
  };

  await test.step('the round page, before signing in', async () => {
    await page.goto(`/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expectDeadline(page.getByRole('main'));
    await checkPage(page, testInfo, journey, 'round');
  });

  await signIn(page, testInfo, journey, 'bewoner-oude-noorden');

  await test.step('the ballot page', async () => {
    await page.goto(`/rondes/${roundId}/stembiljet`);
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
    await expectDeadline(page.getByRole('main'));
    await checkPage(page, testInfo, journey, 'ballot');
  });

  await test.step('the home page, on the round’s card', async () => {
    await page.goto('/');
    const card = page.locator('.card').filter({ has: page.getByRole('link', { name: title, exact: true }) });
    await expect(card).toBeVisible();
    await expectDeadline(card);
    await checkPage(page, testInfo, journey, 'home');
  });

  await test.step('a round in voting without a closing moment says the coordinator closes it', async () => {
    const { id, coordinator } = await roundInReview(`Zonder einddatum Noord journey ${Date.now()}`);
    await api.call('POST', `/api/rounds/${id}/phase`, coordinator, { to: 'voting' });
    await page.goto(`/rondes/${id}`);
    await expect(page.getByRole('main').locator('.voting-deadline')).toHaveText('Er is geen vaste einddatum voor het stemmen. De wijkcoördinator sluit de stemming.');
    await checkPage(page, testInfo, journey, 'round-without-deadline');
  });
});
