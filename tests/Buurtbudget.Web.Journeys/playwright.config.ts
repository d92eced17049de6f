import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

/** The journeys of the web client, in the Debian Chromium of this machine (Playwright's own browser downloads are not
 * reachable here). Each worker starts a platform of its own from the already built Release API and the built client
 * (src/Buurtbudget.Web/dist; the `platform` fixture in support/fixtures.ts), and runs its journeys one at a time
 * against it. */
const artefacts = path.join(__dirname, 'artefacts');

export default defineConfig({
  testDir: './journeys',
  outputDir: path.join(artefacts, 'test-results'),
  globalSetup: require.resolve('./support/global-setup'),
  // Two workers, each with its own seeded platform, a journey file at a time, in name order: one worker left a fifth
  // of this two-core machine idle (Chromium, the API and the test runner wait on each other), two use it. A platform
  // named by BUURTBUDGET_BASE_URL is one for all journeys, so they then run one at a time.
  workers: process.env.BUURTBUDGET_BASE_URL ? 1 : 2,
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
    // A failed journey keeps its trace: every action with its timing, the console, the network and the error, beside
    // the failure screenshot and the page's accessibility tree at the failure (error-context.md). The trace records
    // no screencast and no copy of the DOM at each action: those cost every journey, failed or not, about a fifth
    // more time (five journeys: 135 to 140 s with the DOM copies, 115 to 122 s without them or with no trace at all,
    // one run after the other).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false },
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
