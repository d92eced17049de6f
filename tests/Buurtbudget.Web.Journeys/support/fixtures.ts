import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { source as axeSource, type Result as AxeResult, type RunOptions } from 'axe-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startPlatform, type Platform } from './platform';

/** The widths every visited page is checked at: a small phone and a laptop. */
export const WIDTHS = [360, 1280] as const;
const DESKTOP = { width: 1280, height: 900 };
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  // Only the violations are read; the other kinds of result are still decided but not described node by node.
  resultTypes: ['violations'],
};
const screenshots = path.resolve(__dirname, '..', 'artefacts', 'screenshots');

/** The demo personas (README, "Vote with curl"). */
export type Persona =
  | 'bewoner-middelland'
  | 'bewoner-oude-noorden'
  | 'coordinator-middelland'
  | 'coordinator-oude-noorden'
  | 'auditor'
  | 'admin'
  | 'tweede-wijkcoordinator-noord'
  | 'bewoner-spangen';

/** The seeded rounds (seeds/demo.json). */
export const MIDDELLAND_ROUND = '019a8e3c-5a00-7000-8000-000000000001';
export const OUDE_NOORDEN_ROUND = '019a8e3c-5a00-7000-8000-000000000002';

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** axe-core's violations on the page as it is now. axe is put into the document once and run there directly
 * (axe.run), which is what @axe-core/playwright's legacy mode does too: its default mode opens a blank page for
 * every check and loads axe into it again, which made a check take about 1.9 s instead of 0.3 s. The client has no
 * frames, so the one document is all there is to check. After a navigation the new document gets axe again. */
export async function axeViolations(page: Page): Promise<AxeResult[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, options),
    AXE_OPTIONS,
  );
  return results.violations;
}

/** Formats axe's violations so that a failure says what to fix: id, impact, help and the first targets. */
export function describeViolations(violations: AxeResult[]): string[] {
  return violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')).join(' | ');
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `${v.id} [${v.impact ?? 'unknown'}] ${v.help}: ${targets}${more}`;
  });
}

/** Checks the page as it is now at 360 px and at 1280 px wide: a full-page screenshot of each, saved as
 * artefacts/screenshots/<journey>--<page>--<width>.png, and axe-core (WCAG 2.0/2.1 A and AA) with no violations.
 * Axe failures are soft, so that the journey goes on and reports every page's violations. The viewport is
 * 1280 px wide again afterwards. */
