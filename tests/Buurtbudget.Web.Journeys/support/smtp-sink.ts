import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** A minimal SMTP server on loopback that keeps every message it accepts as a file in a folder (one .eml each), for the
 * news journeys: the API's own sender (MailKit) talks SMTP to it over TCP as it would to a municipality's relay. It
 * speaks just enough SMTP for that: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. */
export async function startSmtpSink(folder: string): Promise<{ port: number; close: () => Promise<void> }> {
  fs.mkdirSync(folder, { recursive: true });
  let count = 0;
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let message: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost journeys SMTP sink');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            count += 1;
            fs.writeFileSync(path.join(folder, `${String(count).padStart(4, '0')}.eml`), message.join('\r\n'));
            message = [];
            reply('250 OK');
          } else {
            message.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('502 Command not implemented');
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
