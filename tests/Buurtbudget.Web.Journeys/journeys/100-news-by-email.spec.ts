import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPage, DELFSHAVEN, expect, signIn, test } from '../support/fixtures';

/** Journey: a resident without an account leaves an e-mail address on a round's page, confirms it with the link in
 * the message that arrives, and withdraws it with the link in that message.
 *
 * Each worker's platform sends the API's mail to an SMTP server on loopback that keeps each message as a file
 * (support/smtp-sink.ts). The set-up makes a round of its own in Delfshaven through the API. On its page, "Blijf op
 * de hoogte" refuses an empty and a malformed address at the field (with focus there), then takes a good one and says
 * to look in the mailbox. The confirmation message (Dutch first, English after, a List-Unsubscribe header) arrives;
 * its link confirms ("Uw e-mailadres is bevestigd") and leaves no token in the address bar; its withdrawal link
 * withdraws ("U bent afgemeld"), a second click says it was done already, and the API then refuses the confirmation
 * link. A link with a wrong token says in words that it does not work. A signed-in resident of Delfshaven sees their
 * own subscription for the wijk on the round page, its address partly hidden: waiting for confirmation, then confirmed. */
const journey = 'news-by-email';

/** The text of a kept message's body, decoded from quoted-printable or base64. */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Waits for the message to <address> in the sink's folder: its headers and decoded body. */
async function mailTo(address: string): Promise<{ head: string; body: string }> {
  const folder = process.env.BUURTBUDGET_JOURNEYS_MAIL;
  if (!folder) throw new Error('BUURTBUDGET_JOURNEYS_MAIL is not set: the platform fixture (support/platform.ts) starts the SMTP sink.');
  let found: { head: string; body: string } | null = null;
  await expect
    .poll(() => {
      for (const file of fs.readdirSync(folder).sort()) {
        const raw = fs.readFileSync(path.join(folder, file), 'utf8');
        const head = raw.split('\r\n\r\n')[0];
        if (new RegExp(`^To:.*${address.replace(/[.]/g, '\\.')}`, 'im').test(head)) found = { head, body: bodyOf(raw) };
      }
      return found !== null;
    }, { message: `a message to ${address} arrives at the SMTP server`, timeout: 30_000 })
    .toBe(true);
  return found!;
}

const linkIn = (body: string, page: string) => {
  const match = new RegExp(`https?://\\S+/${page}\\?token=\\S+`).exec(body);
  expect(match, `a ${page} link in the message`).not.toBeNull();
  return new URL(match![0]);
};

