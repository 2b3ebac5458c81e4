/**
 * The alerter as `accord sync` (or a worker) wires it: dedupe state in the store's file, webhook
 * URLs resolved from the environment at send time, email to an outbox directory, follow-ups on a
 * timer — attached to the engine's events.
 *
 * @example
 *   const alerter = openAlerter({ contract, store, logger, engine });
 *   …
 *   await alerter.stop(); // before store.close()
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { SecretResolver } from '../contract/secret-ref.ts';
import { envSecretResolver } from '../contract/secret-ref.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { AlertContract } from './alert-routes.ts';
import { Alerter, type EventSource } from './alerter.ts';
import { OutboxEmailSender } from './outbox-email-sender.ts';
import { openSqliteAlertState } from './sqlite/sqlite-alert-state-repo.ts';

/** Where alert emails are written; default `<directory of the store file>/outbox`. */
export const MAIL_OUTBOX_ENV = 'ACCORD_MAIL_OUTBOX';

export interface OpenAlerterOptions {
  contract: AlertContract;
  store: SqliteStore;
  logger: Logger;
  /** Attach to this engine's events now. */
  engine?: EventSource | undefined;
  resolver?: SecretResolver | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  windowMs?: number | undefined;
  /** How often held-back counts are flushed; default 60 s. */
  flushEveryMs?: number | undefined;
}

export function openAlerter(options: OpenAlerterOptions): Alerter {
  const env = options.env ?? process.env;
  const storeDir =
    options.store.connection.path === ':memory:' ? process.cwd() : join(options.store.connection.path, '..');
  const alerter = new Alerter({
    contract: options.contract,
    state: openSqliteAlertState(options.store),
    logger: options.logger,
    resolver: options.resolver ?? envSecretResolver(env),
    emailSender: new OutboxEmailSender(env[MAIL_OUTBOX_ENV] || join(storeDir, 'outbox')),
    windowMs: options.windowMs,
  });
  if (options.engine) alerter.attach(options.engine);
  alerter.start(options.flushEveryMs);
  return alerter;
}
