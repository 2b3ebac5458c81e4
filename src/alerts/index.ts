/**
 * Alerts: engine events (a new dead letter, a review item, a flow stalled on limits, a run whose
 * counts do not balance) routed to the flow owner's channels from the contract, de-duplicated.
 *
 * @example
 *   import { Alerter, openSqliteAlertState } from './alerts/index.ts';
 *   const alerter = new Alerter({ contract, state: openSqliteAlertState(store), logger });
 */
export type { Alert, AlertChannel, AlertSeverity } from './alert-channel.ts';
export type {
  DeadLetterEvent,
  FlowPausedEvent,
  OperationalEvent,
  OperationalEventType,
  ReconcileOutOfToleranceEvent,
  ReviewEvent,
  StalledEvent,
  UnbalancedRunEvent,
} from './alert-event.ts';
export { OPERATIONAL_EVENT_TYPES } from './alert-event.ts';
export { alertFingerprint, reasonShape } from './alert-fingerprint.ts';
export { formatAlert } from './alert-format.ts';
export type { AlertGroup, AlertGroupKey, Emission, GroupStep } from './alert-group.ts';
export { onDeliveryFailed, onEvent, onFlush } from './alert-group.ts';
export { type AlertContract, type ChannelDeps, channelsForFlow, type FlowChannels } from './alert-routes.ts';
export type { AlertStateRepo } from './alert-state-repo.ts';
export {
  Alerter,
  type AlerterOptions,
  DEFAULT_ALERT_WINDOW_MS,
  type EventSource,
  type NotifyOutcome,
} from './alerter.ts';
export { EmailChannel, type EmailMessage, type EmailSender } from './email-channel.ts';
export { LogChannel } from './log-channel.ts';
export { MAIL_OUTBOX_ENV, type OpenAlerterOptions, openAlerter } from './open-alerter.ts';
export { OutboxEmailSender } from './outbox-email-sender.ts';
export { type SlackBlock, type SlackPayload, slackPayload } from './slack-payload.ts';
export { openSqliteAlertState, SqliteAlertStateRepo } from './sqlite/sqlite-alert-state-repo.ts';
export { WebhookChannel, type WebhookChannelOptions, WebhookDeliveryFailed } from './webhook-channel.ts';
