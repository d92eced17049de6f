import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSmtpSink } from './smtp-sink';

/** The platform the journeys of one worker use: where it answers, its data directory (which holds its key files) and
 * the folder its news mail lands in. */
export type Platform = { baseUrl: string; data: string; mail: string };

const repo = path.resolve(__dirname, '..', '..', '..');
export const artefacts = path.resolve(__dirname, '..', 'artefacts');
export const apiDll = path.join(repo, 'src', 'Buurtbudget.Api', 'bin', 'Release', 'net10.0', 'Buurtbudget.Api.dll');
export const webRoot = path.join(repo, 'src', 'Buurtbudget.Web', 'dist');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function fail(message: string): never {
  throw new Error(`Journeys: ${message}`);
}

async function waitForReady(baseUrl: string, api: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (api.exitCode !== null) {
      fail(`the API exited with code ${api.exitCode} before it was ready; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`the API was not ready within ${timeoutMs / 1000} s (${last}); see ${logFile}:\n${tail(logFile)}`);
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a platform of its own: the Release API (built beforehand, nothing is built here) in Development on a free
 * loopback port, with a fresh data directory that the seeds fill, its own development signing key, the built web
 * client at the root URL, a gemeente's theme, and news mail sent to an SMTP server on loopback that keeps each message
 * as a file (support/smtp-sink.ts). Its log goes to artefacts/<logName>. Gives the platform and a function that stops
 * it and removes its data directory. */
export async function startPlatform(logName: string): Promise<{ platform: Platform; stop: () => Promise<void> }> {
  fs.mkdirSync(artefacts, { recursive: true });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'buurtbudget-journeys-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(artefacts, logName);
  const log = fs.openSync(logFile, 'w');
  const mail = path.join(data, 'mail');
  const smtp = await startSmtpSink(mail);

  const api = spawn('dotnet', [apiDll], {
    cwd: path.dirname(apiDll),
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      DOTNET_ENVIRONMENT: 'Development',
      ASPNETCORE_URLS: baseUrl,
      BUURTBUDGET_DATA: path.join(data, 'data'),
      BUURTBUDGET_DEV_KEYS: path.join(data, 'dev-keys'),
      Seeds__Directory: path.join(repo, 'seeds'),
      // Off by default (it times every grain call); the admin's journey to it needs it, as an operator would set.
      Orleans__Dashboard__Enabled: 'true',
      WebClient__Root: webRoot,
      // A gemeente's own front door, as README "A gemeente's own theme" describes: name, logo and one basis token.
      Municipality__Name: 'Voorbeeldstad',
      Municipality__LogoPath: '/favicon.svg',
      'Municipality__Tokens__basis-color-accent-1-inverse-bg-default': '#00689e',
      News__Smtp__Host: '127.0.0.1',
      News__Smtp__Port: String(smtp.port),
      News__Smtp__Security: 'None',
      News__PublicUrl: `${baseUrl}/`,
      News__PollInterval: '00:00:00.500',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
    },
    stdio: ['ignore', log, log],
    detached: false,
  });
  fs.closeSync(log);

  const stop = async () => {
    if (api.exitCode === null) {
      const exited = new Promise<void>((resolve) => api.once('exit', () => resolve()));
      api.kill('SIGTERM');
      const timer = setTimeout(() => api.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await smtp.close();
    fs.rmSync(data, { recursive: true, force: true });
  };

  try {
    await waitForReady(baseUrl, api, logFile, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return { platform: { baseUrl, data, mail }, stop };
}
