import { checkPage, expect, signIn, test } from '../support/fixtures';

/** Journey: an admin opens the Orleans dashboard from /beheer. The button asks the API for a ticket with the admin's
 * token; the answer sets a cookie for /dashboard only, and the page opens in the same tab. The dashboard's page runs
 * under its own Content-Security-Policy: the browser must refuse nothing it needs to run (scripts, data, fonts); it
 * refuses inline styles, which only cost the Lifecycle diagram its colours. Changes no data. */
const journey = 'admin-cluster-dashboard';

test('an admin opens the cluster dashboard from /beheer, and the dashboard runs under its policy', async ({ page, context }, testInfo) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refused.push(message.text());
  });

  await test.step('without a ticket, the dashboard says where to open it', async () => {
    const response = await page.request.get('/dashboard/ClusterStats');
    expect(response.status()).toBe(401);
    expect((await response.json()).code).toBe('dashboard-ticket-needed');
  });

  await signIn(page, testInfo, journey, 'admin');

  await test.step('/beheer offers the cluster dashboard to an admin', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await expect(page).toHaveURL(/\/beheer$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Servers van het platform' })).toBeVisible();
    await checkPage(page, testInfo, journey, 'beheer-admin');
  });

  await test.step('the button opens the dashboard with a cookie for its path only', async () => {
    await page.getByRole('button', { name: 'Clusterdashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard\/$/);
    await expect(page).toHaveTitle('Orleans Dashboard');
    await expect(page.getByText('Active silos', { exact: false }).first()).toBeVisible();
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'buurtbudget-dashboard');
    expect(cookie).toMatchObject({ path: '/dashboard', httpOnly: true, sameSite: 'Strict' });
  });

  await test.step('its pages load their data and the round grains show as a type, not by key', async () => {
    await page.goto('/dashboard/#/grains');
    await expect(page.getByRole('link', { name: 'RoundGrain', exact: true })).toBeVisible();
    await page.goto('/dashboard/#/lifecycle');
    await expect(page.getByRole('heading', { level: 1, name: 'Lifecycle' })).toBeVisible();
    // The diagram is drawn (without its colours): the silo's start-up stages by name.
    await expect(page.getByText('RuntimeInitialize', { exact: false }).first()).toBeVisible();
  });

  await test.step('the browser refused only inline styles', async () => {
    const other = refused.filter((text) => !text.includes('inline style'));
    expect(other, other.join('\n')).toEqual([]);
  });
});
