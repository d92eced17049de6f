import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** What the municipality does, at the municipality: the CLI hashes the person's sign-in identity (issuer and subject,
 * as the broker's tokens carry them) and makes their letter's code, with the platform's key file. Gives the body of
 * `PUT /api/rounds/{id}/voter-register` (keyed hashes only) and the code printed in the letter. */
export function registerWithLetter(roundId: string, token: string): { upload: string; code: string; subject: string } {
  const { iss, sub } = claimsOf(token);
  const data = process.env.BUURTBUDGET_JOURNEYS_DATA;
  if (!data) throw new Error('This journey needs a platform started by the platform fixture (support/platform.ts): its key file.');
  const keyFile = findFile(data, 'participant-hash-key');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'buurtbudget-register-'));
  try {
    const list = path.join(work, 'register.csv');
    const letters = path.join(work, 'letters.csv');
    fs.writeFileSync(list, `${sub},brief-0001\n`);
    const cli = path.join(root, 'src/Buurtbudget.Cli/bin/Release/net10.0/buurtbudget.dll');
    const upload = execFileSync('dotnet', [cli, 'register-hash', '--issuer', iss, '--key-file', keyFile, '--subjects', list, '--round', roundId, '--letters', letters], { encoding: 'utf8' });
    const code = fs.readFileSync(letters, 'utf8').trim().split('\n')[1].split(',')[1];
    return { upload, code, subject: sub };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function findFile(folder: string, name: string): string {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return '';
}

function claimsOf(token: string): { iss: string; sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iss: string; sub: string };
}
