/**
 * Emails alerts through a pluggable {@link EmailSender}. Accord ships one sender, the outbox
 * (`outbox-email-sender.ts`), which writes each message as an RFC 5322 `.eml` file into a
 * directory instead of speaking SMTP.
 *
 * Why an outbox, not SMTP: SMTP would add a dependency, credentials and a network path to the
 * engine, and a mail server that is down would make alerting fail exactly when it matters. A
 * pickup directory is how mail servers have long taken mail from programs (sendmail/Postfix
 * pickup, IIS SMTP "Pickup" folder): the site's relay or a cron `sendmail -t < file` delivers it,
 * and nothing is lost while the relay is down. A deployment that wants direct SMTP implements
 * `EmailSender` (three lines around nodemailer) and passes it in.
 *
 * @example
 *   new EmailChannel({ route: 'finance', to: ['finance@acme.example'], sender: new OutboxEmailSender('/var/spool/accord') })
 */
import type { Alert, AlertChannel } from './alert-channel.ts';

export interface EmailMessage {
  to: readonly string[];
  subject: string;
  text: string;
  /** A stable id, so a resend of the same alert is recognisable (`Message-ID`). */
  id: string;
  at: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

export class EmailChannel implements AlertChannel {
  readonly name: string;
  constructor(private readonly options: { route: string; to: readonly string[]; sender: EmailSender }) {
    this.name = `email:${options.route}`;
  }

  async send(alert: Alert): Promise<void> {
    const facts = alert.facts.map(([label, value]) => `  ${label.padEnd(14)} ${value}`).join('\n');
    await this.options.sender.send({
      to: this.options.to,
      subject: `[accord ${alert.severity}] ${alert.title}`,
      text: `${alert.text}\n\n${facts}\n\n-- \naccord · ${alert.kind} · group ${alert.fingerprint} · ${alert.at}\n`,
      id: `${alert.fingerprint}.${Date.parse(alert.at)}`,
      at: alert.at,
    });
  }
}
