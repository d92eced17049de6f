import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { apiDll, artefacts, fail, webRoot } from './platform';

/** Checks once, before any worker starts, that what the journeys need was built: the Release API and the web client.
 * Each worker then starts a platform of its own from them (the `platform` fixture in support/fixtures.ts), unless
 * BUURTBUDGET_BASE_URL names one to use instead. */
export default async function globalSetup(_config: FullConfig): Promise<void> {
  fs.mkdirSync(artefacts, { recursive: true });
  if (process.env.BUURTBUDGET_BASE_URL) {
    return;
  }

  if (!fs.existsSync(apiDll)) fail(`${apiDll} is missing: build it first (dotnet build src/Buurtbudget.Api -c Release).`);
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) fail(`${webRoot}/index.html is missing: build the client first (npm run build in src/Buurtbudget.Web).`);
}