export async function checkPage(page: Page, testInfo: TestInfo, journey: string, pageName: string): Promise<void> {
  fs.mkdirSync(screenshots, { recursive: true });
  await test.step(`check ${pageName} at ${WIDTHS.join(' and ')} px`, async () => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : DESKTOP.height });
      await settle(page);
      const file = path.join(screenshots, `${slug(journey)}--${slug(pageName)}--${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`${pageName} ${width}px`, { path: file, contentType: 'image/png' });

      const lines = describeViolations(await axeViolations(page));
      expect
        .soft(lines, `axe-core: ${lines.length} violation(s) on "${pageName}" at ${width} px (${page.url()}):\n  ${lines.join('\n  ')}`)
        .toEqual([]);
    }
    await page.setViewportSize(DESKTOP);
    await settle(page);
  });
}

/** Asserts that the focused element is the expected one and that its focus is visible: it matches :focus-visible
 * and draws an outline or a box shadow. */
export async function expectVisibleFocus(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  await expect(locator).toBeFocused();
  const style = await locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      focusVisible: el.matches(':focus-visible'),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : '',
      boxShadow: s.boxShadow !== 'none' ? s.boxShadow : '',
    };
  });
  expect(style.focusVisible, 'the focused element matches :focus-visible').toBe(true);
  expect(style.outline || style.boxShadow, 'the focused element shows a focus outline or ring').not.toBe('');
}

/** The platform's API as the journeys' set-up uses it: tokens of the demo personas and JSON calls. */
export class Api {
  constructor(private readonly request: APIRequestContext) {}

  async token(persona: Persona): Promise<string> {
    const response = await this.request.post(`/api/dev/personas/${persona}/token`);
    expect(response.status(), `token for ${persona}`).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async call<T = unknown>(method: 'GET' | 'POST' | 'PUT', url: string, token: string, data?: unknown, expected = [200, 201, 204]): Promise<T> {
    const response = await this.request.fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      data,
    });
    const text = await response.text();
    expect(expected, `${method} ${url} answered ${response.status()}: ${text.slice(0, 500)}`).toContain(response.status());
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A new round of the journey's own, created by the admin and opened for proposals: its id. Creating a round
   * reserves its budget from the wijk's budget, so the municipality allocates that money to the wijk first. */
  async roundInSubmission(title: string, wijk: { code: string; name: string }, rules: Record<string, unknown>): Promise<string> {
    const admin = await this.token('admin');
    await this.call('POST', `/api/wijken/${wijk.code}/budget/allocations`, admin, {
      amountCents: rules.budgetCents,
      reason: `Budget voor de journey-ronde ${title}`,
    });
    const round = await this.call<{ id: string; phase: string }>('POST', '/api/rounds', admin, {
      districtCode: wijk.code,
      districtName: wijk.name,
      municipalityName: 'Rotterdam',
      title,
      rules,
    });
    if (round.phase === 'draft') await this.call('POST', `/api/rounds/${round.id}/phase`, admin, { to: 'submission' });
    return round.id;
  }

  /** A new round of the wijk taken to spending: bewoner-oude-noorden (of Noord) submits the proposals, the wijk's
   * coordinator finds each feasible at its estimate, the resident votes for the chosen ones (by index; all when left
   * out), and the admin closes the vote and starts spending. Its id. */
  async roundInSpending(
    title: string,
    wijk: { code: string; name: string },
    budgetCents: number,
    proposals: { title: string; description: string; category: string; estimatedCostCents: number }[],
    chosen: number[] = proposals.map((_, index) => index),
  ): Promise<string> {
    const admin = await this.token('admin');
    const roundId = await this.roundInSubmission(title, wijk, {
      budgetCents, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy', liveTallyVisible: true,
    });
    const resident = await this.token('bewoner-oude-noorden');
    const ids: number[] = [];
    for (const proposal of proposals) {
      ids.push((await this.call<{ id: number }>('POST', `/api/rounds/${roundId}/proposals`, resident, proposal)).id);
    }
    await this.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'review' });
    const coordinator = await this.token('coordinator-oude-noorden');
    for (const [index, id] of ids.entries()) {
      await this.call('POST', `/api/rounds/${roundId}/proposals/${id}/review`, coordinator, { decision: 'feasible', approvedCostCents: proposals[index].estimatedCostCents });
    }
    await this.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'voting' });
    await this.call('PUT', `/api/rounds/${roundId}/ballot`, resident, { choices: chosen.map((index) => ({ proposalId: ids[index] })) });
    await this.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'tallied' });
    await this.call('POST', `/api/rounds/${roundId}/phase`, admin, { to: 'spending' });
    return roundId;
  }
}

export const DELFSHAVEN = { code: 'WK059903', name: 'Delfshaven' };
export const NOORD = { code: 'WK059905', name: 'Noord' };

/** Signs in through the client's "Inloggen" button and the development provider's persona page (authorization
 * code with PKCE), and waits until the client shows the signed-in state. The persona page is checked too. */
export async function signIn(page: Page, testInfo: TestInfo, journey: string, persona: Persona, options: { check?: boolean } = {}): Promise<void> {
  await test.step(`sign in as ${persona}`, async () => {
    if (!/^https?:\/\/[^/]+\//.test(page.url()) || page.url() === 'about:blank') {
      await page.goto('/');
    }
    await page.getByRole('banner').getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/dev\/oidc\/authorize/);
    const choice = page.getByRole('button', { name: new RegExp(persona) });
    await expect(choice).toBeVisible();
    if (options.check) await checkPage(page, testInfo, journey, 'persona-picker');
    await choice.click();
    await expect(page.getByRole('banner').getByRole('button', { name: 'Uitloggen' })).toBeVisible();
  });
}

/** The platform the journeys of this worker use. Each worker starts one of its own, so that journeys running at the
 * same time never meet in one platform's data (the journeys do not depend on each other's order; those of one
 * worker share its platform, as all of them did when they ran one after the other). Its address, data directory and
 * mail folder also go into the worker's environment (BUURTBUDGET_BASE_URL, BUURTBUDGET_JOURNEYS_DATA,
 * BUURTBUDGET_JOURNEYS_MAIL), where the journeys' helpers read them. With BUURTBUDGET_BASE_URL set beforehand, the
 * journeys use that platform and nothing is started. */
export const test = base.extend<{ api: Api }, { platform: Platform }>({
  platform: [
    async ({}, use, workerInfo) => {
      const given = process.env.BUURTBUDGET_BASE_URL;
      if (given) {
        await use({ baseUrl: given, data: process.env.BUURTBUDGET_JOURNEYS_DATA ?? '', mail: process.env.BUURTBUDGET_JOURNEYS_MAIL ?? '' });
        return;
      }

      const { platform, stop } = await startPlatform(`api-${workerInfo.workerIndex}.log`);
      process.env.BUURTBUDGET_BASE_URL = platform.baseUrl;
      process.env.BUURTBUDGET_JOURNEYS_DATA = platform.data;
      process.env.BUURTBUDGET_JOURNEYS_MAIL = platform.mail;
      try {
        await use(platform);
      } finally {
        delete process.env.BUURTBUDGET_BASE_URL;
        delete process.env.BUURTBUDGET_JOURNEYS_DATA;
        delete process.env.BUURTBUDGET_JOURNEYS_MAIL;
        await stop();
      }
    },
    { scope: 'worker', auto: true, timeout: 120_000 },
  ],
  baseURL: async ({ platform }, use) => {
    await use(platform.baseUrl);
  },
  api: async ({ request }, use) => {
    await use(new Api(request));
  },
});

export { expect };
