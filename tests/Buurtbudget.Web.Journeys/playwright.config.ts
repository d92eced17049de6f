import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

/** The journeys of the web client, in the Debian Chromium of this machine (Playwright's own browser downloads are not
 * reachable here). The platform is started once by the global setup from the already built Release API and the
 * built client (src/Buurtbudget.Web/dist); the journeys share its seeded data, so they run one at a time. */
const artefacts = path.join(__dirname, 'artefacts');

export default defineConfig({
  testDir: './journeys',
  outputDir: path.join(artefacts, 'test-results'),
  globalSetup: require.resolve('./support/global-setup'),
  // One worker, files in name order: the journeys share one seeded platform (see each journey for what it changes).
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(artefacts, 'results.json') }],
    ['html', { outputFolder: path.join(artefacts, 'report'), open: 'never' }],
  ],
  use: {
    browserName: 'chromium',
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
    // A failed journey keeps its trace: every action with the page's DOM before and after it. The trace's own
    // screencast is left out (the failure screenshot and each checked page's screenshots remain): recording it cost
    // five journeys 16 % more time (115 against 99 s, one run after the other; 85 s without any trace).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // As the machine's probe starts it (as root, on a closed network). Playwright gives each browser a fresh,
      // empty user data directory of its own and adds --headless itself.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
