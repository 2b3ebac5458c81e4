/**
 * An {@link EmailSender} that drops each message as an RFC 5322 `.eml` file into a directory
 * (see `email-channel.ts` for why). Files are written to a temporary name and renamed, so a relay
 * watching the directory never picks up half a message.
 *
 * @example
 *   const sender = new OutboxEmailSender('/var/spool/accord-mail', { from: 'accord@acme.example' });
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessage, EmailSender } from './email-channel.ts';

// Header values must not carry a line break (header injection through a record value).
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export class OutboxEmailSender implements EmailSender {
  private readonly from: string;
  constructor(
    readonly dir: string,
    options: { from?: string | undefined } = {},
  ) {
    this.from = options.from ?? 'accord@localhost';
  }

  async send(message: EmailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const eml = [
      `From: ${oneLine(this.from)}`,
      `To: ${message.to.map(oneLine).join(', ')}`,
      `Subject: ${oneLine(message.subject)}`,
      `Date: ${new Date(message.at).toUTCString()}`,
      `Message-ID: <${oneLine(message.id)}@accord>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      message.text.replace(/\r?\n/g, '\r\n'),
    ].join('\r\n');
    const name = `${message.at.replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
    const tmp = join(this.dir, `.${name}.tmp`);
    await writeFile(tmp, eml, 'utf8');
    await rename(tmp, join(this.dir, name));
  }
}
