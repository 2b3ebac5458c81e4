/**
 * Writes alerts to the structured log (pino), at the route's level: the channel for routes with
 * `log: warn`, and the fallback when a flow has no route at all.
 *
 * @example new LogChannel(logger, 'warn').send(alert);
 */
import type { Logger } from 'pino';
import type { LogLevel } from '../contract/vocabulary.ts';
import type { Alert, AlertChannel } from './alert-channel.ts';

export class LogChannel implements AlertChannel {
  readonly name = 'log';
  constructor(
    private readonly logger: Logger,
    private readonly level: LogLevel = 'warn',
  ) {}

  async send(alert: Alert): Promise<void> {
    const { title, text, facts, ...rest } = alert;
    this.logger[this.level]({ alert: { ...rest, facts: Object.fromEntries(facts), text } }, title);
  }
}