test('a resident leaves an address, confirms it from the message and withdraws it in one click', async ({ page, api }, testInfo) => {
  const title = `Nieuws Delfshaven journey ${Date.now()}`;
  const address = `nieuws.${Date.now()}@example.nl`;
  const roundId = await test.step('set-up through the API: a round of its own in submission', async () =>
    api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy' }));

  await test.step('the round page offers “Blijf op de hoogte” and refuses a wrong address at the field', async () => {
    await page.goto(`/rondes/${roundId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const section = page.getByRole('region', { name: 'Blijf op de hoogte' });
    await expect(section).toContainText('Delfshaven');
    const field = section.getByLabel('Uw e-mailadres');
    await section.getByRole('button', { name: 'Stuur mij nieuws' }).click();
    await expect(section.getByText('Vul uw e-mailadres in.')).toBeVisible();
    await expect(field).toBeFocused();
    await field.fill('naam at voorbeeld');
    await section.getByRole('button', { name: 'Stuur mij nieuws' }).click();
    await expect(section.getByText(/Dit is geen e-mailadres/)).toBeVisible();
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, journey, 'news form refused');

    await field.fill(address);
    await section.getByRole('button', { name: 'Stuur mij nieuws' }).click();
    await expect(section.getByRole('status')).toContainText('Kijk in uw e-mail');
    await expect(field).toHaveValue('');
    await checkPage(page, testInfo, journey, 'news form sent');
  });

  const mail = await test.step('the confirmation message arrives, Dutch first, with a one-click withdrawal', async () => {
    const message = await mailTo(address);
    expect(message.head).toMatch(/^Subject: .*Bevestig uw e-mailadres/im);
    expect(message.head).toMatch(/^List-Unsubscribe:\s*<http/im);
    expect(message.body.indexOf('Klik op deze link')).toBeLessThan(message.body.indexOf('Click this link'));
    return message;
  });

  await test.step('the link in the message confirms the address and leaves no token in the address bar', async () => {
    const confirm = linkIn(mail.body, 'nieuws/bevestigen');
    await page.goto(confirm.pathname + confirm.search);
    await expect(page.getByRole('heading', { level: 1, name: 'E-mailadres bevestigen' })).toBeVisible();
    await expect(page.getByText('Uw e-mailadres is bevestigd')).toBeVisible();
    expect(page.url()).not.toContain('token=');
    await checkPage(page, testInfo, journey, 'news confirmed');
  });

  await test.step('the withdrawal link withdraws at once; a second click says it was done already', async () => {
    const withdraw = linkIn(mail.body, 'nieuws/afmelden');
    await page.goto(withdraw.pathname + withdraw.search);
    await expect(page.getByText('U bent afgemeld')).toBeVisible();
    await expect(page.getByText('Uw e-mailadres is gewist.')).toBeVisible();
    await checkPage(page, testInfo, journey, 'news withdrawn');
    await page.goto(withdraw.pathname + withdraw.search);
    await expect(page.getByText('U was al afgemeld.')).toBeVisible();

    // The API agrees: the subscription is gone, so its confirmation link no longer works.
    const confirm = linkIn(mail.body, 'nieuws/bevestigen');
    const token = confirm.searchParams.get('token');
    const response = await page.request.post('/api/news/confirmations', { data: { token } });
    expect(response.status()).toBe(404);
    expect((await response.json()).code).toBe('news-link-invalid');
  });

  await test.step('a link with a wrong token says in words that it does not work', async () => {
    await page.goto('/nieuws/bevestigen?token=onzin');
    await expect(page.getByRole('alert')).toContainText('Deze link werkt niet');
    await expect(page.getByRole('alert')).toContainText('Kopieer de hele link uit de e-mail');
    await checkPage(page, testInfo, journey, 'news link wrong');
  });
});

test('a signed-in resident sees their own subscription on the round page, waiting and then confirmed', async ({ page, api }, testInfo) => {
  const title = `Nieuws eigen aanmelding journey ${Date.now()}`;
  const address = `lid.${Date.now()}@example.nl`;
  const roundId = await test.step('set-up through the API: a round of its own in submission', async () =>
    api.roundInSubmission(title, DELFSHAVEN, { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' }, outcomeRule: 'greedy' }));
  await signIn(page, testInfo, journey, 'bewoner-middelland');

  await test.step('subscribing signed in lists the address, partly hidden, as waiting for confirmation', async () => {
    await page.goto(`/rondes/${roundId}`);
    const section = page.getByRole('region', { name: 'Blijf op de hoogte' });
    await section.getByLabel('Uw e-mailadres').fill(address);
    await section.getByRole('button', { name: 'Stuur mij nieuws' }).click();
    const mine = section.getByRole('list', { name: 'Uw aanmeldingen voor deze wijk' });
    await expect(mine).toContainText('l…@example.nl wacht nog op bevestiging');
    await expect(section).not.toContainText(address);
  });

  await test.step('once confirmed from the message, the round page says news comes to that address', async () => {
    const mail = await mailTo(address);
    const confirm = linkIn(mail.body, 'nieuws/bevestigen');
    await page.goto(confirm.pathname + confirm.search);
    await expect(page.getByText('Uw e-mailadres is bevestigd')).toBeVisible();
    await page.goto(`/rondes/${roundId}`);
    const mine = page.getByRole('list', { name: 'Uw aanmeldingen voor deze wijk' });
    // Each subscription's line also holds its withdraw button (journey 133).
    await expect(mine).toContainText('U krijgt nieuws over wijk Delfshaven op l…@example.nl.');
    await checkPage(page, testInfo, journey, 'news own subscription');
  });
});
